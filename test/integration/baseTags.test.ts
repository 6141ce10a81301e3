// "Show Newest Supported Base Image Tags" inside VS Code: the command asks the server for each stage's
// base tag status and replaces an end-of-life tag with the newest supported one.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BaseTagInfo } from '../../common/protocol';

const COMMAND = 'leanDockerfile.showNewestBaseTags';

suite('Base image tags', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('lists each base with its status and moves an end-of-life tag to the newest supported one', async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'dockerfile',
      content: [
        'FROM node:16-alpine AS build',
        'RUN npm ci',
        'FROM scratch',
        'COPY --from=build /app /app',
        '',
      ].join('\n'),
    });
    await vscode.window.showTextDocument(document);
    const uri = document.uri.toString();

    const bases = await vscode.commands.executeCommand<BaseTagInfo[]>(COMMAND, { uri });
    assert.ok(Array.isArray(bases), 'the command returns the bases it found');
    assert.equal(bases.length, 1, 'scratch is not an image with releases');
    const [node] = bases;
    assert.equal(node?.status, 'end-of-life');
    assert.match(node?.newestTag ?? '', /^\d+-alpine$/);

    await vscode.commands.executeCommand(COMMAND, { uri, apply: { stageIndex: 0 } });
    assert.equal(document.lineAt(0).text, `FROM node:${node!.newestTag} AS build`);

    const after = await vscode.commands.executeCommand<BaseTagInfo[]>(COMMAND, { uri });
    assert.equal(after[0]?.status, 'supported');
    assert.equal(after[0]?.newestTag, undefined, 'already on the newest supported release');
  });
});
