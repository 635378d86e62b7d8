import { describe, expect, it } from 'vitest';
import {
  combineTagSelectorRanks,
  compareTagSelectorRanks,
  dataplaneMatches,
  firstMatchingSelectorRank,
  tagSelectorMatches,
  tagSelectorRank,
} from '../../src/legacy/index.js';

describe('tagSelectorMatches (spec 01 §2.1)', () => {
  it.each([
    [{}, undefined, true],
    [{}, { a: 'b' }, true],
    [{ 'kuma.io/service': 'web' }, { 'kuma.io/service': 'web', version: 'v1' }, true],
    [{ 'kuma.io/service': '*' }, { version: 'v1' }, false],
    [{ 'kuma.io/service': '*', version: 'v2' }, { 'kuma.io/service': 'x', version: 'v1' }, false],
    [{ 'kuma.io/service': 'web*' }, { 'kuma.io/service': 'web-1' }, false],
    [{ 'kuma.io/service': 'Web' }, { 'kuma.io/service': 'web' }, false],
  ])('%j vs %j → %s', (sel, tags, want) => {
    expect(tagSelectorMatches(sel, tags)).toBe(want);
  });
  it('does not see inherited properties such as constructor or __proto__', () => {
    expect(tagSelectorMatches({ constructor: '*' }, {})).toBe(false);
    const sel = JSON.parse('{"__proto__":"*"}') as Record<string, string>;
    expect(tagSelectorMatches(sel, {})).toBe(false);
    expect(tagSelectorMatches(sel, JSON.parse('{"__proto__":"x"}') as Record<string, string>)).toBe(true);
  });
});

describe('rank and comparison (spec 01 §2.2–2.4, §8.1)', () => {
  it('counts exact and wildcard values', () => {
    expect(tagSelectorRank({})).toEqual({ exact: 0, wildcard: 0 });
    expect(tagSelectorRank({ a: '*', b: 'x', c: 'y' })).toEqual({ exact: 2, wildcard: 1 });
  });
  it('orders by total first, then exact', () => {
    const r = (exact: number, wildcard: number) => ({ exact, wildcard });
    expect(compareTagSelectorRanks(r(1, 0), r(0, 1))).toBeGreaterThan(0);
    expect(compareTagSelectorRanks(r(0, 2), r(1, 0))).toBeGreaterThan(0);
    expect(compareTagSelectorRanks(r(2, 1), r(2, 0))).toBeGreaterThan(0);
    expect(compareTagSelectorRanks(r(1, 1), r(1, 1))).toBe(0);
    expect(compareTagSelectorRanks(r(1, 1), r(2, 0))).toBeLessThan(0);
    expect(combineTagSelectorRanks(r(1, 0), r(0, 1))).toEqual(r(1, 1));
  });
});

describe('dataplaneMatches (spec 00 §2.6)', () => {
  const dp = {
    networking: {
      inbound: [
        { tags: { 'kuma.io/service': 'web' } },
        { tags: { 'kuma.io/service': 'admin', version: 'v2' } },
      ],
      gateway: { tags: { 'kuma.io/service': 'edge' } },
    },
  };
  it('matches through any inbound or the gateway tags', () => {
    expect(dataplaneMatches(dp, { 'kuma.io/service': 'admin', version: '*' })).toBe(true);
    expect(dataplaneMatches(dp, { 'kuma.io/service': 'edge' })).toBe(true);
    expect(dataplaneMatches(dp, { 'kuma.io/service': 'web', version: '*' })).toBe(false);
  });
  it('a dataplane with neither inbounds nor gateway matches nothing, as in Kuma', () => {
    expect(dataplaneMatches({}, {})).toBe(false);
    expect(dataplaneMatches({ networking: { inbound: [{ tags: {} }] } }, {})).toBe(true);
  });
});

describe('firstMatchingSelectorRank (spec 01 §5.9)', () => {
  it('returns the first match, not the best', () => {
    const tags = { 'kuma.io/service': 'web', version: 'v1' };
    expect(
      firstMatchingSelectorRank(tags, [
        { match: { 'kuma.io/service': 'db' } },
        { match: { 'kuma.io/service': '*' } },
        { match: { 'kuma.io/service': 'web', version: 'v1' } },
      ]),
    ).toEqual({ exact: 0, wildcard: 1 });
    expect(firstMatchingSelectorRank(tags, [{ match: { 'kuma.io/service': 'db' } }])).toBeUndefined();
  });
});
