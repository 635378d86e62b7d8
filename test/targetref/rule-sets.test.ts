import { describe, expect, it } from 'vitest';
import type { TargetRefPolicy } from '../../src/models/index.js';
import {
  buildEgressToRules,
  buildFromRules,
  buildSingleItemRules,
  buildToRules,
  goJsonMatches,
  goJsonString,
  ruleMatchesHash,
  toItemConf,
} from '../../src/targetref/rule-sets.js';
import { formatSubset } from '../../src/targetref/subset.js';

const interval = (rules: { conf: unknown }[]): unknown =>
  (rules[0]?.conf as { interval?: string } | undefined)?.interval;

const policy = (
  type: string,
  name: string,
  spec: unknown,
  labels: Record<string, string> = {},
): TargetRefPolicy => ({ type, mesh: 'default', name, labels, spec }) as TargetRefPolicy;

describe('rule-matches hash (spec 03 §5.3 table)', () => {
  it('reproduces the three documented hashes', () => {
    expect(goJsonMatches([{ path: { type: 'Exact', value: '/' } }])).toBe(
      '[{"path":{"value":"/","type":"Exact"}}]',
    );
    expect(ruleMatchesHash([{ path: { type: 'Exact', value: '/' } }])).toBe(
      'JNNc6//C3P17nUsOJm5f4kqG+U3v8pXhS0od9C3+oss=',
    );
    const withHeaders = [
      { path: { type: 'PathPrefix', value: '/api' }, headers: [{ name: 'x-env', value: 'dev' }] },
    ];
    expect(goJsonMatches(withHeaders)).toBe(
      '[{"path":{"value":"/api","type":"PathPrefix"},"headers":[{"name":"x-env","value":"dev"}]}]',
    );
    expect(ruleMatchesHash(withHeaders)).toBe('aQFXhpEoyVnUNlh7wjt5sGb2Nu6QxzNZGsy8yEurnKc=');
    expect(ruleMatchesHash(undefined)).toBe('dCNOmK/nSY+12vHzasLXiswzlGT5UHA7jAGYkvmCuQs=');
  });

  it('orders fields as Go declares them and applies the Kubernetes header type default', () => {
    const m = [
      { headers: [{ name: 'h' }], queryParams: [{ value: 'v', name: 'q', type: 'Exact' }], method: 'GET' },
    ];
    expect(goJsonMatches(m)).toBe(
      '[{"method":"GET","queryParams":[{"type":"Exact","name":"q","value":"v"}],"headers":[{"name":"h"}]}]',
    );
    expect(goJsonMatches(m, { defaultHeaderType: true })).toContain(
      '"headers":[{"type":"Exact","name":"h"}]',
    );
  });

  it('omits empty queryParams / headers lists (omitempty slices) but keeps a written method', () => {
    // Go: `QueryParams []QueryParamsMatch json:"queryParams,omitempty"`, same for headers, so `[]`
    // hashes like an absent list; `Method *Method` is a pointer, written whenever present.
    const plain = [{ path: { type: 'Exact', value: '/' } }];
    const emptyLists = [{ path: { type: 'Exact', value: '/' }, queryParams: [], headers: [] }];
    expect(goJsonMatches(emptyLists)).toBe('[{"path":{"value":"/","type":"Exact"}}]');
    expect(ruleMatchesHash(emptyLists)).toBe(ruleMatchesHash(plain));
    expect(ruleMatchesHash(emptyLists)).toBe('JNNc6//C3P17nUsOJm5f4kqG+U3v8pXhS0od9C3+oss=');
    expect(goJsonMatches([{ method: '' }])).toBe('[{"method":""}]');
    // A null list element decodes to Go's zero struct.
    expect(goJsonMatches([{ queryParams: [null], headers: [null] }])).toBe(
      '[{"queryParams":[{"type":"","name":"","value":""}],"headers":[{"name":""}]}]',
    );
  });

  it('escapes strings the way Go does', () => {
    expect(goJsonString('<a&b>"\\\n\u2028é')).toBe('"\\u003ca\\u0026b\\u003e\\"\\\\\\n\\u2028é"');
  });
});

