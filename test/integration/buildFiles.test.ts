// Compose awareness inside a real VS Code extension host: the fixture compose.yaml builds
// buildfiles/app/Dockerfile up to its `dev` stage, so root-user reports on `dev` and not on the last
// stage; editing the compose target moves the finding (the client's file watcher tells the server),
// the ARG line shows the compose value, and `leanDockerfile.useBuildFiles: false` restores the default.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';

const SOURCE = 'lean-dockerfile';
const WAIT_MS = 30000;

// Fixture test/fixtures/workspace/buildfiles/app/Dockerfile, line by line (0-based):
//   0 ARG NODE_VERSION=20                 inlay hint `= 22 (compose.yaml: api)`
//   1 FROM node:${NODE_VERSION}-alpine AS dev
//   2 USER root                           root-user while compose ships `dev`
//   5 FROM node:${NODE_VERSION}-alpine AS prod   root-user when the last stage ships
const DOCKERFILE = ['buildfiles', 'app', 'Dockerfile'];
const COMPOSE = ['buildfiles', 'compose.yaml'];
const DEV_USER_LINE = 2;
const PROD_FROM_LINE = 5;

function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the fixture workspace (test/fixtures/workspace) open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

const codeOf = (d: vscode.Diagnostic): string =>
  typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '');

/** Lines of this extension's root-user findings in the document. */
function rootUserLines(uri: vscode.Uri): number[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === SOURCE && codeOf(d) === 'root-user')
    .map((d) => d.range.start.line);
}

/** Resolves once root-user reports on exactly `lines` (checked now and on every diagnostics change). */
function waitForRootUser(uri: vscode.Uri, lines: number[], what: string): Promise<void> {
  const matches = (): boolean => JSON.stringify(rootUserLines(uri)) === JSON.stringify(lines);
  return new Promise((resolve, reject) => {
    const done = (error?: Error): void => {
      clearTimeout(timer);
      subscription.dispose();
      if (error) reject(error);
      else resolve();
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === uri.toString()) && matches()) done();
    });
    const timer = setTimeout(
      () =>
        done(
          new Error(
            `Timed out after ${WAIT_MS} ms waiting for ${what}: root-user on lines ${JSON.stringify(lines)}, now ${JSON.stringify(rootUserLines(uri))}`,
          ),
        ),
      WAIT_MS,
    );
    if (matches()) done();
  });
}

const labelOf = (hint: vscode.InlayHint): string =>
  typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('');

async function argHint(document: vscode.TextDocument): Promise<string | undefined> {
  const hints =
    (await vscode.commands.executeCommand<vscode.InlayHint[]>(
      'vscode.executeInlayHintProvider',
      document.uri,
      new vscode.Range(0, 0, document.lineCount, 0),
    )) ?? [];
  const hint = hints.find((h) => h.position.line === 0);
  return hint ? labelOf(hint) : undefined;
}

suite('Compose and bake files', () => {
  let document: vscode.TextDocument;
  let composeBefore: Uint8Array;
  let settingsBefore: Buffer;
  const settingsFile = () => workspaceUri('.vscode', 'settings.json').fsPath;

  suiteSetup(async () => {
    composeBefore = await vscode.workspace.fs.readFile(workspaceUri(...COMPOSE));
    settingsBefore = fs.readFileSync(settingsFile());
    document = await vscode.workspace.openTextDocument(workspaceUri(...DOCKERFILE));
    await vscode.window.showTextDocument(document);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const composeNow = await vscode.workspace.fs.readFile(workspaceUri(...COMPOSE));
    if (!Buffer.from(composeNow).equals(Buffer.from(composeBefore)))
      await vscode.workspace.fs.writeFile(workspaceUri(...COMPOSE), composeBefore);
    if (!fs.readFileSync(settingsFile()).equals(settingsBefore))
      fs.writeFileSync(settingsFile(), settingsBefore);
  });

  test('the compose target ships dev: root-user reports on dev, not on the last stage', async () => {
    await waitForRootUser(document.uri, [DEV_USER_LINE], 'the compose target `dev`');
  });

  test('the ARG line shows the value compose passes', async () => {
    const deadline = Date.now() + WAIT_MS;
    let label = await argHint(document);
    while (label !== '= 22 (compose.yaml: api)' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      label = await argHint(document);
    }
    assert.equal(label, '= 22 (compose.yaml: api)');
  });

  test('changing the compose target moves root-user to the stage it now ships', async () => {
    const compose = workspaceUri(...COMPOSE);
    const text = Buffer.from(composeBefore).toString('utf8');
    assert.match(text, /target: dev/);
    try {
      await vscode.workspace.fs.writeFile(compose, Buffer.from(text.replace('target: dev', 'target: prod')));
      await waitForRootUser(document.uri, [PROD_FROM_LINE], 'the new compose target `prod`');
    } finally {
      await vscode.workspace.fs.writeFile(compose, composeBefore);
    }
    await waitForRootUser(document.uri, [DEV_USER_LINE], 'the restored compose target `dev`');
  });

  test('useBuildFiles: false ships the last stage again and drops the ARG hint', async () => {
    const config = () => vscode.workspace.getConfiguration('leanDockerfile', document.uri);
    try {
      await config().update('useBuildFiles', false, vscode.ConfigurationTarget.Workspace);
      await waitForRootUser(document.uri, [PROD_FROM_LINE], 'the default target with useBuildFiles off');
      const label = await argHint(document);
      assert.ok(!label?.includes('compose.yaml'), `no compose hint, got ${label}`);
    } finally {
      await config()
        .update('useBuildFiles', undefined, vscode.ConfigurationTarget.Workspace)
        .then(undefined, () => undefined);
      if (!fs.readFileSync(settingsFile()).equals(settingsBefore))
        fs.writeFileSync(settingsFile(), settingsBefore);
    }
    await waitForRootUser(document.uri, [DEV_USER_LINE], 'compose awareness back on');
  });
});
