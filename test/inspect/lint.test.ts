import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { estimateRuleSubsets, LINT_CODES, lintPolicies } from '../../src/inspect/index.js';
import {
  assertResource,
  loadResources,
  parseUniversal,
  type Resource,
  type TargetRefPolicy,
} from '../../src/models/index.js';

function load(text: string): Resource[] {
  const { resources, issues } = loadResources(text);
  expect(issues).toEqual([]);
  return resources;
}

/**
 * A document Kuma's admission rejects: the loader yields no resource for it (checked, with the
 * expected first error), so it is built as code could build it, with the shape check only.
 */
function rejectedByKuma(text: string, firstError: { path: string; message: string }): Resource {
  const loaded = loadResources(text);
  expect(loaded.resources).toEqual([]);
  expect(loaded.issues[0]).toMatchObject({ ...firstError, severity: 'error' });
  return assertResource(parseUniversal(parseYaml(text)));
}

const dp = (name: string, service: string, extra = '') => `
type: Dataplane
mesh: default
name: ${name}
networking:
  address: 10.0.0.1
  inbound: [{ port: 80, tags: { kuma.io/service: ${service}${extra} } }]
  transparentProxying: { redirectPortInbound: 15006, redirectPortOutbound: 15001 }`;

describe('lintPolicies', () => {
  it('finds every kind of problem, with stable codes, sorted errors first', () => {
    const from = Array.from(
      { length: 13 },
      (_, i) => `    - { targetRef: { kind: MeshSubset, tags: { k${i}: v } }, default: { action: Allow } }`,
    ).join('\n');
    const resources = load(
      [
        dp('a-1', 'a'),
        `
type: TrafficPermission
mesh: default
name: winner
modificationTime: "2021-01-01T00:00:00Z"
sources: [{ match: { kuma.io/service: b } }]
destinations: [{ match: { kuma.io/service: a } }]`,
        `
type: TrafficPermission
mesh: default
name: loser
modificationTime: "2020-01-01T00:00:00Z"
sources: [{ match: { kuma.io/service: c } }]
destinations: [{ match: { kuma.io/service: a } }]`,
        `
type: TrafficPermission
mesh: default
name: nobody
sources: [{ match: { kuma.io/service: b } }]
destinations: [{ match: { kuma.io/service: zzz } }]`,
        `
type: MeshTimeout
mesh: default
name: for-zzz
spec:
  targetRef: { kind: MeshService, name: zzz }
  to: [{ targetRef: { kind: Mesh }, default: { connectionTimeout: 1s } }]`,
        `
type: MeshTimeout
mesh: default
name: a-wins
spec:
  targetRef: { kind: Mesh }
  to: [{ targetRef: { kind: Mesh }, default: { connectionTimeout: 2s } }]`,
        `
type: MeshTimeout
mesh: default
name: b-overridden
spec:
  targetRef: { kind: Mesh }
  to: [{ targetRef: { kind: Mesh }, default: { connectionTimeout: 3s } }]`,
        `
type: MeshTrafficPermission
mesh: default
name: wide
spec:
  targetRef: { kind: Mesh }
  from:
${from}`,
        `
type: MeshPassthrough
mesh: default
name: domains
spec:
  targetRef: { kind: Mesh, proxyTypes: [Sidecar] }
  default:
    passthroughMode: Matched
    appendMatch: [{ type: Domain, value: api.example.com, port: 80, protocol: http }]`,
        `
type: MeshPassthrough
mesh: default
name: cidrs
spec:
  targetRef: { kind: Mesh, proxyTypes: [Sidecar] }
  default:
    appendMatch: [{ type: CIDR, value: 10.0.0.0/8, port: 80, protocol: tcp }]`,
        // a policy of a mesh without dataplanes is not judged
        `
type: MeshTimeout
mesh: empty
name: unjudged
spec:
  targetRef: { kind: MeshService, name: nothing }
  to: [{ targetRef: { kind: Mesh }, default: { connectionTimeout: 1s } }]`,
      ].join('\n---\n'),
    );
    const findings = lintPolicies(resources, { ruleBudget: 2000 });
    expect(findings.map((f) => [f.severity, f.code, f.resource.name, f.path])).toEqual([
      ['error', 'targetref/rule-budget-exceeded', 'a-1', undefined],
      ['warning', 'legacy/selects-nothing', 'nobody', undefined],
      ['warning', 'legacy/shadowed', 'loser', undefined],
      ['warning', 'passthrough/shadowed-by-cidr', 'domains', 'spec.default.appendMatch[0]'],
      ['warning', 'targetref/overridden-entry', 'b-overridden', 'spec.to[0]'],
      ['warning', 'targetref/rule-explosion', 'wide', undefined],
      ['warning', 'targetref/selects-nothing', 'for-zzz', 'spec.targetRef'],
    ]);
    for (const f of findings) expect(LINT_CODES[f.code as keyof typeof LINT_CODES]).toBe(f.severity);
    expect(findings.find((f) => f.code === 'passthrough/shadowed-by-cidr')?.message).toContain(
      '(policy cidrs)',
    );
    expect(findings.find((f) => f.code === 'legacy/shadowed')?.message).toContain(
      'winner is selected instead',
    );
  });

  it('is clean on a set without problems and does not depend on input order', () => {
    const resources = load(
      [
        dp('a-1', 'a'),
        `
type: MeshTimeout
mesh: default
name: t
spec:
  targetRef: { kind: Mesh }
  to: [{ targetRef: { kind: Mesh }, default: { connectionTimeout: 2s } }]`,
      ].join('\n---\n'),
    );
    expect(lintPolicies(resources)).toEqual([]);
    expect(lintPolicies([...resources].reverse())).toEqual([]);
  });
});

