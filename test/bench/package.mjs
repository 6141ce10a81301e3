// VSIX size and a cheap activation figure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The VSIX: `lean-dockerfile.vsix` when present and `fresh` is false, else packaged into a temporary
 * file with `vsce package --no-dependencies` (which runs the production build into dist/; the dev
 * build is restored afterwards).
 */
export function vsixSize(root, { fresh, log }) {
  const existing = path.join(root, 'lean-dockerfile.vsix');
  if (!fresh && existsSync(existing)) {
    const st = statSync(existing);
    return { bytes: st.size, source: `existing lean-dockerfile.vsix (${st.mtime.toISOString()})` };
  }
  const scratch = mkdtempSync(path.join(tmpdir(), 'lean-bench-vsix-'));
  const out = path.join(scratch, 'lean-dockerfile.vsix');
  log('packaging the VSIX (vsce package --no-dependencies)');
  const vsce = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--out', out],
    { cwd: root, encoding: 'utf8' },
  );
  // vscode:prepublish replaced dist/ with the minified production build: put the dev build back.
  spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  try {
    if (vsce.status !== 0 || !existsSync(out)) {
      return { bytes: undefined, source: `vsce failed: ${(vsce.stderr || vsce.stdout || '').slice(-300)}` };
    }
    return { bytes: statSync(out).size, source: 'packaged now (vsce package --no-dependencies)' };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Loading dist/client.js (what VS Code evaluates before calling activate()) with a stub `vscode`
 * module, in a fresh process, median of `runs`. Not a full activation: that also starts the server,
 * whose start-up time is measured separately over stdio.
 */
export function clientLoadTime(root, runs = 5) {
  const script = `
    const Module = require('node:module');
    const original = Module._load;
    const stub = new Proxy(function () {}, { get: (t, p) => (p === '__esModule' ? true : p === 'then' ? undefined : stub), apply: () => stub, construct: () => stub });
    Module._load = function (request, ...rest) { return request === 'vscode' ? stub : original.call(this, request, ...rest); };
    const t0 = performance.now();
    const m = require(${JSON.stringify(path.join(root, 'dist/client.js'))});
    const ms = performance.now() - t0;
    if (typeof m.activate !== 'function') throw new Error('no activate export');
    process.stdout.write(String(ms));
  `;
  const times = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    const ms = Number(r.stdout);
    if (r.status === 0 && Number.isFinite(ms)) times.push(ms);
  }
  times.sort((a, b) => a - b);
  return times.length > 0 ? times[Math.floor(times.length / 2)] : undefined;
}
