import { describe, expect, it } from 'vitest';
import { MeshPolicyError } from '../../src/models/index.js';
import {
  applyKubernetesDefaults,
  canonicalConf,
  jsonMergePatch,
  mergeConfs,
} from '../../src/targetref/merge.js';

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}

describe('jsonMergePatch — RFC 7396 Appendix A', () => {
  const vectors: [unknown, unknown, unknown][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [target, patch, result] of vectors) {
    it(`${JSON.stringify(target)} + ${JSON.stringify(patch)}`, () => {
      const t = deepFreeze(structuredClone(target));
      const p = deepFreeze(structuredClone(patch));
      expect(jsonMergePatch(t, p)).toEqual(result);
      expect(t).toEqual(target);
    });
  }

  it('merges __proto__ / constructor / prototype as plain data, keeping siblings', () => {
    const target = JSON.parse('{"a":1,"__proto__":{"x":1},"constructor":{"y":1}}');
    const patch = JSON.parse('{"__proto__":{"z":2},"prototype":{"p":1},"b":2}');
    const out = jsonMergePatch(target, patch) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out).sort()).toEqual(['__proto__', 'a', 'b', 'constructor', 'prototype']);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ x: 1, z: 2 });
    expect(({} as Record<string, unknown>).z).toBeUndefined();
  });
});

