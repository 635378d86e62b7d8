import { describe, expect, it } from 'vitest';
import { type Issue, isIPAddress, safeParseResource } from '../../src/models/index.js';

/** Deep-freezes a value so any mutation by the parser throws. */
function freeze<T>(v: T): T {
  if (v !== null && typeof v === 'object') {
    for (const x of Object.values(v)) freeze(x);
    Object.freeze(v);
  }
  return v;
}

function issuesOf(doc: unknown): Issue[] {
  const r = safeParseResource(freeze(doc));
  if (r.ok) throw new Error(`expected issues, got a resource: ${JSON.stringify(r.resource)}`);
  return r.issues;
}

function parsed(doc: unknown) {
  const r = safeParseResource(freeze(doc));
  if (!r.ok) throw new Error(`unexpected issues: ${JSON.stringify(r.issues)}`);
  return r.resource;
}

const policy = (type: string, spec: unknown) => ({ type, mesh: 'default', name: 'p', spec });
const mesh = { kind: 'Mesh' };

describe('Dataplane', () => {
  const dp = {
    type: 'Dataplane',
    name: 'web-1',
    networking: {
      address: '10.0.0.1',
      inbound: [{ port: 9000, servicePort: 6379, tags: { 'kuma.io/service': 'web' } }],
      gateway: undefined,
    },
  };
  it('parses a sidecar and defaults the mesh', () => {
    const r = parsed({ ...dp, networking: { ...dp.networking, gateway: undefined } });
    expect(r).toMatchObject({ type: 'Dataplane', mesh: 'default', name: 'web-1', labels: {} });
  });
  it('reports an out-of-range port and a missing address', () => {
    expect(
      issuesOf({ type: 'Dataplane', name: 'x', networking: { inbound: [{ port: 70000, tags: {} }] } }),
    ).toEqual([
      { path: 'networking.address', message: 'must be defined' },
      { path: 'networking.inbound[0].port', message: 'must be at most 65535' },
    ]);
  });
  it('reports a port beyond the safe-integer range once, with the field bound', () => {
    expect(
      issuesOf({
        type: 'Dataplane',
        name: 'x',
        networking: { address: '10.0.0.1', inbound: [{ port: 1e20, tags: { 'kuma.io/service': 'a' } }] },
      }),
    ).toEqual([{ path: 'networking.inbound[0].port', message: 'must be at most 65535' }]);
  });
  it("applies Kuma's networking rules (spec 00 §2.1–2.6)", () => {
    const svc = { 'kuma.io/service': 'a' };
    const net = (networking: unknown) => issuesOf({ type: 'Dataplane', name: 'x', networking });
    expect(net({ address: '0.0.0.0', inbound: [{ port: 1, tags: svc }] })).toEqual([
      { path: 'networking.address', message: 'must not be 0.0.0.0 or ::' },
    ]);
    expect(net({ address: '::', inbound: [{ port: 1, tags: svc }] })).toEqual([
      { path: 'networking.address', message: 'must not be 0.0.0.0 or ::' },
    ]);
    expect(net({ address: 'not an address', inbound: [{ port: 0, tags: svc }] })).toEqual([
      { path: 'networking.inbound[0].port', message: 'must be at least 1' },
      { path: 'networking.address', message: 'address has to be valid IP address or domain name' },
    ]);
    expect(
      net({
        address: 'web-1.ns.svc',
        inbound: [{ port: 1, address: 'host', serviceAddress: '127.0.0.01', tags: { team: 'a' } }],
        outbound: [
          { port: 2 },
          { port: 3, tags: svc, backendRef: { kind: 'MeshService', name: 'a' } },
          { port: 4, address: 'svc.local', tags: { 'kuma.io/service': '' } },
          { port: 5, backendRef: { kind: 'MeshService', name: 'a', port: 80 } },
        ],
      }),
    ).toEqual([
      { path: 'networking.inbound[0].address', message: 'address has to be valid IP address' },
      { path: 'networking.inbound[0].serviceAddress', message: 'serviceAddress has to be valid IP address' },
      { path: 'networking.inbound[0].tags["kuma.io/service"]', message: 'tag has to exist' },
      { path: 'networking.outbound[0].tags["kuma.io/service"]', message: 'tag has to exist' },
      { path: 'networking.outbound[1].tags', message: 'tags and backendRef cannot be defined together' },
      { path: 'networking.outbound[2].address', message: 'address has to be valid IP address' },
      { path: 'networking.outbound[2].tags["kuma.io/service"]', message: 'tag value cannot be empty' },
    ]);
    expect(net({ address: '10.0.0.1' })).toEqual([
      { path: 'networking', message: 'has to contain at least one inbound interface or gateway' },
    ]);
    expect(
      net({
        address: 'fe80::1',
        gateway: { type: 'BUILTIN', tags: { team: 'a' } },
        inbound: [{ port: 1, tags: svc }],
        outbound: [{ port: 2, tags: svc }],
      }),
    ).toEqual([
      { path: 'networking.gateway.tags["kuma.io/service"]', message: 'tag has to exist' },
      { path: 'networking.inbound', message: 'inbound cannot be defined both with gateway' },
      { path: 'networking.outbound', message: 'outbound cannot be defined for a builtin gateway' },
    ]);
    // A delegated gateway may have outbounds; IPv6 and DNS names are valid addresses.
    expect(
      parsed({
        type: 'Dataplane',
        name: 'gw',
        networking: {
          address: 'gateway.example.com',
          advertisedAddress: '::ffff:10.0.0.1',
          gateway: { tags: svc },
          outbound: [{ port: 2, address: '::1', tags: svc }],
        },
      }).type,
    ).toBe('Dataplane');
  });
  it("reads IP addresses as Go's net.ParseIP does", () => {
    for (const ip of [
      '10.0.0.1',
      '::',
      '::1',
      'fe80::1',
      '0:0:0:0:0:FFFF:C0A8:0001',
      '::ffff:1.2.3.4',
      '1:2:3:4:5:6:7::',
    ])
      expect(isIPAddress(ip), ip).toBe(true);
    for (const ip of [
      '01.2.3.4',
      '256.1.1.1',
      '1.2.3',
      '1::2::3',
      '1.2.3.4::',
      '1:2:3:4:5:6:7:8:9',
      'fe80::1%eth0',
      '',
    ])
      expect(isIPAddress(ip), ip).toBe(false);
  });
  it('rejects unknown fields with their path', () => {
    expect(issuesOf({ ...dp, networking: { ...dp.networking, adress: 'x' } })).toEqual([
      { path: 'networking.adress', message: 'unknown field' },
    ]);
  });
  it('accepts snake_case proto names and numeric enums, and emits camelCase', () => {
    const r = parsed({
      type: 'Dataplane',
      name: 'gw',
      networking: {
        address: '10.0.0.2',
        advertised_address: '1.2.3.4',
        gateway: { type: 1, tags: { 'kuma.io/service': 'edge' } },
        transparent_proxying: { redirect_port_inbound: 15006, ip_family_mode: 2 },
      },
    });
    expect(r).toMatchObject({
      networking: {
        advertisedAddress: '1.2.3.4',
        gateway: { type: 'BUILTIN', tags: { 'kuma.io/service': 'edge' } },
        transparentProxying: { redirectPortInbound: 15006, ipFamilyMode: 'IPv4' },
      },
    });
    expect(JSON.stringify(r)).not.toContain('_');
  });
  it('does not camelize tag names', () => {
    const r = parsed({
      type: 'Dataplane',
      name: 'a',
      networking: {
        address: '10.0.0.1',
        inbound: [{ port: 1, tags: { 'kuma.io/service': 'a', my_tag: 'x' } }],
      },
    });
    expect(r).toMatchObject({ networking: { inbound: [{ tags: { my_tag: 'x' } }] } });
  });
  it('reports issues at the snake_case key the document wrote', () => {
    expect(
      issuesOf({
        type: 'Dataplane',
        name: 'a',
        networking: {
          address: '10.0.0.1',
          inbound: [{ port: 1, service_port: 'x', tags: { 'kuma.io/service': 'a' } }],
          transparent_proxying: { redirect_port_inbound: 15006, redirectPortInbound: 15006 },
        },
      }),
    ).toEqual([
      {
        path: 'networking.transparent_proxying.redirect_port_inbound',
        message: 'set twice (as redirect_port_inbound and redirectPortInbound)',
      },
    ]);
    expect(
      issuesOf({
        apiVersion: 'kuma.io/v1alpha1',
        kind: 'Dataplane',
        mesh: 'default',
        metadata: { name: 'a', namespace: 'ns' },
        spec: {
          networking: {
            address: '10.0.0.1',
            inbound: [{ port: 1, service_port: 'x', tags: { 'kuma.io/service': 'a' } }],
          },
        },
      }),
    ).toEqual([
      { path: 'spec.networking.inbound[0].service_port', message: 'must be a number (got string)' },
    ]);
  });
  it('reports a field written both ways', () => {
    expect(
      issuesOf({
        type: 'Dataplane',
        name: 'a',
        networking: { address: '10.0.0.1', advertised_address: 'x', advertisedAddress: 'y' },
      }),
    ).toEqual([
      {
        path: 'networking.advertised_address',
        message: 'set twice (as advertised_address and advertisedAddress)',
      },
    ]);
  });
});

