import { describe, expect, it } from 'vitest';
import {
  type Issue,
  isIPAddress,
  POLICY_SECTIONS,
  safeParseResource,
  TARGET_REF_POLICY_TYPES,
} from '../../src/models/index.js';

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
      { path: 'networking.address', message: "address can't be empty", severity: 'error' },
      {
        path: 'networking.inbound[0].port',
        message: 'port must be in the range [1, 65535]',
        severity: 'error',
      },
      {
        path: 'networking.inbound[0].tags["kuma.io/service"]',
        message: 'tag has to exist',
        severity: 'error',
      },
    ]);
  });
  it('reports a port beyond the safe-integer range once, with the field bound (proto uint32)', () => {
    expect(
      issuesOf({
        type: 'Dataplane',
        name: 'x',
        networking: { address: '10.0.0.1', inbound: [{ port: 1e20, tags: { 'kuma.io/service': 'a' } }] },
      }),
    ).toEqual([
      { path: 'networking.inbound[0].port', message: 'must be in range [0, 4294967295]', severity: 'error' },
    ]);
  });
  it("applies Kuma's networking rules (spec 00 §2.1–2.6)", () => {
    const svc = { 'kuma.io/service': 'a' };
    const net = (networking: unknown) => issuesOf({ type: 'Dataplane', name: 'x', networking });
    expect(net({ address: '0.0.0.0', inbound: [{ port: 1, tags: svc }] })).toEqual([
      { path: 'networking.address', message: 'must not be 0.0.0.0 or ::', severity: 'error' },
    ]);
    expect(net({ address: '::', inbound: [{ port: 1, tags: svc }] })).toEqual([
      { path: 'networking.address', message: 'must not be 0.0.0.0 or ::', severity: 'error' },
    ]);
    expect(net({ address: 'not an address', inbound: [{ port: 0, tags: svc }] })).toEqual([
      {
        path: 'networking.address',
        message: 'address has to be valid IP address or domain name',
        severity: 'error',
      },
      {
        path: 'networking.inbound[0].port',
        message: 'port must be in the range [1, 65535]',
        severity: 'error',
      },
    ]);
    expect(
      net({
        address: 'web-1.ns.svc',
        inbound: [{ port: 1, address: 'host', serviceAddress: '127.0.0.01', tags: { team: 'a' } }],
        outbound: [
          { port: 2 },
          { port: 3, tags: svc, backendRef: { kind: 'MeshService', name: 'a', port: 80 } },
          { port: 4, address: 'svc.local', tags: { 'kuma.io/service': '' } },
          { port: 5, backendRef: { kind: 'MeshService', name: 'a', port: 80 } },
        ],
      }),
    ).toEqual([
      {
        path: 'networking.inbound[0].serviceAddress',
        message: 'serviceAddress has to be valid IP address',
        severity: 'error',
      },
      {
        path: 'networking.inbound[0].address',
        message: 'address has to be valid IP address',
        severity: 'error',
      },
      {
        path: 'networking.inbound[0].tags["kuma.io/service"]',
        message: 'tag has to exist',
        severity: 'error',
      },
      {
        path: 'networking.outbound[0].tags',
        message: 'mandatory tag "kuma.io/service" is missing',
        severity: 'error',
      },
      {
        path: 'networking.outbound[1].backendRef',
        message: 'both backendRef and tags/service cannot be defined',
        severity: 'error',
      },
      {
        path: 'networking.outbound[2].address',
        message: 'address has to be valid IP address',
        severity: 'error',
      },
      {
        path: 'networking.outbound[2].tags["kuma.io/service"]',
        message: 'tag value must be non-empty',
        severity: 'error',
      },
    ]);
    expect(net({ address: '10.0.0.1' })).toEqual([
      {
        path: 'networking',
        message: 'has to contain at least one inbound interface or gateway',
        severity: 'error',
      },
    ]);
    expect(
      net({
        address: 'fe80::1',
        gateway: { type: 'BUILTIN', tags: { team: 'a' } },
        inbound: [{ port: 1, tags: svc }],
        outbound: [{ port: 2, tags: svc }],
      }),
    ).toEqual([
      {
        path: 'networking.inbound',
        message: 'inbound cannot be defined for builtin gateways',
        severity: 'error',
      },
      {
        path: 'networking.outbound',
        message: 'outbound cannot be defined for builtin gateways',
        severity: 'error',
      },
      {
        path: 'networking.gateway.tags',
        message: 'mandatory tag "kuma.io/service" is missing',
        severity: 'error',
      },
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
      { path: 'networking.adress', message: 'unknown field', severity: 'error' },
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
        severity: 'error',
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
      { path: 'spec.networking.inbound[0].service_port', message: 'must be an integer', severity: 'error' },
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
        severity: 'error',
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
      { path: 'creationTime', message: 'must be an RFC 3339 timestamp', severity: 'error' },
      { path: 'sources[0].mach', message: 'unknown field', severity: 'error' },
    ]);
  });
});

