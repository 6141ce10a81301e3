// Reproducers: every input that broke a promise is saved under test/fuzz/crashes/ (in the source
// tree, so that it can be committed and replayed by fuzz.test.ts from then on).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FuzzCase } from './fuzzer';

/** test/fuzz/crashes in the repository, from both test/fuzz (ts-node) and out/test/fuzz (compiled). */
export const CRASH_DIR = path.resolve(
  __dirname,
  __dirname.includes(`${path.sep}out${path.sep}`) ? '../../../test/fuzz/crashes' : 'crashes',
);

export function saveCrash(seed: number, fuzzCase: FuzzCase, problems: string[]): string {
  mkdirSync(CRASH_DIR, { recursive: true });
  const base = path.join(CRASH_DIR, `seed${seed}-case${fuzzCase.index}`);
  writeFileSync(`${base}.Dockerfile`, fuzzCase.text);
  writeFileSync(
    `${base}.txt`,
    `seed ${seed}, case ${fuzzCase.index}, mutations: ${fuzzCase.mutations.join(', ')}\n${problems.join('\n')}\n`,
  );
  return `${base}.Dockerfile`;
}

/** Saved reproducers: [file name, text]. */
export function savedCrashes(): Array<[string, string]> {
  if (!existsSync(CRASH_DIR)) return [];
  return readdirSync(CRASH_DIR)
    .filter((f) => f.endsWith('.Dockerfile'))
    .sort()
    .map((f) => [f, readFileSync(path.join(CRASH_DIR, f), 'utf8')]);
}
