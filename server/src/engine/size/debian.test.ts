import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  APT_LISTS,
  DEBIAN_SOURCE,
  InstalledSet,
  aptInstall,
  aptKnows,
  aptPackageName,
  aptProfileFor,
} from './debian';

describe('Debian package data', () => {
  it('carries its source and the measured apt lists', () => {
    assert.match(DEBIAN_SOURCE, /apt-cache .*Debian \w+ \w+, package versions as of \d{4}-\d\d-\d\d/);
    assert.ok(APT_LISTS.storedBytes > 10e6 && APT_LISTS.unpackedBytes > APT_LISTS.storedBytes);
  });

  it('normalises package words', () => {
    assert.equal(aptPackageName('gcc=4:12.2.0-3'), 'gcc');
    assert.equal(aptPackageName('zlib1g-dev:arm64'), 'zlib1g-dev');
    assert.equal(aptPackageName('git/bookworm-backports'), 'git');
    assert.equal(aptPackageName('$PHPIZE_DEPS'), undefined);
    assert.equal(aptPackageName('/tmp/x.deb'), undefined);
  });

  it('sizes the closure minus what the base has, with and without Recommends', () => {
    const minbase = new InstalledSet('minbase');
    const lean = aptInstall(['curl'], minbase, false);
    const full = aptInstall(['curl'], minbase, true);
    assert.ok(lean.packages.some((p) => p.name === 'libcurl4' && !p.named));
    assert.ok(lean.packages.some((p) => p.name === 'curl' && p.named));
    assert.ok(!lean.packages.some((p) => p.name === 'libc6'), 'libc6 is in minbase');
    assert.ok(full.bytes > lean.bytes, 'recommendations add packages');
    assert.ok(lean.bytes > 1e6 && lean.bytes < 30e6, `curl closure ${lean.bytes}`);
    // buildpack-deps already has curl.
    const bpd = aptInstall(['curl'], new InstalledSet('buildpack-deps'), false);
    assert.deepEqual(bpd.alreadyInstalled, ['curl']);
    assert.equal(bpd.bytes, 0);
  });

  it('resolves virtual names and reports names it does not know', () => {
    assert.ok(aptKnows('libz-dev'), 'virtual, provided by zlib1g-dev');
    const r = aptInstall(['libz-dev', 'no-such-package-xyz'], new InstalledSet('minbase'), false);
    assert.ok(r.packages.some((p) => p.name === 'zlib1g-dev'));
    assert.deepEqual(r.unknown, ['no-such-package-xyz']);
  });

  it('maps docker-library images to what they have installed', () => {
    assert.equal(aptProfileFor('debian', 'bookworm-slim'), 'minbase');
    assert.equal(aptProfileFor('golang', '1.27'), 'buildpack-deps-scm');
    assert.equal(aptProfileFor('node', '22'), 'buildpack-deps');
    assert.equal(aptProfileFor('python', '3.13-slim'), 'minbase');
  });
});