describe('targetRef envelope', () => {
  it("reports an unknown targetRef kind with Kuma's message", () => {
    const to = [{ targetRef: mesh, default: { idleTimeout: '1s' } }];
    expect(issuesOf(policy('MeshTimeout', { targetRef: { kind: 'MeshServices' }, to }))).toEqual([
      { path: 'spec.targetRef.kind', message: 'value is not supported', severity: 'error' },
    ]);
    expect(
      issuesOf(policy('MeshTimeout', { targetRef: mesh, to: [{ ...to[0], targetRef: { kind: 'Nope' } }] })),
    ).toEqual([{ path: 'spec.to[0].targetRef.kind', message: 'value is not supported', severity: 'error' }]);
  });
  it('rejects sections a kind does not have (spec 03 §8.1)', () => {
    expect(issuesOf(policy('MeshTrafficPermission', { targetRef: mesh, to: [] }))).toEqual([
      { path: 'spec.to', message: 'unknown field', severity: 'error' },
    ]);
    expect(issuesOf(policy('MeshTrace', { targetRef: mesh, from: [] }))).toEqual([
      { path: 'spec.from', message: 'unknown field', severity: 'error' },
    ]);
  });
  it('keeps confs as written and rejects unknown conf keys (confs are strict Go types)', () => {
    const spec = {
      targetRef: mesh,
      to: [
        {
          targetRef: mesh,
          default: { http: { numRetries: 3, retryOn: ['5xx'] }, tcp: { maxConnectAttempt: 2 } },
        },
      ],
    };
    expect(parsed(policy('MeshRetry', spec))).toEqual(expect.objectContaining({ spec }));
    expect(
      issuesOf(
        policy('MeshRetry', {
          targetRef: mesh,
          to: [{ targetRef: mesh, default: { anything: { goes: [1, 2] } } }],
        }),
      ),
    ).toEqual([{ path: 'spec.to[0].default.anything', message: 'unknown field', severity: 'error' }]);
  });
  it('rejects an unknown conf key for every targetRef kind', () => {
    const routes = new Set(['MeshHTTPRoute', 'MeshTCPRoute']);
    for (const type of TARGET_REF_POLICY_TYPES) {
      const sections = POLICY_SECTIONS[type];
      const conf = { bogus: 1 };
      let spec: Record<string, unknown>;
      let path: string;
      if (sections.single) {
        spec = { targetRef: mesh, default: conf };
        path = 'spec.default.bogus';
      } else if (routes.has(type)) {
        spec = {
          targetRef: mesh,
          to: [{ targetRef: { kind: 'MeshService', name: 'b' }, rules: [{ default: conf }] }],
        };
        path = 'spec.to[0].rules[0].default.bogus';
      } else {
        const section = sections.to ? 'to' : 'from';
        spec = { targetRef: mesh, [section]: [{ targetRef: mesh, default: conf }] };
        path = `spec.${section}[0].default.bogus`;
      }
      expect(issuesOf(policy(type, spec)), type).toContainEqual({
        path,
        message: 'unknown field',
        severity: 'error',
      });
    }
  });
  it('requires an object conf', () => {
    expect(issuesOf(policy('MeshRetry', { targetRef: mesh, to: [{ targetRef: mesh, default: 3 }] }))).toEqual(
      [{ path: 'spec.to[0].default', message: 'must be an object (got number)', severity: 'error' }],
    );
  });
  it('ignores the metadata block of new-style resources, as Kuma REST does', () => {
    const spec = {
      targetRef: mesh,
      default: { backends: [{ type: 'Zipkin', zipkin: { url: 'http://jaeger:9411/api/v2/spans' } }] },
    };
    const r = parsed({ ...policy('MeshTrace', spec), metadata: { labels: { a: 'b' } } });
    expect(r.labels).toEqual({});
    expect('metadata' in r).toBe(false);
  });
});

