import { describe, expect, it } from 'vitest';
import type { Dataplane, MeshGateway, Resource, TargetRefPolicy } from '../../src/models/index.js';
import { loadResources } from '../../src/models/index.js';
import { matchDataplanePolicies } from '../../src/targetref/match-dataplane.js';
import {
  dataplaneProxyType,
  selectDataplaneMeshGateway,
  selectTargetRef,
  targetRefTagsMatch,
} from '../../src/targetref/select.js';

function load(yaml: string): Resource[] {
  const { resources, issues } = loadResources(yaml);
  expect(issues).toEqual([]);
  return resources;
}
function dp(yaml: string): Dataplane {
  return load(yaml)[0] as Dataplane;
}
function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object') {
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}

const sidecar = dp(`
type: Dataplane
mesh: default
name: web-1
networking:
  address: 10.0.0.1
  inbound:
    - port: 8080
      tags: { kuma.io/service: web, version: v1 }
    - port: 9090
      address: 10.0.0.9
      tags: { kuma.io/service: api }
    - port: 7070
      state: Ignored
      tags: { kuma.io/service: admin }
`);

const builtin = dp(`
type: Dataplane
mesh: default
name: gateway-1
networking:
  address: 127.0.0.1
  gateway:
    type: BUILTIN
    tags: { kuma.io/service: edge-gateway }
`);

const delegated = dp(`
type: Dataplane
mesh: default
name: kong
networking:
  address: 10.0.0.5
  gateway:
    tags: { kuma.io/service: kong }
`);

const gateways = load(`
type: MeshGateway
mesh: default
name: edge
selectors:
  - match: { kuma.io/service: edge-gateway }
tags: { vhost: public }
conf:
  listeners:
    - { port: 8080, protocol: HTTP, tags: { listener: one } }
    - { port: 8080, protocol: HTTP, hostname: foo.example.com, tags: { listener: one } }
    - { port: 8081, protocol: HTTP, tags: { listener: two } }
`) as MeshGateway[];