describe('legacy policies', () => {
  it('parses seed 002 TrafficLog with times', () => {
    const r = parsed({
      type: 'TrafficLog',
      mesh: 'default',
      name: 'catch-all-policy',
      modificationTime: '2020-01-01T20:00:00.0000Z',
      sources: [{ match: { 'kuma.io/service': '*' } }],
      destinations: [{ match: { 'kuma.io/service': '*' } }],
      conf: { backend: 'logstash' },
    });
    expect(r).toMatchObject({ modificationTime: '2020-01-01T20:00:00.0000Z', conf: { backend: 'logstash' } });
  });
  it('reports a bad timestamp and a selector typo', () => {
    expect(
      issuesOf({ type: 'TrafficPermission', name: 'a', creationTime: 'yesterday', sources: [{ mach: {} }] }),
    ).toEqual([
      { path: 'creationTime', message: 'must be an RFC 3339 timestamp' },
      { path: 'sources[0].mach', message: 'unknown field' },
    ]);
  });
});

describe('targetRef envelope', () => {
  it('reports an unknown targetRef kind with the allowed kinds', () => {
    expect(issuesOf(policy('MeshTimeout', { targetRef: { kind: 'MeshServices' } }))).toEqual([
      {
        path: 'spec.targetRef.kind',
        message:
          'must be one of "Mesh", "MeshSubset", "MeshGateway", "MeshService", "MeshExternalService", "MeshServiceSubset", "MeshHTTPRoute"',
      },
    ]);
  });
  it('rejects sections a kind does not have (spec 03 §8.1)', () => {
    expect(issuesOf(policy('MeshTrafficPermission', { targetRef: mesh, to: [] }))).toEqual([
      { path: 'spec.to', message: 'unknown field' },
    ]);
    expect(issuesOf(policy('MeshTrace', { targetRef: mesh, from: [] }))).toEqual([
      { path: 'spec.from', message: 'unknown field' },
    ]);
  });
  it('keeps permissive confs as written (unknown keys allowed)', () => {
    const spec = { targetRef: mesh, to: [{ targetRef: mesh, default: { anything: { goes: [1, 2] } } }] };
    expect(parsed(policy('MeshRetry', spec))).toMatchObject({ spec });
  });
  it('requires an object conf even for permissive kinds', () => {
    expect(issuesOf(policy('MeshRetry', { targetRef: mesh, to: [{ targetRef: mesh, default: 3 }] }))).toEqual(
      [{ path: 'spec.to[0].default', message: 'must be a map (got number)' }],
    );
  });
  it('ignores the metadata block of new-style resources, as Kuma REST does', () => {
    const r = parsed({ ...policy('MeshTrace', { targetRef: mesh }), metadata: { labels: { a: 'b' } } });
    expect(r.labels).toEqual({});
    expect('metadata' in r).toBe(false);
  });
});

