// Symbols, definition, references, highlight, rename, folding and document links over LSP, against
// the bundled server, on real corpus files.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DefinitionRequest,
  DidChangeConfigurationNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  LogMessageNotification,
  DocumentHighlightKind,
  DocumentHighlightRequest,
  DocumentLinkRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  ResponseError,
  SemanticTokensRequest,
  type DocumentHighlight,
  type DocumentLink,
  type DocumentSymbol,
  type FoldingRange,
  type Location,
  type LogMessageParams,
  type Position,
  type Range,
  type SymbolInformation,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startTestServer, type TestServer } from '../support/lspClient';
import { sharedDir } from '../support/shared';

const corpusDir = path.join(sharedDir(), 'corpus', 'files');
const corpusFile = (name: string): string => readFileSync(path.join(corpusDir, name), 'utf8');
const GOVULNCHECK = 'moby__buildkit/hack__dockerfiles__govulncheck.Dockerfile';
const DOTNET = 'dotnet__dotnet-docker/samples__dotnetapp__Dockerfile';

let n = 0;
const uniqueUri = () => `file:///tmp/lean-lsp-navigation/${++n}/Dockerfile`;

/** Where the `nth` occurrence of `needle` starts (plus `shift` characters). */
function positionOf(text: string, needle: string, nth = 0, shift = 0): Position {
  const document = TextDocument.create('file:///x', 'dockerfile', 1, text);
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    assert.ok(offset >= 0, `"${needle}" #${nth} not found`);
  }
  return document.positionAt(offset + shift);
}
const lineOf = (text: string, needle: string, nth = 0): number => positionOf(text, needle, nth).line;
const at = (r: Range): string => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

