import { describe, expect, it } from 'vitest';
import { type Dataplane, loadResources, MeshPolicyError, type Resource } from '../../src/models/index.js';
import { kumaRuleStep, matchedPolicies } from '../../src/targetref/matched.js';
import { computeConf } from '../../src/targetref/rules.js';

function load(yaml: string): Resource[] {
  const { resources, issues } = loadResources(yaml);
  expect(issues).toEqual([]);
  return resources;
}
function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object') {
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}

const web1 = load(`
type: Dataplane
mesh: default
name: web-1
networking:
  address: 10.0.0.1
  inbound:
    - port: 8080
      tags: { kuma.io/service: web, version: v1 }
    - port: 9090
      state: Ignored
      tags: { kuma.io/service: api }
`)[0] as Dataplane;

describe('matchedPolicies: spec 02 §5.2 worked example', () => {
  const mt = (name: string, origin: string, targetRef: string, def: string) => `
type: MeshTimeout
mesh: default
name: ${name}
labels: { kuma.io/origin: ${origin} }
spec:
  targetRef: ${targetRef}
  to:
    - targetRef: { kind: Mesh }
      default: ${def}
`;
  const resources = deepFreeze(
    load(
      [
        mt('zz-mesh', 'global', '{ kind: Mesh }', '{ connectionTimeout: 1s, idleTimeout: 10s }'),
        mt('aa-mesh', 'global', '{ kind: Mesh }', '{ connectionTimeout: 2s }'),
        mt('web-timeouts', 'global', '{ kind: MeshService, name: web }', '{ idleTimeout: 20s }'),
        mt(
          'v1-subset',
          'global',
          '{ kind: MeshSubset, tags: { version: v1 } }',
          '{ http: { requestTimeout: 5s } }',
        ),
        mt('local-mesh', 'zone', '{ kind: Mesh }', '{ connectionTimeout: 3s, http: { requestTimeout: 9s } }'),
        mt('api-only', 'global', '{ kind: MeshService, name: api }', '{ idleTimeout: 99s }'),
        mt('gw-only', 'global', '{ kind: Mesh, proxyTypes: [Gateway] }', '{ idleTimeout: 77s }'),
      ].join('---\n'),
    ),
  );
  const r = matchedPolicies('MeshTimeout', deepFreeze(web1), resources);

  it('sorts the matched policies and drops api-only / gw-only', () => {
    expect(r.dataplanePolicies.map((p) => p.name)).toEqual([
      'zz-mesh',
      'aa-mesh',
      'local-mesh',
      'v1-subset',
      'web-timeouts',
    ]);
  });
  it('merges the to-rule for everything in priority order', () => {
    expect(r.toRules).toHaveLength(1);
    expect(r.toRules[0]?.subset).toEqual([]);
    expect(r.toRules[0]?.conf).toEqual({
      connectionTimeout: '3s',
      idleTimeout: '20s',
      http: { requestTimeout: '5s' },
    });
    expect(r.toRules[0]?.origin.map((o) => o.name)).toEqual([
      'aa-mesh',
      'local-mesh',
      'v1-subset',
      'web-timeouts',
      'zz-mesh',
    ]);
    expect(computeConf(r.toRules, { 'kuma.io/service': 'backend' })).toEqual(r.toRules[0]?.conf);
  });
  it('has from-rule keys only for selected inbounds (an empty list: no from items)', () => {
    expect(r.fromRules).toEqual({ '10.0.0.1:8080': [] });
    expect(r.singleItemRules).toEqual([]);
    expect(r.warnings).toEqual([]);
  });
  it('explains every policy with its sort key and position', () => {
    expect(r.explanations.map((e) => [e.policy.name, e.matched, e.position])).toEqual([
      ['zz-mesh', true, 0],
      ['gw-only', false, undefined],
      ['aa-mesh', true, 1],
      ['local-mesh', true, 2],
      ['v1-subset', true, 3],
      ['web-timeouts', true, 4],
      ['api-only', false, undefined],
    ]);
  });
});

