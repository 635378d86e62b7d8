import { describe, expect, it } from 'vitest';
import { MeshPolicyError } from '../../src/models/index.js';
import {
  compareStrings,
  compareTags,
  containsElement,
  intersect,
  isSubset,
  subsetFromTargetRef,
} from '../../src/targetref/subset.js';

describe('subsetFromTargetRef (spec 03 §3.1)', () => {
  it('maps each representable kind', () => {
    expect(subsetFromTargetRef({ kind: 'Mesh' })).toEqual([]);
    expect(subsetFromTargetRef({ kind: 'MeshSubset', tags: { a: '1', b: '2' } })).toEqual([
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
    ]);
    expect(subsetFromTargetRef({ kind: 'MeshSubset' })).toEqual([]);
    expect(subsetFromTargetRef({ kind: 'MeshService', name: 'web' })).toEqual([
      { key: 'kuma.io/service', value: 'web' },
    ]);
    expect(subsetFromTargetRef({ kind: 'MeshServiceSubset', name: 'web', tags: { version: 'v1' } })).toEqual([
      { key: 'kuma.io/service', value: 'web' },
      { key: 'version', value: 'v1' },
    ]);
  });

  it("fails with Kuma's message for kinds that are not tags, and for MeshService without a name", () => {
    expect(() => subsetFromTargetRef({ kind: 'MeshGateway', name: 'gw' })).toThrow(
      "can't represent MeshGateway as tags",
    );
    expect(() => subsetFromTargetRef({ kind: 'MeshExternalService', name: 'x' })).toThrow(MeshPolicyError);
    expect(() => subsetFromTargetRef({ kind: 'Bogus' } as never)).toThrow("can't represent Bogus as tags");
    expect(() => subsetFromTargetRef({ kind: 'MeshService' })).toThrow(MeshPolicyError);
  });
});

describe('tag algebra (spec 03 §3 tables)', () => {
  it('containsElement', () => {
    const T = (key: string, value: string, not = false) => ({ key, value, not });
    expect(containsElement([T('k1', 'v1')], { k1: 'v1', k2: 'v2' })).toBe(true);
    expect(containsElement([T('k1', 'v1')], { k2: 'v2' })).toBe(false);
    expect(containsElement([T('k1', 'v1', true)], { k1: 'v2' })).toBe(true);
    expect(containsElement([T('k1', 'v1', true)], { k1: 'v1' })).toBe(false);
    expect(containsElement([T('k1', 'v1', true)], { k2: 'v2' })).toBe(true);
    expect(containsElement([T('k1', 'v1'), T('k2', 'v2', true)], { k1: 'v1' })).toBe(true);
    expect(containsElement([T('k1', 'v1', true), T('k2', 'v2')], { k1: 'v2' })).toBe(false);
    expect(containsElement([T('k1', 'v1')], {})).toBe(false);
    expect(containsElement([], {})).toBe(true);
    expect(containsElement([T('constructor', 'x', true)], { a: 'b' })).toBe(true);
  });

  it('isSubset and intersect', () => {
    const svc = (v: string, not = false) => ({ key: 'service', value: v, not });
    const ver = { key: 'version', value: 'v2' };
    expect(isSubset([svc('backend')], [svc('backend'), ver])).toBe(true);
    expect(isSubset([svc('backend')], [svc('frontend', true), ver])).toBe(false);
    expect(isSubset([], [svc('x')])).toBe(true);
    expect(isSubset([svc('backend'), { key: 'version', value: 'v1' }], [])).toBe(false);
    expect(intersect([{ key: 'team', value: 'a' }], [{ key: 'zone', value: 'east' }])).toBe(true);
    expect(
      intersect(
        [{ key: 'team', value: 'a' }],
        [
          { key: 'team', value: 'b' },
          { key: 'zone', value: 'east' },
        ],
      ),
    ).toBe(false);
    expect(intersect([svc('frontend', true)], [svc('frontend')])).toBe(true);
  });
});

describe('compareStrings and compareTags: Go’s string order (UTF-8 bytes)', () => {
  it('orders a character above U+FFFF after U+E000–U+FFFF, as Go does (JavaScript’s < does not)', () => {
    expect(compareStrings('\uff61', '\u{1f600}')).toBeLessThan(0);
    expect(compareStrings('\u{1f600}', '\uff61')).toBeGreaterThan(0);
    expect(compareStrings('a\uff61', 'a\u{1f600}b')).toBeLessThan(0);
    expect(compareStrings('a', 'ab')).toBeLessThan(0);
    expect(compareStrings('b', 'ab')).toBeGreaterThan(0);
    expect(compareStrings('x', 'x')).toBe(0);
    expect(compareTags({ key: 'k', value: '\uff61' }, { key: 'k', value: '\u{1f600}' })).toBeLessThan(0);
  });

  it('rejects non-strings with a MeshPolicyError', () => {
    expect(() => compareStrings(1 as unknown as string, 'a')).toThrow(MeshPolicyError);
  });
});