describe('navigation over LSP', () => {
  let server: TestServer;
  const logged: string[] = [];
  before(async () => {
    server = await startTestServer({
      capabilities: { textDocument: { documentSymbol: { hierarchicalDocumentSymbolSupport: true } } },
    });
    // The server reports a failed request in its log (window/logMessage) and answers with nothing.
    server.connection.onNotification(LogMessageNotification.type, (p: LogMessageParams) => {
      logged.push(p.message);
    });
  });
  after(async () => {
    await server.close();
  });

  const open = (text: string, uri = uniqueUri()): Promise<string> => server.open(text, uri);
  const request = <R>(type: { method: string }, params: object): Promise<R> =>
    server.connection.sendRequest(type.method, params) as Promise<R>;
  const symbols = (uri: string) =>
    request<DocumentSymbol[] | null>(DocumentSymbolRequest.type, { textDocument: { uri } });
  const definition = (uri: string, position: Position) =>
    request<Location[] | null>(DefinitionRequest.type, { textDocument: { uri }, position });
  const references = (uri: string, position: Position, includeDeclaration = true) =>
    request<Location[] | null>(ReferencesRequest.type, {
      textDocument: { uri },
      position,
      context: { includeDeclaration },
    });
  const highlights = (uri: string, position: Position) =>
    request<DocumentHighlight[] | null>(DocumentHighlightRequest.type, { textDocument: { uri }, position });
  const rename = (uri: string, position: Position, newName: string) =>
    request<WorkspaceEdit | null>(RenameRequest.type, { textDocument: { uri }, position, newName });
  const prepare = (uri: string, position: Position) =>
    request<{ range: Range; placeholder: string } | null>(PrepareRenameRequest.type, {
      textDocument: { uri },
      position,
    });
  const folding = (uri: string) =>
    request<FoldingRange[] | null>(FoldingRangeRequest.type, { textDocument: { uri } });
  const links = (uri: string) =>
    request<DocumentLink[] | null>(DocumentLinkRequest.type, { textDocument: { uri } });

  it('advertises every navigation capability', () => {
    const caps = server.initializeResult.capabilities;
    assert.equal(caps.documentSymbolProvider, true);
    assert.equal(caps.definitionProvider, true);
    assert.equal(caps.referencesProvider, true);
    assert.equal(caps.documentHighlightProvider, true);
    assert.deepEqual(caps.renameProvider, { prepareProvider: true });
    assert.equal(caps.foldingRangeProvider, true);
    assert.ok(caps.documentLinkProvider);
  });

  it('lists the stages by name with their instructions and the global ARGs', async () => {
    const text = corpusFile(GOVULNCHECK);
    const result = (await symbols(await open(text)))!;
    assert.deepEqual(
      result.map((s) => s.name),
      ['ARG', 'ARG', 'ARG', 'base', 'run', 'output'],
    );
    assert.deepEqual(
      result[0]!.children!.map((c) => c.name),
      ['GO_VERSION'],
    );
    const run = result[4]!;
    assert.equal(run.detail, 'base · stage 1');
    assert.deepEqual(
      run.children!.map((c) => c.name),
      ['ARG', 'RUN'],
    );
    assert.equal(run.selectionRange.start.line, lineOf(text, 'AS run'));
  });

  it('gives a flat symbol list with containers to clients without nested symbols', async () => {
    const flat = await startTestServer();
    try {
      const uri = uniqueUri();
      const published = flat.waitForDiagnostics(uri);
      await flat.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'dockerfile', version: 1, text: corpusFile(GOVULNCHECK) },
      });
      await published;
      const list = (await flat.connection.sendRequest(DocumentSymbolRequest.method, {
        textDocument: { uri },
      })) as SymbolInformation[];
      assert.deepEqual(
        list.filter((s) => s.containerName === 'run').map((s) => s.name),
        ['ARG', 'RUN'],
      );
      assert.ok(list.some((s) => s.name === 'FORMAT' && s.containerName === 'ARG'));
      assert.ok(list.every((s) => s.location.uri === uri));
    } finally {
      await flat.close();
    }
  });

  it('goes from a use to the declaration it reads', async () => {
    const text = corpusFile(GOVULNCHECK);
    const uri = await open(text);
    // `$GOVULNCHECK_VERSION` in the base stage reads the stage's own `ARG GOVULNCHECK_VERSION`.
    const fromUse = await definition(uri, positionOf(text, '@$GOVULNCHECK_VERSION', 0, 3));
    assert.deepEqual(
      fromUse!.map((l) => [l.uri, at(l.range)]),
      [[uri, `9:4-9:23`]],
    );
    // That re-declaration continues the global ARG.
    const fromRedeclaration = await definition(uri, { line: 9, character: 6 });
    assert.deepEqual(
      fromRedeclaration!.map((l) => at(l.range)),
      ['3:4-3:23'],
    );
    const fromCopy = await definition(uri, positionOf(text, '--from=run', 0, 8));
    assert.deepEqual(
      fromCopy!.map((l) => at(l.range)),
      [`${lineOf(text, 'AS run')}:13-${lineOf(text, 'AS run')}:16`],
    );
  });

  it('finds every reference of a global ARG: the stage re-declaration and a use in a heredoc', async () => {
    const text = corpusFile(GOVULNCHECK);
    const uri = await open(text);
    const all = await references(uri, positionOf(text, 'FORMAT="text"', 0, 1));
    const heredocLine = lineOf(text, '${FORMAT}');
    assert.deepEqual(
      all!.map((l) => at(l.range)),
      ['4:4-4:10', '15:4-15:10', `${heredocLine}:24-${heredocLine}:30`],
    );
    const usesOnly = await references(uri, positionOf(text, 'FORMAT="text"'), false);
    assert.deepEqual(
      usesOnly!.map((l) => l.range.start.line),
      [heredocLine],
    );
  });

  it('highlights a stage name where it is defined and where it is used', async () => {
    const text = corpusFile(GOVULNCHECK);
    const uri = await open(text);
    const result = await highlights(uri, positionOf(text, 'FROM base', 0, 6));
    assert.deepEqual(
      result!.map((h) => [h.range.start.line, h.kind]),
      [
        [lineOf(text, 'AS base'), DocumentHighlightKind.Write],
        [lineOf(text, 'FROM base'), DocumentHighlightKind.Read],
      ],
    );
  });

  it('renames a stage in its FROM … AS, in FROM <stage> and in COPY --from', async () => {
    const text = corpusFile(GOVULNCHECK);
    const uri = await open(text);
    const prepared = await prepare(uri, positionOf(text, 'AS base', 0, 4));
    assert.equal(prepared?.placeholder, 'base');
    const edit = await rename(uri, positionOf(text, 'AS base', 0, 4), 'toolchain');
    const edits = edit?.changes?.[uri] ?? [];
    assert.equal(edits.length, 2);
    const renamed = TextDocument.applyEdits(TextDocument.create(uri, 'dockerfile', 1, text), edits);
    assert.equal(
      renamed,
      text.replace('AS base', 'AS toolchain').replace('FROM base AS', 'FROM toolchain AS'),
    );

    const runEdits = (await rename(uri, positionOf(text, '--from=run', 0, 9), 'scan'))?.changes?.[uri] ?? [];
    const renamedRun = TextDocument.applyEdits(TextDocument.create(uri, 'dockerfile', 1, text), runEdits);
    assert.equal(renamedRun, text.replace('AS run', 'AS scan').replace('--from=run', '--from=scan'));
  });

  it('renames an ARG everywhere BuildKit connects it', async () => {
    const text = corpusFile(GOVULNCHECK);
    const uri = await open(text);
    const edits = (await rename(uri, { line: 3, character: 6 }, 'VULNCHECK_VERSION'))?.changes?.[uri] ?? [];
    const renamed = TextDocument.applyEdits(TextDocument.create(uri, 'dockerfile', 1, text), edits);
    assert.equal(renamed, text.replace(/GOVULNCHECK_VERSION/g, 'VULNCHECK_VERSION'));
  });

  it('refuses to rename keywords, images and invalid names with a message', async () => {
    const text = corpusFile(GOVULNCHECK);
    const uri = await open(text);
    await assert.rejects(
      prepare(uri, positionOf(text, 'FROM base', 0, 1)),
      (error: unknown) => error instanceof ResponseError && /instruction keyword/.test(error.message),
    );
    await assert.rejects(
      prepare(uri, positionOf(text, 'golang:', 0, 2)),
      (error: unknown) => error instanceof ResponseError && /image reference/.test(error.message),
    );
    await assert.rejects(
      rename(uri, positionOf(text, 'AS base', 0, 4), 'Base Stage'),
      (error: unknown) => error instanceof ResponseError && /not a valid stage name/.test(error.message),
    );
    await assert.rejects(
      rename(uri, positionOf(text, 'AS base', 0, 4), 'output'),
      (error: unknown) => error instanceof ResponseError && /already exists/.test(error.message),
    );
  });

  it('folds each stage and the heredoc', async () => {
    const text = corpusFile(GOVULNCHECK);
    const result = (await folding(await open(text)))!;
    const ranges = result.map((f) => `${f.startLine}-${f.endLine}`);
    const base = lineOf(text, 'AS base');
    const run = lineOf(text, 'AS run');
    const output = lineOf(text, 'AS output');
    assert.ok(ranges.includes(`${base}-${lineOf(text, 'go install')}`), ranges.join(' '));
    assert.ok(ranges.includes(`${run}-${lineOf(text, 'EOT', 1)}`), ranges.join(' '));
    assert.ok(ranges.includes(`${output}-${output + 1}`), ranges.join(' '));
    assert.ok(ranges.includes(`${lineOf(text, '<<EOT')}-${lineOf(text, 'EOT', 1)}`), ranges.join(' '));
  });

  it('links base images to their registry pages and stage uses to the FROM line', async () => {
    const text = corpusFile(GOVULNCHECK);
    const uri = await open(text);
    const result = (await links(uri))!;
    assert.deepEqual(
      result.map((l) => [l.range.start.line, l.target]),
      [
        [lineOf(text, 'AS base'), 'https://hub.docker.com/_/golang'],
        [lineOf(text, 'FROM base'), `${uri}#L${lineOf(text, 'AS base') + 1}`],
        [lineOf(text, '--from=run'), `${uri}#L${lineOf(text, 'AS run') + 1}`],
      ],
    );
    const dotnetUri = await open(corpusFile(DOTNET));
    assert.deepEqual(
      ((await links(dotnetUri)) ?? []).map((l) => l.target),
      [
        'https://mcr.microsoft.com/artifact/mar/dotnet/sdk',
        'https://mcr.microsoft.com/artifact/mar/dotnet/runtime',
        `${dotnetUri}#L3`,
      ],
    );
  });

  it('answers every navigation request on many corpus files without errors', async () => {
    const files = readdirSync(corpusDir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(corpusDir, path.join(e.parentPath, e.name)))
      .sort();
    // Every fourth file: a spread over all repositories, in a few seconds.
    const sample = files.filter((_, i) => i % 4 === 0);
    assert.ok(sample.length > 200, `only ${sample.length} files`);
    let stagesSeen = 0;
    let renamesChecked = 0;
    for (const name of sample) {
      const text = corpusFile(name);
      const uri = await open(text);
      const document = TextDocument.create(uri, 'dockerfile', 1, text);
      const outline = (await symbols(uri)) ?? [];
      const checkSymbol = (s: DocumentSymbol): void => {
        assert.ok(s.name.length > 0, `${name}: empty symbol name`);
        const inside =
          document.offsetAt(s.range.start) <= document.offsetAt(s.selectionRange.start) &&
          document.offsetAt(s.selectionRange.end) <= document.offsetAt(s.range.end);
        assert.ok(inside, `${name}: selection ${at(s.selectionRange)} outside ${at(s.range)}`);
        s.children?.forEach(checkSymbol);
      };
      outline.forEach(checkSymbol);
      const folds = (await folding(uri)) ?? [];
      for (const f of folds) assert.ok(f.endLine > f.startLine, `${name}: empty fold`);
      assert.equal(new Set(folds.map((f) => f.startLine)).size, folds.length, `${name}: two folds on a line`);
      for (const link of (await links(uri)) ?? [])
        assert.match(link.target ?? '', /^(https:\/\/|file:)/, name);
      const tokens = await request<{ data: number[] }>(SemanticTokensRequest.type, { textDocument: { uri } });
      assert.equal(tokens.data.length % 5, 0, name);

      // Each stage name: its references include the definition, and renaming it edits each of them.
      for (const stage of outline.filter((s) => s.detail?.includes('· stage'))) {
        stagesSeen++;
        const position = stage.selectionRange.start;
        const refs = (await references(uri, position)) ?? [];
        assert.ok(
          refs.some((r) => at(r.range) === at(stage.selectionRange)),
          `${name}: ${stage.name} is not among its own references`,
        );
        assert.ok(
          ((await definition(uri, position)) ?? []).length > 0,
          `${name}: no definition of ${stage.name}`,
        );
        assert.ok(
          ((await highlights(uri, position)) ?? []).length > 0,
          `${name}: no highlight of ${stage.name}`,
        );
        const prepared = await prepare(uri, position).catch((error: unknown) => error);
        if (prepared instanceof ResponseError) continue; // a reserved or odd name: refused, with a message
        const edits = (await rename(uri, position, 'renamed-stage'))?.changes?.[uri] ?? [];
        const renamed = TextDocument.applyEdits(document, edits);
        assert.equal(
          (renamed.match(/renamed-stage/g) ?? []).length,
          edits.length,
          `${name}: rename of ${stage.name} did not apply cleanly`,
        );
        renamesChecked++;
      }
      await server.connection.sendNotification(DidCloseTextDocumentNotification.type, {
        textDocument: { uri },
      });
    }
    assert.ok(stagesSeen > 50, `only ${stagesSeen} named stages`);
    assert.ok(renamesChecked > 50, `only ${renamesChecked} stage renames`);
    assert.deepEqual(
      logged.filter((m) => / failed for /.test(m)),
      [],
    );
  });

  it('answers nothing when languageFeatures is off', async () => {
    const uri = await open(corpusFile(GOVULNCHECK));
    server.settings = { languageFeatures: 'off' };
    await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    try {
      assert.equal(await symbols(uri), null);
      assert.equal(await definition(uri, { line: 14, character: 6 }), null);
      assert.equal(await folding(uri), null);
      assert.equal(await links(uri), null);
    } finally {
      server.settings = {};
      await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    }
    assert.ok(((await symbols(uri)) ?? []).length > 0, 'on again after the setting is back');
  });
});
