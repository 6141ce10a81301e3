import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDockerfile } from '../model/parse';
import { shippedStages } from '../stages';
import { baseHint, instructionHint, stageLens, statusText } from './display';
import { lookedUpBaseKey } from './baseSize';
import { estimateSizes } from './estimate';
import type { ContextSize, LookedUpBase, SizeInputs } from './types';
import { midpoint } from './units';

function estimate(text: string, inputs: SizeInputs = {}) {
  const model = parseDockerfile(text);
  return estimateSizes(model, shippedStages(model, []), inputs);
}

/** A fake build context: file name → bytes, and file texts for lock files. */
function fakeContext(files: Record<string, number>, texts: Record<string, string> = {}): SizeInputs {
  return {
    contextSize: (sources): ContextSize => {
      let bytes = 0;
      let count = 0;
      for (const [name, size] of Object.entries(files)) {
        if (sources.some((s) => s === '.' || s === name || name.startsWith(`${s.replace(/\/$/, '')}/`))) {
          bytes += size;
          count++;
        }
      }
      return { bytes, files: count, capped: false };
    },
    readContextFile: (rel) => texts[rel],
  };
}

const line = (e: ReturnType<typeof estimate>, stage: number, oneBased: number) =>
  e.stages[stage]!.instructions.find((i) => i.line === oneBased - 1)!;