describe('lintPolicies: what Kuma admission would reject', () => {
  it('reports invalid targetRef policies and MeshPassthrough conflicts at the policy, with paths', () => {
    const badFrom = rejectedByKuma(
      `
type: MeshTrafficPermission
mesh: default
name: bad-from
spec:
  targetRef: { kind: Mesh }
  from: [{ targetRef: { kind: MeshGateway, name: gw }, default: { action: Allow } }]`,
      { path: 'spec.from[0].targetRef.kind', message: 'value is not supported' },
    );
    // Kuma 2.8.8 rejects two L7 protocols on one port.
    const conflict = rejectedByKuma(
      `
type: MeshPassthrough
mesh: default
name: conflict
spec:
  targetRef: { kind: Mesh, proxyTypes: [Sidecar] }
  default:
    passthroughMode: Matched
    appendMatch:
      - { type: Domain, value: a.com, port: 80, protocol: http }
      - { type: Domain, value: b.com, port: 80, protocol: http2 }`,
      {
        path: 'spec.default.appendMatch[1].port',
        message:
          'using the same port in multiple matches requires the same protocol for the following protocols: [grpc http http2]',
      },
    );
    // Kuma 2.8.8 admits an L7 wildcard domain without a port; the documented rules do not.
    const resources = load(
      [
        dp('a-1', 'a'),
        `
type: MeshPassthrough
mesh: default
name: wildcard
spec:
  targetRef: { kind: Mesh, proxyTypes: [Sidecar] }
  default:
    passthroughMode: Matched
    appendMatch: [{ type: Domain, value: '*.example.com', protocol: http }]`,
      ].join('\n---\n'),
    );
    const findings = lintPolicies([...resources, badFrom, conflict]).filter(
      (f) => f.code === 'admission/rejected' || f.code === 'passthrough/invalid',
    );
    expect(findings.map((f) => [f.severity, f.code, f.resource.name, f.path])).toEqual([
      ['error', 'admission/rejected', 'conflict', 'spec.default.appendMatch[1].port'],
      ['error', 'admission/rejected', 'bad-from', 'spec.from[0].targetRef.kind'],
      ['error', 'passthrough/invalid', 'wildcard', 'spec.default.appendMatch[0].port'],
    ]);
    // Kuma's own messages
    expect(findings[0]?.message).toContain(
      'using the same port in multiple matches requires the same protocol',
    );
    expect(findings[1]?.message).toContain('value is not supported');
    expect(findings[2]?.message).toBe("wildcard domains doesn't work for all ports and layer 7 protocol");
  });

  it('reports a resource given twice and judges only the last one', () => {
    const timeout = (t: string) => `
type: MeshTimeout
mesh: default
name: t
spec:
  targetRef: { kind: MeshService, name: ${t} }
  to: [{ targetRef: { kind: Mesh }, default: { connectionTimeout: 2s } }]`;
    const findings = lintPolicies(load([dp('a-1', 'a'), timeout('a'), timeout('zzz')].join('\n---\n')));
    // the last one selects nothing; the first (which would select a-1) is replaced
    expect(findings.map((f) => [f.severity, f.code, f.resource.name])).toEqual([
      ['error', 'input/duplicate-identity', 't'],
      ['warning', 'targetref/selects-nothing', 't'],
    ]);
  });
});

