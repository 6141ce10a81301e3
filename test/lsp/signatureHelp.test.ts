// Signature help over LSP against the bundled server: the mount signature of the type being written,
// instruction flags of real corpus files, the languageFeatures setting and bad input.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DidChangeConfigurationNotification,
  LogMessageNotification,
  MessageType,
  SignatureHelpRequest,
  type SignatureHelp,
} from 'vscode-languageserver/node';
import { startTestServer, type TestServer } from '../support/lspClient';
import { sharedDir } from '../support/shared';

const corpusFile = (name: string): string =>
  readFileSync(path.join(sharedDir(), 'corpus', 'files', name), 'utf8');

let n = 0;
const uniqueUri = () => `file:///tmp/lean-lsp-signature/${++n}/Dockerfile`;

/** The label text of the active parameter. */
function activeLabel(help: SignatureHelp | null): string | undefined {
  const signature = help?.signatures[help.activeSignature ?? 0];
  const index = help?.activeParameter;
  if (!signature || index === undefined || index === null) return undefined;
  const label = signature.parameters?.[index]?.label;
  return Array.isArray(label) ? signature.label.slice(label[0], label[1]) : label;
}

describe('signature help over LSP', () => {
  let server: TestServer;
  const errors: string[] = [];
  before(async () => {
    server = await startTestServer();
    server.connection.onNotification(LogMessageNotification.type, (p) => {
      if (p.type === MessageType.Error) errors.push(p.message);
    });
  });
  after(async () => {
    await server.close();
  });

  const open = (text: string, uri = uniqueUri()): Promise<string> => server.open(text, uri);
  const help = (uri: string, line: number, character: number) =>
    server.connection.sendRequest(SignatureHelpRequest.type, {
      textDocument: { uri },
      position: { line, character },
    }) as Promise<SignatureHelp | null>;

  it('advertises signature help on =, comma and space', () => {
    const provider = server.initializeResult.capabilities.signatureHelpProvider;
    assert.deepEqual(provider?.triggerCharacters, ['=', ',', ' ']);
  });

  it('shows the mount signature for the type being written, with the active option', async () => {
    const uri = await open(
      'FROM alpine\nRUN --mount=type=cache,sharing=\nRUN --mount=type=secret,id=token,re\n',
    );
    const cache = await help(uri, 1, 'RUN --mount=type=cache,sharing='.length);
    assert.match(cache!.signatures[0]!.label, /^--mount=type=cache,target=<path>/);
    assert.equal(activeLabel(cache), 'sharing=<shared|private|locked>');
    const secret = await help(uri, 2, 'RUN --mount=type=secret,id=token,re'.length);
    assert.match(secret!.signatures[0]!.label, /^--mount=type=secret/);
    assert.equal(activeLabel(secret), 'required=<true|false>');
  });

  it('highlights the flag under the cursor in the instructions of a corpus file', async () => {
    const text = corpusFile('moby__buildkit/Dockerfile');
    const uri = await open(text);
    const lines = text.split('\n');
    const copy = lines.findIndex((l) => /^COPY --link --from=/.test(l));
    assert.ok(copy >= 0, 'the file has COPY --link --from=');
    const atFrom = await help(uri, copy, lines[copy]!.indexOf('--from=') + 3);
    assert.match(atFrom!.signatures[0]!.label, /^COPY \[--from=<stage\|image>\]/);
    assert.equal(activeLabel(atFrom), '--from=<stage|image>');
    const atLink = await help(uri, copy, 'COPY --li'.length);
    assert.equal(activeLabel(atLink), '--link');
    const from = lines.findIndex((l) => /^FROM --platform=/.test(l));
    assert.equal(activeLabel(await help(uri, from, 'FROM --plat'.length)), '--platform=<platform>');
    const run = lines.findIndex((l) => /^RUN --mount=target=\/root\/\.cache,type=cache/.test(l));
    assert.equal(
      activeLabel(await help(uri, run, 'RUN --mount=target=/root/.cache,typ'.length)),
      'type=cache',
      'inside --mount: the mount signature',
    );
  });

  it('stays quiet in RUN commands and answers nothing with languageFeatures off', async () => {
    const uri = await open('FROM alpine\nRUN apk add curl\nHEALTHCHECK --interval=\n');
    assert.equal(await help(uri, 1, 'RUN apk add '.length), null);
    assert.ok(await help(uri, 2, 'HEALTHCHECK --interval='.length));
    try {
      server.settings = { languageFeatures: 'off' };
      await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
      assert.equal(await help(uri, 2, 'HEALTHCHECK --interval='.length), null);
    } finally {
      server.settings = {};
      await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    }
  });

  it('never fails on bad input, at every position', async () => {
    const inputs = [
      'FROM a\nRUN --mount=type=',
      'FROM a\nRUN --mount=,,=,type=cache,=x\n',
      'FROM a\nRUN <<EOF\n--mount=type=cache',
      '\uFEFFFROM a\r\nCOPY --from= --chown=\r\n',
      Buffer.from([0, 1, 2, 255, 254, 10, 70, 82, 79, 77, 32, 45, 45, 0, 10]).toString('latin1'),
    ];
    for (const text of inputs) {
      const uri = await open(text);
      const lines = text.split(/\r?\n/);
      for (let line = 0; line <= lines.length; line++)
        for (let character = 0; character <= (lines[line]?.length ?? 0) + 1; character++)
          await help(uri, line, character);
    }
    assert.deepEqual(errors, []);
  });
});
