// An untrusted workspace (VS Code's restricted mode) inside a real extension host: the extension runs
// no container engine and contacts no registry, whatever the settings say. scripts/test.mjs starts
// this suite with `run-in-code-server.mjs --trust untrusted` on a scratch folder whose settings turn
// registry look-ups on, and with wrapper `podman` and `docker` programs first on PATH that append
// every call to the file named by LEAN_ENGINE_LOG before running the real program.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';

const EXTENSION_ID = 'lean-dockerfile.lean-dockerfile';
const SOURCE = 'lean-dockerfile';
const WAIT_MS = 30000;
/**
 * How long a look-up that slipped through would need to reach a registry on 127.0.0.1 once the size
 * estimate that starts it has been answered: connecting to a local port takes milliseconds.
 */
const IN_FLIGHT_MS = 1500;

interface MeasureResult {
  status: string;
  message: string;
}

function workspaceUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the untrusted suite needs the scratch folder scripts/test.mjs opens');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Polls until `predicate` holds (the server starts, analyses…), failing with `what` after WAIT_MS. */
async function waitFor<T>(get: () => T | Promise<T>, predicate: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  let last = await get();
  while (!predicate(last)) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${WAIT_MS} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
    last = await get();
  }
  return last;
}

async function openDockerfile(name: string, text: string): Promise<vscode.TextDocument> {
  const uri = workspaceUri(name);
  fs.writeFileSync(uri.fsPath, text);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(document, 'dockerfile');
  await vscode.window.showTextDocument(document);
  await waitFor(
    () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE),
    (d) => d.length > 0,
    `Lean Dockerfile diagnostics for ${name}`,
  );
  return document;
}

suite('Untrusted workspace: no engine call, no network request', () => {
  let engineLog: string;

  suiteSetup(async () => {
    assert.equal(
      vscode.workspace.isTrusted,
      false,
      'this suite needs an untrusted folder: run it through scripts/test.mjs (run-in-code-server.mjs --trust untrusted)',
    );
    const log = process.env.LEAN_ENGINE_LOG;
    assert.ok(
      log && fs.existsSync(log),
      'LEAN_ENGINE_LOG must name the (empty) file the podman/docker wrappers on PATH append to',
    );
    engineLog = log;
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  test('Build and Measure refuses, and neither podman nor docker runs', async () => {
    const document = await openDockerfile('Dockerfile', 'FROM debian:bookworm\nCMD echo hello\n');
    const result = await vscode.commands.executeCommand<MeasureResult>('leanDockerfile.buildAndMeasure', {
      uri: document.uri.toString(),
      engine: 'podman',
      extraArgs: ['--isolation', 'chroot'],
      showTable: false,
    });
    assert.equal(result.status, 'refused', result.message);
    assert.match(result.message, /untrusted/);
    assert.equal(fs.readFileSync(engineLog, 'utf8'), '', 'an engine was called in an untrusted workspace');

    // The wrappers do see calls from this extension host's environment, so the empty log means something.
    spawnSync('podman', ['--version'], { encoding: 'utf8' });
    assert.match(fs.readFileSync(engineLog, 'utf8'), /^podman --version$/m);
  });

  test('with registry look-ups on, sizing an unknown image sends no request to its registry', async () => {
    let requests = 0;
    const registry = http.createServer((_request, response) => {
      requests++;
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
    try {
      const port = (registry.address() as AddressInfo).port;
      assert.equal(
        vscode.workspace.getConfiguration('leanDockerfile').get('network.registryLookups'),
        true,
        'the folder settings written by scripts/test.mjs turn registry look-ups on',
      );
      const document = await openDockerfile(
        'registry.Dockerfile',
        `FROM 127.0.0.1:${port}/lean/unknown:1\nCMD node app.js\n`,
      );
      // The size estimate is where a look-up of an image the bundled table lacks would start.
      const hints =
        (await vscode.commands.executeCommand<vscode.InlayHint[]>(
          'vscode.executeInlayHintProvider',
          document.uri,
          new vscode.Range(0, 0, document.lineCount, 0),
        )) ?? [];
      const fromHint = hints.find((h) => h.position.line === 0);
      const label =
        typeof fromHint?.label === 'string' ? fromHint.label : fromHint?.label.map((p) => p.value).join('');
      assert.match(label ?? '', /unknown base/, `FROM hint: ${label}`);
      await vscode.commands.executeCommand(
        'vscode.executeHoverProvider',
        document.uri,
        new vscode.Position(0, 2),
      );
      await new Promise((r) => setTimeout(r, IN_FLIGHT_MS));
      assert.equal(requests, 0, 'the registry on 127.0.0.1 was contacted from an untrusted workspace');
    } finally {
      await new Promise((r) => registry.close(r));
    }
  });
});
