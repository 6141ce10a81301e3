import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiBase, canonicalReference, isLoopbackHost, parseImageReference } from './reference';

describe('image references for registry requests', () => {
  it('sends official Docker Hub images to registry-1.docker.io under library/', () => {
    const node = parseImageReference('node:22-alpine');
    assert.deepEqual(node, {
      apiHost: 'registry-1.docker.io',
      registry: 'docker.io',
      repository: 'library/node',
      tag: '22-alpine',
      digest: undefined,
      plainHttp: false,
    });
    assert.equal(apiBase(node!), 'https://registry-1.docker.io/v2/');
    assert.equal(parseImageReference('docker.io/library/node')?.repository, 'library/node');
    assert.equal(parseImageReference('index.docker.io/node:20')?.repository, 'library/node');
    assert.equal(
      parseImageReference('bitnami/redis')?.repository,
      'bitnami/redis',
      'user images keep their path',
    );
    assert.equal(parseImageReference('bitnami/redis')?.tag, 'latest');
  });

  it('keeps other registries as written, ports included', () => {
    const ghcr = parseImageReference('ghcr.io/owner/tool/sub:v1.2');
    assert.equal(ghcr?.apiHost, 'ghcr.io');
    assert.equal(ghcr?.repository, 'owner/tool/sub', 'one-component rule applies to Docker Hub only');
    assert.equal(ghcr?.tag, 'v1.2');
    const local = parseImageReference('registry.example:5000/team/app:1');
    assert.equal(local?.apiHost, 'registry.example:5000');
    assert.equal(local?.repository, 'team/app');
    assert.equal(
      parseImageReference('localhost/app')?.apiHost,
      'localhost',
      'localhost is a host without dot or port',
    );
  });

  it('uses plain HTTP for loopback registries only', () => {
    assert.equal(apiBase(parseImageReference('127.0.0.1:5000/tiny:1')!), 'http://127.0.0.1:5000/v2/');
    assert.equal(parseImageReference('localhost:5000/tiny')?.plainHttp, true);
    assert.equal(parseImageReference('[::1]:5000/tiny')?.plainHttp, true);
    assert.equal(
      parseImageReference('10.0.0.1:5000/tiny')?.plainHttp,
      false,
      'a LAN address is not loopback',
    );
    assert.equal(
      parseImageReference('127.0.0.1.nip.io/tiny')?.plainHttp,
      false,
      'a name that starts like one is not',
    );
    assert.equal(isLoopbackHost('127.8.9.10:80'), true);
    assert.equal(isLoopbackHost('128.0.0.1'), false);
  });

  it('lets a digest win over a tag, as docker pull does', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const pinned = parseImageReference(`python:3.12@${digest}`);
    assert.equal(pinned?.digest, digest);
    assert.equal(pinned?.tag, undefined);
    assert.equal(canonicalReference(pinned!), `docker.io/library/python@${digest}`);
    assert.equal(canonicalReference(parseImageReference('python')!), 'docker.io/library/python:latest');
  });

  it('rejects what is not a reference', () => {
    for (const bad of [
      '',
      'Node:22',
      'node:${V}',
      'golang:1.19 AS x',
      'a//b',
      'x@sha256:zz',
      'node:-bad',
      'ghcr.io/',
    ]) {
      assert.equal(parseImageReference(bad), undefined, bad);
    }
  });
});
