// Semantic-token latency over LSP stdio, ours against the peer (docker-langserver), on the large corpus
// files: textDocument/semanticTokens/full (first request and the median of the following ones) and
// textDocument/semanticTokens/range over a window in the middle of the file (what an editor asks for
// the visible lines). The peer answers full requests only, and on large-20k takes longer than any
// sensible wait: a request still unanswered after `capMs` is recorded as capped and its server stopped.
//
// As a module: `semanticTokenLatency(side, inputs, options)` with the same side objects as
// scripts/bench.mjs ({ name, command, configuration, waitFor }).
// Standalone: node test/bench/semanticTokens.mjs [--runs N] [--cap-ms MS] [--sizes 1k,5k,20k] [--out FILE]
// (needs dist/server.js: npm run build).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './lspClient.mjs';
import { fmt, median, ratio, sleep } from './stats.mjs';

/** Lines asked for by the range request: about one editor screen, in the middle of the file. */
const WINDOW_LINES = 60;

/** Resolves with the request's duration in ms, or `undefined` when it is not answered within `capMs`. */
async function timed(server, method, params, capMs) {
  const started = performance.now();
  let timer;
  const cap = new Promise((resolve) => {
    timer = setTimeout(() => resolve('capped'), capMs);
  });
  try {
    const outcome = await Promise.race([
      server.connection.sendRequest(method, params).then((result) => ({ result })),
      cap,
    ]);
    if (outcome === 'capped') return { ms: undefined, capped: true };
    return { ms: performance.now() - started, tokens: (outcome.result?.data?.length ?? 0) / 5 };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * @param {{ name: string, command: string[], configuration: (section?: string) => unknown,
 *           waitFor: (version: number) => (params: any) => boolean }} side
 * @param {Array<{ name: string, text: string }>} inputs
 * @param {{ runs?: number, capMs?: number, log?: (s: string) => void }} options
 */
export async function semanticTokenLatency(side, inputs, { runs = 5, capMs = 30_000, log = () => {} } = {}) {
  const results = {};
  for (const input of inputs) {
    const lineCount = input.text.split('\n').length;
    const first = Math.max(0, Math.floor(lineCount / 2) - WINDOW_LINES / 2);
    const range = { start: { line: first, character: 0 }, end: { line: first + WINDOW_LINES, character: 0 } };
    const server = await startServer(side.command, { configuration: side.configuration });
    const result = { lines: lineCount };
    try {
      const uri = `file:///tmp/lean-bench/tokens/${input.name}/Dockerfile`;
      const published = server.nextDiagnostics(uri, side.waitFor(1), 180_000);
      await server.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'dockerfile', version: 1, text: input.text },
      });
      await published;
      await sleep(300);
      const provider = server.initializeResult.capabilities.semanticTokensProvider;
      log(`${side.name}: semanticTokens/full on ${input.name} (${lineCount} lines)`);
      const full = [];
      let capped = false;
      for (let i = 0; i < runs && !capped; i++) {
        const t = await timed(server, 'textDocument/semanticTokens/full', { textDocument: { uri } }, capMs);
        if (t.capped) capped = true;
        else full.push(t);
      }
      result.full = {
        firstMs: full[0]?.ms,
        median: median(full.slice(1).map((t) => t.ms)) ?? full[0]?.ms,
        runs: full.map((t) => t.ms),
        tokens: full[0]?.tokens,
        capped,
        capMs,
      };
      if (!provider?.range) {
        result.range = { supported: false };
      } else if (capped) {
        result.range = { supported: true, skipped: 'the full request was capped' };
      } else {
        log(`${side.name}: semanticTokens/range lines ${first}–${first + WINDOW_LINES} of ${input.name}`);
        const ranged = [];
        for (let i = 0; i < runs; i++) {
          const t = await timed(
            server,
            'textDocument/semanticTokens/range',
            { textDocument: { uri }, range },
            capMs,
          );
          if (t.capped) break;
          ranged.push(t);
        }
        result.range = {
          supported: true,
          lines: [first, first + WINDOW_LINES],
          median: median(ranged.map((t) => t.ms)),
          runs: ranged.map((t) => t.ms),
          tokens: ranged[0]?.tokens,
        };
      }
    } finally {
      await server.close();
    }
    results[input.name] = result;
  }
  return results;
}

