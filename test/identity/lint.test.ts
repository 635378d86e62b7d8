import { describe, expect, it } from 'vitest';
import { lintEcsDataplane } from '../../src/identity/index.js';
import { type Dataplane, loadResources, type Resource } from '../../src/models/index.js';
import { compilePassthrough } from '../../src/passthrough/index.js';

const DEMO: Dataplane = {
  type: 'Dataplane',
  mesh: 'default',
  name: 'demo-app-1',
  labels: {},
  networking: {
    address: '10.0.0.1',
    inbound: [{ port: 8080, tags: { 'kuma.io/service': 'demo-app', app: 'demo' } }],
    outbound: [{ port: 6379, tags: { 'kuma.io/service': 'redis' } }],
  },
};

function load(text: string): Resource[] {
  const r = loadResources(text);
  expect(r.issues).toEqual([]);
  return r.resources;
}

describe('lintEcsDataplane (spec 06 §6, seed 001 example 8)', () => {
  it('the demo dataplane is fine with the services it contacts', () => {
    expect(lintEcsDataplane(DEMO, { contactedServices: ['redis'] })).toEqual({ ok: true, issues: [] });
  });

  it('E2: a contacted service without an outbound', () => {
    expect(lintEcsDataplane(DEMO, { contactedServices: ['redis', 'kv'] }).issues).toEqual([
      {
        path: 'networking.outbound',
        message:
          'mesh service "kv" is not listed in networking.outbound; without transparent proxying it cannot be reached through the mesh',
        severity: 'error',
      },
    ]);
  });

  it('E2: a backendRef outbound reaches its service', () => {
    const dp: Dataplane = {
      ...DEMO,
      networking: {
        ...DEMO.networking,
        outbound: [{ port: 7000, backendRef: { kind: 'MeshService', name: 'kv' } }],
      },
    };
    expect(lintEcsDataplane(dp, { contactedServices: ['kv'] }).ok).toBe(true);
  });

  it('E1: transparent proxying', () => {
    const dp: Dataplane = {
      ...DEMO,
      networking: { ...DEMO.networking, transparentProxying: { redirectPortOutbound: 15001 } },
    };
    expect(lintEcsDataplane(dp).issues).toEqual([
      {
        path: 'networking.transparentProxying',
        message: 'transparent proxying is not supported on ECS',
        severity: 'error',
      },
    ]);
  });

  it("E3: Kuma's outbound validation", () => {
    const dp = {
      ...DEMO,
      networking: {
        ...DEMO.networking,
        outbound: [
          { port: 0, tags: { 'kuma.io/service': 'a' } },
          { port: 80, address: '10.0.0.256', tags: { 'kuma.io/service': 'b' } },
          { port: 81, tags: { app: 'c' } },
          {
            port: 82,
            tags: { 'kuma.io/service': 'd' },
            backendRef: { kind: 'MeshService' as const, name: 'd' },
          },
        ],
      },
    };
    expect(lintEcsDataplane(dp).issues.map((i) => [i.path, i.message])).toEqual([
      ['networking.outbound[0].port', 'port must be in the range [1, 65535]'],
      ['networking.outbound[1].address', 'address has to be valid IP address'],
      ['networking.outbound[2].tags', 'mandatory tag "kuma.io/service" is missing'],
      ['networking.outbound[3].backendRef', 'both backendRef and tags/service cannot be defined'],
    ]);
  });

  it('E1/E3: null is an absent field, as in Kuma (protojson reads null as the default)', () => {
    const dp = {
      ...DEMO,
      networking: {
        ...DEMO.networking,
        transparentProxying: null,
        outbound: [
          { port: 6379, address: null, tags: { 'kuma.io/service': 'redis' } },
          { port: 7000, backendRef: null },
        ],
      },
    };
    expect(lintEcsDataplane(dp as never).issues).toEqual([
      {
        path: 'networking.outbound[1].tags',
        message: 'mandatory tag "kuma.io/service" is missing',
        severity: 'error',
      },
    ]);
  });

  it('E4: a MeshSubset MeshPassthrough with empty tags selects like Mesh (spec 04 §2.2)', () => {
    const resources = load(`
type: MeshPassthrough
name: subset-all
spec:
  targetRef: { kind: MeshSubset, proxyTypes: [Sidecar], tags: {} }
  default: { passthroughMode: All }
`);
    const ignored: Dataplane = {
      ...DEMO,
      networking: {
        ...DEMO.networking,
        inbound: [{ port: 8080, state: 'Ignored', tags: { 'kuma.io/service': 'demo-app' } }],
      },
    };
    for (const dp of [DEMO, ignored])
      expect(lintEcsDataplane(dp, resources).issues.map((i) => [i.resource?.name, i.path])).toEqual([
        ['subset-all', 'spec'],
      ]);
  });

  it('E4: a MeshPassthrough selecting the dataplane has no effect (warning with the policy)', () => {
    const resources = load(`
type: MeshPassthrough
name: allow-all
spec:
  targetRef: { kind: Mesh, proxyTypes: [Sidecar] }
  default: { passthroughMode: All }
---
type: MeshPassthrough
name: other-app
spec:
  targetRef: { kind: MeshSubset, proxyTypes: [Sidecar], tags: { app: other } }
  default: { passthroughMode: All }
---
type: MeshPassthrough
mesh: other-mesh
name: elsewhere
spec:
  targetRef: { kind: Mesh, proxyTypes: [Sidecar] }
`);
    const r = lintEcsDataplane(DEMO, resources);
    expect(r.ok).toBe(true);
    expect(r.issues).toEqual([
      {
        path: 'spec',
        message: "policy doesn't support proxy running without transparent-proxy",
        severity: 'warning',
        resource: { type: 'MeshPassthrough', mesh: 'default', name: 'allow-all' },
      },
    ]);
  });

  it('E4: without transparent proxying no connection is intercepted, whatever the MeshPassthrough says', () => {
    const none = compilePassthrough({ passthroughMode: 'None' }, { transparentProxy: false });
    const verdict = none.match({ address: '93.184.216.34', port: 443, protocol: 'tls', sni: 'example.com' });
    expect(verdict.allowed).toBe(true);
    expect(verdict.reason).toBe('not-intercepted');
  });

  it('E5: mesh-wide passthrough: false has no effect', () => {
    const resources = load('type: Mesh\nname: default\nnetworking: { outbound: { passthrough: false } }\n');
    expect(lintEcsDataplane(DEMO, resources).issues).toEqual([
      {
        path: 'networking.outbound.passthrough',
        message: 'has no effect on ECS dataplanes (no transparent proxying)',
        severity: 'warning',
        resource: { type: 'Mesh', mesh: 'default', name: 'default' },
      },
    ]);
  });

  it('policies and routes whose to[] targets a service without an outbound cannot take effect', () => {
    const resources = load(`
type: MeshTimeout
name: to-kv
spec:
  targetRef: { kind: MeshService, name: demo-app }
  to:
    - targetRef: { kind: MeshService, name: redis }
      default: { idleTimeout: 20s }
    - targetRef: { kind: MeshService, name: kv }
      default: { idleTimeout: 20s }
---
type: MeshHTTPRoute
name: kv-route
spec:
  targetRef: { kind: MeshSubset, tags: { app: demo } }
  to:
    - targetRef: { kind: MeshService, name: kv }
      rules: []
---
type: MeshTimeout
name: not-selecting
spec:
  targetRef: { kind: MeshService, name: someone-else }
  to:
    - targetRef: { kind: MeshService, name: kv }
      default: { idleTimeout: 20s }
`);
    const r = lintEcsDataplane(DEMO, resources, { contactedServices: ['redis'] });
    expect(r.issues.map((i) => [i.resource?.name, i.path, i.message])).toEqual([
      [
        'kv-route',
        'spec.to[0].targetRef',
        'mesh service "kv" is not listed in networking.outbound; this route of MeshHTTPRoute "kv-route" cannot take effect on an ECS dataplane',
      ],
      [
        'to-kv',
        'spec.to[1].targetRef',
        'mesh service "kv" is not listed in networking.outbound; this policy entry of MeshTimeout "to-kv" cannot take effect on an ECS dataplane',
      ],
    ]);
    // Deterministic whatever the resource order.
    expect(lintEcsDataplane(DEMO, [...resources].reverse(), { contactedServices: ['redis'] })).toEqual(r);
  });

  it('legacy outbound policies whose destination has no outbound cannot take effect', () => {
    const resources = load(`
type: TrafficRoute
name: route-kv
sources: [{ match: { kuma.io/service: '*' } }]
destinations:
  - match: { kuma.io/service: redis }
  - match: { kuma.io/service: kv }
  - match: { kuma.io/service: '*' }
conf: { destination: { kuma.io/service: kv } }
---
type: Timeout
name: other-source
sources: [{ match: { kuma.io/service: web } }]
destinations: [{ match: { kuma.io/service: kv } }]
conf: { connectTimeout: 5s }
`);
    expect(
      lintEcsDataplane(DEMO, resources).issues.map((i) => [i.resource?.name, i.path, i.message]),
    ).toEqual([
      [
        'route-kv',
        'destinations[1].match["kuma.io/service"]',
        'mesh service "kv" is not listed in networking.outbound; this destination of TrafficRoute "route-kv" cannot take effect on an ECS dataplane',
      ],
    ]);
  });

  it('hostile input', () => {
    for (const v of [null, 1, 'x', [], { networking: 5 }, { networking: { outbound: [null, 1] } }])
      expect(() => lintEcsDataplane(v as never, [null, 1, { type: 'Mesh' }] as never)).not.toThrow();
    expect(lintEcsDataplane(null as never).ok).toBe(false);
  });
});
