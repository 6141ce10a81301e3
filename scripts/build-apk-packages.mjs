#!/usr/bin/env node
// Builds data/apk-packages.json: Alpine package names for completion after `apk add`.
//
// Usage: node scripts/build-apk-packages.mjs [--corpus DIR]
//   --corpus   Dockerfile corpus to take package names from (default ../shared/corpus/files)
//
// There is no Alpine index on a Debian machine and no network beyond npm and Debian, so the names
// come from real Dockerfiles: every package named in an `apk add` of the corpus, found with our own
// engine (each file parsed, `installs(instruction.shell, 'apk')`), with the number of files that name
// it so completion can rank common packages first. Virtual package names (`--virtual .build-deps`),
// names with variables, globs or version constraints are left out or reduced to the plain name.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const corpusArg = argv.indexOf('--corpus');
const corpus =
  corpusArg >= 0 ? path.resolve(argv[corpusArg + 1]) : path.resolve(root, '../shared/corpus/files');
if (!existsSync(corpus)) {
  console.error(`No corpus at ${corpus}: pass --corpus DIR (the folder of Dockerfiles).`);
  process.exit(1);
}

const work = mkdtempSync(path.join(tmpdir(), 'lean-apkpkg-'));
let engine;
try {
  const bundle = path.join(work, 'engine.cjs');
  await esbuild.build({
    stdin: {
      contents:
        "export { parseDockerfile } from './server/src/engine/model/parse';\n" +
        "export { installs } from './server/src/engine/shell/packages';\n",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: bundle,
    logLevel: 'warning',
  });
  engine = createRequire(import.meta.url)(bundle);
} finally {
  rmSync(work, { recursive: true, force: true });
}

// Alpine package names: lower-case letters, digits and `+._-`; `name=1.2`, `name>1.2`, `name~1.2`
// and `name@testing` pin a version or a repository tag.
const PACKAGE_NAME = /^[a-z0-9][a-z0-9+._-]*$/;
const NOT_NAMES = new Set(['if', 'then', 'else', 'elif', 'fi', 'for', 'do', 'done', 'in', 'case', 'esac']);
function apkPackageName(word) {
  if (/[$*?[\]{}%`()"'\\]/.test(word) || word.startsWith('.') || word.includes('/')) return undefined;
  const name = word.split(/[=<>~@]/)[0];
  return PACKAGE_NAME.test(name) && !NOT_NAMES.has(name) ? name : undefined;
}

const files = readdirSync(corpus, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => path.join(e.parentPath, e.name))
  .sort();
const filesNaming = new Map();
for (const file of files) {
  const model = engine.parseDockerfile(readFileSync(file, 'utf8'));
  const names = new Set();
  for (const instruction of model.instructions) {
    if (instruction.keyword !== 'RUN') continue;
    for (const command of engine.installs(instruction.shell, 'apk')) {
      for (const word of command.packages) {
        const name = apkPackageName(word.value);
        if (name) names.add(name);
      }
    }
  }
  for (const name of names) filesNaming.set(name, (filesNaming.get(name) ?? 0) + 1);
}

const packages = [...filesNaming].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
const out = {
  description:
    'Alpine package names for completion after `apk add`. packages holds [name, files] pairs, most used first: files = how many corpus Dockerfiles name the package in an apk add. Not a full Alpine index (none is reachable from the build machine): names real Dockerfiles install.',
  source: `package names in apk add commands of the Lean Dockerfile corpus (${files.length} Dockerfiles from public repositories, see ../shared/corpus/MANIFEST.tsv), found with the engine's shell parser by scripts/build-apk-packages.mjs`,
  generated: new Date().toISOString().slice(0, 10),
  packages,
};
const target = path.join(root, 'data', 'apk-packages.json');
writeFileSync(target, `${JSON.stringify(out)}\n`);
console.log(
  `${packages.length} apk package names from ${files.length} files → ${path.relative(root, target)}`,
);
