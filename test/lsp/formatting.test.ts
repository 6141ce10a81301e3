// Document, range and on-type formatting over LSP against the bundled server, on corpus files.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DocumentFormattingRequest,
  DocumentOnTypeFormattingRequest,
  DocumentRangeFormattingRequest,
  type FormattingOptions,
  type Position,
  type Range,
  type TextEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startTestServer, type TestServer } from '../support/lspClient';
import { corpusFiles } from '../support/shared';

const SPACES: FormattingOptions = { tabSize: 4, insertSpaces: true };
let n = 0;
const uniqueUri = () => `file:///tmp/lean-lsp-formatting/${++n}/Dockerfile`;
const apply = (text: string, edits: TextEdit[] | null): string =>
  TextDocument.applyEdits(TextDocument.create('file:///x', 'dockerfile', 1, text), edits ?? []);
const nonBlank = (text: string): string => text.replace(/\s+/g, '');

describe('formatting over LSP', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ settings: { diagnosticsDelay: 0 } });
  });
  after(async () => {
    await server.close();
  });

  const open = (text: string, uri = uniqueUri()): Promise<string> => server.open(text, uri);
  const formatDocument = (uri: string, options = SPACES) =>
    server.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri },
      options,
    }) as Promise<TextEdit[] | null>;
  const formatRange = (uri: string, range: Range) =>
    server.connection.sendRequest(DocumentRangeFormattingRequest.type, {
      textDocument: { uri },
      range,
      options: SPACES,
    }) as Promise<TextEdit[] | null>;
  const formatOnType = (uri: string, position: Position, ch: string) =>
    server.connection.sendRequest(DocumentOnTypeFormattingRequest.type, {
      textDocument: { uri },
      position,
      ch,
      options: SPACES,
    }) as Promise<TextEdit[] | null>;

  it('advertises document, range and on-type formatting on both escape characters', () => {
    const caps = server.initializeResult.capabilities;
    assert.equal(caps.documentFormattingProvider, true);
    assert.equal(caps.documentRangeFormattingProvider, true);
    assert.deepEqual(caps.documentOnTypeFormattingProvider, {
      firstTriggerCharacter: '\\',
      moreTriggerCharacter: ['`'],
    });
  });

  it('indents continuation lines, with spaces or tabs as asked', async () => {
    const text = 'FROM alpine\n  RUN apk add --no-cache \\\ncurl \\\n        git\nCMD ["sh"]\n';
    const uri = await open(text);
    assert.equal(
      apply(text, await formatDocument(uri)),
      'FROM alpine\nRUN apk add --no-cache \\\n    curl \\\n    git\nCMD ["sh"]\n',
    );
    assert.equal(
      apply(text, await formatDocument(uri, { tabSize: 8, insertSpaces: false })),
      'FROM alpine\nRUN apk add --no-cache \\\n\tcurl \\\n\tgit\nCMD ["sh"]\n',
    );
  });

  it('leaves ADD and ONBUILD heredocs alone (dockerfile-utils alone would re-indent them)', async () => {
    const text = 'FROM alpine\nADD <<EOF /motd\n  two blanks\nEOF\nONBUILD RUN <<EOF\n echo one\nEOF\n';
    const uri = await open(text);
    assert.deepEqual(await formatDocument(uri), []);
  });

  it('formats only the requested lines, and the next line after a typed escape character', async () => {
    const text = 'FROM alpine\n  RUN a\n  RUN b \\\nc\n';
    const uri = await open(text);
    const range = { start: { line: 1, character: 0 }, end: { line: 1, character: 7 } };
    assert.equal(apply(text, await formatRange(uri, range)), 'FROM alpine\nRUN a\n  RUN b \\\nc\n');
    assert.equal(
      apply(text, await formatOnType(uri, { line: 2, character: 9 }, '\\')),
      'FROM alpine\n  RUN a\n  RUN b \\\n    c\n',
    );
    const windows = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\nC:\\\n';
    const windowsUri = await open(windows);
    assert.equal(
      apply(windows, await formatOnType(windowsUri, { line: 2, character: 9 }, '`')),
      '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n    C:\\\n',
    );
  });

  it('keeps the content of corpus files and is idempotent', async () => {
    const files = corpusFiles(3);
    assert.ok(files.length > 250);
    let changed = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const uri = await open(text);
      const edits = await formatDocument(uri);
      const once = apply(text, edits);
      assert.equal(nonBlank(once), nonBlank(text), `${file}: formatting changed more than blanks`);
      if (once !== text) {
        changed++;
        // The server applies a change before it answers the requests sent after it.
        await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
          textDocument: { uri, version: 2 },
          contentChanges: [{ text: once }],
        });
        assert.deepEqual(await formatDocument(uri), [], `${file}: a second pass still has edits`);
      }
      await server.connection.sendNotification(DidCloseTextDocumentNotification.type, {
        textDocument: { uri },
      });
    }
    assert.ok(changed > 5, `formatting changed only ${changed} files`);
  });

  it('does not format when languageFeatures is off', async () => {
    const uri = await open('FROM alpine\n   RUN true\n');
    server.settings = { languageFeatures: 'off' };
    await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    try {
      assert.equal(await formatDocument(uri), null);
    } finally {
      server.settings = { diagnosticsDelay: 0 };
      await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    }
    assert.equal((await formatDocument(uri))?.length, 1);
  });
});