describe('matchedPolicies: from-rules per inbound (spec 02 §9.1)', () => {
  const dp = load(`
type: Dataplane
mesh: default
name: dp
networking:
  address: 10.0.0.2
  inbound:
    - { port: 8080, tags: { kuma.io/service: web } }
    - { port: 8081, tags: { kuma.io/service: api } }
`)[0] as Dataplane;
  it('MeshService top-level selects an inbound, not the proxy', () => {
    const r = matchedPolicies(
      'MeshTrafficPermission',
      dp,
      load(`
type: MeshTrafficPermission
mesh: default
name: allow-web
spec:
  targetRef: { kind: MeshService, name: web }
  from:
    - targetRef: { kind: Mesh }
      default: { action: Allow }
`),
    );
    expect(Object.keys(r.fromRules)).toEqual(['10.0.0.2:8080']);
    expect(r.fromRules['10.0.0.2:8080']?.[0]?.conf).toEqual({ action: 'Allow' });
    expect(r.toRules).toEqual([]);
  });
  it('a from item that cannot be a subset empties all from-rules with Kuma’s warning', () => {
    const r = matchedPolicies(
      'MeshTrafficPermission',
      dp,
      load(`
type: MeshTrafficPermission
mesh: default
name: ok
spec:
  targetRef: { kind: Mesh }
  from:
    - targetRef: { kind: Mesh }
      default: { action: Allow }
---
type: MeshTrafficPermission
mesh: default
name: mes
spec:
  targetRef: { kind: Mesh }
  from:
    - targetRef: { kind: MeshExternalService, name: x }
      default: { action: Deny }
`),
    );
    expect(r.fromRules).toEqual({});
    expect(r.gatewayRules.fromRules).toEqual({});
    expect(r.warnings).toEqual([
      "couldn't create From rules: can't represent MeshExternalService as tags",
      "couldn't create Gateway rules: can't represent MeshExternalService as tags",
    ]);
    expect(r.dataplanePolicies.map((p) => p.name)).toEqual(['ok', 'mes']);
  });
});

describe('matchedPolicies: builtin gateway (spec 02 §9.2)', () => {
  const resources = load(`
type: Dataplane
mesh: mesh-1
name: gateway-1
networking:
  address: 127.0.0.1
  gateway: { type: BUILTIN, tags: { kuma.io/service: edge-gateway } }
---
type: MeshGateway
mesh: mesh-1
name: gateway-1
selectors: [ { match: { kuma.io/service: edge-gateway } } ]
conf:
  listeners:
    - { port: 8080, protocol: HTTP, tags: { listener: one } }
    - { port: 8081, protocol: HTTP, tags: { listener: two } }
---
type: MeshAccessLog
mesh: mesh-1
name: mesh
spec:
  targetRef: { kind: Mesh }
  to: [ { targetRef: { kind: Mesh }, default: { backends: [ { type: File, file: { path: /mesh } } ] } } ]
---
type: MeshAccessLog
mesh: mesh-1
name: servicesubset
spec:
  targetRef: { kind: MeshServiceSubset, name: edge-gateway, tags: { listener: two } }
  to: [ { targetRef: { kind: Mesh }, default: { backends: [ { type: File, file: { path: /servicesubset } } ] } } ]
---
type: MeshAccessLog
mesh: mesh-1
name: gateway
spec:
  targetRef: { kind: MeshGateway, name: gateway-1 }
  to: [ { targetRef: { kind: Mesh }, default: { backends: [ { type: File, file: { path: /to-gateway } } ] } } ]
`);
  const dp = resources[0] as Dataplane;
  const path = (rules: readonly { conf: unknown }[] | undefined) =>
    (rules?.[0]?.conf as { backends?: { file: { path: string } }[] } | undefined)?.backends?.[0]?.file.path;
  it('listener-hostname lists merge in input order; byListener in priority order', () => {
    const r = matchedPolicies('MeshAccessLog', dp, resources);
    expect(path(r.gatewayRules.toRules.byListener['127.0.0.1:8081'])).toBe('/servicesubset');
    expect(path(r.gatewayRules.toRules.byListenerAndHostname['127.0.0.1:8081:*'])).toBe('/to-gateway');
    expect(path(r.gatewayRules.toRules.byListenerAndHostname['127.0.0.1:8080:*'])).toBe('/to-gateway');
  });
  it('sortListenerHostnameLists applies the priority order there too', () => {
    const r = matchedPolicies('MeshAccessLog', dp, resources, { sortListenerHostnameLists: true });
    expect(path(r.gatewayRules.toRules.byListenerAndHostname['127.0.0.1:8081:*'])).toBe('/servicesubset');
  });
});