describe('MeshTimeout', () => {
  it('parses durations as strings', () => {
    const spec = {
      targetRef: mesh,
      to: [{ targetRef: mesh, default: { idleTimeout: '1m30s', http: { requestTimeout: '500ms' } } }],
      from: [{ targetRef: mesh, default: { connectionTimeout: '0' } }],
    };
    expect(parsed(policy('MeshTimeout', spec))).toMatchObject({ spec });
  });
  it('reports unknown conf fields and bad durations', () => {
    expect(
      issuesOf(
        policy('MeshTimeout', {
          targetRef: mesh,
          to: [{ targetRef: mesh, default: { idleTimout: '1s', http: { requestTimeout: '10' } } }],
        }),
      ),
    ).toEqual([
      { path: 'spec.to[0].default.http.requestTimeout', message: 'must be a duration such as 10s or 1m30s' },
      { path: 'spec.to[0].default.idleTimout', message: 'unknown field' },
    ]);
  });
});

describe('MeshTrafficPermission', () => {
  it('accepts the three actions', () => {
    for (const action of ['Allow', 'Deny', 'AllowWithShadowDeny']) {
      parsed(
        policy('MeshTrafficPermission', {
          targetRef: mesh,
          from: [{ targetRef: mesh, default: { action } }],
        }),
      );
    }
  });
  it('rejects another action', () => {
    expect(
      issuesOf(
        policy('MeshTrafficPermission', {
          targetRef: mesh,
          from: [{ targetRef: mesh, default: { action: 'allow' } }],
        }),
      ),
    ).toEqual([
      {
        path: 'spec.from[0].default.action',
        message: 'must be one of "Allow", "Deny", "AllowWithShadowDeny"',
      },
    ]);
  });
});

