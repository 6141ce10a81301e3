// RUN layers whose estimate the real-build benchmark (npm run bench:size) showed to be off for a clear
// reason: packages purged in the same RUN, informational calls of archivers, C compilers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDockerfile } from '../model/parse';
import { shippedStages } from '../stages';
import { estimateSizes } from './estimate';

function estimate(text: string) {
  const model = parseDockerfile(text);
  return estimateSizes(model, shippedStages(model, []));
}

/** The instruction on a 1-based line of the last stage. */
function layer(text: string, oneBasedLine: number) {
  const stages = estimate(text).stages;
  const found = stages.at(-1)!.instructions.find((i) => i.line === oneBasedLine - 1);
  assert.ok(found, `no instruction on line ${oneBasedLine}`);
  return found;
}

const INSTALL = 'apt-get update && apt-get install -y --no-install-recommends xz-utils bzip2';

describe('RUN layers: purge in the same RUN', () => {
  it('purge --auto-remove of everything the RUN installed leaves only dpkg records', () => {
    const kept = layer(`FROM debian:bookworm\nRUN ${INSTALL} && rm -rf /var/lib/apt/lists/*\n`, 2);
    const purged = layer(
      `FROM debian:bookworm\nRUN ${INSTALL} && xz --version && apt-get purge -y --auto-remove xz-utils bzip2 && rm -rf /var/lib/apt/lists/*\n`,
      2,
    );
    // Installed-Size of xz-utils + bzip2 is about 1.4 MB; dpkg's status, logs and debconf stay rewritten.
    assert.ok(kept.bytes.low > 1.3e6, `install alone: ${JSON.stringify(kept.bytes)}`);
    assert.ok(purged.bytes.high <= 1.6e6, `purged: ${JSON.stringify(purged.bytes)}`);
    assert.ok(purged.bytes.low >= 900e3, "dpkg's and debconf's databases are rewritten all the same");
    const install = purged.details.find((d) => d.label.startsWith('apt-get install'))!;
    assert.match(install.basis, /purged again in the same RUN: 2 packages/);
    assert.ok(install.saved && install.saved.low > 1e6, 'the saving is shown');
    assert.ok(!purged.details.some((d) => d.label === 'download'), '`xz --version` downloads nothing');
  });

  it('a plain purge of one named package keeps the others and the dependencies', () => {
    const both = layer(
      'FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends curl git\n',
      2,
    );
    const gitPurged = layer(
      'FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends curl git && apt-get purge -y git\n',
      2,
    );
    const curlOnly = layer(
      'FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends curl git && apt-get purge -y --auto-remove git\n',
      2,
    );
    assert.ok(gitPurged.bytes.high < both.bytes.high, 'the git package itself is gone');
    // curl is still named and installed, so --auto-remove cannot drop the shared dependencies.
    assert.deepEqual(curlOnly.bytes, gitPurged.bytes);
  });

  it('a purge before the install takes nothing out', () => {
    const installed = layer(
      'FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends bzip2\n',
      2,
    );
    const purgeFirst = layer(
      'FROM debian:bookworm\nRUN apt-get purge -y bzip2; apt-get update && apt-get install -y --no-install-recommends bzip2\n',
      2,
    );
    assert.deepEqual(purgeFirst.bytes, installed.bytes);
  });
});

describe('RUN layers: compilers and informational calls', () => {
  it('gcc -o sizes a C/C++ program and COPY --from finds it in the build stage', () => {
    const text = [
      'FROM debian:bookworm AS build',
      'RUN mkdir -p /out && gcc -O2 -o /out/hello /src/hello.c',
      'FROM debian:bookworm',
      'COPY --from=build /out/hello /usr/local/bin/hello',
      '',
    ].join('\n');
    const stages = estimate(text).stages;
    const compile = stages[0]!.instructions.find((i) => i.line === 1)!;
    assert.deepEqual(compile.bytes, { low: 50_000, high: 20_000_000 });
    assert.match(compile.basis, /gcc -o \/out\/hello: estimate: a compiled C\/C\+\+ program/);
    const copy = stages[1]!.instructions.find((i) => i.line === 3)!;
    assert.deepEqual(copy.bytes, { low: 50_000, high: 20_000_000 });
  });

  it('gcc -c (object files only) and tar --version are small changes, not unknown commands', () => {
    const objects = layer('FROM debian:bookworm\nRUN gcc -c -o /tmp/a.o /src/a.c\n', 2);
    assert.equal(objects.unknown, false);
    assert.ok(objects.bytes.high <= 100_000);
    const version = layer('FROM debian:bookworm\nRUN tar --version && curl --version\n', 2);
    assert.equal(version.unknown, false);
    assert.ok(version.bytes.high <= 100_000);
  });
});

describe('RUN layers against real builds', () => {
  // Layer sizes measured by `npm run bench:size` on 2026-11-23 (bench/size-results.json): buildah on a
  // debootstrap bookworm minbase with the official image's apt settings. Each estimate must hold them.
  const MEASURED: Array<[string, number]> = [
    ['apt-get update && apt-get install -y curl', 37_844_992],
    [
      'apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*',
      46_727_168,
    ],
    [
      'apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*',
      257_117_696,
    ],
    [
      'apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*',
      333_622_272,
    ],
    [
      'apt-get update && apt-get install -y --no-install-recommends xz-utils bzip2 && xz --version && apt-get purge -y --auto-remove xz-utils bzip2 && rm -rf /var/lib/apt/lists/*',
      1_374_720,
    ],
  ];
  for (const [script, measured] of MEASURED) {
    it(`holds the ${(measured / 1e6).toFixed(1)} MB measured for RUN ${script.slice(15, 75)}…`, () => {
      const { bytes } = layer(`FROM debian:bookworm\nRUN ${script}\n`, 2);
      assert.ok(
        bytes.low <= measured && measured <= bytes.high,
        `estimate ${bytes.low}–${bytes.high} B, measured ${measured} B`,
      );
    });
  }

  it('counts the .pyc files Debian compiles when it installs Python modules', () => {
    const python = layer('FROM debian:bookworm\nRUN apt-get install -y --no-install-recommends python3\n', 2);
    assert.match(python.basis, /Python modules are byte-compiled on install: \+\d+(\.\d+)?–\d+(\.\d+)? MB/);
    const curl = layer('FROM debian:bookworm\nRUN apt-get install -y --no-install-recommends curl\n', 2);
    assert.doesNotMatch(curl.basis, /byte-compiled/);
  });
});
