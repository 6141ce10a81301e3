import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MEDIA_TYPES,
  compressedSize,
  formatPlatform,
  parseManifest,
  parsePlatform,
  selectPlatform,
  type Descriptor,
} from './manifest';

const digest = (c: string): string => `sha256:${c.repeat(64)}`;
const entry = (
  c: string,
  platform: Descriptor['platform'],
  annotations?: Record<string, string>,
): Descriptor => ({
  mediaType: MEDIA_TYPES.ociManifest,
  digest: digest(c),
  size: 500,
  ...(platform ? { platform } : {}),
  ...(annotations ? { annotations } : {}),
});

describe('registry manifests', () => {
  it('reads OCI and Docker kinds from the Content-Type, the body, or the shape', () => {
    const list = JSON.stringify({
      schemaVersion: 2,
      manifests: [entry('a', { os: 'linux', architecture: 'amd64' })],
    });
    assert.equal(parseManifest(list, `${MEDIA_TYPES.dockerList}; charset=utf-8`).kind, 'index');
    assert.equal(parseManifest(list, 'application/json').kind, 'index', 'shape when the type is generic');
    const image = JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.dockerManifest,
      config: { mediaType: 'x', digest: digest('c'), size: 10 },
      layers: [
        { mediaType: 'l', digest: digest('1'), size: 1000 },
        { mediaType: 'l', digest: digest('2'), size: 234 },
      ],
    });
    const parsed = parseManifest(image, undefined);
    assert.equal(parsed.kind, 'image');
    assert.equal(parsed.mediaType, MEDIA_TYPES.dockerManifest);
    assert.equal(
      compressedSize(parsed as { layers: Descriptor[] }),
      1234,
      'layers only, not the config blob',
    );
  });

  it('refuses schema 1, non-JSON and malformed descriptors', () => {
    assert.throws(
      () => parseManifest('{"schemaVersion":1}', 'application/vnd.docker.distribution.manifest.v1+prettyjws'),
      /unsupported manifest type/,
    );
    assert.throws(() => parseManifest('<html>', MEDIA_TYPES.ociManifest), /not JSON/);
    assert.throws(
      () => parseManifest('{"layers":[{"digest":"x","size":-1}]}', MEDIA_TYPES.ociManifest),
      /entry 0 .* not a descriptor/,
    );
  });

  it('picks the platform entry and never an attestation, even one listed first that claims the platform', () => {
    const entries = [
      entry(
        'f',
        { os: 'linux', architecture: 'amd64' },
        { 'vnd.docker.reference.type': 'attestation-manifest' },
      ),
      entry('e', { os: 'unknown', architecture: 'unknown' }),
      entry('b', { os: 'linux', architecture: 'arm64', variant: 'v8' }),
      entry('a', { os: 'linux', architecture: 'amd64' }),
      entry('c', { os: 'linux', architecture: 'arm', variant: 'v7' }),
    ];
    assert.equal(selectPlatform(entries, { os: 'linux', architecture: 'amd64' })?.digest, digest('a'));
    assert.equal(
      selectPlatform(entries, parsePlatform('linux/arm64')!)?.digest,
      digest('b'),
      'v8 is arm64 by default',
    );
    assert.equal(selectPlatform(entries, parsePlatform('linux/aarch64/v8')!)?.digest, digest('b'));
    assert.equal(
      selectPlatform(entries, parsePlatform('linux/arm/v6')!),
      undefined,
      'another variant is another image',
    );
    assert.equal(selectPlatform(entries, parsePlatform('linux/s390x')!), undefined);
    assert.equal(selectPlatform(entries, parsePlatform('unknown/unknown')!), undefined);
  });

  it('prefers an exact variant over an entry that names none', () => {
    const entries = [
      entry('1', { os: 'linux', architecture: 'arm64' }),
      entry('2', { os: 'linux', architecture: 'arm64', variant: 'v8' }),
    ];
    assert.equal(selectPlatform(entries, parsePlatform('linux/arm64/v8')!)?.digest, digest('2'));
    assert.equal(selectPlatform(entries.slice(0, 1), parsePlatform('linux/arm64/v8')!)?.digest, digest('1'));
  });

  it('parses and prints platforms', () => {
    assert.deepEqual(parsePlatform('Linux/x86_64'), { os: 'linux', architecture: 'amd64' });
    assert.equal(formatPlatform(parsePlatform('linux/arm/v7')!), 'linux/arm/v7');
    assert.equal(parsePlatform('amd64'), undefined);
    assert.equal(parsePlatform('$BUILDPLATFORM'), undefined);
  });
});
