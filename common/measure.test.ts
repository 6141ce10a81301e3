import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  alignHistory,
  errorPercent,
  formatPercent,
  historyKeyword,
  median,
  parseDockerHistory,
  parsePodmanHistory,
  summarizeErrors,
  type StageInstructionRef,
} from './measure';

// `podman history --format json` of a buildah-built image (podman 4.3), trimmed to the fields we read:
//   FROM debian:bookworm / ENV A=1 / WORKDIR /app / COPY blob ./ / COPY --from=b /x /y / RUN rm /app/blob / CMD ["x"]
const PODMAN = JSON.stringify([
  { id: 'c', CreatedBy: '/bin/sh -c #(nop) CMD ["x"]', size: 0, comment: 'FROM 9a10c878455b' },
  { id: 'r', CreatedBy: '/bin/sh -c rm /app/blob', size: 3584, comment: 'FROM d63a3fc2c17c' },
  { id: 'y', CreatedBy: '/bin/sh -c #(nop) COPY file:7386 in /y ', size: 3001856 },
  { id: 'b', CreatedBy: '/bin/sh -c #(nop) COPY file:f4f7 in ./ ', size: 2002432 },
  { id: 'w', CreatedBy: '/bin/sh -c #(nop) WORKDIR /app', size: 0 },
  { id: 'e', CreatedBy: '/bin/sh -c #(nop) ENV A=1', size: 0 },
  { id: 'base', CreatedBy: '/bin/sh -c #(nop) ADD file:4993 in / ', size: 128337920 },
]);
const STAGE: StageInstructionRef[] = [
  { line: 3, keyword: 'ENV' },
  { line: 4, keyword: 'WORKDIR' },
  { line: 5, keyword: 'COPY' },
  { line: 6, keyword: 'COPY' },
  { line: 7, keyword: 'RUN' },
  { line: 8, keyword: 'CMD' },
];

describe('reading a build history', () => {
  it('parses podman history JSON, newest first', () => {
    const entries = parsePodmanHistory(PODMAN);
    assert.equal(entries.length, 7);
    assert.deepEqual(entries[1], { createdBy: '/bin/sh -c rm /app/blob', bytes: 3584 });
    assert.equal(entries[6]!.bytes, 128337920);
  });

  it('parses docker history lines with sizes in bytes', () => {
    const text = [
      '{"CreatedBy":"CMD [\\"x\\"]","ID":"sha256:1","Size":"0"}',
      '{"CreatedBy":"RUN /bin/sh -c apt-get update # buildkit","ID":"sha256:2","Size":"12936192"}',
      '',
      '{"CreatedBy":"/bin/sh -c #(nop) ADD file:abc in / ","ID":"<missing>","Size":"116570000"}',
    ].join('\n');
    assert.deepEqual(parseDockerHistory(text), [
      { createdBy: 'CMD ["x"]', bytes: 0 },
      { createdBy: 'RUN /bin/sh -c apt-get update # buildkit', bytes: 12936192 },
      { createdBy: '/bin/sh -c #(nop) ADD file:abc in / ', bytes: 116570000 },
    ]);
  });

  it('names the instruction of buildah, classic-builder and BuildKit entries', () => {
    assert.equal(historyKeyword('/bin/sh -c #(nop) ENV A=1'), 'ENV');
    assert.equal(historyKeyword('/bin/sh -c #(nop)  COPY file:abc in /y '), 'COPY');
    assert.equal(historyKeyword('/bin/sh -c apt-get install -y curl'), 'RUN');
    assert.equal(historyKeyword('|2 A=1 B=2 /bin/sh -c make'), 'RUN');
    assert.equal(historyKeyword('RUN /bin/sh -c make # buildkit'), 'RUN');
    assert.equal(historyKeyword('COPY . . # buildkit'), 'COPY');
    assert.equal(historyKeyword('WORKDIR /app'), 'WORKDIR');
    // A RUN under SHELL ["/bin/bash", "-c"]: nothing says RUN, and nothing says otherwise.
    assert.equal(historyKeyword('/bin/bash -o pipefail -c make'), undefined);
  });

  it('matches entries to the stage instructions and leaves the rest to the base', () => {
    const aligned = alignHistory(parsePodmanHistory(PODMAN), STAGE);
    assert.equal(aligned.complete, true);
    assert.deepEqual(
      aligned.instructions.map((i) => [i.line, i.keyword, i.bytes]),
      [
        [3, 'ENV', 0],
        [4, 'WORKDIR', 0],
        [5, 'COPY', 2002432],
        [6, 'COPY', 3001856],
        [7, 'RUN', 3584],
        [8, 'CMD', 0],
      ],
    );
    assert.equal(aligned.baseBytes, 128337920);
    assert.equal(aligned.totalBytes, 128337920 + 2002432 + 3001856 + 3584);
  });

  it('skips an ARG that the builder did not record (BuildKit)', () => {
    const entries = [
      { createdBy: 'RUN /bin/sh -c make # buildkit', bytes: 500 },
      { createdBy: 'base layer', bytes: 1000 },
    ];
    const aligned = alignHistory(entries, [
      { line: 1, keyword: 'ARG' },
      { line: 2, keyword: 'RUN' },
    ]);
    assert.equal(aligned.complete, true);
    assert.deepEqual(
      aligned.instructions.map((i) => i.bytes),
      [0, 500],
    );
    assert.equal(aligned.baseBytes, 1000);
  });

  it('stops at a disagreement instead of shifting sizes onto the wrong instructions', () => {
    // The file gained a COPY after the build: the newest entry is the CMD, not a COPY.
    const aligned = alignHistory(parsePodmanHistory(PODMAN), [...STAGE, { line: 9, keyword: 'COPY' }]);
    assert.equal(aligned.complete, false);
    assert.equal(aligned.baseBytes, undefined);
    assert.ok(aligned.instructions.every((i) => i.bytes === undefined));
  });
});

describe('estimate errors', () => {
  it('measures the middle of the range against the measured size', () => {
    assert.equal(errorPercent({ low: 100, high: 120 }, 100), 10);
    assert.equal(errorPercent({ low: 80, high: 80 }, 100), -20);
    assert.equal(errorPercent({ low: 0, high: 100 }, 0), undefined);
  });

  it('prints signed percentages with a real minus sign', () => {
    assert.equal(formatPercent(5.4), '+5 %');
    assert.equal(formatPercent(-12.6), '−13 %');
    assert.equal(formatPercent(0.2), '0 %');
  });

  it('summarizes: median of absolute errors and the count within the tolerance', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([]), undefined);
    assert.deepEqual(summarizeErrors([-30, 5, -8, 12], 20), {
      count: 4,
      medianAbsolute: 10,
      within: 3,
      tolerance: 20,
    });
  });
});