describe('mergeConfs', () => {
  it("seed 003's worked example (plain RFC 7396 for an unknown kind)", () => {
    const confs = deepFreeze([
      { conf: 1, sub: { array: [1, 2, 3], other: 50, 'other-array': [3, 4, 5] } },
      { sub: { array: [], 'other-array': [5, 6], extra: 2 } },
    ]);
    expect(mergeConfs('ExamplePolicy', confs)).toEqual([
      { conf: 1, sub: { array: [], other: 50, 'other-array': [5, 6], extra: 2 } },
    ]);
  });

  it('an absent conf (item without default) is the zero conf', () => {
    expect(mergeConfs('MeshTrafficPermission', [undefined])).toEqual([{}]);
    expect(mergeConfs('MeshTrafficPermission', [{ action: 'Deny' }, undefined])).toEqual([
      { action: 'Deny' },
    ]);
    expect(mergeConfs('MeshTCPRoute', [null])).toEqual([{ default: { backendRefs: null } }]);
  });

  it('no confs, no result', () => {
    expect(mergeConfs('MeshTimeout', [])).toEqual([]);
  });

  it('a null written in a policy deletes nothing', () => {
    expect(
      mergeConfs('MeshTimeout', [
        { idleTimeout: '20s', http: { requestTimeout: '1s' } },
        { idleTimeout: null, http: null },
      ]),
    ).toEqual([{ idleTimeout: '20s', http: { requestTimeout: '1s' } }]);
  });

  it('normalises durations the Go way', () => {
    expect(
      mergeConfs('MeshTimeout', [
        { idleTimeout: '77s', connectionTimeout: '1h', http: { requestTimeout: '0.5s' } },
      ]),
    ).toEqual([{ idleTimeout: '1m17s', connectionTimeout: '1h0m0s', http: { requestTimeout: '500ms' } }]);
  });

  it('keeps false / 0 / "" on optional fields, replaces lists wholesale and [] clears optional lists', () => {
    expect(
      mergeConfs('MeshRetry', [
        { http: { numRetries: 5, retryOn: ['5xx', 'reset'] } },
        { http: { numRetries: 0, retryOn: [] } },
      ]),
    ).toEqual([{ http: { numRetries: 0, retryOn: [] } }]);
  });

  it('MeshTrafficPermission: an empty action never overrides (omitempty non-pointer)', () => {
    expect(mergeConfs('MeshTrafficPermission', [{ action: 'Allow' }, { action: '' }, {}])).toEqual([
      { action: 'Allow' },
    ]);
  });

  it('non-pointer lists ignore [] (MeshLoadBalancingStrategy crossZone.failover)', () => {
    const low = { localityAwareness: { crossZone: { failover: [{ to: { type: 'Any' } }] } } };
    const high = { localityAwareness: { crossZone: { failover: [] } } };
    expect(mergeConfs('MeshLoadBalancingStrategy', [low, high])).toEqual([low]);
  });

  it('required fields overwrite: MeshRateLimit requestRate is replaced as a unit', () => {
    const low = { local: { http: { requestRate: { num: 10, interval: '1s' } } } };
    const high = { local: { http: { requestRate: { num: 5 } } } };
    expect(mergeConfs('MeshRateLimit', [low, high])).toEqual([
      { local: { http: { requestRate: { num: 5, interval: '0s' } } } },
    ]);
  });

  it('nested objects merge member-wise and keep stale members (MeshLoadBalancingStrategy)', () => {
    const low = { loadBalancer: { type: 'RingHash', ringHash: { minRingSize: 64 } } };
    const high = { loadBalancer: { type: 'Maglev' } };
    expect(mergeConfs('MeshLoadBalancingStrategy', [low, high])).toEqual([
      { loadBalancer: { type: 'Maglev', ringHash: { minRingSize: 64 } } },
    ]);
  });

  it('normalises durations inside lists too: MeshLoadBalancingStrategy hash-policy cookie ttl', () => {
    const cookie = (ttl: string) => ({ type: 'Cookie', cookie: { name: 'session', ttl } });
    expect(
      mergeConfs('MeshLoadBalancingStrategy', [
        { loadBalancer: { type: 'RingHash', ringHash: { hashPolicies: [cookie('90s')] } } },
        { loadBalancer: { type: 'Maglev', maglev: { hashPolicies: [cookie('1h')] } } },
      ]),
    ).toEqual([
      {
        loadBalancer: {
          type: 'Maglev',
          ringHash: { hashPolicies: [cookie('1m30s')] },
          maglev: { hashPolicies: [cookie('1h0m0s')] },
        },
      },
    ]);
  });

  it('MeshTCPRoute: the highest-priority backendRefs always wins, even when absent', () => {
    expect(
      mergeConfs('MeshTCPRoute', [
        { default: { backendRefs: [{ kind: 'MeshService', name: 'a' }] } },
        { default: {} },
      ]),
    ).toEqual([{ default: { backendRefs: null } }]);
  });

  it('MeshPassthrough appendMatch concatenates, lowest priority first (spec 03 §8.2 example)', () => {
    const all = {
      passthroughMode: 'All',
      appendMatch: [{ type: 'Domain', value: 'a.com', port: 443, protocol: 'tls' }],
    };
    const web = {
      passthroughMode: 'Matched',
      appendMatch: [{ type: 'CIDR', value: '10.0.0.0/8', port: 5432, protocol: 'tcp' }],
    };
    expect(mergeConfs('MeshPassthrough', deepFreeze([all, web]))).toEqual([
      {
        passthroughMode: 'Matched',
        appendMatch: [
          { type: 'Domain', value: 'a.com', port: 443, protocol: 'tls' },
          { type: 'CIDR', value: '10.0.0.0/8', port: 5432, protocol: 'tcp' },
        ],
      },
    ]);
  });

  it('MeshProxyPatch appendModifications concatenates (duplicates kept)', () => {
    const m = { cluster: { operation: 'Add', value: 'x' } };
    expect(
      mergeConfs('MeshProxyPatch', [{ appendModifications: [m] }, { appendModifications: [m] }]),
    ).toEqual([{ appendModifications: [m, m] }]);
  });

  it('appends lists of any length (no spread of a large list into a call)', () => {
    const m = { cluster: { operation: 'Add', value: 'x' } };
    const big = Array.from({ length: 200_000 }, () => m);
    const [merged] = mergeConfs('MeshProxyPatch', [
      { appendModifications: big },
      { appendModifications: [m] },
    ]) as {
      appendModifications: unknown[];
    }[];
    expect(merged?.appendModifications).toHaveLength(200_001);
  });

  it('MeshMetric appendProfiles: Kuma 2.8.8 merge failure by default, ≥2.10 behaviour on request', () => {
    const a = { sidecar: { profiles: { appendProfiles: [{ name: 'All' }] } } };
    const b = { sidecar: { profiles: { exclude: [{ type: 'Regex', match: 'x' }] } } };
    expect(() => mergeConfs('MeshMetric', [a, b])).toThrow(
      expect.objectContaining({ name: 'MeshPolicyError', code: 'MERGE_FAILURE' }),
    );
    expect(() => mergeConfs('MeshMetric', [a, b])).toThrow(
      'MeshMetric appendProfiles merge failure (Kuma 2.8.8)',
    );
    expect(mergeConfs('MeshMetric', [a, b], { appendNilListBehaviour: 'treat-as-empty' })).toEqual([
      {
        sidecar: {
          profiles: { appendProfiles: [{ name: 'All' }], exclude: [{ type: 'Regex', match: 'x' }] },
        },
      },
    ]);
    expect(
      mergeConfs('MeshMetric', [a, { sidecar: { profiles: { appendProfiles: [{ name: 'Basic' }] } } }]),
    ).toEqual([{ sidecar: { profiles: { appendProfiles: [{ name: 'All' }, { name: 'Basic' }] } } }]);
  });

  it('MeshHTTPRoute: rules merged by matches, highest priority first (spec 03 §7.7 worked example)', () => {
    const rule = (path: string, d: unknown) => ({
      matches: [{ path: { type: 'PathPrefix', value: path } }],
      default: d,
    });
    const v1 = { backendRefs: [{ kind: 'MeshService', name: 'backend-v1' }] };
    const v2 = { backendRefs: [{ kind: 'MeshService', name: 'backend-v2' }] };
    const xb = {
      filters: [
        { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-b', value: '1' }] } },
      ],
    };
    // items' confs are already reversed by toItemConf: b = [/z, /y], a = [/y, /x]
    const b = { rules: [rule('/z', v2), rule('/y', xb)] };
    const a = { rules: [rule('/y', v1), rule('/x', v1)] };
    expect(mergeConfs('MeshHTTPRoute', deepFreeze([b, a]))).toEqual([
      { rules: [rule('/x', v1), rule('/y', { ...xb, ...v1 }), rule('/z', v2)] },
    ]);
  });

  it('MeshHTTPRoute: one result per hostname group (mergeValues)', () => {
    const r = (name: string) => ({
      matches: [{ path: { type: 'Exact', value: '/' } }],
      default: { backendRefs: [{ kind: 'MeshService', name }] },
    });
    const out = mergeConfs('MeshHTTPRoute', [
      { hostnames: ['a.com', 'b.com'], rules: [r('one')] },
      { rules: [r('two')] },
      { hostnames: ['b.com'], rules: [r('three')] },
    ]);
    expect(out).toEqual([
      { hostnames: ['a.com'], rules: [r('one')] },
      { hostnames: ['b.com'], rules: [r('three')] },
      { rules: [r('two')] },
    ]);
  });

  it('never mutates its inputs', () => {
    const confs = deepFreeze([
      { http: { requestTimeout: '1s' }, list: [{ a: 1 }] },
      { http: { idleTimeout: '2s' }, list: [{ b: null }] },
    ]);
    const before = structuredClone(confs);
    mergeConfs('MeshTimeout', confs);
    expect(confs).toEqual(before);
  });

  it('__proto__ / constructor / prototype keys in confs are merged as plain data', () => {
    const confs = [
      JSON.parse('{"__proto__":{"polluted":1},"constructor":{"a":1},"keep":1}'),
      JSON.parse('{"__proto__":{"b":2},"prototype":{"c":3},"keep2":2}'),
    ];
    const [out] = mergeConfs('ExamplePolicy', confs) as Record<string, unknown>[];
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ polluted: 1, b: 2 });
    expect(out?.constructor).toEqual({ a: 1 });
    expect(out?.prototype).toEqual({ c: 3 });
    expect(out?.keep).toBe(1);
    expect(out?.keep2).toBe(2);
  });

  it('rejects absurdly deep confs with a MeshPolicyError instead of overflowing the stack', () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 5000; i++) deep = { n: deep };
    expect(() => mergeConfs('ExamplePolicy', [deep, { x: 1 }])).toThrow(MeshPolicyError);
    try {
      mergeConfs('ExamplePolicy', [deep]);
    } catch (e) {
      expect((e as MeshPolicyError).code).toBe('INPUT_TOO_LARGE');
    }
  });
});