describe('size estimates', () => {
  it('sizes apt installs from Debian data, honouring --no-install-recommends', () => {
    const lean = estimate(
      'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    );
    const fat = estimate(
      'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    );
    const a = line(lean, 0, 2);
    const b = line(fat, 0, 2);
    assert.match(a.basis, /apt-get install: 1 package \+ \d+ dependencies, Installed-Size/);
    assert.ok(midpoint(b.bytes) > midpoint(a.bytes), 'Recommends add packages');
    assert.ok(
      a.details.some((d) => d.label === 'apt lists' && d.bytes.high === 0 && d.saved),
      'lists removed in the same RUN',
    );
    assert.equal(lean.stages[0]!.base.kind, 'table');
  });

  it('counts apt lists kept, and shows that a later rm saves nothing', () => {
    const e = estimate(
      'FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN rm -rf /var/lib/apt/lists/*\n',
    );
    const install = line(e, 0, 2);
    const lists = install.details.find((d) => d.label === 'apt lists')!;
    assert.ok(lists.bytes.low > 15e6 && lists.bytes.high < 30e6, JSON.stringify(lists.bytes));
    const rm = line(e, 0, 3);
    assert.deepEqual(rm.bytes, { low: 0, high: 0 });
    assert.equal(rm.basis, '+0 B: files removed here still ship in the layer of line 2');
    assert.deepEqual(rm.removedFromLines, [1]);
  });

  it('keeps caches out with cache mounts and --no-cache-dir', () => {
    const ctx = fakeContext(
      { 'requirements.txt': 20 },
      { 'requirements.txt': 'flask==3.0.0\nnumpy==2.4.6\n' },
    );
    const cached = estimate(
      'FROM python:3.13-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n',
      ctx,
    );
    const mounted = estimate(
      'FROM python:3.13-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n',
      ctx,
    );
    const noCache = estimate(
      'FROM python:3.13-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n',
      ctx,
    );
    const c = line(cached, 0, 4);
    const m = line(mounted, 0, 4);
    assert.ok(c.details.some((d) => d.label === 'pip cache' && d.bytes.high > 0));
    assert.ok(
      m.details.some((d) => d.label === 'pip cache' && d.bytes.high === 0 && /cache mount/.test(d.basis)),
    );
    assert.deepEqual(line(noCache, 0, 4).bytes, m.bytes);
    assert.match(m.basis, /requirements\.txt: 2 requirements \(all pinned/);
    assert.ok(m.bytes.low >= 65e6, 'numpy is measured at ~72 MB');
  });

  it('sizes COPY from the context input and npm ci from the lock file', () => {
    const lock = JSON.stringify({
      lockfileVersion: 3,
      packages: Object.fromEntries(
        Array.from({ length: 100 }, (_, i) => [`node_modules/p${i}`, { dev: i >= 80 }]),
      ),
    });
    const ctx = fakeContext(
      { 'package.json': 500, 'package-lock.json': 40_000, 'src/index.js': 2_000_000 },
      { 'package-lock.json': lock },
    );
    const e = estimate(
      'FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nCOPY . .\n',
      ctx,
    );
    assert.deepEqual(line(e, 0, 3).bytes, { low: 40_500, high: 40_500 });
    const npm = line(e, 0, 4);
    assert.match(npm.details[0]!.basis, /package-lock\.json: 80 packages \(20 dev packages omitted\)/);
    assert.equal(line(e, 0, 5).bytes.low, 2_040_500);
  });

  it('marks an unmeasured context and unknown commands as ranges', () => {
    const e = estimate(
      'FROM alpine:3.22\nCOPY . /src\nRUN ./build.sh\nRUN mkdir -p /data && chmod 700 /data\n',
    );
    assert.ok(line(e, 0, 2).unknown);
    assert.match(line(e, 0, 2).basis, /not measured/);
    const opaque = line(e, 0, 3);
    assert.deepEqual(opaque.bytes, { low: 0, high: 50e6 });
    assert.match(opaque.basis, /unknown command \(build\.sh\): the RUN may write anything/);
    assert.ok(line(e, 0, 4).bytes.high <= 100e3, 'mkdir/chmod are small');
  });

  it('inherits FROM <stage> and copies only the named paths from a stage', () => {
    const e = estimate(
      'FROM golang:1.27 AS build\nWORKDIR /src\nRUN go build -o /out/app .\n\nFROM build AS test\nRUN go vet ./...\n\nFROM alpine:3.22\nCOPY --from=build /out/app /usr/local/bin/app\n',
    );
    const [build, test, final] = e.stages;
    assert.equal(test!.base.kind, 'stage');
    assert.deepEqual(test!.base.bytes, build!.total);
    const copy = line(e, 2, 9);
    assert.deepEqual(copy.bytes, { low: 5e6, high: 30e6 });
    assert.match(copy.basis, /Go binary \(line 3\)/);
    assert.ok(!build!.shipped && final!.shipped);
    assert.equal(e.image?.stageIndex, 2);
  });

  it('estimates a golang single-stage image at least 10x its scratch multi-stage version', () => {
    const single = estimate(
      'FROM golang:1.19\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app/server .\nCMD ["/app/server"]\n',
    );
    const multi = estimate(
      'FROM golang:1.19 AS build\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app/server .\n\nFROM scratch\nCOPY --from=build /app/server /server\nENTRYPOINT ["/server"]\n',
    );
    assert.equal(single.stages[0]!.base.kind, 'image-range');
    assert.match(single.stages[0]!.base.basis, /golang:1\.19 is not in the base-image table/);
    assert.ok(
      single.image!.bytes.low >= 10 * multi.image!.bytes.high,
      `${single.image!.bytes.low} vs ${multi.image!.bytes.high}`,
    );
  });

  it('does not count packages the base already has, and purged build dependencies', () => {
    const e = estimate(
      'FROM node:22\nRUN apt-get update && apt-get install -y git curl && rm -rf /var/lib/apt/lists/*\n',
    );
    assert.match(
      line(e, 0, 2).details.find((d) => d.label.startsWith('apt-get install'))!.basis,
      /already in the image: git, curl/,
    );
    const purged = estimate(
      "FROM debian:bookworm-slim\nRUN set -eux; apt-get update; apt-get install -y --no-install-recommends gcc make; apt-mark auto '.*' > /dev/null; apt-get purge -y --auto-remove; rm -rf /var/lib/apt/lists/*\n",
    );
    const plain = estimate(
      'FROM debian:bookworm-slim\nRUN apt-get update; apt-get install -y --no-install-recommends gcc make; rm -rf /var/lib/apt/lists/*\n',
    );
    assert.ok(line(purged, 0, 2).bytes.high < line(plain, 0, 2).bytes.low);
  });

  it('gives unknown bases a marked range', () => {
    const e = estimate('ARG BASE\nFROM $BASE\nRUN true\n');
    assert.ok(e.stages[0]!.base.unknown);
    assert.ok(e.stages[0]!.base.bytes.low < e.stages[0]!.base.bytes.high);
    assert.match(e.stages[0]!.base.basis, /unknown base/);
  });

  it('uses a registry look-up for a base the table does not know, keyed by reference and platform', () => {
    const text = 'ARG REG=registry.example:5000\nFROM --platform=linux/arm64 ${REG}/team/tiny:1\nRUN true\n';
    const before = estimate(text).stages[0]!.base;
    assert.equal(before.kind, 'unknown');
    assert.deepEqual(before.lookup, {
      key: lookedUpBaseKey('registry.example:5000/team/tiny:1', 'linux/arm64'),
      reference: 'registry.example:5000/team/tiny:1',
      platform: 'linux/arm64',
    });
    const found: LookedUpBase = {
      compressedBytes: 12_000_000,
      date: '2026-05-01',
      source: 'registry',
      registry: 'registry.example:5000',
      platform: 'linux/arm64',
    };
    const e = estimate(text, { lookedUpBases: new Map([[before.lookup!.key, found]]) });
    const base = e.stages[0]!.base;
    assert.equal(base.kind, 'registry');
    assert.equal(base.unknown, false);
    assert.deepEqual(base.compressed, { low: 12_000_000, high: 12_000_000 });
    // No family known for this image: the span of all families' ratios (2.0–3.4).
    assert.deepEqual(base.bytes, { low: 24_000_000, high: 40_800_000 });
    assert.match(base.basis, /compressed 12 MB \(linux\/arm64\), from registry, 2026-05-01/);
    assert.match(base.basis, /estimated from the compressed size/);
    assert.equal(base.source, 'registry registry.example:5000');
    assert.equal(base.asOf, '2026-05-01');
    assert.equal(baseHint(e.stages[0]!, 'compressed'), 'registry.example:5000/team/tiny:1 ≈ 12 MB');
    const otherPlatform = estimate(text.replace('linux/arm64', 'linux/amd64'), {
      lookedUpBases: new Map([[before.lookup!.key, found]]),
    });
    assert.equal(otherPlatform.stages[0]!.base.kind, 'unknown', 'an arm64 size is not an amd64 size');
  });

  it('offers no look-up for table images, scratch, stages and unresolved ARGs', () => {
    const e = estimate('FROM node:22 AS a\nFROM a\nFROM scratch\nARG X\nFROM img:$X\n');
    assert.deepEqual(
      e.stages.map((s) => s.base.lookup),
      [undefined, undefined, undefined, undefined],
    );
    assert.ok(
      estimate('FROM node:99-bogus\n').stages[0]!.base.lookup,
      'a tag the table lacks can be looked up',
    );
  });

  it('makes display strings for the editor', () => {
    const e = estimate(
      'FROM node:22 AS builder\nRUN npm ci\n\nFROM node:22-alpine\nCOPY --from=builder /app/node_modules /app/node_modules\n',
    );
    assert.equal(baseHint(e.stages[0]!), 'node:22 ≈ 1.13 GB');
    assert.match(stageLens(e, e.stages[0]!), /^builder .* · discarded$/);
    assert.match(stageLens(e, e.stages[1]!), /^final image .* · \d+% smaller than builder$/);
    assert.match(instructionHint(e.stages[0]!.instructions[0]!), /^\+/);
    assert.match(statusText(e), /^image /);
    assert.ok(midpoint(e.image!.bytes) < midpoint(e.stages[0]!.total));
  });

  it('never throws over odd input', () => {
    for (const text of [
      '',
      'FROM',
      'RUN echo hi\n',
      'FROM scratch\nCOPY\nADD https://example.com/x.tgz /x\nCOPY --from=nope /a /b\n',
    ]) {
      const e = estimate(text);
      assert.ok(Array.isArray(e.stages));
    }
  });
});

describe('estimateSizes image stage', () => {
  it('is the build target when the last stage is not shipped (compose/bake target)', () => {
    const model = parseDockerfile(
      [
        'FROM node:22 AS base',
        'FROM base AS dev',
        'RUN npm i -g nodemon',
        'FROM node:22-alpine AS prod',
        '',
      ].join('\n'),
    );
    // As shippedStages gives it for `--target dev`: dev and the stage it is built FROM.
    const e = estimateSizes(model, new Set([0, 1]));
    assert.equal(e.image?.stageIndex, 1);
    assert.equal(estimateSizes(model, shippedStages(model, [])).image?.stageIndex, 2);
  });
});
