#!/usr/bin/env node
// The whole suite, layer by layer, with one summary line of counts per layer at the end.
//   node scripts/test.mjs [--only unit|cli|lsp|integration|ui]...
// Layers: unit (engine, node:test), cli and lsp (the bundled dist/ programs over stdio),
// integration (mocha inside a real VS Code extension host in code-server), ui (Playwright driving
// the workbench). Exit 1 when any layer fails or runs no tests.
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const only = process.argv.flatMap((a, i, all) => (all[i - 1] === '--only' ? [a] : []));
const wanted = (layer) => only.length === 0 || only.includes(layer);

function run(cmd, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', ...options });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', (error) => {
      console.error(`cannot run ${cmd}: ${error.message}`);
      resolve(2);
    });
  });
}

function findFiles(dir, suffix) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findFiles(full, suffix));
    else if (entry.name.endsWith(suffix)) out.push(full);
  }
  return out.sort();
}

/** Runs node:test files; counts come from a TAP copy of the results. */
async function nodeTests(files) {
  if (files.length === 0) return { passed: 0, failed: 0, code: 1, note: 'no test files' };
  const scratch = mkdtempSync(path.join(tmpdir(), 'lean-test-'));
  const tap = path.join(scratch, 'results.tap');
  const code = await run(process.execPath, [
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  rmSync(scratch, { recursive: true, force: true });
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return {
    passed: count('pass'),
    failed: count('fail') + count('cancelled'),
    skipped: count('skipped') + count('todo'),
    code,
  };
}

/**
 * test/integration-untrusted in a second code-server with workspace trust on and a scratch folder that
 * is not trusted. Its settings turn registry look-ups on, and wrapper `podman`/`docker` programs first on
 * PATH log every call, so the suite can show that no engine runs and no registry is asked.
 */
async function untrustedRun(scratch) {
  const folder = path.join(scratch, 'untrusted-folder');
  mkdirSync(path.join(folder, '.vscode'), { recursive: true });
  writeFileSync(
    path.join(folder, '.vscode', 'settings.json'),
    `${JSON.stringify({ 'leanDockerfile.network.registryLookups': true }, null, 2)}\n`,
  );
  const wrappers = path.join(scratch, 'engine-wrappers');
  mkdirSync(wrappers);
  const engineLog = path.join(scratch, 'engine-calls.log');
  writeFileSync(engineLog, '');
  for (const engine of ['podman', 'docker']) {
    const real = (process.env.PATH ?? '')
      .split(path.delimiter)
      .filter((dir) => path.isAbsolute(dir))
      .map((dir) => path.join(dir, engine))
      .find((file) => existsSync(file));
    const exec = real ? `exec '${real}' "$@"` : 'exit 127';
    writeFileSync(
      path.join(wrappers, engine),
      `#!/bin/sh\nprintf '%s\\n' "${engine} $*" >> "$LEAN_ENGINE_LOG"\n${exec}\n`,
      { mode: 0o755 },
    );
  }
  const results = path.join(scratch, 'untrusted-results.json');
  const code = await run(process.execPath, [
    'scripts/run-in-code-server.mjs',
    '--ext',
    '.',
    '--tests',
    'out/test/integration-untrusted/index.js',
    '--folder',
    folder,
    '--trust',
    'untrusted',
    '--env',
    `LEAN_TEST_RESULTS=${results}`,
    '--env',
    `LEAN_ENGINE_LOG=${engineLog}`,
    '--env',
    `PATH=${wrappers}${path.delimiter}${process.env.PATH ?? ''}`,
    '--timeout',
    '180',
  ]);
  try {
    return { ...JSON.parse(readFileSync(results, 'utf8')), code };
  } catch {
    return { passed: 0, failed: 1, code: code || 1 };
  }
}

const layers = [
  [
    'unit',
    () =>
      nodeTests([
        ...findFiles('out/server', '.test.js'),
        ...findFiles('out/common', '.test.js'),
        ...findFiles('out/test/corpus', '.test.js'),
        ...findFiles('out/test/snippets', '.test.js'),
        ...findFiles('out/test/docs', '.test.js'),
        ...findFiles('out/test/grammar', '.test.js'),
        ...findFiles('out/test/fuzz', '.test.js'),
      ]),
  ],
  ['cli', () => nodeTests(findFiles('out/test/cli', '.test.js'))],
  [
    'lsp',
    () => nodeTests([...findFiles('out/test/lsp', '.test.js'), ...findFiles('out/test/editors', '.test.js')]),
  ],
  [
    'integration',
    async () => {
      const scratch = mkdtempSync(path.join(tmpdir(), 'lean-int-'));
      const results = path.join(scratch, 'results.json');
      // VSCODE_TEST_HOST=electron: desktop VS Code via @vscode/test-electron (needs a download).
      const electron = process.env.VSCODE_TEST_HOST === 'electron';
      const code = electron
        ? await run(process.execPath, ['scripts/run-in-electron.mjs'], {
            env: { ...process.env, LEAN_TEST_RESULTS: results },
          })
        : await run(process.execPath, [
            'scripts/run-in-code-server.mjs',
            '--ext',
            '.',
            '--tests',
            'out/test/integration/index.js',
            '--folder',
            'test/fixtures/workspace',
            '--env',
            `LEAN_TEST_RESULTS=${results}`,
            '--timeout',
            // The measure test makes a Debian base image with debootstrap the first time (~1 min).
            '420',
          ]);
      let counts = { passed: 0, failed: 0 };
      try {
        if (existsSync(results)) counts = JSON.parse(readFileSync(results, 'utf8'));
      } catch (error) {
        console.error(`unreadable integration results: ${error.message}`);
      }
      const untrusted = electron ? { passed: 0, failed: 0, code: 0 } : await untrustedRun(scratch);
      rmSync(scratch, { recursive: true, force: true });
      return {
        passed: counts.passed + untrusted.passed,
        failed: counts.failed + untrusted.failed,
        code: code || untrusted.code,
      };
    },
  ],
  ['ui', () => nodeTests(findFiles('test/ui', '.test.mjs'))],
];

const started = Date.now();
const summary = [];
let failed = false;
let codeServerReady = false;

console.log('== build (esbuild bundles) and compile (tsc, strict)');
// out/ is rebuilt from scratch so that a deleted test cannot keep running from a stale .js file.
rmSync('out', { recursive: true, force: true });
if (
  (await run(process.execPath, ['esbuild.mjs'])) !== 0 ||
  (await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'])) !== 0
) {
  console.error('build failed');
  process.exit(1);
}
console.log('== lint (eslint) and format (prettier --check)');
if (
  (await run(process.execPath, ['node_modules/eslint/bin/eslint.js', '.'])) !== 0 ||
  (await run(process.execPath, [
    'node_modules/prettier/bin/prettier.cjs',
    '--check',
    '--log-level',
    'warn',
    '.',
  ])) !== 0
) {
  console.error('lint or format check failed: `npm run lint`, `npm run format`');
  process.exit(1);
}

for (const [name, runLayer] of layers) {
  if (!wanted(name)) continue;
  if (
    (name === 'integration' || name === 'ui') &&
    !codeServerReady &&
    process.env.VSCODE_TEST_HOST !== 'electron'
  ) {
    // Idempotent: a no-op once code-server is in the cache (~80 s the first time).
    console.log('\n== code-server (VS Code 1.96.4) for the in-editor tests');
    if ((await run('bash', ['scripts/setup-code-server.sh'])) !== 0) {
      console.error('code-server setup failed: run `bash scripts/setup-code-server.sh` and read its output');
      process.exit(1);
    }
    codeServerReady = true;
  }
  console.log(`\n== ${name} tests`);
  const t0 = Date.now();
  const r = await runLayer();
  const ok = r.code === 0 && r.failed === 0 && r.passed > 0;
  if (!ok) failed = true;
  const skipped = r.skipped ? `, ${r.skipped} skipped` : '';
  summary.push(
    `${name} ${r.passed} passed, ${r.failed} failed${skipped} (${((Date.now() - t0) / 1000).toFixed(1)} s)${ok ? '' : ' ✗'}${r.note ? ` [${r.note}]` : ''}`,
  );
}

console.log(`\n== summary: ${summary.join(' · ')}`);
console.log(`${failed ? 'FAILED' : 'PASSED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