describe('canonicalConf', () => {
  it('drops nulls, fills required fields, normalises durations', () => {
    expect(canonicalConf('MeshTimeout', { idleTimeout: '90s', http: { requestTimeout: null } })).toEqual({
      idleTimeout: '1m30s',
      http: {},
    });
    expect(canonicalConf('MeshLoadBalancingStrategy', { loadBalancer: {} })).toEqual({
      loadBalancer: { type: '' },
    });
  });
});

describe('applyKubernetesDefaults (spec 03 §7.2.1)', () => {
  it('fills CRD defaults only where the parent is present', () => {
    expect(applyKubernetesDefaults('MeshHealthCheck', { http: {} })).toEqual({
      interval: '1m',
      timeout: '15s',
      unhealthyThreshold: 5,
      healthyThreshold: 1,
      http: { path: '/' },
    });
    expect(applyKubernetesDefaults('MeshRetry', { http: { numRetries: 1 } })).toEqual({
      http: { numRetries: 1 },
    });
    expect(
      applyKubernetesDefaults('MeshPassthrough', { appendMatch: [{ type: 'Domain', value: 'a.com' }] }),
    ).toEqual({
      passthroughMode: 'None',
      appendMatch: [{ type: 'Domain', value: 'a.com', protocol: 'tcp' }],
    });
  });

  it('changes the merge: the filled interval overrides a lower-priority value (worked example)', () => {
    const base = { interval: '5s' };
    const web = { http: {} };
    expect((mergeConfs('MeshHealthCheck', [base, web])[0] as { interval: string }).interval).toBe('5s');
    const k8sWeb = applyKubernetesDefaults('MeshHealthCheck', web);
    expect((mergeConfs('MeshHealthCheck', [base, k8sWeb])[0] as { interval: string }).interval).toBe('1m0s');
  });
});
