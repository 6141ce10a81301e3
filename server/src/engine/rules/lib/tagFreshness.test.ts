import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cycleOfTag, tagFreshness } from './eol';

const DAY = '2026-11-23';

describe('tagFreshness', () => {
  it('names the newest supported release of an end-of-life tag, keeping the variant suffix', () => {
    const published = (cycle: string) => ['20', '22', '24'].includes(cycle);
    const result = tagFreshness('node', '16-alpine', DAY, published);
    assert.equal(result.product, 'Node.js');
    assert.equal(result.cycle, '16');
    assert.equal(result.status, 'end-of-life');
    assert.equal(result.newestTag, '24-alpine');
    assert.equal(result.newestCycle, '24');
    // The quick fix's smallest step stays the oldest supported release.
    assert.equal(result.oldestSupportedTag, '22-alpine');
  });

  it('without published tags, skips releases whose end of life is not announced yet', () => {
    const result = tagFreshness('golang', '1.20', DAY);
    assert.equal(result.status, 'end-of-life');
    // 1.26 and 1.27 have no date in the table; 1.25 is past on this day: nothing certain to offer.
    assert.equal(result.newestTag, undefined);
    const withPublished = tagFreshness('golang', '1.20', DAY, (c) => c === '1.26');
    assert.equal(withPublished.newestTag, '1.26');
  });

  it('reports a supported tag as such, with a newer release when there is one', () => {
    const result = tagFreshness('python', '3.12-slim', DAY, (c) => c === '3.13' || c === '3.14');
    assert.equal(result.status, 'supported');
    assert.equal(result.newestTag, '3.14-slim');
    const newest = tagFreshness('python', '3.14-slim', DAY, (c) => c === '3.14');
    assert.equal(newest.newestTag, undefined);
  });

  it('says unknown for images and tags the table does not cover', () => {
    assert.equal(tagFreshness('example.com/tool', '1.0', DAY).status, 'unknown');
    assert.equal(tagFreshness('node', 'lts', DAY).status, 'unknown');
    assert.equal(tagFreshness('node', 'lts', DAY).product, 'Node.js');
  });

  it('reads the cycle of published tags', () => {
    assert.equal(cycleOfTag('node', '22.11.0-alpine3.20'), '22');
    assert.equal(cycleOfTag('python', '3.13-slim-bookworm'), '3.13');
    assert.equal(cycleOfTag('example.com/tool', '1'), undefined);
  });
});
