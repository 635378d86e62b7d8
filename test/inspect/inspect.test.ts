import { describe, expect, it } from 'vitest';
import {
  createInspector,
  type DataplaneReport,
  diffPolicySets,
  inspectDataplane,
  type LegacyTypeReport,
  type PassthroughTypeReport,
  type TargetRefTypeReport,
} from '../../src/inspect/index.js';
import { loadResources, MeshPolicyError, type Resource } from '../../src/models/index.js';

function load(text: string): Resource[] {
  const { resources, issues } = loadResources(text);
  expect(issues).toEqual([]);
  return resources;
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}

const legacyType = (r: DataplaneReport, type: string) =>
  r.types.find((t) => t.type === type) as LegacyTypeReport;
const trType = (r: DataplaneReport, type: string) =>
  r.types.find((t) => t.type === type) as TargetRefTypeReport;

// Seed 002's dataplanes and policies.
const seed002 = `
type: Dataplane
mesh: default
name: web-1
networking:
  address: 192.168.0.1
  inbound:
    - port: 9000
      servicePort: 6379
      tags: { kuma.io/service: web, cloud: aws, region: us }
  outbound:
    - port: 1234
      tags: { kuma.io/service: backend }
    - port: 1235
      tags: { kuma.io/service: admin }
---
type: Dataplane
mesh: default
name: backend-1
networking:
  address: 192.168.0.2
  inbound:
    - port: 9000
      servicePort: 6379
      tags: { kuma.io/service: backend }
    - port: 9001
      servicePort: 6379
      tags: { kuma.io/service: backend-api }
---
type: TrafficLog
mesh: default
name: catch-all-policy
sources: [{ match: { kuma.io/service: '*' } }]
destinations: [{ match: { kuma.io/service: '*' } }]
conf: { backend: logstash }
---
type: TrafficLog
mesh: default
name: web-to-backend-policy
sources: [{ match: { kuma.io/service: web, cloud: aws, region: us } }]
destinations: [{ match: { kuma.io/service: backend } }]
conf: { backend: splunk }
---
type: HealthCheck
mesh: default
name: catch-all-policy
sources: [{ match: { kuma.io/service: web } }]
destinations: [{ match: { kuma.io/service: backend } }]
conf: { interval: 10s, timeout: 2s, unhealthyThreshold: 3, healthyThreshold: 1 }
---
type: TrafficPermission
mesh: default
name: catch-all-policy
sources: [{ match: { kuma.io/service: web } }]
destinations: [{ match: { kuma.io/service: backend } }]
---
type: ProxyTemplate
mesh: default
name: custom-template-1
selectors: [{ match: { kuma.io/service: web } }]
conf: { imports: [default-proxy] }
---
type: TrafficPermission
mesh: default
name: allow-b-to-a
modificationTime: "2020-01-01T20:00:00Z"
sources: [{ match: { kuma.io/service: web } }]
destinations: [{ match: { kuma.io/service: backend-api } }]
---
type: TrafficPermission
mesh: default
name: allow-c-to-a
modificationTime: "2019-01-01T20:00:00Z"
sources: [{ match: { kuma.io/service: other } }]
destinations: [{ match: { kuma.io/service: backend-api } }]
`;

