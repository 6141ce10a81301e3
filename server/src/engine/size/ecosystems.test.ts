import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countCargoLock, countGoSum, countNpmLock, countRequirements, pipPackageSize } from './ecosystems';

describe('lock files', () => {
  it('counts npm lock v3 packages and dev packages', () => {
    const lock = JSON.stringify({
      lockfileVersion: 3,
      packages: {
        '': { name: 'app' },
        'node_modules/express': {},
        'node_modules/express/node_modules/debug': {},
        'node_modules/typescript': { dev: true },
        'node_modules/local': { link: true },
      },
    });
    assert.deepEqual(countNpmLock(lock), { total: 3, dev: 1 });
    assert.equal(countNpmLock('not json'), undefined);
  });

  it('counts npm lock v1, yarn.lock and pnpm-lock.yaml entries', () => {
    const v1 = JSON.stringify({ dependencies: { a: { dependencies: { b: {} } }, c: { dev: true } } });
    assert.deepEqual(countNpmLock(v1), { total: 3, dev: 1 });
    const yarn =
      '# yarn lockfile v1\n\n"a@^1.0.0":\n  version "1.0.0"\n\nb@^2.0.0, b@^2.1.0:\n  version "2.1.0"\n';
    assert.equal(countNpmLock(yarn, 'yarn.lock')?.total, 2);
    const pnpm =
      "lockfileVersion: '9.0'\n\npackages:\n\n  a@1.0.0:\n    resolution: {}\n\n  '@s/b@2.0.0':\n    resolution: {}\n\nsnapshots:\n  x: {}\n";
    assert.equal(countNpmLock(pnpm, 'pnpm-lock.yaml')?.total, 2);
  });

  it('reads requirements files, go.sum and Cargo.lock', () => {
    const req = countRequirements(
      '# comment\nflask==3.0.0\nNumPy>=2 ; python_version > "3.9"\n-r base.txt\n--index-url x\n',
    );
    assert.deepEqual(req.names, ['flask', 'numpy']);
    assert.equal(req.pinned, false);
    assert.deepEqual(req.includes, ['base.txt']);
    assert.equal(countRequirements('a==1\nb==2\n').pinned, true);
    assert.equal(
      countGoSum(
        'github.com/a/b v1.0.0 h1:x=\ngithub.com/a/b v1.0.0/go.mod h1:y=\ngolang.org/x/c v0.1.0 h1:z=\n',
      ),
      2,
    );
    assert.equal(countCargoLock('version = 3\n\n[[package]]\nname = "a"\n\n[[package]]\nname = "b"\n'), 2);
  });

  it('knows measured pip packages', () => {
    assert.match(pipPackageSize('NumPy').basis, /measured/);
    assert.match(pipPackageSize('some-lib').basis, /per-package range/);
  });
});
