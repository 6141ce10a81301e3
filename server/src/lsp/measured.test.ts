import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  MeasuredNotification,
  MeasuredResultsRequest,
  type MeasuredParams,
  type MeasuredResultsResult,
} from '../../../common/protocol';
import { comparisonText, isMeasuredParams, measuredMarkdown, registerMeasured } from './measured';

const URI = 'file:///work/app/Dockerfile';
const TEXT = [
  'FROM debian:bookworm',
  'ENV LANG=C.UTF-8',
  'RUN apt-get update && apt-get install -y curl',
  'COPY payload.bin /payload.bin',
  '',
].join('\n');

const MEASUREMENT: MeasuredParams = {
  uri: URI,
  version: 3,
  engine: 'podman',
  date: '2026-11-23T19:30:14.000Z',
  image: 'lean-dockerfile-measure:0123456789ab',
  stageIndex: 0,
  stageName: null,
  fromLine: 0,
  fromText: 'FROM debian:bookworm',
  total: 170_000_000,
  base: 128_000_000,
  totalEstimate: { low: 150_000_000, high: 160_000_000 },
  baseEstimate: { low: 116_570_000, high: 116_570_000 },
  instructions: [
    { line: 1, keyword: 'ENV', text: 'ENV LANG=C.UTF-8', bytes: 0, estimate: { low: 0, high: 0 } },
    {
      line: 2,
      keyword: 'RUN',
      text: 'RUN apt-get update && apt-get install -y curl',
      bytes: 40_200_000,
      estimate: { low: 33_000_000, high: 41_000_000 },
    },
    {
      line: 3,
      keyword: 'COPY',
      text: 'COPY payload.bin /payload.bin',
      bytes: 2_002_432,
      estimate: { low: 2_000_000, high: 2_000_000 },
    },
  ],
};

/** Just enough of a Connection to capture the handlers registerMeasured installs. */
function fakeConnection() {
  const notifications = new Map<string, (params: unknown) => void>();
  const requests = new Map<string, (params: unknown) => unknown>();
  const warnings: string[] = [];
  const connection = {
    onNotification: (method: string, handler: (params: unknown) => void) =>
      notifications.set(method, handler),
    onRequest: (method: string, handler: (params: unknown) => unknown) => requests.set(method, handler),
    console: { warn: (message: string) => warnings.push(message) },
  } as unknown as Connection;
  return { connection, notifications, requests, warnings };
}

function documentsWith(version: number, text: string): TextDocuments<TextDocument> {
  const document = TextDocument.create(URI, 'dockerfile', version, text);
  return { get: (uri: string) => (uri === URI ? document : undefined) } as TextDocuments<TextDocument>;
}

describe('measured sizes on the server', () => {
  it('compares a measured size with its estimate', () => {
    assert.equal(
      comparisonText(40_200_000, { low: 33e6, high: 41e6 }),
      '40 MB (estimate 33–41 MB, error −8 %)',
    );
    assert.equal(comparisonText(0, { low: 0, high: 100_000 }), '0 B (estimate 0–100 kB)');
    assert.equal(comparisonText(2_500_000, null), '2.5 MB');
  });

  it('keeps a notification and answers it back with the comparison table', () => {
    const fake = fakeConnection();
    registerMeasured(fake.connection, documentsWith(3, TEXT));
    fake.notifications.get(MeasuredNotification)!(MEASUREMENT);
    const answer = fake.requests.get(MeasuredResultsRequest)!({ uri: URI }) as MeasuredResultsResult;
    assert.deepEqual(answer.measurement, MEASUREMENT);
    const rows = answer.markdown.split('\n').filter((l) => l.startsWith('| '));
    assert.deepEqual(rows, [
      '| line | instruction | estimate | measured | error |',
      '| ---: | --- | ---: | ---: | ---: |',
      '| 1 | `FROM debian:bookworm` (base) | 117 MB | 128 MB | −9 % |',
      '| 3 | `RUN apt-get update && apt-get install -y curl` | 33–41 MB | 40 MB | −8 % |',
      '| 4 | `COPY payload.bin /payload.bin` | 2 MB | 2 MB | 0 % |',
      '|  | **image** | 150–160 MB | 170 MB | −9 % |',
    ]);
    assert.equal(fake.requests.get(MeasuredResultsRequest)!({ uri: 'file:///other/Dockerfile' }), null);
  });

  it('ignores a malformed notification', () => {
    const fake = fakeConnection();
    registerMeasured(fake.connection, documentsWith(3, TEXT));
    fake.notifications.get(MeasuredNotification)!({ ...MEASUREMENT, total: '170 MB' });
    assert.equal(fake.requests.get(MeasuredResultsRequest)!({ uri: URI }), null);
    assert.equal(fake.warnings.length, 1);
    assert.equal(isMeasuredParams({ ...MEASUREMENT, instructions: [{ line: 1 }] }), false);
    assert.equal(isMeasuredParams(MEASUREMENT), true);
  });

  it('gives hover lines for a measured instruction and for the FROM line', () => {
    const fake = fakeConnection();
    const measured = registerMeasured(fake.connection, documentsWith(3, TEXT));
    assert.deepEqual(measured.hoverLines(URI, 2), []);
    fake.notifications.get(MeasuredNotification)!(MEASUREMENT);
    assert.deepEqual(measured.hoverLines(URI, 2), [
      'measured: 40 MB (estimate 33–41 MB, error −8 %) · podman, 2026-11-23 19:30',
    ]);
    // The hover's own (current) estimate wins over the one recorded at measuring time.
    assert.deepEqual(measured.hoverLines(URI, 2, { low: 40e6, high: 44e6 }), [
      'measured: 40 MB (estimate 40–44 MB, error +4 %) · podman, 2026-11-23 19:30',
    ]);
    assert.deepEqual(measured.hoverLines(URI, 0), [
      'measured: image 170 MB (estimate 150–160 MB, error −9 %) · podman, 2026-11-23 19:30',
      'measured: base 128 MB (estimate 117 MB, error −9 %)',
    ]);
    assert.deepEqual(measured.hoverLines(URI, 4), []);
  });

  it('drops the lines of an instruction edited since the measurement, keeps the unchanged ones', () => {
    const fake = fakeConnection();
    const edited = TEXT.replace('install -y curl', 'install -y curl git');
    const measured = registerMeasured(fake.connection, documentsWith(4, edited));
    fake.notifications.get(MeasuredNotification)!(MEASUREMENT);
    assert.deepEqual(measured.hoverLines(URI, 2), []);
    assert.equal(measured.hoverLines(URI, 3).length, 1);
  });

  it('writes the table with a note when the history did not match every instruction', () => {
    const partial: MeasuredParams = {
      ...MEASUREMENT,
      base: null,
      instructions: MEASUREMENT.instructions.map((i) => ({ ...i, bytes: null })),
    };
    const markdown = measuredMarkdown(partial, 'Dockerfile');
    assert.match(
      markdown,
      /\| 3 \| `RUN apt-get update && apt-get install -y curl` \| 33–41 MB \| not matched \| – \|/,
    );
    assert.match(markdown, /did not match the Dockerfile completely \(3 instructions without a layer\)/);
  });
});