describe('inspectDataplane: seed 002 through inspect', () => {
  const resources = deepFreeze(load(seed002));

  it('selects the most specific TrafficLog per outbound, with candidates and the reason', () => {
    const r = inspectDataplane('web-1', resources);
    const tl = legacyType(r, 'TrafficLog');
    expect(tl.kind).toBe('legacy');
    const byKey = Object.fromEntries(tl.selections.map((s) => [s.key, s]));
    expect(byKey.backend?.selected?.name).toBe('web-to-backend-policy');
    expect(byKey.backend?.conf).toEqual({ backend: 'splunk' });
    expect(byKey.backend?.candidates.map((c) => c.policy.name)).toEqual([
      'web-to-backend-policy',
      'catch-all-policy',
    ]);
    expect(byKey.backend?.reason).toContain('web-to-backend-policy');
    expect(byKey.admin?.selected?.name).toBe('catch-all-policy');
    expect(byKey.pass_through?.selected?.name).toBe('catch-all-policy');
  });

  it('applies the HealthCheck only to the backend outbound of web-1 and nothing to backend-1', () => {
    const web = legacyType(inspectDataplane('web-1', resources), 'HealthCheck');
    expect(web.selections.filter((s) => s.selected !== undefined).map((s) => s.key)).toEqual(['backend']);
    const backend = legacyType(inspectDataplane('backend-1', resources), 'HealthCheck');
    expect(backend.selections.every((s) => s.selected === undefined)).toBe(true);
  });

  it('enforces the TrafficPermission on the first inbound of backend-1 only', () => {
    const tp = legacyType(inspectDataplane('backend-1', resources), 'TrafficPermission');
    const byKey = Object.fromEntries(tp.selections.map((s) => [s.key, s.selected?.name]));
    expect(byKey['192.168.0.2:9000']).toBe('catch-all-policy');
    // same specificity on the second inbound: the later modificationTime wins (seed 002 rule 4)
    expect(byKey['192.168.0.2:9001']).toBe('allow-b-to-a');
    expect(
      legacyType(inspectDataplane('web-1', resources), 'TrafficPermission').selections.every(
        (s) => !s.selected,
      ),
    ).toBe(true);
  });

  it('with tieBreak creationTime (Kuma 2.8.8) equal policies fall back to the name order', () => {
    const tp = legacyType(
      inspectDataplane('backend-1', resources, { tieBreak: 'creationTime' }),
      'TrafficPermission',
    );
    expect(tp.selections.find((s) => s.key === '192.168.0.2:9001')?.selected?.name).toBe('allow-b-to-a');
  });

  it('applies the ProxyTemplate to web-1 as a dataplane policy', () => {
    const pt = legacyType(inspectDataplane('web-1', resources), 'ProxyTemplate');
    expect(pt.selections).toHaveLength(1);
    expect(pt.selections[0]?.scope).toBe('dataplane');
    expect(pt.selections[0]?.selected?.name).toBe('custom-template-1');
  });

  it('returns plain JSON and never mutates its (frozen) input', () => {
    const r = inspectDataplane('web-1', resources);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});

// Seed 003's examples with real policy kinds.
const seed003 = `
type: Dataplane
mesh: default
name: frontend-1
networking:
  address: 10.0.0.1
  inbound:
    - port: 8080
      tags: { kuma.io/service: web-frontend, team: my-team, kuma.io/zone: east }
  outbound:
    - port: 1000
      tags: { kuma.io/service: web-backend }
    - port: 1001
      tags: { kuma.io/service: my-service }
---
type: Dataplane
mesh: default
name: other-1
networking:
  address: 10.0.0.2
  inbound:
    - port: 8080
      tags: { kuma.io/service: other, kuma.io/zone: west }
  outbound:
    - port: 1000
      tags: { kuma.io/service: web-backend }
---
type: MeshAccessLog
mesh: default
name: example
spec:
  targetRef: { kind: MeshService, name: web-frontend }
  to:
    - targetRef: { kind: MeshService, name: web-backend }
      default:
        backends: [{ type: File, file: { path: /tmp/logs.txt } }]
  from:
    - targetRef: { kind: Mesh }
      default:
        backends: [{ type: File, file: { path: /tmp/logs.txt } }]
---
type: MeshTimeout
mesh: default
name: b-global
spec:
  targetRef: { kind: Mesh }
  to:
    - targetRef: { kind: Mesh }
      default: { connectionTimeout: 1s, idleTimeout: 10s }
---
type: MeshTimeout
mesh: default
name: a-recommend
spec:
  targetRef: { kind: Mesh }
  to:
    - targetRef: { kind: MeshService, name: my-service }
      default: { connectionTimeout: 3s }
---
type: MeshTimeout
mesh: default
name: z-team
spec:
  targetRef: { kind: MeshSubset, tags: { team: my-team } }
  to:
    - targetRef: { kind: Mesh }
      default: { idleTimeout: 99s }
  from:
    - targetRef: { kind: Mesh }
      default: { idleTimeout: 42s }
---
type: MeshTrace
mesh: default
name: zone-east
spec:
  targetRef: { kind: MeshSubset, tags: { kuma.io/zone: east } }
  default:
    backends: [{ type: Zipkin, zipkin: { url: "http://zipkin:9411/api/v2/spans" } }]
`;

describe('inspectDataplane: seed 003 through inspect', () => {
  const resources = deepFreeze(load(seed003));

  it('MeshAccessLog on web-frontend: logs traffic to web-backend and from anyone, nothing elsewhere', () => {
    const r = inspectDataplane('frontend-1', resources);
    const mal = trType(r, 'MeshAccessLog');
    expect(mal.policies.map((p) => p.name)).toEqual(['example']);
    expect(Object.keys(mal.effective.outbounds)).toEqual(['web-backend']);
    expect(mal.effective.inbounds['10.0.0.1:8080']?.[0]?.subset).toEqual([]);
    expect(mal.effective.outbounds['web-backend']?.fields.every((f) => f.setBy?.name === 'example')).toBe(
      true,
    );
    const other = trType(inspectDataplane('other-1', resources), 'MeshAccessLog');
    expect(other.policies).toEqual([]);
    expect(other.effective.outbounds).toEqual({});
  });

  it('merges MeshTimeout confs in priority order with per-field provenance', () => {
    const mt = trType(inspectDataplane('frontend-1', resources), 'MeshTimeout');
    // same kind (Mesh): names descending, so the smaller name wins; MeshSubset beats Mesh.
    expect(mt.policies.map((p) => p.name)).toEqual(['b-global', 'a-recommend', 'z-team']);
    // each selection carries the sort key that placed it
    expect(mt.selection.map((s) => [s.sortKey?.kind, s.sortKey?.displayName])).toEqual([
      ['Mesh', 'b-global'],
      ['Mesh', 'a-recommend'],
      ['MeshSubset', 'z-team'],
    ]);
    const svc = mt.effective.outbounds['my-service']!;
    const by = Object.fromEntries(svc.fields.map((f) => [f.path, [f.value, f.setBy?.name, f.item]]));
    expect(by.connectionTimeout).toEqual(['3s', 'a-recommend', 'spec.to[0]']);
    expect(by.idleTimeout).toEqual(['1m39s', 'z-team', 'spec.to[0]']); // Kuma normalises durations
    const backend = Object.fromEntries(
      mt.effective.outbounds['web-backend']!.fields.map((f) => [f.path, f.setBy?.name]),
    );
    expect(backend).toEqual({ connectionTimeout: 'b-global', idleTimeout: 'z-team' });
    expect(mt.effective.inbounds['10.0.0.1:8080']?.[0]?.conf).toEqual({ idleTimeout: '42s' });
  });

  it('the team policy does not apply to a proxy outside the team', () => {
    const mt = trType(inspectDataplane('other-1', resources), 'MeshTimeout');
    expect(mt.policies.map((p) => p.name)).toEqual(['b-global', 'a-recommend']);
    expect(mt.effective.inbounds).toEqual({ '10.0.0.2:8080': [] }); // selected inbound, no from items
  });

  it('reports the proxy-wide conf of single-item kinds (MeshTrace by zone)', () => {
    const trace = trType(inspectDataplane('frontend-1', resources), 'MeshTrace');
    expect(trace.effective.proxy?.fields[0]?.setBy?.name).toBe('zone-east');
    expect(trType(inspectDataplane('other-1', resources), 'MeshTrace').effective.proxy).toBeUndefined();
  });

  it('gives the same report whatever the input order', () => {
    const a = inspectDataplane('frontend-1', resources);
    const b = inspectDataplane('frontend-1', [...resources].reverse());
    expect(b).toEqual(a);
  });
});

describe('warnings and per-type failures', () => {
  it('warns about unresolvable refs, kinds not allowed and policies that contribute nothing', () => {
    const resources = load(`
type: Dataplane
mesh: default
name: web-1
networking:
  address: 10.0.0.1
  inbound: [{ port: 80, tags: { kuma.io/service: web } }]
  outbound: [{ port: 1000, tags: { kuma.io/service: api } }]
---
type: MeshTimeout
mesh: default
name: via-route
spec:
  targetRef: { kind: MeshHTTPRoute, name: missing-route }
  to: [{ targetRef: { kind: Mesh }, default: { http: { requestTimeout: 1s } } }]
---
type: MeshTrafficPermission
mesh: default
name: from-external
spec:
  targetRef: { kind: Mesh }
  from: [{ targetRef: { kind: MeshExternalService, name: db }, default: { action: Allow } }]
---
type: MeshTimeout
mesh: default
name: a-winner
spec:
  targetRef: { kind: Mesh }
  to: [{ targetRef: { kind: Mesh }, default: { connectionTimeout: 3s } }]
---
type: MeshTimeout
mesh: default
name: b-loser
spec:
  targetRef: { kind: Mesh }
  to: [{ targetRef: { kind: Mesh }, default: { connectionTimeout: 4s } }]
`);
    // Kuma's admission rejects a MeshSubset in MeshTimeout's `to`: the loader yields no resource,
    // and inspect leaves one built in code out with a `not-admitted` warning.
    const wrongKindYaml = `
type: MeshTimeout
mesh: default
name: wrong-kind
spec:
  targetRef: { kind: Mesh }
  to: [{ targetRef: { kind: MeshSubset, tags: { a: b } }, default: { connectionTimeout: 2s } }]
`;
    const rejected = loadResources(wrongKindYaml);
    expect(rejected.resources).toEqual([]);
    expect(rejected.issues).toMatchObject([
      { path: 'spec.to[0].targetRef.kind', message: 'value is not supported', severity: 'error' },
    ]);
    const winner = resources.find((p) => p.name === 'a-winner') as Resource & { spec: object };
    const wrongKind = {
      ...winner,
      name: 'wrong-kind',
      spec: {
        ...winner.spec,
        to: [{ targetRef: { kind: 'MeshSubset', tags: { a: 'b' } }, default: { connectionTimeout: '2s' } }],
      },
    } as Resource;
    const r = inspectDataplane('web-1', [...resources, wrongKind]);
    const codes = r.warnings.map((w) => `${w.code}:${w.policy?.name ?? ''}`);
    expect(codes).toContain('unresolvable-ref:');
    expect(r.warnings.find((w) => w.code === 'unresolvable-ref')?.message).toContain('missing-route');
    expect(codes).toContain('not-admitted:wrong-kind');
    expect(r.warnings.find((w) => w.code === 'not-admitted')?.path).toBe('spec.to[0].targetRef.kind');
    expect(trType(r, 'MeshTimeout').policies.map((p) => p.name)).not.toContain('wrong-kind');
    // A kind Kuma admits but sidecars cannot use: kept, with the warning at its path.
    expect(codes).toContain('kind-not-allowed:from-external');
    expect(r.warnings.find((w) => w.code === 'kind-not-allowed')?.path).toBe('spec.from[0].targetRef.kind');
    expect(codes).toContain('no-contribution:b-loser');
    expect(codes).not.toContain('no-contribution:a-winner');
  });

  it('turns a rule-budget failure into an error entry for that type and reports the others', () => {
    const from = Array.from(
      { length: 14 },
      (_, i) => `    - targetRef: { kind: MeshSubset, tags: { k${i}: v } }\n      default: { action: Allow }`,
    ).join('\n');
    const resources = load(`
type: Dataplane
mesh: default
name: web-1
networking:
  address: 10.0.0.1
  inbound: [{ port: 80, tags: { kuma.io/service: web } }]
---
type: MeshTrafficPermission
mesh: default
name: many
spec:
  targetRef: { kind: Mesh }
  from:
${from}
---
type: MeshTimeout
mesh: default
name: fine
spec:
  targetRef: { kind: Mesh }
  from: [{ targetRef: { kind: Mesh }, default: { idleTimeout: 1s } }]
`);
    const r = inspectDataplane('web-1', resources, { ruleBudget: 100 });
    const mtp = r.types.find((t) => t.type === 'MeshTrafficPermission');
    expect(mtp).toMatchObject({ kind: 'error', error: { code: 'RULE_BUDGET_EXCEEDED' } });
    expect(r.types.find((t) => t.type === 'MeshTimeout')?.kind).toBe('targetref');
  });

  it('reports MeshPassthrough mode and matchers, and warns without transparent proxying', () => {
    const resources = load(`
type: Dataplane
mesh: default
name: ecs-1
networking:
  address: 10.0.0.1
  inbound: [{ port: 80, tags: { kuma.io/service: web } }]
---
type: Dataplane
mesh: default
name: tp-1
networking:
  address: 10.0.0.2
  inbound: [{ port: 80, tags: { kuma.io/service: web } }]
  transparentProxying: { redirectPortInbound: 15006, redirectPortOutbound: 15001 }
---
type: MeshPassthrough
mesh: default
name: mp
spec:
  targetRef: { kind: Mesh, proxyTypes: [Sidecar] }
  default:
    appendMatch:
      - { type: Domain, value: api.example.com, port: 443, protocol: tls }
      - { type: CIDR, value: 10.0.0.0/8, port: 443, protocol: tls }
`);
    const ecs = inspectDataplane('ecs-1', resources);
    const p = ecs.types.find((t) => t.type === 'MeshPassthrough') as PassthroughTypeReport;
    expect(p.effective).toBe(false);
    expect(ecs.warnings.map((w) => w.code)).toContain('passthrough-without-transparent-proxy');
    const tp = inspectDataplane('tp-1', resources).types.find(
      (t) => t.type === 'MeshPassthrough',
    ) as PassthroughTypeReport;
    expect(tp.effective).toBe(true);
    expect(tp.mode).toBe('None'); // unset mode, documented semantics
    expect(tp.matchers).toEqual([]);
    const kuma = inspectDataplane('tp-1', resources, { semantics: 'kuma-2.8' }).types.find(
      (t) => t.type === 'MeshPassthrough',
    ) as PassthroughTypeReport;
    expect(kuma.mode).toBe('Matched');
    expect(kuma.matchers.map((m) => [m.protocol, m.port, m.routes.map((x) => x.value)])).toEqual([
      ['tls', 443, ['api.example.com', '10.0.0.0/8']], // Kuma's order: domains before CIDRs
    ]);
  });
});

describe('createInspector', () => {
  const resources = load(seed002);
  it('lists dataplanes and types, and inspects many dataplanes with one index', () => {
    const inspector = createInspector(resources);
    expect(inspector.dataplanes).toEqual([
      { mesh: 'default', name: 'backend-1' },
      { mesh: 'default', name: 'web-1' },
    ]);
    expect(inspector.policyTypes).toEqual([
      'HealthCheck',
      'ProxyTemplate',
      'TrafficLog',
      'TrafficPermission',
    ]);
    const progress: number[] = [];
    const all = inspector.inspectAll((done) => progress.push(done));
    expect(all.map((r) => r.dataplane.name)).toEqual(['backend-1', 'web-1']);
    expect(progress).toEqual([1, 2]);
    expect(all[1]).toEqual(inspector.inspect('web-1'));
  });
  it('filters types', () => {
    const r = createInspector(resources, { types: ['TrafficLog'] }).inspect('web-1');
    expect(r.types.map((t) => t.type)).toEqual(['TrafficLog']);
  });
  it('throws MeshPolicyError for unknown and ambiguous names, and accepts mesh/name', () => {
    expect(() => inspectDataplane('nope', resources)).toThrow(MeshPolicyError);
    const twice = [...resources, { ...resources[0]!, mesh: 'other' } as Resource];
    const inspector = createInspector(twice);
    expect(() => inspector.inspect('web-1')).toThrow(/several meshes/);
    expect(inspector.inspect('other/web-1').dataplane.mesh).toBe('other');
    expect(inspector.inspect('web-1', { mesh: 'default' }).dataplane.mesh).toBe('default');
    expect(() => createInspector('x' as unknown as Resource[])).toThrow(MeshPolicyError);
  });
});

describe('builtin gateways', () => {
  it('reports the effective conf per listener with provenance, and diff sees listener changes', () => {
    const gw = (timeout: string) =>
      load(`
type: Dataplane
mesh: default
name: edge-1
networking:
  address: 192.168.0.10
  gateway: { type: BUILTIN, tags: { kuma.io/service: edge } }
---
type: MeshGateway
mesh: default
name: edge
selectors: [{ match: { kuma.io/service: edge } }]
conf:
  listeners: [{ port: 8080, protocol: HTTP }]
---
type: MeshTimeout
mesh: default
name: gw-timeouts
spec:
  targetRef: { kind: MeshGateway, name: edge }
  to: [{ targetRef: { kind: Mesh }, default: { connectionTimeout: ${timeout} } }]
`);
    const before = gw('2s');
    const mt = trType(inspectDataplane('edge-1', before), 'MeshTimeout');
    expect(mt.effective.listeners?.['192.168.0.10:8080']?.[0]?.fields).toEqual([
      {
        path: 'connectionTimeout',
        value: '2s',
        setBy: { type: 'MeshTimeout', mesh: 'default', name: 'gw-timeouts' },
        item: 'spec.to[0]',
      },
    ]);
    expect(diffPolicySets(before, gw('3s'))).toEqual([
      {
        dataplane: { mesh: 'default', name: 'edge-1' },
        type: 'MeshTimeout',
        scope: 'listener',
        key: '192.168.0.10:8080 *',
        path: 'connectionTimeout',
        before: '2s',
        after: '3s',
      },
    ]);
  });
});

describe('MeshPassthrough provenance', () => {
  it('names the policy of every concatenated appendMatch entry and reports the mesh default', () => {
    const resources = load(`
type: Mesh
name: default
networking: { outbound: { passthrough: false } }
---
type: Dataplane
mesh: default
name: web-1
networking:
  address: 10.0.0.1
  inbound: [{ port: 80, tags: { kuma.io/service: web, team: a } }]
  transparentProxying: { redirectPortInbound: 15006, redirectPortOutbound: 15001 }
---
type: Dataplane
mesh: default
name: other-1
networking:
  address: 10.0.0.2
  inbound: [{ port: 80, tags: { kuma.io/service: other } }]
  transparentProxying: { redirectPortInbound: 15006, redirectPortOutbound: 15001 }
---
type: MeshPassthrough
mesh: default
name: base
spec:
  targetRef: { kind: Mesh, proxyTypes: [Sidecar] }
  default:
    passthroughMode: Matched
    appendMatch: [{ type: Domain, value: a.com, port: 443, protocol: tls }]
---
type: MeshPassthrough
mesh: default
name: team-a
spec:
  targetRef: { kind: MeshSubset, proxyTypes: [Sidecar], tags: { team: a } }
  default:
    appendMatch: [{ type: Domain, value: b.com, port: 443, protocol: tls }]
`);
    const web = inspectDataplane('web-1', resources).types.find(
      (t) => t.type === 'MeshPassthrough',
    ) as PassthroughTypeReport;
    expect(web.mode).toBe('Matched');
    expect(web.meshPassthrough).toBe(false);
    expect(web.conf?.fields.map((f) => [f.path, f.setBy?.name, f.item])).toEqual([
      ['appendMatch[0]', 'base', 'spec.default.appendMatch[0]'],
      ['appendMatch[1]', 'team-a', 'spec.default.appendMatch[0]'],
      ['passthroughMode', 'base', 'spec.default'],
    ]);
    const noPolicies = inspectDataplane(
      'web-1',
      resources.filter((r) => r.type !== 'MeshPassthrough'),
    ).types;
    expect(noPolicies).toEqual([]);
    const other = inspectDataplane('other-1', resources).types.find(
      (t) => t.type === 'MeshPassthrough',
    ) as PassthroughTypeReport;
    expect(other.policies.map((p) => p.name)).toEqual(['base']);
  });
});

describe('legacy all-matching types', () => {
  it('RateLimit inbound: every matching policy applies once, ordered by its most specific source', () => {
    const resources = load(`
type: Dataplane
mesh: default
name: api-1
networking:
  address: 10.0.0.1
  inbound: [{ port: 80, tags: { kuma.io/service: api } }]
---
type: RateLimit
mesh: default
name: broad
sources: [{ match: { kuma.io/service: '*' } }]
destinations: [{ match: { kuma.io/service: api } }]
conf: { http: { requests: 100, interval: 1s } }
---
type: RateLimit
mesh: default
name: two-sources
sources: [{ match: { kuma.io/service: '*' } }, { match: { kuma.io/service: web, version: v1 } }]
destinations: [{ match: { kuma.io/service: api } }]
conf: { http: { requests: 5, interval: 1s } }
`);
    const rl = legacyType(inspectDataplane('api-1', resources), 'RateLimit');
    const inbound = rl.selections.find((s) => s.scope === 'inbound');
    expect(inbound?.applied?.map((p) => p.name)).toEqual(['two-sources', 'broad']);
    expect(inbound?.selected?.name).toBe('two-sources');
  });
});

describe('provenance of Kubernetes CRD defaults', () => {
  it('a defaulted field belongs to the Kubernetes-form policy whose defaults set it', () => {
    const resources = load(`
type: Dataplane
mesh: default
name: web-1
networking:
  address: 10.0.0.1
  inbound: [{ port: 80, tags: { kuma.io/service: web } }]
  transparentProxying: { redirectPortInbound: 15006, redirectPortOutbound: 15001 }
---
type: MeshPassthrough
mesh: default
name: mesh-wide
spec:
  targetRef: { kind: Mesh, proxyTypes: [Sidecar] }
  default:
    passthroughMode: Matched
    appendMatch: [{ type: Domain, value: a.example.com, port: 443, protocol: tls }]
---
apiVersion: kuma.io/v1alpha1
kind: MeshPassthrough
metadata:
  name: web-only
  namespace: kong-mesh-system
  labels: { kuma.io/mesh: default }
spec:
  targetRef: { kind: MeshSubset, tags: { kuma.io/service: web }, proxyTypes: [Sidecar] }
  default:
    appendMatch: [{ type: Domain, value: b.example.com, port: 443, protocol: tls }]
`);
    const pt = inspectDataplane('web-1', resources).types.find(
      (t) => t.type === 'MeshPassthrough',
    ) as PassthroughTypeReport;
    // the CRD default passthroughMode: None of the higher-priority policy wins the merge
    expect(pt.mode).toBe('None');
    const mode = pt.conf?.fields.find((f) => f.path === 'passthroughMode');
    expect([mode?.value, mode?.setBy?.name]).toEqual(['None', 'web-only.kong-mesh-system']);
  });
});

describe('createInspector: what it hands out is frozen', () => {
  const resources = load(`
type: Dataplane
mesh: default
name: web-1
networking:
  address: 10.0.0.1
  inbound: [{ port: 8080, tags: { kuma.io/service: web } }]
---
type: Dataplane
mesh: default
name: web-2
networking:
  address: 10.0.0.2
  inbound: [{ port: 8080, tags: { kuma.io/service: web } }]
---
type: MeshTimeout
mesh: default
name: t
spec:
  targetRef: { kind: Mesh }
  to: [{ targetRef: { kind: Mesh }, default: { idleTimeout: 1s } }]
---
type: MeshTimeout
mesh: default
name: t
spec:
  targetRef: { kind: Mesh }
  to: [{ targetRef: { kind: Mesh }, default: { idleTimeout: 2s } }]
`);

  it('its lists and options cannot be edited into its later answers', () => {
    const types = ['MeshTimeout'];
    const inspector = createInspector(resources, { types });
    types.push('MeshRetry'); // the caller's own list: the inspector kept a copy
    expect(inspector.options.types).toEqual(['MeshTimeout']);
    expect(() => (inspector.policyTypes as string[]).push('MeshRetry')).toThrow(TypeError);
    expect(() => (inspector.dataplanes as unknown[]).pop()).toThrow(TypeError);
    expect(() => (inspector.warnings as unknown[]).pop()).toThrow(TypeError);
    expect(inspector.inspect('web-2').types.map((t) => t.type)).toEqual(['MeshTimeout']);
  });

  it('the set warnings shared by every report cannot be edited through one of them', () => {
    const inspector = createInspector(resources);
    const [a, b] = inspector.inspectAll();
    const shared = a?.warnings.find((w) => w.code === 'duplicate-identity');
    expect(shared).toBeDefined();
    expect(() => {
      (shared as { message: string }).message = 'edited';
    }).toThrow(TypeError);
    expect(b?.warnings.find((w) => w.code === 'duplicate-identity')?.message).not.toBe('edited');
    expect(inspector.warnings.map((w) => w.message)).not.toContain('edited');
  });
});