describe('matchedPolicies: single-item kinds and policies targeting routes', () => {
  it('single-item rules merge the defaults of every matched policy', () => {
    const r = matchedPolicies(
      'MeshTrace',
      web1,
      load(`
type: MeshTrace
mesh: default
name: b-all
spec:
  targetRef: { kind: Mesh }
  default: { backends: [], sampling: { overall: 10 }, tags: [ { name: a, literal: x } ] }
---
type: MeshTrace
mesh: default
name: a-all
spec:
  targetRef: { kind: Mesh }
  default: { backends: [], sampling: { client: 20 } }
`),
    );
    expect(r.dataplanePolicies.map((p) => p.name)).toEqual(['b-all', 'a-all']);
    expect(r.singleItemRules).toHaveLength(1);
    expect(r.singleItemRules[0]?.conf).toMatchObject({ sampling: { overall: 10, client: 20 } });
  });
  it('a policy targeting a MeshHTTPRoute by display name matches with MeshHTTPRoute priority', () => {
    const r = matchedPolicies(
      'MeshTimeout',
      web1,
      load(`
type: MeshHTTPRoute
mesh: default
name: route-1-4w55b
labels: { kuma.io/display-name: route-1 }
spec:
  targetRef: { kind: MeshService, name: web }
  to:
    - targetRef: { kind: MeshService, name: backend }
      rules:
        - matches: [ { path: { type: Exact, value: / } } ]
          default: {}
---
type: MeshTimeout
mesh: default
name: mt1
spec:
  targetRef: { kind: MeshHTTPRoute, name: route-1 }
  to: [ { targetRef: { kind: Mesh }, default: { http: { requestTimeout: 1s } } } ]
---
type: MeshTimeout
mesh: default
name: zz-service
spec:
  targetRef: { kind: MeshServiceSubset, name: web, tags: { version: v1 } }
  to: [ { targetRef: { kind: Mesh }, default: { http: { requestTimeout: 2s } } } ]
`),
    );
    expect(r.dataplanePolicies.map((p) => p.name)).toEqual(['zz-service', 'mt1']);
    const hashed = computeConf(r.toRules, {
      'kuma.io/service': 'backend',
      '__rule-matches-hash__': 'JNNc6//C3P17nUsOJm5f4kqG+U3v8pXhS0od9C3+oss=',
    });
    expect(hashed).toEqual({ http: { requestTimeout: '1s' } });
    expect(computeConf(r.toRules, { 'kuma.io/service': 'other' })).toEqual({
      http: { requestTimeout: '2s' },
    });
  });
});