describe('MeshHTTPRoute', () => {
  const route = (rule: unknown) =>
    policy('MeshHTTPRoute', {
      targetRef: mesh,
      to: [{ targetRef: { kind: 'MeshService', name: 'b' }, rules: [rule] }],
    });
  it('parses matches, filters and backendRefs', () => {
    parsed(
      route({
        matches: [
          {
            path: { type: 'PathPrefix', value: '/api' },
            method: 'GET',
            headers: [{ type: 'Exact', name: 'x', value: 'y' }],
          },
        ],
        default: {
          filters: [
            {
              type: 'RequestHeaderModifier',
              requestHeaderModifier: { set: [{ name: 'a', value: 'b' }], remove: ['c'] },
            },
            {
              type: 'URLRewrite',
              urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } },
            },
          ],
          backendRefs: [{ kind: 'MeshServiceSubset', name: 'b', tags: { version: 'v1' }, weight: 90 }],
        },
      }),
    );
  });
  it('reports an empty matches list, a bad method and a filter typo', () => {
    expect(issuesOf(route({ matches: [], default: {} }))).toEqual([
      { path: 'spec.to[0].rules[0].matches', message: 'must have at least 1 element' },
    ]);
    expect(issuesOf(route({ matches: [{ method: 'FETCH' }], default: { filter: [] } }))).toEqual([
      {
        path: 'spec.to[0].rules[0].matches[0].method',
        message:
          'must be one of "CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE"',
      },
      { path: 'spec.to[0].rules[0].default.filter', message: 'unknown field' },
    ]);
  });
});

describe('MeshTCPRoute', () => {
  it('parses rules with backendRefs and rejects a default on the item', () => {
    const to = [
      {
        targetRef: { kind: 'MeshService', name: 'b' },
        rules: [{ default: { backendRefs: [{ kind: 'MeshService', name: 'c', port: 80 }] } }],
      },
    ];
    parsed(policy('MeshTCPRoute', { targetRef: mesh, to }));
    expect(
      issuesOf(policy('MeshTCPRoute', { targetRef: mesh, to: [{ targetRef: mesh, default: {} }] })),
    ).toEqual([{ path: 'spec.to[0].default', message: 'unknown field' }]);
  });
});

