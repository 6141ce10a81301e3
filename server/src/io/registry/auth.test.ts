import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { dockerConfigCredentials, dockerConfigPath, parseChallenge } from './auth';
import { parseRetryAfter } from './http';

const basic = (userPass: string): string => `Basic ${Buffer.from(userPass).toString('base64')}`;

describe('registry authentication', () => {
  it('parses Bearer challenges, commas inside quoted scopes included', () => {
    assert.deepEqual(
      parseChallenge(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull,push"',
      ),
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/node:pull,push',
        },
      },
    );
    assert.deepEqual(parseChallenge('Basic realm="Registry Realm"'), {
      scheme: 'basic',
      params: { realm: 'Registry Realm' },
    });
    assert.equal(
      parseChallenge(['Basic realm="x"', 'Bearer realm="https://t/token",error="insufficient_scope"'])
        ?.scheme,
      'bearer',
      'Bearer wins when both are offered',
    );
    assert.equal(parseChallenge('Negotiate abc'), undefined);
    assert.equal(parseChallenge(undefined), undefined);
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('3', now), 3000);
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now), 5000);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });

  describe('docker config credentials', () => {
    let dir: string;
    let config: string;
    before(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'lean-dockercfg-'));
      config = path.join(dir, 'config.json');
      writeFileSync(
        config,
        JSON.stringify({
          auths: {
            'https://index.docker.io/v1/': { auth: Buffer.from('hubuser:hub-secret').toString('base64') },
            'ghcr.io': { auth: Buffer.from('gh:gh-secret').toString('base64') },
            'http://127.0.0.1:5000': { username: 'local', password: 'local-secret' },
            'broken.example': { auth: Buffer.from('no-colon').toString('base64') },
          },
          credsStore: 'desktop',
        }),
      );
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('finds auths.<host>.auth under every spelling of the host', async () => {
      assert.equal(
        (await dockerConfigCredentials('docker.io', config))?.authorization(),
        basic('hubuser:hub-secret'),
      );
      assert.equal(
        (await dockerConfigCredentials('ghcr.io', config))?.authorization(),
        basic('gh:gh-secret'),
      );
      assert.equal(
        (await dockerConfigCredentials('127.0.0.1:5000', config))?.authorization(),
        basic('local:local-secret'),
      );
      assert.equal(await dockerConfigCredentials('quay.io', config), undefined);
      assert.equal(
        await dockerConfigCredentials('broken.example', config),
        undefined,
        'auth without user:password',
      );
      assert.equal(await dockerConfigCredentials('ghcr.io', path.join(dir, 'missing.json')), undefined);
    });

    it('never shows the secret when printed, serialised or inspected', async () => {
      const credentials = (await dockerConfigCredentials('ghcr.io', config))!;
      for (const shown of [
        JSON.stringify({ credentials }),
        String(credentials),
        inspect(credentials),
        `${credentials}`,
      ]) {
        assert.match(shown, /credentials for ghcr\.io/);
        assert.doesNotMatch(shown, /gh-secret|Z2g6Z2gtc2VjcmV0/);
      }
    });

    it('looks in $DOCKER_CONFIG first, else ~/.docker', () => {
      assert.equal(dockerConfigPath({ DOCKER_CONFIG: '/cfg' }, '/home/u'), path.join('/cfg', 'config.json'));
      assert.equal(dockerConfigPath({}, '/home/u'), path.join('/home/u', '.docker', 'config.json'));
    });
  });
});
