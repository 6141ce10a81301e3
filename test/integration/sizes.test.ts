// Size estimates inside a real VS Code extension host: the inlay hints and code lenses the language
// server provides reach the editor through the public API (vscode.executeInlayHintProvider /
// vscode.executeCodeLensProvider), and the settings turn them off and switch to compressed sizes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';

const WAIT_MS = 30000;

// Fixture test/fixtures/workspace/sizes/Containerfile, line by line (0-based):
//   2 FROM golang:1.27-bookworm AS builder        FROM hint, lens "builder … · discarded"
//   4 RUN apt-get update && apt-get install …     +… MB
//   5 RUN go build -o /out/app .                  +… MB (range)
//   7 FROM debian:bookworm-slim                   FROM hint, lens "final image … · NN% smaller than builder"
//   8 COPY --from=builder /out/app …              +… MB
const FIXTURE = ['sizes', 'Containerfile'];

function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the fixture workspace (test/fixtures/workspace) open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

const labelOf = (hint: vscode.InlayHint): string =>
  typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('');

async function inlayHints(document: vscode.TextDocument): Promise<vscode.InlayHint[]> {
  const range = new vscode.Range(0, 0, document.lineCount, 0);
  return (
    (await vscode.commands.executeCommand<vscode.InlayHint[]>(
      'vscode.executeInlayHintProvider',
      document.uri,
      range,
    )) ?? []
  );
}

/** Our size lenses (the client's own "Show stage graph" lens is left out). */
async function sizeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
  const lenses =
    (await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      document.uri,
      100,
    )) ?? [];
  return lenses.filter((l) => /≈|–| B\b| MB\b| GB\b/.test(l.command?.title ?? ''));
}

/** Polls an async provider until its answer satisfies `predicate` (the server starts, re-analyses…). */
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

const describeHints = (hints: vscode.InlayHint[]): string[] =>
  hints.map((h) => `${h.position.line}: ${labelOf(h)}`);

suite('Size estimates in the editor', () => {
  let document: vscode.TextDocument;
  let fixtureBefore: Buffer;
  const settingsFile = () => workspaceUri('.vscode', 'settings.json').fsPath;
  let settingsBefore: Buffer;

  suiteSetup(async () => {
    fixtureBefore = fs.readFileSync(workspaceUri(...FIXTURE).fsPath);
    settingsBefore = fs.readFileSync(settingsFile());
    document = await vscode.workspace.openTextDocument(workspaceUri(...FIXTURE));
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'dockerfile');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.ok(fs.readFileSync(workspaceUri(...FIXTURE).fsPath).equals(fixtureBefore), 'fixture modified');
    if (!fs.readFileSync(settingsFile()).equals(settingsBefore))
      fs.writeFileSync(settingsFile(), settingsBefore);
  });

  test('inlay hints: the base image after each FROM and +size after the layers', async () => {
    const hints = await waitFor(
      () => inlayHints(document),
      (h) => h.some((x) => x.position.line === 7),
      'size inlay hints',
    );
    const byLine = new Map(hints.map((h) => [h.position.line, labelOf(h)]));
    const shown = describeHints(hints).join('\n');
    assert.match(byLine.get(2) ?? '', /^golang:1\.27-bookworm (≈ )?.*[MG]B/, shown);
    assert.match(byLine.get(7) ?? '', /^debian:bookworm-slim ≈ .*MB$/, shown);
    assert.match(byLine.get(4) ?? '', /^\+\d+(–\d+)? MB$/, shown);
    assert.match(byLine.get(8) ?? '', /^\+.*MB$/, shown);
    // WORKDIR, USER and ENTRYPOINT add no layer: no hint.
    for (const line of [3, 9, 10]) assert.equal(byLine.has(line), false, shown);
    const fromHint = hints.find((h) => h.position.line === 7)!;
    assert.equal(fromHint.position.character, document.lineAt(7).text.length);
    assert.equal(fromHint.paddingLeft, true);
  });

  test('code lenses: one per stage, the builder discarded and the final image smaller', async () => {
    const lenses = await waitFor(
      () => sizeLenses(document),
      (l) => l.length >= 2,
      'size code lenses',
    );
    const titles = lenses
      .sort((a, b) => a.range.start.line - b.range.start.line)
      .map((l) => [l.range.start.line, l.command?.title ?? '']);
    assert.equal(titles.length, 2, JSON.stringify(titles));
    assert.equal(titles[0]![0], 2);
    assert.match(String(titles[0]![1]), /^builder .*[GM]B · discarded$/);
    assert.equal(titles[1]![0], 7);
    assert.match(String(titles[1]![1]), /^final image ≈ .*MB · \d+% smaller than builder$/);
  });

  test('hover on FROM shows the breakdown and the basis', async () => {
    const hovers =
      (await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        document.uri,
        new vscode.Position(7, 6),
      )) ?? [];
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    assert.match(text, /base-image table/);
    assert.match(text, /\| 9 \| COPY \|/);
  });

  test('settings: inlay hints off, then compressed sizes', async () => {
    const config = () => vscode.workspace.getConfiguration('leanDockerfile', document.uri);
    try {
      await config().update('sizes.inlayHints', false, vscode.ConfigurationTarget.Workspace);
      await waitFor(
        () => inlayHints(document),
        (h) => h.length === 0,
        'the inlay hints to be switched off',
      );
      await config().update('sizes.inlayHints', undefined, vscode.ConfigurationTarget.Workspace);
      const uncompressed = await waitFor(
        () => inlayHints(document),
        (h) => h.some((x) => x.position.line === 7),
        'the inlay hints to come back',
      );
      await config().update('sizes.compressed', true, vscode.ConfigurationTarget.Workspace);
      const compressed = await waitFor(
        () => inlayHints(document),
        (h) =>
          h.some(
            (x) =>
              x.position.line === 7 &&
              labelOf(x) !== labelOf(uncompressed.find((u) => u.position.line === 7)!),
          ),
        'compressed sizes',
      );
      const tooltip = compressed.find((h) => h.position.line === 7)?.tooltip;
      assert.match(typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? ''), /compressed \(pull\)/);
    } finally {
      for (const key of ['sizes.inlayHints', 'sizes.compressed'])
        await config()
          .update(key, undefined, vscode.ConfigurationTarget.Workspace)
          .then(undefined, () => undefined);
      if (!fs.readFileSync(settingsFile()).equals(settingsBefore))
        fs.writeFileSync(settingsFile(), settingsBefore);
    }
  });
});