describe('kumaRuleStep', () => {
  const throwing = (error: unknown) => () => {
    throw error;
  };

  it('turns Kuma-style errors into a warning and the empty result, and rethrows the library’s own', () => {
    const out = kumaRuleStep(
      throwing(new MeshPolicyError('UNSUPPORTED', "can't represent MeshGateway as tags\nmore detail")),
      () => 'empty',
      "couldn't create To rules",
    );
    expect(out).toEqual({
      value: 'empty',
      warning: "couldn't create To rules: can't represent MeshGateway as tags",
    });
    expect(
      kumaRuleStep(
        () => 'built',
        () => 'empty',
        'x',
      ),
    ).toEqual({ value: 'built' });
    expect(() =>
      kumaRuleStep(throwing(new MeshPolicyError('RULE_BUDGET_EXCEEDED', 'too many')), () => 0, 'x'),
    ).toThrow(MeshPolicyError);
  });

  it('tells kinds apart by code, never by message text', () => {
    // A Kuma-returned kind whose text reads like the merge failure is still a warning…
    const out = kumaRuleStep(
      throwing(new MeshPolicyError('INVALID_INPUT', 'policy "x merge failure (Kuma 2.8.8)" is odd')),
      () => 'empty',
      'p',
    );
    expect(out).toEqual({ value: 'empty', warning: 'p: policy "x merge failure (Kuma 2.8.8)" is odd' });
    // …and MERGE_FAILURE propagates whatever its text.
    const merge = new MeshPolicyError('MERGE_FAILURE', 'worded differently');
    expect(() => kumaRuleStep(throwing(merge), () => 0, 'p')).toThrow(merge);
  });

  it('lets anything that is not a MeshPolicyError through unchanged (a defect, not a report)', () => {
    const boom = new TypeError("Cannot assign to read only property '0' of object '[object Array]'");
    let caught: unknown;
    try {
      kumaRuleStep(throwing(boom), () => 0, 'x');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(boom);
  });
});

describe('matchedPolicies: open questions Q2 and Q5', () => {
  it('Q2: exact priority ties are broken by core name descending, with a warning', () => {
    const r = matchedPolicies(
      'MeshTimeout',
      web1,
      load(`
type: MeshTimeout
mesh: default
name: timeouts.team-a
labels: { kuma.io/display-name: timeouts }
spec:
  targetRef: { kind: Mesh }
  to: [ { targetRef: { kind: Mesh }, default: { idleTimeout: 1s } } ]
---
type: MeshTimeout
mesh: default
name: timeouts.team-b
labels: { kuma.io/display-name: timeouts }
spec:
  targetRef: { kind: Mesh }
  to: [ { targetRef: { kind: Mesh }, default: { idleTimeout: 2s } } ]
`),
    );
    expect(r.dataplanePolicies.map((p) => p.name)).toEqual(['timeouts.team-b', 'timeouts.team-a']);
    expect(r.toRules[0]?.conf).toEqual({ idleTimeout: '1s' });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toContain('same priority');
  });

  it('Q5: duplicate MeshHTTPRoute display names: first for matching, last for expansion, one warning', () => {
    const r = matchedPolicies(
      'MeshTimeout',
      web1,
      load(`
type: MeshHTTPRoute
mesh: default
name: route-a
labels: { kuma.io/display-name: route }
spec:
  targetRef: { kind: MeshService, name: web }
  to: []
---
type: MeshHTTPRoute
mesh: default
name: route-b
labels: { kuma.io/display-name: route }
spec:
  targetRef: { kind: MeshService, name: nobody }
  to: []
---
type: MeshTimeout
mesh: default
name: mt
spec:
  targetRef: { kind: MeshHTTPRoute, name: route }
  to: [ { targetRef: { kind: Mesh }, default: { http: { requestTimeout: 1s } } } ]
`),
    );
    expect(r.dataplanePolicies.map((p) => p.name)).toEqual(['mt']);
    expect(r.warnings).toEqual([
      "2 MeshHTTPRoutes of mesh default have the display name 'route': matching uses 'route-a', rule expansion uses 'route-b'",
    ]);
    // route-b has no rules, so the expansion yields no to-rules.
    expect(r.toRules).toEqual([]);
  });
});

describe('matchedPolicies: Kuma 2.8.8 whole-proxy failures (spec 03 §7.6, Q4)', () => {
  const policies = load(`
type: MeshMetric
mesh: default
name: b-profiles
spec:
  targetRef: { kind: Mesh }
  default: { sidecar: { profiles: { appendProfiles: [ { name: Basic } ] } } }
---
type: MeshMetric
mesh: default
name: a-no-list
spec:
  targetRef: { kind: Mesh }
  default: { sidecar: { profiles: { exclude: [ { type: Regex, match: "envoy_.*" } ] } } }
`);
  it('the MeshMetric appendProfiles merge failure is thrown for the type, not turned into a warning', () => {
    expect(() => matchedPolicies('MeshMetric', web1, policies)).toThrow(
      expect.objectContaining({ name: 'MeshPolicyError', code: 'MERGE_FAILURE' }),
    );
  });
  it("appendNilListBehaviour: 'treat-as-empty' (Kuma ≥ 2.10) merges instead", () => {
    const r = matchedPolicies('MeshMetric', web1, policies, { appendNilListBehaviour: 'treat-as-empty' });
    expect(r.warnings).toEqual([]);
    expect(r.singleItemRules).toHaveLength(1);
  });
});
