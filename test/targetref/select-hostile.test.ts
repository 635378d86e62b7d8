/**
 * Hostile inputs to matching: `__proto__` / `constructor` keys in tags, labels and names are
 * plain data (no prototype pollution, no silently dropped tag), odd kinds never crash, and
 * over-deep confs fail with a MeshPolicyError instead of a RangeError.
 */
import { describe, expect, it } from 'vitest';
import {
  type Dataplane,
  type MeshGateway,
  MeshPolicyError,
  type TargetRefPolicy,
} from '../../src/models/index.js';
import { egressMatchedPolicies } from '../../src/targetref/egress.js';
import { matchedPolicies } from '../../src/targetref/matched.js';
import { mergeConfs } from '../../src/targetref/merge.js';
import { sortByPriority } from '../../src/targetref/priority.js';
import { buildRules, computeConf } from '../../src/targetref/rules.js';
import { validatePolicy } from '../../src/targetref/validate.js';

const json = <T>(text: string): T => JSON.parse(text) as T;

const dp = json<Dataplane>(`{
  "type": "Dataplane", "mesh": "default", "name": "__proto__", "labels": {"__proto__": "x"},
  "networking": {"address": "10.0.0.1", "inbound": [
    {"port": 8080, "tags": {"kuma.io/service": "web", "__proto__": "evil", "constructor": "c"}}
  ]}
}`);

function policy(name: string, targetRef: unknown, labels = '{}'): TargetRefPolicy {
  return json<TargetRefPolicy>(`{
    "type": "MeshTimeout", "mesh": "default", "name": ${JSON.stringify(name)}, "labels": ${labels},
    "spec": {"targetRef": ${JSON.stringify(targetRef)},
             "to": [{"targetRef": {"kind": "Mesh"}, "default": {"idleTimeout": "1s"}}]}
  }`);
}

describe('hostile keys in matching', () => {
  it('a __proto__ targetRef tag is compared as data', () => {
    const ok = json<Record<string, unknown>>(
      '{"kind": "MeshServiceSubset", "name": "web", "tags": {"__proto__": "evil"}}',
    );
    const bad = json<Record<string, unknown>>(
      '{"kind": "MeshServiceSubset", "name": "web", "tags": {"__proto__": "good"}}',
    );
    const subset = json<Record<string, unknown>>('{"kind": "MeshSubset", "tags": {"constructor": "nope"}}');
    const r = matchedPolicies('MeshTimeout', dp, [
      policy('ok', ok),
      policy('bad', bad),
      policy('subset', subset),
    ]);
    expect(r.dataplanePolicies.map((p) => p.name)).toEqual(['ok']);
    expect(({} as Record<string, unknown>).evil).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('good');
  });

  it('policy names and labels named like prototype members are ordinary names', () => {
    const r = matchedPolicies('MeshTimeout', dp, [
      policy('__proto__', { kind: 'Mesh' }, '{"__proto__": "zone", "kuma.io/origin": "zone"}'),
      policy('constructor', { kind: 'Mesh' }),
      policy('toString', { kind: 'Mesh' }),
    ]);
    expect(r.dataplanePolicies.map((p) => p.name)).toEqual(['toString', 'constructor', '__proto__']);
    expect(r.toRules[0]?.origin.map((o) => o.name)).toEqual(['__proto__', 'constructor', 'toString']);
  });

  it('a gateway listener hostname "__proto__" becomes an own key', () => {
    const gwDp = json<Dataplane>(`{"type": "Dataplane", "mesh": "default", "name": "gw", "labels": {},
      "networking": {"address": "1.2.3.4", "gateway": {"type": "BUILTIN", "tags": {"kuma.io/service": "edge"}}}}`);
    const gw = json<MeshGateway>(`{"type": "MeshGateway", "mesh": "default", "name": "edge", "labels": {},
      "selectors": [{"match": {"kuma.io/service": "edge"}}],
      "conf": {"listeners": [{"port": 80, "hostname": "__proto__", "protocol": "HTTP"}]}}`);
    const r = matchedPolicies('MeshTimeout', gwDp, [policy('p', { kind: 'Mesh' }), gw]);
    expect(Object.keys(r.gatewayRules.toRules.byListenerAndHostname)).toEqual(['1.2.3.4:80:__proto__']);
  });

  it('unknown and missing kinds are warnings, never exceptions', () => {
    const r = matchedPolicies('MeshTimeout', dp, [
      policy('weird', { kind: 'Bogus' }),
      policy('proto', { kind: '__proto__' }),
      json<TargetRefPolicy>(
        '{"type": "MeshTimeout", "mesh": "default", "name": "none", "labels": {}, "spec": {}}',
      ),
    ]);
    expect(r.dataplanePolicies).toEqual([]);
    expect(r.warnings).toHaveLength(3);
    expect(r.warnings[2]).toContain(`unsupported targetRef kind ''`);
  });

  it('an over-deep conf fails with a MeshPolicyError, not a stack overflow', () => {
    let deep: unknown = { idleTimeout: '1s' };
    for (let i = 0; i < 5000; i++) deep = { http: deep };
    const p = {
      type: 'MeshTimeout',
      mesh: 'default',
      name: 'deep',
      labels: {},
      spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: deep }] },
    } as TargetRefPolicy;
    expect(() => matchedPolicies('MeshTimeout', dp, [p])).toThrow(MeshPolicyError);
  });

  it('validatePolicy refuses a __proto__ tag key, as the loader does (never drops it unchecked)', () => {
    const r = validatePolicy(
      json(
        '{"type": "MeshTimeout", "labels": {}, "spec": {"targetRef": {"kind": "MeshSubset", "tags": {"__proto__": "a b"}}, "to": [{"targetRef": {"kind": "Mesh"}, "default": {"idleTimeout": "1s"}}]}}',
      ),
    );
    expect(r.ok).toBe(false);
    expect(r.issues).toEqual([
      { path: 'spec.targetRef.tags.__proto__', message: 'key "__proto__" is not allowed' },
    ]);
  });
});