describe('buildToRules with a MeshHTTPRoute-targeting policy (spec 03 §5.3 example)', () => {
  const route = policy('MeshHTTPRoute', 'http-route-1', {
    targetRef: { kind: 'Mesh' },
    to: [
      {
        targetRef: { kind: 'MeshService', name: 'test-server' },
        rules: [{ matches: [{ path: { type: 'Exact', value: '/' } }], default: {} }],
      },
    ],
  });
  const mtp3 = policy('MeshTimeout', 'mtp-3', {
    targetRef: { kind: 'Mesh' },
    to: [
      {
        targetRef: { kind: 'MeshService', name: 'test-server' },
        default: { http: { requestTimeout: '2s' } },
      },
    ],
  });
  const mtp1 = policy('MeshTimeout', 'mtp-1', {
    targetRef: { kind: 'MeshHTTPRoute', name: 'http-route-1' },
    to: [{ targetRef: { kind: 'Mesh' }, default: { http: { requestTimeout: '1s' } } }],
  });

  it('expands to hash subsets with negated siblings', () => {
    const rules = buildToRules('MeshTimeout', [mtp3, mtp1], [route]);
    const H = 'JNNc6//C3P17nUsOJm5f4kqG+U3v8pXhS0od9C3+oss=';
    expect(rules.map((r) => [formatSubset(r.subset), r.conf, r.origin.map((o) => o.name)])).toEqual([
      [
        `__rule-matches-hash__=${H}, kuma.io/service=test-server`,
        { http: { requestTimeout: '1s' } },
        ['mtp-1', 'mtp-3'],
      ],
      [
        `__rule-matches-hash__!=${H}, kuma.io/service=test-server`,
        { http: { requestTimeout: '2s' } },
        ['mtp-3'],
      ],
    ]);
  });

  it('an unresolvable route fails the whole rule set', () => {
    expect(() => buildToRules('MeshTimeout', [mtp1], [])).toThrow("can't resolve MeshHTTPRoute policy");
  });
});

describe('rule-set builders', () => {
  it('from-rules keep every inbound key, even without from items', () => {
    const p = policy('MeshTrafficPermission', 'p', { targetRef: { kind: 'Mesh' }, from: [] });
    expect(buildFromRules('MeshTrafficPermission', { '10.0.0.1:80': [p], '10.0.0.1:81': [] })).toEqual({
      '10.0.0.1:80': [],
      '10.0.0.1:81': [],
    });
    expect(buildFromRules('MeshHealthCheck', { '10.0.0.1:80': [] })).toEqual({});
  });

  it('single-item rules ignore the top-level targetRef and merge in order', () => {
    const a = policy('MeshPassthrough', 'mp-all', {
      targetRef: { kind: 'Mesh', proxyTypes: ['Sidecar'] },
      default: {
        passthroughMode: 'All',
        appendMatch: [{ type: 'Domain', value: 'a.com', port: 443, protocol: 'tls' }],
      },
    });
    const b = policy('MeshPassthrough', 'mp-web', {
      targetRef: { kind: 'MeshSubset', tags: { app: 'web' }, proxyTypes: ['Sidecar'] },
      default: {
        passthroughMode: 'Matched',
        appendMatch: [{ type: 'CIDR', value: '10.0.0.0/8', port: 5432, protocol: 'tcp' }],
      },
    });
    const rules = buildSingleItemRules('MeshPassthrough', [a, b]);
    expect(rules).toHaveLength(1);
    expect(rules[0]?.subset).toEqual([]);
    expect(rules[0]?.conf).toEqual({
      passthroughMode: 'Matched',
      appendMatch: [
        { type: 'Domain', value: 'a.com', port: 443, protocol: 'tls' },
        { type: 'CIDR', value: '10.0.0.0/8', port: 5432, protocol: 'tcp' },
      ],
    });
    expect(rules[0]?.origin.map((o) => o.name)).toEqual(['mp-all', 'mp-web']);
    expect(buildSingleItemRules('MeshPassthrough', [])).toEqual([]);
  });

  it('applies Kubernetes defaults to Kubernetes-form policies only (spec 03 §7.2.1 example)', () => {
    const base = policy('MeshHealthCheck', 'base', {
      targetRef: { kind: 'Mesh' },
      to: [{ targetRef: { kind: 'Mesh' }, default: { interval: '5s' } }],
    });
    const web = (labels: Record<string, string>) =>
      policy(
        'MeshHealthCheck',
        'web',
        {
          targetRef: { kind: 'MeshService', name: 'web' },
          to: [{ targetRef: { kind: 'Mesh' }, default: { http: {} } }],
        },
        labels,
      );
    const universal = buildToRules('MeshHealthCheck', [base, web({})], []);
    expect(interval(universal)).toBe('5s');
    const k8s = buildToRules('MeshHealthCheck', [base, web({ 'k8s.kuma.io/namespace': 'kuma-system' })], []);
    expect(interval(k8s)).toBe('1m0s');
    const forcedOff = buildToRules('MeshHealthCheck', [base, web({ 'k8s.kuma.io/namespace': 'x' })], [], {
      applyKubernetesDefaults: false,
    });
    expect(interval(forcedOff)).toBe('5s');
  });

  it('toItemConf: route kinds', () => {
    expect(
      toItemConf('MeshHTTPRoute', { targetRef: { kind: 'Mesh' }, rules: [1, 2], hostnames: ['a'] }),
    ).toEqual({
      rules: [2, 1],
      hostnames: ['a'],
    });
    expect(toItemConf('MeshTCPRoute', { targetRef: { kind: 'MeshService', name: 'b' } })).toEqual({
      default: { backendRefs: [{ kind: 'MeshService', name: 'b', weight: 1 }] },
    });
    expect(
      toItemConf('MeshTCPRoute', {
        targetRef: { kind: 'MeshService', name: 'b' },
        rules: [{ x: 1 }, { y: 2 }],
      }),
    ).toEqual({
      x: 1,
    });
  });

  it('a to item that cannot be a subset fails with Kuma’s message', () => {
    const p = policy('MeshTCPRoute', 'r', {
      targetRef: { kind: 'Mesh' },
      to: [{ targetRef: { kind: 'MeshExternalService', name: 'ext' } }],
    });
    expect(() => buildToRules('MeshTCPRoute', [p], [])).toThrow(
      "can't represent MeshExternalService as tags",
    );
  });
});