describe('MeshTimeout', () => {
  it('parses durations as strings', () => {
    const spec = {
      targetRef: mesh,
      to: [{ targetRef: mesh, default: { idleTimeout: '1m30s', http: { requestTimeout: '500ms' } } }],
      from: [{ targetRef: mesh, default: { connectionTimeout: '2s', idleTimeout: '0' } }],
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
      {
        path: 'spec.to[0].default.http.requestTimeout',
        message: 'must be a duration such as 10s or 1m30s',
        severity: 'error',
      },
      { path: 'spec.to[0].default.idleTimout', message: 'unknown field', severity: 'error' },
    ]);
    // A zero connection timeout is a duration, but Kuma's admission refuses it.
    expect(
      issuesOf(
        policy('MeshTimeout', {
          targetRef: mesh,
          from: [{ targetRef: mesh, default: { connectionTimeout: '0' } }],
        }),
      ),
    ).toEqual([
      {
        path: 'spec.from[0].default.connectionTimeout',
        message: 'must be greater than zero when defined',
        severity: 'error',
      },
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
        severity: 'error',
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
      { path: 'spec.to[0].rules[0].matches', message: 'must have at least 1 element', severity: 'error' },
    ]);
    expect(issuesOf(route({ matches: [{ method: 'FETCH' }], default: { filter: [] } }))).toEqual([
      {
        path: 'spec.to[0].rules[0].matches[0].method',
        message:
          'must be one of "CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE"',
        severity: 'error',
      },
      { path: 'spec.to[0].rules[0].default.filter', message: 'unknown field', severity: 'error' },
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
    ).toEqual([{ path: 'spec.to[0].default', message: 'unknown field', severity: 'error' }]);
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
            {
              networkFilter: {
                operation: 'AddFirst',
                match: { name: 'n', listenerName: 'l' },
                value: 'name: envoy.filters.network.tcp_proxy',
              },
            },
            { httpFilter: { operation: 'Remove', match: { name: 'envoy.filters.http.router' } } },
            {
              virtualHost: {
                operation: 'Patch',
                match: { routeConfigurationName: 'r' },
                jsonPatches: [{ op: 'replace', path: '/name', value: 'v' }],
              },
            },
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
      { path: 'spec.default.appendModifications[0].route', message: 'unknown field', severity: 'error' },
    ]);
    expect(
      issuesOf(
        policy('MeshProxyPatch', {
          targetRef: mesh,
          default: { appendModifications: [{ cluster: { operation: 'Append' } }] },
        }),
      ),
    ).toEqual([
      {
        path: 'spec.default.appendModifications[0].cluster.operation',
        message: 'invalid operation. Available operations: "Add", "Patch", "Remove"',
        severity: 'error',
      },
    ]);
    // Kuma checks what a modification holds, not only its shape.
    expect(
      issuesOf(
        policy('MeshProxyPatch', {
          targetRef: mesh,
          default: {
            appendModifications: [
              { networkFilter: { operation: 'AddFirst', value: 'x' } },
              {
                virtualHost: { operation: 'Patch', match: { routeConfigurationName: 'r' }, jsonPatches: [] },
              },
            ],
          },
        }),
      ),
    ).toEqual([
      {
        path: 'spec.default.appendModifications[0].networkFilter.value',
        message:
          'native Envoy resource is not valid: json: cannot unmarshal string into Go value of type map[string]json.RawMessage',
        severity: 'error',
      },
      {
        path: 'spec.default.appendModifications[1].virtualHost',
        message: 'virtualHost must have exactly one defined: value, jsonPatches',
        severity: 'error',
      },
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
            appendMatch: [{ type: 'Domain', value: 'a.com', protocol: 'tls', port: '80' }],
          },
          { kind: 'Mesh', proxyTypes: [] },
        ),
      ),
    ).toEqual([
      { path: 'spec.targetRef.proxyTypes', message: 'must have at least 1 element', severity: 'error' },
      {
        path: 'spec.default.passthroughMode',
        message: 'must be one of "All", "Matched", "None"',
        severity: 'error',
      },
      {
        path: 'spec.default.appendMatch[0].port',
        message: 'must be a number (got string)',
        severity: 'error',
      },
    ]);
    // The match type and protocol enums are Kuma's admission checks, with Kuma's messages.
    expect(issuesOf(pt({ appendMatch: [{ type: 'Host', value: 'a', protocol: 'udp', port: 80 }] }))).toEqual([
      {
        path: 'spec.default.appendMatch[0].protocol',
        message: '"protocol" must be one of ["tcp", "tls", "grpc", "http", "http2"]',
        severity: 'error',
      },
      {
        path: 'spec.default.appendMatch[0].type',
        message: 'provided type Host is not supported, one of Domain, IP, or CIDR is supported',
        severity: 'error',
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
      { path: 'selectors', message: 'must have at least one element', severity: 'error' },
      { path: 'conf.listeners', message: 'cannot be empty', severity: 'error' },
    ]);
    expect(issuesOf({ ...gw, conf: { listeners: [{ port: 0, protocol: 'HTTP' }] } })).toEqual([
      { path: 'conf.listeners[0].port', message: 'port must be in the range [1, 65535]', severity: 'error' },
    ]);
    expect(issuesOf({ ...gw, conf: { listeners: [{ port: 80, protocol: 'UDP' }] } })).toEqual([
      {
        path: 'conf.listeners[0].protocol',
        message: 'must be one of "NONE", "TCP", "TLS", "HTTP", "HTTPS"',
        severity: 'error',
      },
    ]);
    expect(issuesOf({ ...gw, conf: { listeners: [{ port: 80 }] } })).toEqual([
      { path: 'conf.listeners[0].protocol', message: 'cannot be empty', severity: 'error' },
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
      { path: 'networking', message: 'should have networking', severity: 'error' },
      { path: 'tags', message: 'mandatory tag "kuma.io/service" is missing', severity: 'error' },
    ]);
  });
});

