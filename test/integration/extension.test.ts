// Extension tests: run inside a real VS Code extension host (code-server 1.96.4) against the
// fixture workspace test/fixtures/workspace. Everything goes through the public VS Code API:
// activation, diagnostics, code actions, settings and commands, as a user's editor sees them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'lean-dockerfile.lean-dockerfile';
const SOURCE = 'lean-dockerfile';
const DOCS_BASE = 'https://github.com/lean-dockerfile/lean-dockerfile/blob/main/docs/rules/';
const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('leanDockerfile');
const FIX_ALL_TITLE = 'Fix all auto-fixable problems (Lean Dockerfile)';
const CMD_FIX_TITLE = 'Convert CMD to exec form';
const MAINTAINER_FIX_TITLE = 'Convert to LABEL org.opencontainers.image.authors';
const THREE_RULES = ['latest-tag', 'maintainer-deprecated', 'json-args-recommended'];
// Everything the fixture Dockerfile draws: the three rules above, plus root-user (no USER on `node`)
// and missing-dockerignore (`COPY .` and the fixture workspace has no .dockerignore).
const FIXTURE_RULES = [...THREE_RULES, 'root-user', 'missing-dockerignore'];
const WAIT_MS = 20000;

// Fixture Dockerfile (test/fixtures/workspace/Dockerfile), line by line:
//   0 FROM node                                  latest-tag on `node` (5-9)
//   1 MAINTAINER Jane Doe <jane@example.com>     maintainer-deprecated on `MAINTAINER` (0-10)
//   2 COPY . /app
//   3 CMD node server.js                         json-args-recommended on `node server.js` (4-18)
const EXPECTED = [
  { code: 'latest-tag', range: new vscode.Range(0, 5, 0, 9) },
  { code: 'maintainer-deprecated', range: new vscode.Range(1, 0, 1, 10) },
  { code: 'json-args-recommended', range: new vscode.Range(3, 4, 3, 18) },
];

function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the fixture workspace (test/fixtures/workspace) open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

function hrefOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? code.target.toString(true) : undefined;
}

/** This extension's diagnostics for a document. */
function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function codes(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics.map((d) => codeOf(d) ?? '?').sort();
}

