// Completion latency over LSP stdio, ours against the peer (docker-langserver), on a large file:
//   - keywords at the start of an existing line of an unchanged document;
//   - `COPY --from=` stage names on a line just typed: the edit is sent and the completion request
//     follows at once, as an editor does while the user types (the server must answer for the new
//     version, not wait for diagnostics).
// As a module: `completionLatency(side, input, options)` with the side objects of scripts/bench.mjs.
import { startServer } from './lspClient.mjs';
import { fmt, fmtRatio, median, ratio, sleep } from './stats.mjs';

const itemsOf = (result) => (Array.isArray(result) ? result : (result?.items ?? []));

async function timedCompletion(server, uri, position) {
  const started = performance.now();
  const result = await server.connection.sendRequest('textDocument/completion', {
    textDocument: { uri },
    position,
    context: { triggerKind: 1 },
  });
  return { ms: performance.now() - started, items: itemsOf(result) };
}

/**
 * @param {{ name: string, command: string[], configuration: (section?: string) => unknown,
 *           waitFor: (version: number) => (params: any) => boolean }} side
 * @param {{ name: string, text: string }} input
 */
export async function completionLatency(side, input, { runs = 10, log = () => {} } = {}) {
  const lines = input.text.split('\n');
  const middle = Math.floor(lines.length / 2);
  let keywordLine = middle;
  while (keywordLine < lines.length && !/^RUN /.test(lines[keywordLine])) keywordLine++;
  const server = await startServer(side.command, { configuration: side.configuration });
  const uri = `file:///tmp/lean-bench/completion/${input.name}/Dockerfile`;
  try {
    const published = server.nextDiagnostics(uri, side.waitFor(1), 180_000);
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'dockerfile', version: 1, text: input.text },
    });
    await published;
    await sleep(300);

    log(`${side.name}: keyword completion at line ${keywordLine} of ${input.name}`);
    const keyword = [];
    for (let i = 0; i < runs; i++)
      keyword.push(await timedCompletion(server, uri, { line: keywordLine, character: 0 }));

    log(`${side.name}: --from= completion right after typing the line`);
    const typed = [];
    let version = 1;
    const insertAt = { line: keywordLine, character: 0 };
    const typedText = 'COPY --from=';
    for (let i = 0; i < runs; i++) {
      // Type the line, ask at once; then take it out again (both are document versions the server sees).
      version++;
      await server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: insertAt, end: insertAt }, text: `${typedText}\n` }],
      });
      typed.push(await timedCompletion(server, uri, { line: keywordLine, character: typedText.length }));
      version++;
      const settled = server.nextDiagnostics(uri, side.waitFor(version), 180_000);
      await server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [
          { range: { start: insertAt, end: { line: keywordLine + 1, character: 0 } }, text: '' },
        ],
      });
      await settled;
    }
    return {
      lines: lines.length,
      keyword: { median: median(keyword.map((t) => t.ms)), items: keyword[0]?.items.length ?? 0 },
      afterEdit: { median: median(typed.map((t) => t.ms)), items: typed[0]?.items.length ?? 0 },
    };
  } finally {
    await server.close();
  }
}

/** Rows `[metric, ours, peer, ratio]`. */
export function completionRows(ours, peer) {
  return [
    [
      `completion: keywords, unchanged ${ours.lines}-line file, median (items ${ours.keyword.items} / ${peer.keyword.items})`,
      fmt(ours.keyword.median),
      fmt(peer.keyword.median),
      fmtRatio(ratio(ours.keyword.median, peer.keyword.median)),
    ],
    [
      `completion: \`COPY --from=\` just typed, median (items ${ours.afterEdit.items} / ${peer.afterEdit.items})`,
      fmt(ours.afterEdit.median),
      fmt(peer.afterEdit.median),
      fmtRatio(ratio(ours.afterEdit.median, peer.afterEdit.median)),
    ],
  ];
}