function policy(name: string, targetRef: unknown, extra: Record<string, unknown> = {}): TargetRefPolicy {
  return deepFreeze({
    type: 'MeshTimeout',
    mesh: 'default',
    name,
    labels: {},
    spec: { targetRef, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1s' } }] },
    ...extra,
  } as TargetRefPolicy);
}

describe('targetRefTagsMatch (spec 01 §2.1)', () => {
  it('matches exact values and * wildcards, requires keys, ignores extra tags', () => {
    expect(targetRefTagsMatch(undefined, undefined)).toBe(true);
    expect(targetRefTagsMatch({}, {})).toBe(true);
    expect(targetRefTagsMatch({ a: 'x' }, { a: 'x', b: 'y' })).toBe(true);
    expect(targetRefTagsMatch({ a: '*' }, { b: 'y' })).toBe(false);
    expect(targetRefTagsMatch({ a: '*' }, { a: 'anything' })).toBe(true);
    expect(targetRefTagsMatch({ a: 'x*' }, { a: 'xy' })).toBe(false);
    expect(targetRefTagsMatch({ a: 'x' }, undefined)).toBe(false);
  });
  it('does not see inherited properties', () => {
    expect(targetRefTagsMatch({ constructor: 'x' }, {})).toBe(false);
    expect(targetRefTagsMatch({ toString: '*' }, { a: 'b' })).toBe(false);
  });
});

describe('proxy classification', () => {
  it('Gateway for builtin and delegated, Sidecar otherwise', () => {
    expect(dataplaneProxyType(sidecar)).toBe('Sidecar');
    expect(dataplaneProxyType(builtin)).toBe('Gateway');
    expect(dataplaneProxyType(delegated)).toBe('Gateway');
  });
});

describe('selectDataplaneMeshGateway (legacy rank)', () => {
  const more = load(`
type: MeshGateway
mesh: default
name: a-generic
selectors:
  - match: { kuma.io/service: '*' }
conf: { listeners: [ { port: 1, protocol: HTTP } ] }
---
type: MeshGateway
mesh: default
name: z-specific
selectors:
  - match: { kuma.io/service: edge-gateway }
conf: { listeners: [ { port: 2, protocol: HTTP } ] }
---
type: MeshGateway
mesh: default
name: b-specific
creationTime: '2024-01-01T00:00:00Z'
selectors:
  - match: { kuma.io/service: edge-gateway }
conf: { listeners: [ { port: 3, protocol: HTTP } ] }
`) as MeshGateway[];
  it('prefers the higher rank, then the later creationTime, then the smaller name', () => {
    expect(selectDataplaneMeshGateway(builtin, more)?.name).toBe('b-specific');
    expect(selectDataplaneMeshGateway(builtin, [more[0], more[1]] as MeshGateway[])?.name).toBe('z-specific');
    expect(selectDataplaneMeshGateway(builtin, [more[1], more[0]] as MeshGateway[])?.name).toBe('z-specific');
    expect(selectDataplaneMeshGateway(builtin, [more[0]] as MeshGateway[])?.name).toBe('a-generic');
  });
  it('returns undefined when nothing matches', () => {
    expect(selectDataplaneMeshGateway(delegated, gateways)).toBeUndefined();
  });
  it('runs for sidecars too (matching on any inbound, Ignored included)', () => {
    const gw = load(`
type: MeshGateway
mesh: default
name: admin-gw
selectors:
  - match: { kuma.io/service: admin }
conf: { listeners: [ { port: 5000, protocol: HTTP } ] }
`) as MeshGateway[];
    expect(selectDataplaneMeshGateway(sidecar, gw)?.name).toBe('admin-gw');
  });
});

describe('selectTargetRef per kind (spec 02 §3.3)', () => {
  const ctx = { dataplane: sidecar, gateway: undefined, httpRoutes: [] };
  const meta = { mesh: 'default', name: 'p', labels: {} };
  it('Mesh selects every non-ignored inbound, using the inbound address when set', () => {
    expect(selectTargetRef(meta, { kind: 'Mesh' }, ctx).inbounds).toEqual(['10.0.0.1:8080', '10.0.0.9:9090']);
  });
  it('proxyTypes filters Mesh/MeshSubset by proxy type', () => {
    expect(selectTargetRef(meta, { kind: 'Mesh', proxyTypes: ['Gateway'] }, ctx).inbounds).toEqual([]);
    expect(selectTargetRef(meta, { kind: 'Mesh', proxyTypes: ['Sidecar'] }, ctx).inbounds).toHaveLength(2);
    const d = { dataplane: delegated, gateway: undefined, httpRoutes: [] };
    expect(selectTargetRef(meta, { kind: 'MeshSubset', proxyTypes: ['Gateway'] }, d).delegatedGateway).toBe(
      true,
    );
    expect(selectTargetRef(meta, { kind: 'Mesh', proxyTypes: ['Sidecar'] }, d).delegatedGateway).toBe(false);
  });
  it('MeshSubset needs all tags; MeshService compares kuma.io/service', () => {
    expect(selectTargetRef(meta, { kind: 'MeshSubset', tags: { version: 'v1' } }, ctx).inbounds).toEqual([
      '10.0.0.1:8080',
    ]);
    expect(
      selectTargetRef(meta, { kind: 'MeshSubset', tags: { version: 'v1', 'kuma.io/service': 'api' } }, ctx)
        .inbounds,
    ).toEqual([]);
    expect(selectTargetRef(meta, { kind: 'MeshService', name: 'api' }, ctx).inbounds).toEqual([
      '10.0.0.9:9090',
    ]);
    expect(selectTargetRef(meta, { kind: 'MeshService', name: 'admin' }, ctx).inbounds).toEqual([]);
  });
  it('MeshServiceSubset tags override the name', () => {
    expect(
      selectTargetRef(meta, { kind: 'MeshServiceSubset', name: 'web', tags: { version: 'v1' } }, ctx)
        .inbounds,
    ).toEqual(['10.0.0.1:8080']);
    expect(
      selectTargetRef(
        meta,
        { kind: 'MeshServiceSubset', name: 'web', tags: { 'kuma.io/service': 'api' } },
        ctx,
      ).inbounds,
    ).toEqual(['10.0.0.9:9090']);
  });
  it('unsupported kinds and missing targetRefs report Kuma errors', () => {
    expect(selectTargetRef(meta, { kind: 'MeshExternalService', name: 'x' }, ctx).error).toBe(
      "unsupported targetRef kind 'MeshExternalService'",
    );
    expect(selectTargetRef(meta, undefined, ctx).error).toBe("unsupported targetRef kind ''");
  });
  it('builtin gateway listeners: merged tags, listener key once per port, hostname keys per listener', () => {
    const gctx = { dataplane: builtin, gateway: gateways[0], httpRoutes: [] };
    const all = selectTargetRef(meta, { kind: 'MeshGateway', name: 'edge' }, gctx);
    expect(all.inbounds).toEqual(['127.0.0.1:8080', '127.0.0.1:8081']);
    expect(all.listenerHostnames).toEqual([
      '127.0.0.1:8080:*',
      '127.0.0.1:8080:foo.example.com',
      '127.0.0.1:8081:*',
    ]);
    expect(all.delegatedGateway).toBe(false);
    const one = selectTargetRef(meta, { kind: 'MeshGateway', name: 'edge', tags: { listener: 'one' } }, gctx);
    expect(one.inbounds).toEqual(['127.0.0.1:8080']);
    const vhost = selectTargetRef(
      meta,
      { kind: 'MeshSubset', tags: { vhost: 'public', listener: 'two' } },
      gctx,
    );
    expect(vhost.listenerHostnames).toEqual(['127.0.0.1:8081:*']);
    expect(selectTargetRef(meta, { kind: 'MeshGateway', name: 'other' }, gctx).inbounds).toEqual([]);
    expect(
      selectTargetRef({ ...meta, mesh: 'other' }, { kind: 'MeshGateway', name: 'edge' }, gctx).inbounds,
    ).toEqual([]);
  });
  it('MeshGateway refs match the display name and only builtin gateways', () => {
    const renamed = {
      ...gateways[0],
      name: 'edge-abc123',
      labels: { 'kuma.io/display-name': 'edge' },
    } as MeshGateway;
    const gctx = { dataplane: builtin, gateway: renamed, httpRoutes: [] };
    expect(selectTargetRef(meta, { kind: 'MeshGateway', name: 'edge' }, gctx).inbounds).toHaveLength(2);
    expect(selectTargetRef(meta, { kind: 'MeshGateway', name: 'edge-abc123' }, gctx).inbounds).toHaveLength(
      0,
    );
    const dctx = { dataplane: delegated, gateway: renamed, httpRoutes: [] };
    expect(selectTargetRef(meta, { kind: 'MeshGateway', name: 'edge' }, dctx).inbounds).toHaveLength(0);
  });
  it('MeshHTTPRoute refs follow the route, warn when missing, stop on cycles', () => {
    const [route1, valid] = load(`
type: MeshHTTPRoute
mesh: default
name: route-1-abc
labels: { kuma.io/display-name: route-1 }
spec:
  targetRef: { kind: MeshService, name: api }
  to: []
---
type: MeshHTTPRoute
mesh: default
name: loop
spec:
  targetRef: { kind: MeshService, name: api }
  to: []
`) as TargetRefPolicy[];
    // Kuma's admission rejects a MeshHTTPRoute whose top-level targetRef is a MeshHTTPRoute, so the
    // loader never yields one; a route built in code can still point at itself.
    const loopYaml = `
type: MeshHTTPRoute
mesh: default
name: loop
spec:
  targetRef: { kind: MeshHTTPRoute, name: loop }
  to: []
`;
    const rejected = loadResources(loopYaml);
    expect(rejected.resources).toEqual([]);
    expect(rejected.issues).toMatchObject([
      { path: 'spec.targetRef.kind', message: 'value is not supported', severity: 'error' },
    ]);
    const loopRoute = {
      ...valid,
      spec: { ...valid?.spec, targetRef: { kind: 'MeshHTTPRoute', name: 'loop' } },
    } as TargetRefPolicy;
    const routes = [route1, loopRoute] as TargetRefPolicy[];
    const rctx = { dataplane: sidecar, gateway: undefined, httpRoutes: routes };
    expect(selectTargetRef(meta, { kind: 'MeshHTTPRoute', name: 'route-1' }, rctx).inbounds).toEqual([
      '10.0.0.9:9090',
    ]);
    expect(selectTargetRef(meta, { kind: 'MeshHTTPRoute', name: 'nope' }, rctx).error).toBe(
      "couldn't resolve MeshHTTPRoute targetRef with name 'nope'",
    );
    const loop = selectTargetRef(meta, { kind: 'MeshHTTPRoute', name: 'loop' }, rctx);
    expect(loop.inbounds).toEqual([]);
    expect(loop.error).toContain('cycle');
  });
});

describe('matchDataplanePolicies', () => {
  it('a sidecar whose inbounds are all Ignored matches nothing, not even Mesh', () => {
    const ignored = dp(`
type: Dataplane
mesh: default
name: x
networking:
  address: 1.1.1.1
  inbound:
    - { port: 1, state: Ignored, tags: { kuma.io/service: a } }
`);
    const r = matchDataplanePolicies('MeshTimeout', ignored, [policy('all', { kind: 'Mesh' })]);
    expect(r.dataplanePolicies).toEqual([]);
    expect(r.explanations[0]?.matched).toBe(false);
  });

  it('spec 02 §5.2: order, ignored inbounds, proxyTypes, per-inbound lists', () => {
    const ps = [
      policy('zz-mesh', { kind: 'Mesh' }, { labels: { 'kuma.io/origin': 'global' } }),
      policy('aa-mesh', { kind: 'Mesh' }, { labels: { 'kuma.io/origin': 'global' } }),
      policy(
        'web-timeouts',
        { kind: 'MeshService', name: 'web' },
        { labels: { 'kuma.io/origin': 'global' } },
      ),
      policy(
        'v1-subset',
        { kind: 'MeshSubset', tags: { version: 'v1' } },
        { labels: { 'kuma.io/origin': 'global' } },
      ),
      policy('local-mesh', { kind: 'Mesh' }, { labels: { 'kuma.io/origin': 'zone' } }),
      policy('api-only', { kind: 'MeshService', name: 'admin' }, { labels: { 'kuma.io/origin': 'global' } }),
      policy(
        'gw-only',
        { kind: 'Mesh', proxyTypes: ['Gateway'] },
        {
          labels: { 'kuma.io/origin': 'global' },
        },
      ),
    ];
    const r = matchDataplanePolicies('MeshTimeout', sidecar, ps);
    expect(r.dataplanePolicies.map((p) => p.name)).toEqual([
      'zz-mesh',
      'aa-mesh',
      'local-mesh',
      'v1-subset',
      'web-timeouts',
    ]);
    expect(Object.keys(r.byInbound)).toEqual(['10.0.0.1:8080', '10.0.0.9:9090']);
    expect(r.byInbound['10.0.0.9:9090']?.map((p) => p.name)).toEqual(['zz-mesh', 'aa-mesh', 'local-mesh']);
    expect(r.warnings).toEqual([]);
    const gwOnly = r.explanations.find((e) => e.policy.name === 'gw-only');
    expect(gwOnly?.matched).toBe(false);
    expect(gwOnly?.reason).toContain('proxyTypes');
    const web = r.explanations.find((e) => e.policy.name === 'web-timeouts');
    expect(web?.position).toBe(4);
    expect(web?.sortKey.kindOrder).toBe(4);
  });

  it('skips shadow policies unless includeShadow, ignores other types', () => {
    const shadow = policy('s', { kind: 'Mesh' }, { labels: { 'kuma.io/effect': 'shadow' } });
    const other = { ...policy('o', { kind: 'Mesh' }), type: 'MeshRetry' } as TargetRefPolicy;
    expect(matchDataplanePolicies('MeshTimeout', sidecar, [shadow, other]).dataplanePolicies).toEqual([]);
    expect(
      matchDataplanePolicies('MeshTimeout', sidecar, [shadow], { includeShadow: true }).dataplanePolicies,
    ).toHaveLength(1);
    const r = matchDataplanePolicies('MeshTimeout', sidecar, [shadow]);
    expect(r.explanations[0]?.skippedAsShadow).toBe(true);
  });

  it('warns byte-for-byte for unresolvable routes and unsupported kinds', () => {
    const r = matchDataplanePolicies('MeshTimeout', sidecar, [
      policy('to-route', { kind: 'MeshHTTPRoute', name: 'missing' }),
      policy('mes', { kind: 'MeshExternalService', name: 'x"y' }),
    ]);
    expect(r.warnings).toEqual([
      `unable to resolve TargetRef on policy: mesh:default name:to-route error:"couldn't resolve MeshHTTPRoute targetRef with name 'missing'"`,
      `unable to resolve TargetRef on policy: mesh:default name:mes error:"unsupported targetRef kind 'MeshExternalService'"`,
    ]);
    expect(r.dataplanePolicies).toEqual([]);
  });

  it('builtin gateway: listener-hostname lists keep input order unless sortListenerHostnameLists', () => {
    const ps = [
      policy('mesh', { kind: 'Mesh' }),
      policy('svc', { kind: 'MeshServiceSubset', name: 'edge-gateway', tags: { listener: 'two' } }),
      policy('gw', { kind: 'MeshGateway', name: 'edge' }),
    ];
    const resources = [...ps, ...gateways];
    const r = matchDataplanePolicies('MeshTimeout', builtin, resources);
    expect(r.byListenerHostname['127.0.0.1:8081:*']?.map((p) => p.name)).toEqual(['mesh', 'svc', 'gw']);
    expect(r.byInbound['127.0.0.1:8081']?.map((p) => p.name)).toEqual(['mesh', 'gw', 'svc']);
    const s = matchDataplanePolicies('MeshTimeout', builtin, resources, { sortListenerHostnameLists: true });
    expect(s.byListenerHostname['127.0.0.1:8081:*']?.map((p) => p.name)).toEqual(['mesh', 'gw', 'svc']);
  });

  it('a sidecar matching a MeshGateway selector gets its listener ports (Kuma 2.8.8 quirk)', () => {
    const gw = load(`
type: MeshGateway
mesh: default
name: web-gw
selectors:
  - match: { kuma.io/service: web }
conf: { listeners: [ { port: 5000, protocol: HTTP } ] }
`);
    const r = matchDataplanePolicies('MeshTimeout', sidecar, [policy('mesh', { kind: 'Mesh' }), ...gw]);
    expect(Object.keys(r.byInbound)).toEqual(['10.0.0.1:5000', '10.0.0.1:8080', '10.0.0.9:9090']);
  });

  it('throws MeshPolicyError for an unknown policy type', () => {
    expect(() => matchDataplanePolicies('Nope', sidecar, [])).toThrowError(/not a targetRef policy type/);
  });

  it('does not mutate its (frozen) inputs', () => {
    const frozen = deepFreeze([policy('b', { kind: 'Mesh' }), policy('a', { kind: 'Mesh' }), ...gateways]);
    expect(() =>
      matchDataplanePolicies('MeshTimeout', deepFreeze(structuredClone(builtin)), frozen),
    ).not.toThrow();
  });
});
