// Long fuzz runs: node out/test/fuzz/run.js [--count N] [--seed S] [--budget-ms MS] [--first K]
// (--first: start at input K of the seed's sequence, so that several processes share one long run).
// Prints progress, saves every failing input under test/fuzz/crashes/, exits 1 on any failure.
import path from 'node:path';
import { sharedDir } from '../support/shared';
import { saveCrash } from './crashes';
import { readCorpus, runFuzz, slowInValidator } from './fuzzer';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (Number.isNaN(value)) throw new Error(`${name} needs a number`);
  return value;
}

const count = option('--count', 2000);
const seed = option('--seed', 20261123);
const budgetMs = option('--budget-ms', Number.POSITIVE_INFINITY);
const first = option('--first', 0);
const corpus = readCorpus(path.join(sharedDir(), 'corpus'));
const started = Date.now();
const batch = 1000;
let checked = 0;
let failures = 0;
for (let from = 0; from < count; from += batch) {
  const run = runFuzz(corpus, {
    seed,
    count: Math.min(batch, count - from),
    budgetMs: budgetMs - (Date.now() - started),
    onFailure: (c, problems) => {
      failures++;
      const file = saveCrash(seed, c, problems);
      console.error(`FAIL case ${c.index} (${c.mutations.join(', ')}): ${problems[0]} → ${file}`);
    },
    offset: first + from,
  });
  checked += run.checked;
  console.error(
    `${checked}/${count} inputs, ${failures} failures, ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  if (run.checked < Math.min(batch, count - from)) break;
}
console.log(
  `fuzz: seed ${seed}, ${checked} inputs, ${failures} failures in ${((Date.now() - started) / 1000).toFixed(1)} s` +
    (slowInValidator.length > 0
      ? ` (${slowInValidator.length} inputs over the time bound in dockerfile-utils' validate() itself)`
      : ''),
);
process.exit(failures > 0 ? 1 : 0);
