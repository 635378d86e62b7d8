import { describe, expect, it } from 'vitest';
import { jsonClone, jsonEqual, jsonLeaves } from '../../src/inspect/json.js';
import { attributeFields } from '../../src/inspect/provenance.js';

describe('jsonLeaves', () => {
  it('walks objects with sorted keys and keeps lists and empty objects as leaves', () => {
    const leaves = jsonLeaves({ b: { y: 1, x: [1, 2] }, a: 's', c: {}, d: null });
    expect(leaves.map((l) => [l.path, l.value])).toEqual([
      ['a', 's'],
      ['b.x', [1, 2]],
      ['b.y', 1],
      ['c', {}],
      ['d', null],
    ]);
  });
  it('treats a root scalar as one leaf with an empty path and an empty root object as none', () => {
    expect(jsonLeaves(3).map((l) => l.path)).toEqual(['']);
    expect(jsonLeaves({})).toEqual([]);
  });
  it('keeps __proto__ keys as data', () => {
    const v = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    expect(jsonLeaves(v).map((l) => l.path)).toEqual(['__proto__.polluted']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const c = jsonClone(v) as Record<string, unknown>;
    expect(Object.keys(c)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('jsonEqual', () => {
  it('ignores key order but not list order or types', () => {
    expect(jsonEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual('1', 1)).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
    expect(jsonEqual({ a: undefined }, {})).toBe(true);
  });
});

describe('attributeFields', () => {
  const low = { type: 'MeshTimeout', mesh: 'default', name: 'low' };
  const high = { type: 'MeshTimeout', mesh: 'default', name: 'high' };
  it('names the highest-priority item that wrote each value', () => {
    const merged = { connectionTimeout: '2s', http: { requestTimeout: '5s' } };
    const e = attributeFields(merged, [
      {
        policy: low,
        items: [
          { conf: { connectionTimeout: '1s', http: { requestTimeout: '5s' } }, path: 'spec.to[0].default' },
        ],
      },
      { policy: high, items: [{ conf: { connectionTimeout: '2s' }, path: 'spec.to[1].default' }] },
    ]);
    expect(e.fields).toEqual([
      { path: 'connectionTimeout', value: '2s', setBy: high, item: 'spec.to[1].default' },
      { path: 'http.requestTimeout', value: '5s', setBy: low, item: 'spec.to[0].default' },
    ]);
  });
  it('falls back to the highest-priority writer of the field when no item wrote the value verbatim', () => {
    const e = attributeFields({ backends: [1, 2] }, [
      { policy: low, items: [{ conf: { backends: [1] }, path: 'spec.default' }] },
      { policy: high, items: [{ conf: { backends: [2] }, path: 'spec.default' }] },
    ]);
    expect(e.fields[0]?.setBy).toEqual(high);
  });
  it('leaves a field unattributed when nobody wrote it', () => {
    expect(attributeFields({ a: 1 }, []).fields).toEqual([{ path: 'a', value: 1 }]);
  });
});