describe('MeshProxyPatch', () => {
  it('parses every modification kind', () => {
    parsed(
      policy('MeshProxyPatch', {
        targetRef: mesh,
        default: {
          appendModifications: [
            { cluster: { operation: 'Add', value: 'name: c' } },
            {
              listener: {
                operation: 'Patch',
                match: { tags: { a: 'b' } },
                jsonPatches: [{ op: 'add', path: '/x', value: 1 }],
              },
            },
            { networkFilter: { operation: 'AddFirst', match: { name: 'n', listenerName: 'l' }, value: 'x' } },
            { httpFilter: { operation: 'Remove', match: { name: 'envoy.filters.http.router' } } },
            { virtualHost: { operation: 'Patch', match: { routeConfigurationName: 'r' }, jsonPatches: [] } },
          ],
        },
      }),
    );
  });
  it('reports a bad operation and an unknown member', () => {
    expect(
      issuesOf(
        policy('MeshProxyPatch', {
          targetRef: mesh,
          default: { appendModifications: [{ cluster: { operation: 'Append' }, route: {} }] },
        }),
      ),
    ).toEqual([
      {
        path: 'spec.default.appendModifications[0].cluster.operation',
        message: 'must be one of "Add", "Remove", "Patch"',
      },
      { path: 'spec.default.appendModifications[0].route', message: 'unknown field' },
    ]);
  });
});

describe('MeshPassthrough (schema-level rules, spec 04 §3.5)', () => {
  const pt = (def: unknown, targetRef: unknown = { kind: 'Mesh', proxyTypes: ['Sidecar'] }) =>
    policy('MeshPassthrough', { targetRef, default: def });
  it('parses the spec 04 §1.1 example and allows a port-less entry', () => {
    parsed(
      pt({
        passthroughMode: 'Matched',
        appendMatch: [
          { type: 'Domain', value: 'httpbin.org', protocol: 'tls', port: 443 },
          { type: 'CIDR', value: '10.250.0.0/16', protocol: 'tcp' },
        ],
      }),
    );
  });
  it('enforces the enums and an empty proxyTypes list', () => {
    expect(
      issuesOf(
        pt(
          {
            passthroughMode: 'Some',
            appendMatch: [{ type: 'Host', value: 'a', protocol: 'udp', port: '80' }],
          },
          { kind: 'Mesh', proxyTypes: [] },
        ),
      ),
    ).toEqual([
      { path: 'spec.targetRef.proxyTypes', message: 'must have at least 1 element' },
      { path: 'spec.default.passthroughMode', message: 'must be one of "All", "Matched", "None"' },
      { path: 'spec.default.appendMatch[0].type', message: 'must be one of "Domain", "IP", "CIDR"' },
      { path: 'spec.default.appendMatch[0].port', message: 'must be a number (got string)' },
      {
        path: 'spec.default.appendMatch[0].protocol',
        message: 'must be one of "tcp", "tls", "grpc", "http", "http2"',
      },
    ]);
  });
});

describe('MeshGateway', () => {
  const gw = {
    type: 'MeshGateway',
    name: 'edge',
    selectors: [{ match: { 'kuma.io/service': 'edge' } }],
    conf: { listeners: [{ port: 8080, protocol: 'HTTP', hostname: 'a.com', tags: { name: 'l' } }] },
  };
  it('parses the spec 00 §3 example', () => {
    expect(parsed(gw)).toMatchObject({ mesh: 'default', conf: { listeners: [{ port: 8080 }] } });
  });
  it('needs at least one selector and listener and a known protocol', () => {
    expect(issuesOf({ ...gw, selectors: [], conf: { listeners: [] } })).toEqual([
      { path: 'selectors', message: 'must have at least 1 element' },
      { path: 'conf.listeners', message: 'must have at least 1 element' },
    ]);
    expect(issuesOf({ ...gw, conf: { listeners: [{ port: 0, protocol: 'UDP' }] } })).toEqual([
      { path: 'conf.listeners[0].port', message: 'must be at least 1' },
      { path: 'conf.listeners[0].protocol', message: 'must be one of "NONE", "TCP", "TLS", "HTTP", "HTTPS"' },
    ]);
  });
});