/** ours/peer with two significant digits: the ratios here are often far below 0.01. */
function fmtRatio(value) {
  if (value === undefined || !Number.isFinite(value)) return 'n/a';
  return `${value >= 0.1 ? value.toFixed(2) : value.toPrecision(2)}×`;
}

/** Rows `[metric, ours, peer, ratio]` for a table, from the results of both sides. */
export function semanticTokenRows(ours, peer) {
  const rows = [];
  const cell = (full) => (full?.capped ? `> ${fmt(full.capMs)}` : fmt(full?.median));
  for (const name of Object.keys(ours)) {
    const o = ours[name];
    const p = peer[name];
    // A capped peer request lasted at least capMs: the ratio is then an upper bound.
    const peerMs = p?.full?.capped ? p.full.capMs : p?.full?.median;
    const bound = p?.full?.capped ? '≤ ' : '';
    rows.push([
      `semanticTokens/full ${name} (${o.lines} lines), median`,
      cell(o.full),
      cell(p?.full),
      `${bound}${fmtRatio(ratio(o.full?.median, peerMs))}`,
    ]);
    rows.push([
      `semanticTokens/full ${name}, first request`,
      fmt(o.full?.firstMs),
      p?.full?.capped ? `> ${fmt(p.full.capMs)}` : fmt(p?.full?.firstMs),
      `${bound}${fmtRatio(ratio(o.full?.firstMs, p?.full?.capped ? p.full.capMs : p?.full?.firstMs))}`,
    ]);
    if (o.range?.supported) {
      // The peer has no range request: an editor waits for its full answer instead.
      rows.push([
        `semanticTokens/range ${name}, ${WINDOW_LINES} lines (peer: full), median`,
        fmt(o.range.median),
        p?.range?.supported ? fmt(p.range.median) : cell(p?.full),
        `${bound}${fmtRatio(ratio(o.range.median, p?.range?.supported ? p.range.median : peerMs))}`,
      ]);
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const argv = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = argv.indexOf(name);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
  };
  const log = (s) => console.error(`[bench] ${s}`);
  const server = path.join(root, 'dist/server.js');
  if (!existsSync(server)) throw new Error(`${server} is missing: run npm run build first`);
  const shared = [process.env.LEAN_SHARED_DIR, path.resolve(root, '../shared'), '/work/shared']
    .filter(Boolean)
    .find((p) => existsSync(path.join(p, 'corpus')));
  if (!shared) throw new Error('shared corpus not found (set LEAN_SHARED_DIR to the folder holding corpus/)');
  const inputs = option('--sizes', '1k,20k')
    .split(',')
    .map((size) => ({
      name: `large-${size}`,
      text: readFileSync(path.join(shared, 'corpus', 'large', `large-${size}.Dockerfile`), 'utf8'),
    }));
  const options = { runs: Number(option('--runs', '5')), capMs: Number(option('--cap-ms', '30000')), log };
  const ours = {
    name: 'ours',
    command: [process.execPath, server, '--stdio'],
    configuration: (section) => (section === 'leanDockerfile' ? { diagnosticsDelay: 0 } : null),
    waitFor: (version) => (p) => p.version === version,
  };
  const peer = {
    name: 'peer',
    command: [
      process.execPath,
      path.join(root, 'node_modules/dockerfile-language-server-nodejs/bin/docker-langserver'),
      '--stdio',
    ],
    configuration: () => null,
    waitFor: () => () => true,
  };
  const results = {
    date: new Date().toISOString(),
    ours: await semanticTokenLatency(ours, inputs, options),
    peer: await semanticTokenLatency(peer, inputs, options),
  };
  const rows = semanticTokenRows(results.ours, results.peer);
  const header = ['metric', 'ours', 'peer', 'ours/peer'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
  const out = option('--out', undefined);
  if (out) writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
}
