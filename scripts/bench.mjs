#!/usr/bin/env node
// npm run bench: ours against the peers, in one run, on the same inputs.
//   node scripts/bench.mjs [--quick] [--skip-lsp] [--skip-inprocess] [--skip-package] [--reuse-vsix] [--out FILE]
// (1) in-process full analysis: our analyze() vs dockerfile-utils validate(), corpus and large files;
// (2) over LSP stdio: our dist/server.js vs docker-langserver (dockerfile-language-server-nodejs):
//     start → initialize, didOpen → diagnostics, one-character edits → diagnostics, heavy requests;
// (3) server RSS after opening the 20k file; (4) VSIX size and client load time.
// Prints a table with ratios ours/peer and writes bench/results.json. Builds dist/ and out/ first.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInProcess } from '../test/bench/inprocess.mjs';
import { coldOpen, editSession, startupTimes } from '../test/bench/lsp.mjs';
import { completionLatency, completionRows } from '../test/bench/completion.mjs';
import { clientLoadTime, vsixSize } from '../test/bench/package.mjs';
import { semanticTokenLatency, semanticTokenRows } from '../test/bench/semanticTokens.mjs';
import { fmt, fmtRatio, median, ratio } from '../test/bench/stats.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const quick = flag('--quick');
const outFile = path.resolve(option('--out', 'bench/results.json'));
const log = (s) => console.error(`[bench] ${s}`);
const require = createRequire(import.meta.url);

// ---------------------------------------------------------------- build
async function build() {
  log('building dist/ (esbuild)');
  if (spawnSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' }).status !== 0) {
    throw new Error('esbuild failed');
  }
  log('compiling out/ (tsc -p .)');
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], {
    encoding: 'utf8',
  });
  const compiled = path.join(root, 'out/server/src/engine/analyze.js');
  if (tsc.status === 0 && existsSync(compiled)) {
    return {
      engine: compiled,
      document: path.join(root, 'out/server/src/engine/model/document.js'),
      engineBuild: 'out/ (tsc)',
    };
  }
  // Another developer's half-written file can break the whole-project compile: bundle just the engine.
  log(`tsc failed (${(tsc.stdout || '').split('\n')[0]}); bundling the engine with esbuild instead`);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'lean-bench-engine-'));
  const bundled = path.join(scratch, 'analyze.js');
  const esbuild = await import('esbuild');
  await esbuild.build({
    stdin: {
      contents:
        "export * from './server/src/engine/analyze';\nexport { parseDocument } from './server/src/engine/model/document';\n",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: bundled,
    logLevel: 'warning',
  });
  return { engine: bundled, document: bundled, engineBuild: 'esbuild bundle of the engine (tsc failed)' };
}

// ---------------------------------------------------------------- inputs
function sharedDir() {
  const candidates = [process.env.LEAN_SHARED_DIR, path.resolve(root, '../shared'), '/work/shared'].filter(
    Boolean,
  );
  const found = candidates.find((p) => existsSync(path.join(p, 'corpus')));
  if (!found) throw new Error(`shared corpus not found in ${candidates.join(', ')} (set LEAN_SHARED_DIR)`);
  return found;
}

