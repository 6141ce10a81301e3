import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { baseImageSize } from './baseSize';

describe('base image sizes', () => {
  it('uses the exact row with both views', () => {
    const s = baseImageSize('node', '22');
    assert.equal(s.kind, 'table');
    assert.deepEqual(s.bytes, { low: 1_130_000_000, high: 1_130_000_000 });
    assert.deepEqual(s.compressed, { low: 408_499_334, high: 408_499_334 });
    assert.match(s.basis, /as of \d{4}-\d\d-\d\d/);
    assert.ok(s.source);
  });

  it('derives disk size from the download with the family ratio and says so', () => {
    const s = baseImageSize('node', '26-alpine');
    assert.equal(s.row?.uncompressedBytes, null);
    assert.equal(s.bytes.low, Math.round(62_808_818 * 2.15));
    assert.equal(s.bytes.high, Math.round(62_808_818 * 3.36));
    assert.match(s.basis, /derived .*alpine family ratio/);
  });

  it('falls back to a related tag', () => {
    const s = baseImageSize('node', '22.11.0-alpine3.20');
    assert.equal(s.kind, 'fallback');
    assert.match(s.basis, /using tag 22-alpine/);
  });

  it('gives a marked range, never a point, for unknown tags and images', () => {
    const go = baseImageSize('golang', '1.19');
    assert.equal(go.kind, 'image-range');
    assert.ok(go.unknown && go.bytes.low < go.bytes.high);
    const alpineish = baseImageSize('golang', '1.19-alpine');
    assert.ok(alpineish.bytes.high < go.bytes.low, 'alpine variants compare with alpine tags');
    const mine = baseImageSize('registry.example.com/team/app', '1.0');
    assert.equal(mine.kind, 'unknown');
    assert.match(mine.basis, /unknown base/);
    assert.ok(mine.bytes.low < mine.bytes.high);
    assert.deepEqual(baseImageSize('scratch', undefined).bytes, { low: 0, high: 0 });
  });

  it('uses the arm64 row for --platform=linux/arm64', () => {
    const s = baseImageSize('alpine', 'latest', { platform: 'linux/arm64' });
    assert.equal(s.row?.platform, 'linux/arm64');
    assert.deepEqual(s.compressed, { low: 4_187_659, high: 4_187_659 });
  });
});
