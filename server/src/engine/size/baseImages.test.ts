import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalImageName, imageFacts, newestVersionTag, tagFallbacks } from './baseImages';

describe('base-image facts', () => {
  it('falls back from precise tags to the table rows', () => {
    assert.deepEqual(tagFallbacks('22.11.0-alpine3.20').slice(0, 4), [
      '22.11.0-alpine3.20',
      '22.11-alpine3.20',
      '22-alpine3.20',
      '22.11.0-alpine',
    ]);
    const facts = imageFacts('node', '22.11.0-alpine3.20');
    assert.equal(facts.basis, 'fallback');
    assert.equal(facts.row?.tag, '22-alpine');
    assert.equal(facts.family, 'alpine');
    assert.equal(imageFacts('node', '22-alpine').basis, 'table');
  });

  it('infers family and users for images outside the table', () => {
    assert.deepEqual(
      [imageFacts('gcr.io/distroless/static-debian13', 'nonroot')].map((f) => [
        f.family,
        f.defaultUser,
        f.hasShell,
      ]),
      [['distroless', '65532', false]],
    );
    assert.equal(imageFacts('scratch', undefined).hasCaCerts, false);
    assert.equal(imageFacts('example.org/x/y', '1').family, 'unknown');
    assert.equal(imageFacts('mcr.microsoft.com/dotnet/runtime', '8.0-bookworm-slim').family, 'debian');
    assert.equal(imageFacts('golang', '1.19-bullseye').family, 'debian');
  });

  it('canonicalises Docker Hub names and finds the newest version tag', () => {
    assert.equal(canonicalImageName('docker.io', 'library/node'), 'node');
    assert.equal(canonicalImageName('gcr.io', 'distroless/static'), 'gcr.io/distroless/static');
    assert.equal(newestVersionTag('alpine'), '3.24');
    assert.equal(newestVersionTag('nginx'), undefined);
  });
});