function readCorpus(corpusDir) {
  const files = readdirSync(path.join(corpusDir, 'files'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  return files.map((f) => ({
    name: path.relative(path.join(corpusDir, 'files'), f),
    text: readFileSync(f, 'utf8'),
  }));
}

// ---------------------------------------------------------------- run
const started = new Date();
const { engine: enginePath, document: documentPath, engineBuild } = await build();
const corpusDir = path.join(sharedDir(), 'corpus');
const corpus = readCorpus(corpusDir);
const large = ['1k', '5k', '20k'].map((n) => ({
  name: `large-${n}`,
  text: readFileSync(path.join(corpusDir, 'large', `large-${n}.Dockerfile`), 'utf8'),
}));
const text20k = large[2].text;

const results = {
  date: started.toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  loadAverageAtStart: os.loadavg(),
  git: spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim(),
  engineBuild,
  quick,
};

if (!flag('--skip-inprocess')) {
  const engine = require(enginePath);
  const { parseDocument } = require(documentPath);
  const { validate } = require('dockerfile-utils');
  const sides = {
    analyze: (text) => engine.analyze(text),
    validate: (text) => validate(text),
    incremental: typeof engine.createAnalyzer === 'function' ? () => engine.createAnalyzer() : undefined,
    // The Model adapter alone: parse + dockerfile-utils validation, no rules.
    parseOnly:
      typeof parseDocument === 'function' ? (text) => parseDocument(text, { validate: true }) : undefined,
  };
  log('in-process: our analyze() vs dockerfile-utils validate()');
  results.inProcess = runInProcess(sides, {
    corpus,
    large,
    corpusPasses: quick ? 1 : 3,
    largeIterations: quick ? 3 : 9,
    log,
  });
}

const ours = {
  name: 'ours',
  command: [process.execPath, path.join(root, 'dist/server.js'), '--stdio'],
  // Our server debounces by leanDockerfile.diagnosticsDelay (default 250 ms); 0 for a fair comparison.
  configuration: (section) => (section === 'leanDockerfile' ? { diagnosticsDelay: 0 } : null),
  waitFor: (version) => (p) => p.version === version,
  heavy: [
    {
      name: 'codeAction fixAll',
      request: (uri) => [
        'textDocument/codeAction',
        {
          textDocument: { uri },
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          context: { diagnostics: [], only: ['source.fixAll.leanDockerfile'] },
        },
      ],
    },
    {
      name: 'semanticTokens/full',
      request: (uri) => ['textDocument/semanticTokens/full', { textDocument: { uri } }],
    },
  ],
};
const peer = {
  name: 'peer',
  command: [
    process.execPath,
    path.join(root, 'node_modules/dockerfile-language-server-nodejs/bin/docker-langserver'),
    '--stdio',
  ],
  configuration: () => null,
  // The peer publishes without a version; edits are sent one at a time, so the next one is the answer.
  waitFor: () => () => true,
  heavy: [
    {
      name: 'semanticTokens/full',
      request: (uri) => ['textDocument/semanticTokens/full', { textDocument: { uri } }],
    },
    {
      name: 'codeAction',
      request: (uri) => [
        'textDocument/codeAction',
        {
          textDocument: { uri },
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          context: { diagnostics: [] },
        },
      ],
    },
  ],
};

if (!flag('--skip-lsp')) {
  results.lsp = {
    note:
      'ours: leanDockerfile.diagnosticsDelay = 0 via workspace/configuration (the default 250 ms debounce ' +
      'would add 250 ms after the last keystroke); peer: no debounce, validates the whole file on every didChange',
  };
  for (const side of [ours, peer]) {
    log(`${side.name}: start-up`);
    const startup = await startupTimes(side, quick ? 3 : 5);
    log(`${side.name}: cold opens of large-20k`);
    const opens = [];
    for (let i = 0; i < (quick ? 1 : 2); i++) opens.push(await coldOpen(side, text20k));
    log(`${side.name}: edit session on large-20k`);
    const session = await editSession(side, text20k, {
      editsPerSite: quick ? 4 : 10,
      heavyEdits: quick ? 3 : 8,
      heavyText: large[0].text,
      probeCapMs: quick ? 10_000 : 20_000,
      log,
    });
    opens.push(session.openMs);
    log(`${side.name}: completion on large-20k`);
    const completion = await completionLatency(side, large[2], { runs: quick ? 4 : 10, log });
    log(`${side.name}: semantic tokens on large-20k`);
    const semanticTokens = await semanticTokenLatency(side, [large[2]], {
      runs: quick ? 3 : 5,
      capMs: quick ? 10_000 : 30_000,
      log,
    });
    results.lsp[side.name] = {
      startup,
      openMs: { median: median(opens), runs: opens },
      session,
      completion,
      semanticTokens,
    };
  }
}

if (!flag('--skip-package')) {
  results.vsix = vsixSize(root, { fresh: !flag('--reuse-vsix'), log });
  results.clientLoadMs = clientLoadTime(root);
}
results.loadAverageAtEnd = os.loadavg();
results.durationSeconds = (Date.now() - started.getTime()) / 1000;

mkdirSync(path.dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);

// ---------------------------------------------------------------- table
const rows = [];
const row = (metric, o, p, unit = 'ms', target) => {
  const r = ratio(o, p);
  let verdict = '';
  if (target !== undefined && r !== undefined)
    verdict = r <= target ? `≤ ${target}× met` : `≤ ${target}× NOT met`;
  rows.push([metric, fmt(o, unit), fmt(p, unit), fmtRatio(r), verdict]);
};
const absolute = (metric, o, p = undefined, unit = 'ms', verdict = '') =>
  rows.push([metric, fmt(o, unit), p === undefined ? 'n/a' : fmt(p, unit), 'n/a', verdict]);

const ip = results.inProcess;
if (ip) {
  rows.push(['In-process (ours: analyze, all rules; peer: dockerfile-utils validate)', '', '', '', '']);
  const c = ip.corpus;
  row(`corpus (${c.files} files) median per file`, c.ours.median, c.peer.median);
  rows[rows.length - 1][4] = c.ours.median <= 2 ? 'ours ≤ 2 ms met' : 'ours ≤ 2 ms NOT met';
  row('corpus p95 per file', c.ours.p95, c.peer.p95);
  row('corpus total', c.ours.total, c.peer.total);
  for (const [name, e] of Object.entries(ip.large)) {
    row(
      `${name} (${e.lines} lines) full analysis, median`,
      e.ours.median,
      e.peer.median,
      'ms',
      name === 'large-20k' ? 0.5 : undefined,
    );
    if (e.oursParseOnly)
      row('  of which parse + validate (Model adapter, no rules)', e.oursParseOnly.median, e.peer.median);
    if (e.oursIncremental)
      row('  re-analysis after a 1-char edit (ours, incremental)', e.oursIncremental.median, e.peer.median);
  }
}
const lsp = results.lsp;
if (lsp) {
  rows.push(['Over LSP stdio (ours: dist/server.js; peer: docker-langserver)', '', '', '', '']);
  const o = lsp.ours;
  const p = lsp.peer;
  row('start → initialize answered, median', o.startup.median, p.startup.median);
  row('didOpen large-20k → diagnostics, median', o.openMs.median, p.openMs.median);
  for (const site of ['start', 'middle', 'end']) {
    const os_ = o.session.edits[site];
    const ps = p.session.edits[site];
    if (os_ && ps) row(`edit → diagnostics at ${site} (line ${os_.line}), median`, os_.median, ps.median);
  }
  row(
    `edit → diagnostics, all ${o.session.edits.all.count} edits, median`,
    o.session.edits.all.median,
    p.session.edits.all.median,
    'ms',
    0.5,
  );
  row('edit → diagnostics, all edits, p95', o.session.edits.all.p95, p.session.edits.all.p95);
  if (o.session.typingBurst && p.session.typingBurst)
    row(
      `typing ${o.session.typingBurst.keystrokes} keys 50 ms apart: last key → final diagnostics`,
      o.session.typingBurst.median,
      p.session.typingBurst.median,
    );
  const heavyNames = new Set([...Object.keys(o.session.heavy), ...Object.keys(p.session.heavy)]);
  for (const key of [...heavyNames].sort()) {
    const [name, order] = key.split(':');
    const oh = o.session.heavy[key];
    const ph = p.session.heavy[key];
    const label = `large-1k: edit → diagnostics, ${name} sent ${order} the edit, median`;
    row(
      label,
      oh?.supported ? oh.diagnosticsMedian : undefined,
      ph?.supported ? ph.diagnosticsMedian : undefined,
    );
    row(
      `  ${name} request itself, median`,
      oh?.supported ? oh.requestMedian : undefined,
      ph?.supported ? ph.requestMedian : undefined,
    );
  }
  for (const name of new Set([...Object.keys(o.session.heavyLarge), ...Object.keys(p.session.heavyLarge)])) {
    const oh = o.session.heavyLarge[name];
    const ph = p.session.heavyLarge[name];
    const cap = (h) => (h && h.diagnosticsMs === undefined ? `> ${h.capMs / 1000} s` : undefined);
    row(`large-20k: ${name} then an edit → diagnostics`, oh?.diagnosticsMs, ph?.diagnosticsMs);
    const last = rows[rows.length - 1];
    if (cap(oh)) last[1] = cap(oh);
    if (cap(ph)) last[2] = cap(ph);
    if (cap(ph) && oh?.diagnosticsMs !== undefined) last[3] = '< ' + fmtRatio(oh.diagnosticsMs / ph.capMs);
    if (oh && !oh.supported) last[4] = `${last[4]} ours: ${name} not supported`.trim();
  }
  if (o.completion && p.completion)
    for (const [metric, ours_, peer_, r] of completionRows(o.completion, p.completion))
      rows.push([metric, ours_, peer_, r, '']);
  if (o.semanticTokens && p.semanticTokens)
    for (const [metric, ours_, peer_, r] of semanticTokenRows(o.semanticTokens, p.semanticTokens))
      rows.push([metric, ours_, peer_, r, '']);
  row('server RSS idle', o.session.rssIdleMB, p.session.rssIdleMB, 'MB');
  row('server RSS after opening large-20k', o.session.rssAfterOpenMB, p.session.rssAfterOpenMB, 'MB', 1.2);
  row('server RSS after the edits', o.session.rssAfterEditsMB, p.session.rssAfterEditsMB, 'MB');
}
if (results.vsix) {
  rows.push(['Package', '', '', '', '']);
  absolute('VSIX size', results.vsix.bytes / 1024, undefined, 'KB', results.vsix.source);
  absolute(
    'dist/client.js load with a stub vscode (part of activation)',
    results.clientLoadMs,
    undefined,
    'ms',
    'peer is not an extension',
  );
}

const header = ['metric', 'ours', 'peer', 'ours/peer', 'target'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line(r));
if (lsp) console.log(`\nNote: ${lsp.note}.`);
console.log(
  `Node ${results.node}, ${results.cpus} CPUs, load ${results.loadAverageAtStart.map((l) => l.toFixed(1)).join('/')} at start; ` +
    `engine from ${engineBuild}; ${results.durationSeconds.toFixed(0)} s; results in ${path.relative(root, outFile)}`,
);