function describe(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return '(none)';
  return diagnostics.map((d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character}`).join(', ');
}

const hasAll =
  (...wanted: string[]) =>
  (diagnostics: readonly vscode.Diagnostic[]): boolean =>
    wanted.every((code) => diagnostics.some((d) => codeOf(d) === code));

/**
 * Resolves with the document's lean-dockerfile diagnostics as soon as `predicate` holds for them:
 * checked now and on every onDidChangeDiagnostics event for `uri`. Rejects after `timeoutMs`.
 */
function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = WAIT_MS,
  what = 'the expected diagnostics',
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (): void => {
      settled = true;
      clearTimeout(timer);
      subscription.dispose();
    };
    const check = (): void => {
      if (settled) return;
      const diagnostics = ours(uri);
      if (predicate(diagnostics)) {
        finish();
        resolve(diagnostics);
      }
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      finish();
      reject(
        new Error(
          `Timed out after ${timeoutMs} ms waiting for ${what} on ${uri.toString()}; now: ${describe(ours(uri))}`,
        ),
      );
    }, timeoutMs);
    check();
  });
}

/** Polls a condition that has no change event (e.g. Extension.isActive). */
async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function codeActions(
  uri: vscode.Uri,
  range: vscode.Range,
  kind?: vscode.CodeActionKind,
): Promise<vscode.CodeAction[]> {
  const result = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    kind?.value,
  );
  // Commands have a string `command`; code actions have an optional Command object or an edit.
  return (result ?? []).filter(
    (a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string',
  );
}

async function apply(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit, `code action "${action.title}" has no edit`);
  assert.equal(await vscode.workspace.applyEdit(action.edit), true, `applying "${action.title}" failed`);
}

async function readFixture(...segments: string[]): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri(...segments)));
}

/** An untitled Dockerfile with `content`, shown in an editor: edits never touch the fixture files. */
async function openScratch(content: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({ language: 'dockerfile', content });
  await vscode.window.showTextDocument(document);
  return document;
}

async function openFixture(...segments: string[]): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(...segments));
  await vscode.window.showTextDocument(document);
  return document;
}

/** Closes the document's editor, discarding unsaved changes (no save prompt). */
async function closeWithoutSaving(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

suite('Lean Dockerfile extension', () => {
  const fixtureSnapshot = new Map<string, Buffer>();

  suiteSetup(() => {
    for (const name of [
      'Dockerfile',
      path.join('good', 'Dockerfile'),
      path.join('.vscode', 'settings.json'),
    ]) {
      fixtureSnapshot.set(name, fs.readFileSync(workspaceUri(name).fsPath));
    }
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The tests must leave the fixture workspace exactly as they found it.
    for (const [name, bytes] of fixtureSnapshot) {
      assert.ok(
        fs.readFileSync(workspaceUri(name).fsPath).equals(bytes),
        `fixture ${name} was modified by the tests`,
      );
    }
  });

  test('opening a Dockerfile activates the extension and registers its commands', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not installed in the test host`);
    assert.equal(
      extension.isActive,
      false,
      'the extension should only activate for Dockerfiles (onLanguage:dockerfile)',
    );

    const opened = Date.now();
    const document = await openFixture('Dockerfile');
    assert.equal(document.languageId, 'dockerfile');
    await waitUntil(() => extension.isActive, WAIT_MS, `${EXTENSION_ID} is active`);
    const active = Date.now();
    await waitForDiagnostics(document.uri, hasAll(...THREE_RULES));
    // Measurements for the closing notes (not assertions): open → active → first diagnostics.
    console.log(
      `activation: ${active - opened} ms after open; first diagnostics ${Date.now() - opened} ms after open`,
    );

    const commands = await vscode.commands.getCommands(true);
    assert.ok(
      commands.includes('leanDockerfile.restartServer'),
      'leanDockerfile.restartServer is not registered',
    );
    assert.ok(commands.includes('leanDockerfile.showOutput'), 'leanDockerfile.showOutput is not registered');
  });

  test('diagnostics carry the rule id, range, source, severity and a docs link', async () => {
    const document = await openFixture('Dockerfile');
    const diagnostics = await waitForDiagnostics(
      document.uri,
      hasAll(...THREE_RULES),
      WAIT_MS,
      THREE_RULES.join(' + '),
    );

    for (const expected of EXPECTED) {
      const matching = diagnostics.filter((d) => codeOf(d) === expected.code);
      assert.equal(
        matching.length,
        1,
        `one ${expected.code} diagnostic expected, got: ${describe(diagnostics)}`,
      );
      const diagnostic = matching[0]!;
      assert.deepEqual(
        [
          diagnostic.range.start.line,
          diagnostic.range.start.character,
          diagnostic.range.end.line,
          diagnostic.range.end.character,
        ],
        [
          expected.range.start.line,
          expected.range.start.character,
          expected.range.end.line,
          expected.range.end.character,
        ],
        `${expected.code} range`,
      );
      assert.equal(diagnostic.source, SOURCE);
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning, `${expected.code} severity`);
      assert.ok(diagnostic.message.length > 0, `${expected.code} has an empty message`);
      assert.equal(
        hrefOf(diagnostic),
        `${DOCS_BASE}${expected.code}.md`,
        `${expected.code} codeDescription href`,
      );
    }
    // MAINTAINER is shown struck through.
    const maintainer = diagnostics.find((d) => codeOf(d) === 'maintainer-deprecated')!;
    assert.ok(
      maintainer.tags?.includes(vscode.DiagnosticTag.Deprecated),
      'maintainer-deprecated should carry the Deprecated tag',
    );
    // The fixture is valid Dockerfile syntax.
    assert.deepEqual(
      diagnostics.filter((d) => codeOf(d)?.startsWith('syntax-')).map(codeOf),
      [],
      'no syntax diagnostics expected in the fixture',
    );
  });

  test('each diagnostic offers its quick fix', async () => {
    const document = await openFixture('Dockerfile');
    const diagnostics = await waitForDiagnostics(document.uri, hasAll(...THREE_RULES));
    const byCode = (code: string): vscode.Diagnostic => diagnostics.find((d) => codeOf(d) === code)!;

    const cmdActions = await codeActions(document.uri, byCode('json-args-recommended').range);
    const cmdFix = cmdActions.find((a) => a.title === CMD_FIX_TITLE);
    assert.ok(cmdFix, `"${CMD_FIX_TITLE}" missing; got ${JSON.stringify(cmdActions.map((a) => a.title))}`);
    assert.equal(cmdFix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.equal(cmdFix.isPreferred, true, 'the CMD fix is safe and should be preferred');
    // Fixes belong to the diagnostic they were asked for.
    assert.ok(
      !cmdActions.some((a) => a.title === MAINTAINER_FIX_TITLE),
      'the MAINTAINER fix leaked into the CMD line',
    );

    const maintainerActions = await codeActions(document.uri, byCode('maintainer-deprecated').range);
    assert.ok(
      maintainerActions.some((a) => a.title === MAINTAINER_FIX_TITLE && a.kind?.value === 'quickfix'),
      `"${MAINTAINER_FIX_TITLE}" missing; got ${JSON.stringify(maintainerActions.map((a) => a.title))}`,
    );

    const latest = byCode('latest-tag');
    const latestActions = await codeActions(document.uri, latest.range);
    const pin = latestActions.find((a) => a.title.startsWith('Pin to node:'));
    assert.ok(pin, `no "Pin to node:…" fix; got ${JSON.stringify(latestActions.map((a) => a.title))}`);
    assert.match(pin.title, /^Pin to node:\d+ \(newest in the bundled table, \d{4}-\d{2}-\d{2}\)$/);
    // The fix pins the same version the message recommends (`node:26` in "Pin a version, e.g. `node:26`.").
    const suggested = /e\.g\. `(node:[^`]+)`/.exec(latest.message)?.[1];
    assert.ok(suggested, `latest-tag message names no version: ${latest.message}`);
    assert.ok(
      pin.title.startsWith(`Pin to ${suggested} `),
      `fix "${pin.title}" and message "${latest.message}" disagree`,
    );
    assert.notEqual(
      pin.isPreferred,
      true,
      'pinning a version changes the image: it must not be a preferred (auto-applied) fix',
    );
  });

  // The three headline refactors, applied the way the lightbulb applies them, on untitled copies.
  const REFACTORS: Array<{ name: string; rule: string; title: RegExp; content: string; expect: RegExp[] }> = [
    {
      name: 'Split into builder stage',
      rule: 'single-stage-toolchain',
      title: /^Split into builder stage( \(≈ −[\d.]+ [MG]B\))?: Go → distroless\/static/,
      content:
        'FROM golang:1.27\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/app .\nUSER 65532\nENTRYPOINT ["/bin/app"]\n',
      expect: [
        /^FROM golang:1\.27 AS builder$/m,
        /^FROM gcr\.io\/distroless\/static-debian12:nonroot$/m,
        /^COPY --from=builder \/bin\/app \/bin\/app$/m,
      ],
    },
    {
      name: 'Add USER nodejs',
      rule: 'root-user',
      title: /^Add USER nodejs$/,
      content: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n',
      expect: [
        /^COPY --chown=1001:1001 \. \.$/m,
        /^RUN addgroup -g 1001 -S nodejs && adduser /m,
        /^USER nodejs\nCMD/m,
      ],
    },
    {
      name: 'Copy CA certs into scratch',
      rule: 'scratch-missing-ca-certificates',
      title: /^Copy CA certs into scratch/,
      content:
        'FROM golang:1.27 AS build\nRUN CGO_ENABLED=0 go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nUSER 65532:65532\nENTRYPOINT ["/app"]\n',
      expect: [
        /^FROM scratch\nCOPY --from=build \/etc\/ssl\/certs\/ca-certificates\.crt \/etc\/ssl\/certs\/ca-certificates\.crt$/m,
      ],
    },
  ];
  for (const refactor of REFACTORS) {
    test(`"${refactor.name}" rewrites the document and its finding goes away`, async () => {
      const document = await openScratch(refactor.content);
      try {
        const before = await waitForDiagnostics(document.uri, hasAll(refactor.rule), WAIT_MS, refactor.rule);
        const finding = before.find((d) => codeOf(d) === refactor.rule)!;
        const actions = await codeActions(document.uri, finding.range);
        const action = actions.find((a) => refactor.title.test(a.title));
        assert.ok(
          action,
          `no action matching ${refactor.title} in: ${actions.map((a) => a.title).join(' | ')}`,
        );
        await apply(action);
        const text = document.getText();
        for (const pattern of refactor.expect) assert.match(text, pattern);
        await waitForDiagnostics(
          document.uri,
          (d) => !d.some((x) => codeOf(x) === refactor.rule),
          WAIT_MS,
          `${refactor.rule} to disappear after the fix`,
        );
      } finally {
        await closeWithoutSaving(document);
      }
    });
  }

  test('applying the CMD quick fix converts to exec form and clears its diagnostic', async () => {
    const document = await openScratch(await readFixture('Dockerfile'));
    try {
      const before = await waitForDiagnostics(document.uri, hasAll(...THREE_RULES));
      const cmd = before.find((d) => codeOf(d) === 'json-args-recommended')!;
      const fix = (await codeActions(document.uri, cmd.range)).find((a) => a.title === CMD_FIX_TITLE);
      assert.ok(fix, `"${CMD_FIX_TITLE}" not offered on the untitled copy`);

      await apply(fix);
      assert.equal(document.lineAt(3).text, 'CMD ["node", "server.js"]');
      assert.equal(
        document.lineAt(1).text,
        'MAINTAINER Jane Doe <jane@example.com>',
        'the CMD fix must not touch other lines',
      );

      // Re-analysed: the CMD finding is gone, the others are still reported.
      const after = await waitForDiagnostics(
        document.uri,
        (d) =>
          hasAll('latest-tag', 'maintainer-deprecated')(d) &&
          !d.some((x) => codeOf(x) === 'json-args-recommended'),
        WAIT_MS,
        'json-args-recommended to disappear',
      );
      // root-user also fires on the untitled copy; missing-dockerignore does not (no folder on disk).
      assert.deepEqual(codes(after), ['latest-tag', 'maintainer-deprecated', 'root-user']);
    } finally {
      await closeWithoutSaving(document);
    }
  });

  test('the fix-all source action fixes several findings at once', async () => {
    const document = await openScratch(await readFixture('Dockerfile'));
    try {
      await waitForDiagnostics(document.uri, hasAll(...THREE_RULES));
      const whole = new vscode.Range(0, 0, document.lineCount, 0);
      const actions = await codeActions(document.uri, whole, FIX_ALL_KIND);
      assert.deepEqual(
        actions.map((a) => [a.title, a.kind?.value]),
        [[FIX_ALL_TITLE, 'source.fixAll.leanDockerfile']],
        'exactly one fix-all action expected',
      );

      await apply(actions[0]!);
      // The preferred (safe) fixes are applied; pinning the base image is a suggestion and stays manual.
      assert.equal(
        document.getText(),
        [
          'FROM node',
          'LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"',
          'COPY . /app',
          'CMD ["node", "server.js"]',
          '',
        ].join('\n'),
      );
      const after = await waitForDiagnostics(
        document.uri,
        (d) =>
          d.length > 0 &&
          !d.some((x) => ['maintainer-deprecated', 'json-args-recommended'].includes(codeOf(x) ?? '')),
        WAIT_MS,
        'maintainer-deprecated and json-args-recommended to disappear',
      );
      // Fix-all applies safe fixes only: pinning a tag and adding a USER are suggestions, left to the user.
      assert.deepEqual(codes(after), ['latest-tag', 'root-user']);
    } finally {
      await closeWithoutSaving(document);
    }
  });

  test('leanDockerfile.rules turns a rule off and back on', async () => {
    const document = await openFixture('Dockerfile');
    await waitForDiagnostics(document.uri, hasAll(...THREE_RULES));

    const config = vscode.workspace.getConfiguration('leanDockerfile', document.uri);
    const original = config.inspect<Record<string, string>>('rules')?.workspaceValue;
    // A Workspace setting is written to the fixture's .vscode/settings.json: its bytes are put back afterwards.
    const settingsFile = workspaceUri('.vscode', 'settings.json').fsPath;
    const settingsBefore = fs.readFileSync(settingsFile);
    try {
      await config.update('rules', { 'latest-tag': 'off' }, vscode.ConfigurationTarget.Workspace);
      const off = await waitForDiagnostics(
        document.uri,
        (d) =>
          hasAll('maintainer-deprecated', 'json-args-recommended')(d) &&
          !d.some((x) => codeOf(x) === 'latest-tag'),
        WAIT_MS,
        'latest-tag to be switched off',
      );
      assert.deepEqual(codes(off), [
        'json-args-recommended',
        'maintainer-deprecated',
        'missing-dockerignore',
        'root-user',
      ]);

      await config.update('rules', original, vscode.ConfigurationTarget.Workspace);
      const on = await waitForDiagnostics(
        document.uri,
        hasAll(...THREE_RULES),
        WAIT_MS,
        'latest-tag to come back',
      );
      assert.equal(on.filter((d) => codeOf(d) === 'latest-tag').length, 1);
    } finally {
      await vscode.workspace
        .getConfiguration('leanDockerfile', document.uri)
        .update('rules', original, vscode.ConfigurationTarget.Workspace)
        .then(undefined, () => undefined);
      if (!fs.readFileSync(settingsFile).equals(settingsBefore))
        fs.writeFileSync(settingsFile, settingsBefore);
    }
  });

  test('Restart Server stops the server and brings the diagnostics back', async () => {
    const document = await openFixture('Dockerfile');
    await waitForDiagnostics(document.uri, hasAll(...THREE_RULES));

    // Record that the old server's diagnostics went away: otherwise a no-op command would pass.
    let cleared = false;
    const watcher = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === document.uri.toString()) && ours(document.uri).length === 0)
        cleared = true;
    });
    try {
      await vscode.commands.executeCommand('leanDockerfile.restartServer');
      const back = await waitForDiagnostics(
        document.uri,
        (d) => cleared && hasAll(...FIXTURE_RULES)(d),
        WAIT_MS,
        'the diagnostics to be cleared and published again',
      );
      assert.equal(cleared, true, 'restarting should clear the old server diagnostics');
      assert.deepEqual(codes(back), [...FIXTURE_RULES].sort());
    } finally {
      watcher.dispose();
    }

    // The new server answers requests too.
    const cmd = ours(document.uri).find((d) => codeOf(d) === 'json-args-recommended')!;
    const titles = (await codeActions(document.uri, cmd.range)).map((a) => a.title);
    assert.ok(titles.includes(CMD_FIX_TITLE), `after restart: ${JSON.stringify(titles)}`);
  });

  test('a clean multi-stage Dockerfile gets no lean-dockerfile diagnostics', async () => {
    const document = await openFixture('good', 'Dockerfile');
    const original = document.getText();
    assert.match(original, /^FROM .* AS build$/m, 'the good fixture should be multi-stage');
    try {
      // Prove the server analyses this document: a deprecated line is reported...
      const end = document.lineAt(document.lineCount - 1).range.end;
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, end, `${end.character === 0 ? '' : '\n'}MAINTAINER someone\n`);
      assert.equal(await vscode.workspace.applyEdit(edit), true);
      await waitForDiagnostics(
        document.uri,
        hasAll('maintainer-deprecated'),
        WAIT_MS,
        'a finding on the edited copy',
      );

      // ...and once the file's own content is back, nothing is.
      await vscode.commands.executeCommand('workbench.action.files.revert');
      assert.equal(document.getText(), original);
      assert.equal(document.isDirty, false);
      const after = await waitForDiagnostics(
        document.uri,
        (d) => d.length === 0,
        WAIT_MS,
        'no diagnostics on the clean file',
      );
      assert.deepEqual(after, []);
    } finally {
      if (document.isDirty) await closeWithoutSaving(document);
    }
  });
});