describe('MeshService, MeshMultiZoneService, HostnameGenerator', () => {
  it('keep their spec as written; HostnameGenerator belongs to no mesh', () => {
    const ms = parsed({ type: 'MeshService', mesh: 'm', name: 'backend', spec: { ports: [{ port: 80 }] } });
    expect(ms).toMatchObject({ mesh: 'm', spec: { ports: [{ port: 80 }] } });
    const status = {
      vips: [{ ip: '10.0.0.5' }],
      addresses: [{ hostname: 'backend.mesh', origin: 'HostnameGenerator' }],
    };
    expect(
      parsed({ type: 'MeshService', mesh: 'm', name: 'backend', spec: { ports: [{ port: 80 }] }, status }),
    ).toMatchObject({ spec: { ports: [{ port: 80 }] }, status });
    expect(issuesOf({ type: 'MeshService', name: 'b', spec: {}, status: { vip: [] } })).toEqual([
      { path: 'status.vip', message: 'unknown field', severity: 'error' },
    ]);
    parsed({ type: 'MeshMultiZoneService', name: 'b', spec: {} });
    const generator = {
      type: 'HostnameGenerator',
      name: 'h',
      spec: {
        selector: { meshService: { matchLabels: { 'kuma.io/origin': 'zone' } } },
        template: '{{ .DisplayName }}.mesh',
      },
    };
    expect(parsed(generator).mesh).toBe('');
    expect(issuesOf({ ...generator, spec: { template: '{{ .DisplayName }}.mesh' } })).toEqual([
      {
        path: 'spec.selector',
        message: 'exact one selector (meshService, meshExternalService) must be defined',
        severity: 'error',
      },
    ]);
    expect(issuesOf({ type: 'MeshService', name: 'b', ports: [] })).toEqual([
      { path: 'spec', message: 'must be defined', severity: 'error' },
      { path: 'ports', message: 'unknown field', severity: 'error' },
    ]);
  });
});

describe('Mesh', () => {
  it('takes its mesh from its name and rejects unknown sections', () => {
    const r = parsed({
      type: 'Mesh',
      name: 'prod',
      networking: { outbound: { passthrough: false } },
      mtls: { enabledBackend: 'ca-1', backends: [{ name: 'ca-1', type: 'builtin' }] },
    });
    expect(r.mesh).toBe('prod');
    expect(issuesOf({ type: 'Mesh', name: 'prod', mtls: { enabledBackend: 'ca-1' } })).toEqual([
      {
        path: 'mtls.enabledBackend',
        message: 'has to be set to one of the backends in the mesh',
        severity: 'error',
      },
    ]);
    expect(issuesOf({ type: 'Mesh', name: 'prod', networkin: {} })).toEqual([
      { path: 'networkin', message: 'unknown field', severity: 'error' },
    ]);
    expect(issuesOf({ type: 'Mesh', name: 'prod', networking: { outbound: { passthrough: 'no' } } })).toEqual(
      [
        {
          path: 'networking.outbound.passthrough',
          message: 'must be a boolean (got string)',
          severity: 'error',
        },
      ],
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
    expect(
      parsed({
        type: 'ZoneEgress',
        name: 'ze',
        mesh: 'ignored',
        networking: { address: '10.0.0.2', port: 10002 },
      }).mesh,
    ).toBe('');
    expect(issuesOf({ type: 'ZoneEgress', name: 'ze', availableServices: [] })).toEqual([
      { path: 'availableServices', message: 'unknown field', severity: 'error' },
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
    expect(issuesOf('text')).toEqual([
      { path: '', message: 'a resource must be an object', severity: 'error' },
    ]);
    expect(issuesOf({ name: 'a' })).toEqual([
      { path: 'type', message: 'must be defined', severity: 'error' },
    ]);
    expect(issuesOf({ type: 'Nope', name: 'a' })).toEqual([
      { path: 'type', message: 'unknown resource type "Nope"', severity: 'error' },
    ]);
  });
});