describe('bad input', () => {
  it('locates a MeshService without a name by its Kuma path', () => {
    const p = policy('MeshTimeout', 't', {
      targetRef: { kind: 'Mesh' },
      to: [
        { targetRef: { kind: 'Mesh' }, default: {} },
        { targetRef: { kind: 'MeshService' }, default: {} },
      ],
    });
    try {
      buildToRules('MeshTimeout', [p], []);
      expect.unreachable();
    } catch (e) {
      expect((e as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([
        'spec.to[1].targetRef.name',
      ]);
    }
  });

  it('an unknown targetRef kind fails with Kuma’s message, unchanged', () => {
    const p = policy('MeshTrafficPermission', 'x', {
      targetRef: { kind: 'Mesh' },
      from: [{ targetRef: { kind: 'Bogus' }, default: { action: 'Allow' } }],
    });
    expect(() => buildFromRules('MeshTrafficPermission', { 'a:1': [p] })).toThrow(
      /^can't represent Bogus as tags$/,
    );
  });
});

describe('buildEgressToRules (spec 02 §8)', () => {
  it('rewrites selecting to[] entries to the policy top-level targetRef, without negations', () => {
    const lb = (name: string, top: unknown, to: unknown[]) =>
      policy('MeshLoadBalancingStrategy', name, { targetRef: top, to });
    const p1 = lb('mlbs-1', { kind: 'Mesh' }, [
      {
        targetRef: { kind: 'MeshService', name: 'external' },
        default: { localityAwareness: { disabled: true } },
      },
      {
        targetRef: { kind: 'MeshService', name: 'other' },
        default: { localityAwareness: { disabled: false } },
      },
    ]);
    const p2 = lb('mlbs-2', { kind: 'MeshServiceSubset', name: 'backend', tags: { version: 'v2' } }, [
      { targetRef: { kind: 'Mesh' }, default: { localityAwareness: { disabled: false } } },
    ]);
    const selects = (_p: unknown, e: { targetRef: { kind: string; name?: string } }) =>
      e.targetRef.kind === 'Mesh' || e.targetRef.name === 'external';
    const rules = buildEgressToRules('MeshLoadBalancingStrategy', [p1, p2], selects);
    // Two tag keys: the general path runs even without negations requested (as in Kuma's egress golden).
    const on = { localityAwareness: { disabled: true } };
    expect(rules.map((r) => [formatSubset(r.subset), r.conf, r.origin.map((o) => o.name)])).toEqual([
      [
        'kuma.io/service=backend, version=v2',
        { localityAwareness: { disabled: false } },
        ['mlbs-1', 'mlbs-2'],
      ],
      ['kuma.io/service!=backend, version=v2', on, ['mlbs-1']],
      ['kuma.io/service=backend, version!=v2', on, ['mlbs-1']],
      ['kuma.io/service!=backend, version!=v2', on, ['mlbs-1']],
    ]);
    const gw = lb('gw', { kind: 'MeshGateway', name: 'g' }, [{ targetRef: { kind: 'Mesh' }, default: {} }]);
    expect(() => buildEgressToRules('MeshLoadBalancingStrategy', [gw], () => true)).toThrow(
      "can't represent MeshGateway as tags",
    );
  });
});

describe('MeshHTTPRoute to-rules (spec 03 §7.3, §7.7)', () => {
  const r = (path: string, name: string) => ({
    matches: [{ path: { type: 'PathPrefix', value: path } }],
    default: { backendRefs: [{ kind: 'MeshService', name }] },
  });
  const route = (name: string, to: unknown[]) =>
    policy('MeshHTTPRoute', name, { targetRef: { kind: 'Mesh' }, to });

  it('merges routes by matches, highest-priority policy first, and splits hostname groups into rules', () => {
    const b = route('b-route', [
      { targetRef: { kind: 'Mesh' }, hostnames: ['a.example'], rules: [r('/y', 'b-y'), r('/z', 'b-z')] },
    ]);
    const a = route('a-route', [{ targetRef: { kind: 'Mesh' }, rules: [r('/x', 'a-x'), r('/y', 'a-y')] }]);
    const rules = buildToRules('MeshHTTPRoute', [b, a], []);
    // Same subset ([]), one rule per hostname group in first-appearance order.
    expect(rules.map((x) => [formatSubset(x.subset), x.conf])).toEqual([
      ['*', { hostnames: ['a.example'], rules: [r('/y', 'b-y'), r('/z', 'b-z')] }],
      ['*', { rules: [r('/x', 'a-x'), r('/y', 'a-y')] }],
    ]);
    // Without hostnames both land in one group: a's /y wins and a's rules come first.
    const b2 = route('b-route', [{ targetRef: { kind: 'Mesh' }, rules: [r('/y', 'b-y'), r('/z', 'b-z')] }]);
    expect(buildToRules('MeshHTTPRoute', [b2, a], [])[0]?.conf).toEqual({
      rules: [r('/x', 'a-x'), r('/y', 'a-y'), r('/z', 'b-z')],
    });
  });

  it('Kubernetes-form routes get weight 1 on backendRefs', () => {
    const k = policy(
      'MeshHTTPRoute',
      'k',
      { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, rules: [r('/', 'svc')] }] },
      { 'k8s.kuma.io/namespace': 'kuma-system' },
    );
    const conf = buildToRules('MeshHTTPRoute', [k], [])[0]?.conf as {
      rules: { default: { backendRefs: unknown[] } }[];
    };
    expect(conf.rules[0]?.default.backendRefs).toEqual([{ kind: 'MeshService', name: 'svc', weight: 1 }]);
  });
});

describe('malformed hand-built policies', () => {
  it('a policy without spec or with non-array sections contributes nothing instead of crashing', () => {
    const noSpec = {
      type: 'MeshTimeout',
      mesh: 'default',
      name: 'x',
      labels: {},
    } as unknown as TargetRefPolicy;
    const oddTo = policy('MeshTimeout', 'y', { targetRef: { kind: 'Mesh' }, to: 'nope' });
    expect(buildToRules('MeshTimeout', [noSpec, oddTo], [])).toEqual([]);
    expect(buildFromRules('MeshTimeout', { 'a:1': [noSpec] })).toEqual({ 'a:1': [] });
    const nullItem = policy('MeshTimeout', 'z', { targetRef: { kind: 'Mesh' }, to: [null] });
    expect(() => buildToRules('MeshTimeout', [nullItem], [])).toThrow('policy item must be an object');
    expect(buildSingleItemRules('MeshTrace', [noSpec])).toEqual([
      expect.objectContaining({ subset: [], conf: {} }),
    ]);
  });
});
