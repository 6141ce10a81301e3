import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import apkData from '../../../../data/apk-packages.json';
import { apkPackageNames, aptPackageFacts, aptPackageNames } from './packageNames';

describe('package names', () => {
  it('lists Debian packages by prefix with their Installed-Size, capped', () => {
    const found = aptPackageNames('python3-p', 100);
    assert.ok(found.names.length > 0);
    assert.ok(found.names.every((p) => p.name.startsWith('python3-p')));
    assert.ok(found.names.every((p) => /^Installed-Size [\d.]+ (B|kB|MB|GB)/.test(p.detail)));
    const capped = aptPackageNames('', 5);
    assert.equal(capped.names.length, 5);
    assert.equal(capped.capped, true);
    assert.match(
      aptPackageNames('bash', 10).names.find((p) => p.name === 'bash')!.detail,
      /already in Debian base images/,
    );
    assert.deepEqual(aptPackageNames('no-such-package-', 10), { names: [], capped: false });
    assert.match(aptPackageFacts('curl')!, /^\*\*curl\*\*: /);
    assert.equal(aptPackageFacts('no-such-package'), undefined);
  });

  it('lists Alpine packages from the corpus data, most used first', () => {
    assert.match(apkData.source, /corpus/);
    const all = apkPackageNames('', 1000).names.map((p) => p.name);
    assert.equal(all[0], apkData.packages[0]![0]);
    assert.ok(all.includes('ca-certificates') && all.includes('build-base'));
    const curl = apkPackageNames('curl', 10).names.find((p) => p.name === 'curl')!;
    assert.match(curl.detail, /MB with dependencies/);
    assert.match(apkPackageNames('gnupg', 10).names[0]!.detail, /named by \d+ Dockerfiles? of the corpus/);
  });
});