describe('estimateRuleSubsets', () => {
  const policy = (from: unknown[], to: unknown[] = []): TargetRefPolicy =>
    ({ type: 'MeshTimeout', mesh: 'default', name: 'p', labels: {}, spec: { from, to } }) as TargetRefPolicy;
  it('counts one of the values or none per key for from items', () => {
    const items = [
      { targetRef: { kind: 'MeshSubset', tags: { a: '1' } } },
      { targetRef: { kind: 'MeshSubset', tags: { a: '2' } } },
      { targetRef: { kind: 'MeshService', name: 'x' } },
    ];
    expect(estimateRuleSubsets([policy(items)], 'from')).toBe(3 * 2);
  });
  it('uses the fast path for to items with a single key', () => {
    const items = [
      { targetRef: { kind: 'MeshService', name: 'x' } },
      { targetRef: { kind: 'MeshService', name: 'y' } },
    ];
    expect(estimateRuleSubsets([policy([], items)], 'to')).toBe(3);
  });
});

describe('lintPolicies: review regressions', () => {
  it('names the same first-seen dataplane in shadow messages whatever the input order', () => {
    const tl = (name: string) => `
type: TrafficLog
mesh: default
name: ${name}
sources: [{ match: { kuma.io/service: '*' } }]
destinations: [{ match: { kuma.io/service: '*' } }]`;
    const resources = load([dp('b-1', 'b'), dp('a-1', 'a'), tl('tl-a'), tl('tl-b')].join('\n---\n'));
    const forward = lintPolicies(resources);
    expect(forward.map((f) => f.code)).toEqual(['legacy/shadowed']);
    expect(forward[0]?.message).toContain('first seen on a-1');
    expect(lintPolicies([...resources].reverse())).toEqual(forward);
  });

  it('does not claim VirtualOutbound or MeshGatewayRoute policies select nothing (Kuma matches them elsewhere)', () => {
    const resources = load(
      [
        dp('a-1', 'a'),
        `
type: VirtualOutbound
mesh: default
name: vo
selectors: [{ match: { kuma.io/service: b } }]
conf: { host: '{{.service}}.mesh', port: '80', parameters: [{ name: service, tagKey: kuma.io/service }] }`,
        `
type: MeshGatewayRoute
mesh: default
name: route
selectors: [{ match: { kuma.io/service: edge, vhost: public } }]
conf:
  http:
    rules: [{ matches: [{ path: { match: PREFIX, value: / } }], backends: [{ destination: { kuma.io/service: a } }] }]`,
      ].join('\n---\n'),
    );
    expect(lintPolicies(resources)).toEqual([]);
  });
});
