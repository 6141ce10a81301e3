// Editing features inside a real VS Code extension host: what the language server answers reaches the
// editor through the public API (vscode.executeCompletionItemProvider, vscode.executeHoverProvider, …).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const WAIT_MS = 30000;

// An untitled Dockerfile, line by line (0-based):
//   0 FROM golang:1.27-bookworm AS build
//   2 FROM alpine:3.24 AS certs
//   5 FROM debian:bookworm-slim
//   6 COPY --from= /out/app /app
const MULTI_STAGE = [
  'FROM golang:1.27-bookworm AS build',
  'RUN go build -o /out/app .',
  'FROM alpine:3.24 AS certs',
  'RUN apk add --no-cache ca-certificates',
  '',
  'FROM debian:bookworm-slim',
  'COPY --from= /out/app /app',
  '',
].join('\n');

/** Polls an async provider until its answer satisfies `predicate` (the server starts, analyses…). */
async function waitFor<T>(
  get: () => Promise<T>,
  predicate: (value: T) => boolean,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await get();
  while (!predicate(last)) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
    last = await get();
  }
  return last;
}

const labelOf = (item: vscode.CompletionItem): string =>
  typeof item.label === 'string' ? item.label : item.label.label;

async function completions(
  document: vscode.TextDocument,
  position: vscode.Position,
): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    document.uri,
    position,
  );
  return list?.items ?? [];
}

async function hoverText(document: vscode.TextDocument, position: vscode.Position): Promise<string> {
  const hovers =
    (await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      position,
    )) ?? [];
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

suite('Language features', () => {
  let document: vscode.TextDocument;

  suiteSetup(async () => {
    document = await vscode.workspace.openTextDocument({ language: 'dockerfile', content: MULTI_STAGE });
    await vscode.window.showTextDocument(document);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('completion after COPY --from= lists the earlier stage names', async () => {
    const position = new vscode.Position(6, 'COPY --from='.length);
    const items = await waitFor(
      () => completions(document, position),
      // The editor's own word suggestions hold `build` too: wait for the server's stage entry.
      (list) => list.some((i) => labelOf(i) === 'build' && i.kind === vscode.CompletionItemKind.Reference),
      'stage completions',
    );
    const stages = items.filter((i) => i.kind === vscode.CompletionItemKind.Reference).map(labelOf);
    assert.deepEqual(stages.sort(), ['build', 'certs']);
    const build = items.find((i) => labelOf(i) === 'build')!;
    assert.match(String(build.detail), /^FROM golang:1\.27-bookworm/);
  });

  test('hover on a FROM image shows its size', async () => {
    const text = await waitFor(
      () => hoverText(document, new vscode.Position(5, 'FROM deb'.length)),
      (value) => value.includes('debian:bookworm-slim'),
      'the FROM hover',
    );
    assert.match(text, /\| disk \(uncompressed\) \| ≈ \d+ MB \|/);
    assert.match(text, /\| pull \(compressed\) \| ≈ \d+ MB \|/);
    assert.match(text, /base-image table/);
  });

  test('rename of a stage edits its AS name, FROM <stage> and COPY --from', async () => {
    // Line by line: 0 FROM … AS build, 2 FROM build AS test, 4 FROM alpine, 5 COPY --from=build.
    const content = [
      'FROM golang:1.27-bookworm AS build',
      'RUN go build -o /out/app .',
      'FROM build AS test',
      'RUN go test ./...',
      'FROM alpine:3.24',
      'COPY --from=build /out/app /app',
      '',
    ].join('\n');
    const stages = await vscode.workspace.openTextDocument({ language: 'dockerfile', content });
    const position = new vscode.Position(0, 'FROM golang:1.27-bookworm AS bu'.length);
    const edit = await waitFor(
      () =>
        Promise.resolve(
          vscode.commands.executeCommand<vscode.WorkspaceEdit | undefined>(
            'vscode.executeDocumentRenameProvider',
            stages.uri,
            position,
            'compile',
          ),
        ).catch(() => undefined),
      (value) => (value?.get(stages.uri).length ?? 0) > 0,
      'rename edits',
    );
    const edits = edit!.get(stages.uri).sort((a, b) => a.range.start.compareTo(b.range.start));
    assert.deepEqual(
      edits.map((e) => [e.range.start.line, e.range.start.character, e.range.end.character, e.newText]),
      [
        [0, 29, 34, 'compile'],
        [2, 5, 10, 'compile'],
        [5, 12, 17, 'compile'],
      ],
    );
  });
});