describe('ExternalService and MeshExternalService', () => {
  it('parse their Universal forms', () => {
    parsed({
      type: 'ExternalService',
      name: 'es',
      networking: { address: 'httpbin.org:443' },
      tags: { 'kuma.io/service': 'httpbin' },
    });
    parsed({
      type: 'MeshExternalService',
      name: 'mes',
      spec: { match: { type: 'HostnameGenerator', port: 80, protocol: 'http' } },
    });
    expect(issuesOf({ type: 'ExternalService', name: 'es', tags: {} })).toEqual([
      { path: 'networking', message: 'must be defined' },
    ]);
  });
});

describe('MeshService, MeshMultiZoneService, HostnameGenerator', () => {
  it('keep their spec as written; HostnameGenerator belongs to no mesh', () => {
    const ms = parsed({ type: 'MeshService', mesh: 'm', name: 'backend', spec: { ports: [{ port: 80 }] } });
    expect(ms).toMatchObject({ mesh: 'm', spec: { ports: [{ port: 80 }] } });
    parsed({ type: 'MeshMultiZoneService', name: 'b', spec: {} });
    expect(
      parsed({ type: 'HostnameGenerator', name: 'h', spec: { template: '{{ .DisplayName }}.mesh' } }).mesh,
    ).toBe('');
    expect(issuesOf({ type: 'MeshService', name: 'b', ports: [] })).toEqual([
      { path: 'spec', message: 'must be defined' },
      { path: 'ports', message: 'unknown field' },
    ]);
  });
});

describe('Mesh', () => {
  it('takes its mesh from its name and rejects unknown sections', () => {
    const r = parsed({
      type: 'Mesh',
      name: 'prod',
      networking: { outbound: { passthrough: false } },
      mtls: { enabledBackend: 'ca-1' },
    });
    expect(r.mesh).toBe('prod');
    expect(issuesOf({ type: 'Mesh', name: 'prod', networkin: {} })).toEqual([
      { path: 'networkin', message: 'unknown field' },
    ]);
    expect(issuesOf({ type: 'Mesh', name: 'prod', networking: { outbound: { passthrough: 'no' } } })).toEqual(
      [{ path: 'networking.outbound.passthrough', message: 'must be a boolean (got string)' }],
    );
  });
});

describe('zone proxies', () => {
  it('parse without a mesh and reject unknown fields', () => {
    const r = parsed({
      type: 'ZoneIngress',
      name: 'zi',
      zone: 'east',
      networking: { address: '10.0.0.1', port: 10001 },
    });
    expect(r).toMatchObject({ type: 'ZoneIngress', mesh: '', zone: 'east' });
    expect(parsed({ type: 'ZoneEgress', name: 'ze', mesh: 'ignored' }).mesh).toBe('');
    expect(issuesOf({ type: 'ZoneEgress', name: 'ze', availableServices: [] })).toEqual([
      { path: 'availableServices', message: 'unknown field' },
    ]);
  });
});

describe('RBAC documents', () => {
  it('have no mesh', () => {
    const r = parsed({
      type: 'RbacRole',
      name: 'r',
      endpoints: [{ workspace: '*', endpoint: '*', actions: ['read'] }],
    });
    expect(r.mesh).toBe('');
  });
});

describe('bad documents', () => {
  it('reports non-objects, a missing type and an unknown type', () => {
    expect(issuesOf('text')).toEqual([{ path: '', message: 'a resource must be an object' }]);
    expect(issuesOf({ name: 'a' })).toEqual([{ path: 'type', message: 'must be defined' }]);
    expect(issuesOf({ type: 'Nope', name: 'a' })).toEqual([
      { path: 'type', message: 'unknown resource type "Nope"' },
    ]);
  });
});
