import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addRanges, compressRange, formatApprox, formatBytes, formatRange, range } from './units';

describe('size units', () => {
  it('formats bytes in decimal units (1 MB = 10^6 B)', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(999), '999 B');
    assert.equal(formatBytes(4_200), '4.2 kB');
    assert.equal(formatBytes(45_000_000), '45 MB');
    assert.equal(formatBytes(3_440_000), '3.4 MB');
    assert.equal(formatBytes(999_700_000), '1 GB');
    assert.equal(formatBytes(1_130_000_000), '1.13 GB');
  });

  it('formats ranges compactly', () => {
    assert.equal(formatRange(range(45e6)), '45 MB');
    assert.equal(formatRange(range(40e6, 60e6)), '40–60 MB');
    assert.equal(formatRange(range(0, 50e6)), '0–50 MB');
    assert.equal(formatRange(range(500e6, 1.2e9)), '500 MB–1.2 GB');
    assert.equal(formatApprox(range(100e6, 110e6)), '≈ 105 MB');
    assert.equal(formatApprox(range(10e6, 100e6)), '10–100 MB');
  });

  it('adds and compresses ranges', () => {
    assert.deepEqual(addRanges(range(1, 2), range(10, 20)), { low: 11, high: 22 });
    assert.deepEqual(compressRange(range(100, 100), { low: 2, high: 4 }), { low: 25, high: 50 });
    assert.deepEqual(range(5, 1), { low: 1, high: 5 });
  });
});
