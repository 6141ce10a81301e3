import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandVariables, globRegex, normalizePath, parseEnvArgs, removes, resolvePath } from './paths';

describe('size model paths', () => {
  it('resolves paths against the working directory', () => {
    assert.equal(resolvePath('/app', 'node_modules'), '/app/node_modules');
    assert.equal(resolvePath('/app', '/var/lib/apt/lists/*'), '/var/lib/apt/lists/*');
    assert.equal(resolvePath('/app', '~/.npm'), '/root/.npm');
    assert.equal(normalizePath('/a//b/./c/../d/'), '/a/b/d');
  });

  it('matches removals by prefix and glob, never the other way round', () => {
    assert.ok(removes('/var/lib/apt/lists/*', '/var/lib/apt/lists'));
    assert.ok(removes('/var/lib/apt/lists', '/var/lib/apt/lists'));
    assert.ok(removes('/root/.cache', '/root/.cache/pip'));
    assert.ok(!removes('/root/.cache/pip/http', '/root/.cache/pip'));
    assert.ok(removes('/tmp/*.tar.gz', '/tmp/go.tar.gz'));
    assert.ok(!removes('/tmp/*.tar.gz', '/tmp/go.zip'));
    assert.ok(globRegex('/app/target/*.jar').test('/app/target/app.jar'));
  });

  it('reads ENV in both forms and expands variables', () => {
    assert.deepEqual(parseEnvArgs('A=1 B="x y"'), [
      ['A', '1'],
      ['B', 'x y'],
    ]);
    assert.deepEqual(parseEnvArgs('GOPATH /go'), [['GOPATH', '/go']]);
    const env = new Map([['APP', '/srv/app']]);
    assert.equal(expandVariables('${APP}/bin', env), '/srv/app/bin');
    assert.equal(expandVariables('$UNKNOWN/bin', env), '$UNKNOWN/bin');
  });
});