describe('warning quoting', () => {
  it("quotes Kuma's error text the Go way (%q)", () => {
    const r = matchedPolicies('MeshTimeout', dp, [
      policy('q', { kind: 'MeshHTTPRoute', name: 'a"b\\c\nd\u0001' }),
    ]);
    expect(r.warnings).toEqual([
      `unable to resolve TargetRef on policy: mesh:default name:q error:"couldn't resolve MeshHTTPRoute targetRef with name 'a\\"b\\\\c\\nd\\x01'"`,
    ]);
  });
});

describe('malformed resources (untyped callers)', () => {
  it('a policy without spec selects nothing with a warning; a non-Dataplane throws MeshPolicyError', () => {
    const noSpec = json<TargetRefPolicy>(
      '{"type": "MeshTimeout", "mesh": "default", "name": "bare", "labels": {}}',
    );
    const r = matchedPolicies('MeshTimeout', dp, [noSpec]);
    expect(r.dataplanePolicies).toEqual([]);
    expect(r.warnings).toEqual([
      `unable to resolve TargetRef on policy: mesh:default name:bare error:"unsupported targetRef kind ''"`,
    ]);
    expect(() => matchedPolicies('MeshTimeout', json<Dataplane>('{"type": "Dataplane"}'), [])).toThrow(
      MeshPolicyError,
    );
    const gwNoConf = json<MeshGateway>(
      '{"type": "MeshGateway", "mesh": "default", "name": "g", "labels": {}, "selectors": []}',
    );
    expect(() => matchedPolicies('MeshTimeout', dp, [policy('p', { kind: 'Mesh' }), gwNoConf])).not.toThrow();
  });
});

describe('malformed metadata and containers (untyped callers)', () => {
  const noLabels = (type: string, name: string, spec: unknown) =>
    json<TargetRefPolicy>(JSON.stringify({ type, mesh: 'default', name, spec }));
  const route = noLabels('MeshHTTPRoute', 'route-1', { targetRef: { kind: 'Mesh' } });
  const viaRoute = noLabels('MeshTimeout', 'via-route', {
    targetRef: { kind: 'MeshHTTPRoute', name: 'route-1' },
    to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '2s' } }],
  });

  it('policies, routes and gateways without labels (or with labels: null) read as unlabelled', () => {
    const bare = noLabels('MeshTimeout', 'bare', {
      targetRef: { kind: 'Mesh' },
      to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1s' } }],
    });
    const nullLabels = { ...bare, name: 'null-labels', labels: null } as unknown as TargetRefPolicy;
    const r = matchedPolicies('MeshTimeout', dp, [bare, nullLabels, viaRoute, route]);
    expect(r.dataplanePolicies.map((p) => p.name)).toEqual(['null-labels', 'bare', 'via-route']);
    expect(r.warnings).toEqual([]);
    // The route has no `to` entries, so the policy targeting it adds no to-items.
    expect(r.toRules.map((x) => x.origin.map((o) => [o.name, o.labels]))).toEqual([
      [
        ['bare', {}],
        ['null-labels', {}],
      ],
    ]);
    expect(sortByPriority([viaRoute, bare]).map((p) => p.name)).toEqual(['bare', 'via-route']);
    const mtp = noLabels('MeshTrafficPermission', 'mtp', {
      targetRef: { kind: 'Mesh' },
      from: [{ targetRef: { kind: 'Mesh' }, default: { action: 'Allow' } }],
    });
    expect(
      egressMatchedPolicies('MeshTrafficPermission', { 'kuma.io/service': 'x' }, [mtp]).matchedPolicies,
    ).toEqual([mtp]);
  });

  it('non-list containers and non-resources fail with MeshPolicyError, not TypeError', () => {
    const bad = (f: () => unknown) => expect(f).toThrow(MeshPolicyError);
    bad(() => matchedPolicies('MeshTimeout', dp, null as unknown as TargetRefPolicy[]));
    bad(() => matchedPolicies('MeshTimeout', dp, [null as unknown as TargetRefPolicy]));
    bad(() => egressMatchedPolicies('MeshTrafficPermission', null as unknown as Record<string, string>, []));
    bad(() => egressMatchedPolicies('MeshTrafficPermission', {}, 'x' as unknown as TargetRefPolicy[]));
    bad(() => sortByPriority(null as unknown as TargetRefPolicy[]));
    bad(() => sortByPriority([null as unknown as TargetRefPolicy]));
    bad(() => computeConf(null as unknown as [], {}));
    bad(() => computeConf([null] as unknown as [], {}));
    bad(() => buildRules(null as unknown as [], { withNegations: true }));
    bad(() => mergeConfs('MeshTimeout', null as unknown as []));
  });
});
