/**
 * Seed 003 ("Understanding TargetRef policies") examples about matching and priority, on real
 * policy kinds (the seed's ExamplePolicy stands for any of them).
 */
import { describe, expect, it } from 'vitest';
import { type Dataplane, loadResources, type Resource } from '../../src/models/index.js';
import { matchedPolicies } from '../../src/targetref/matched.js';
import { computeConf } from '../../src/targetref/rules.js';

function load(yaml: string): Resource[] {
  const { resources, issues } = loadResources(yaml);
  expect(issues).toEqual([]);
  return resources;
}

const proxies = load(`
type: Dataplane
mesh: default
name: team-east
networking:
  address: 10.0.0.1
  inbound:
    - { port: 8080, tags: { kuma.io/service: web-frontend, team: my-team, kuma.io/zone: east } }
---
type: Dataplane
mesh: default
name: other-west
networking:
  address: 10.0.0.2
  inbound:
    - { port: 8080, tags: { kuma.io/service: billing, kuma.io/zone: west } }
---
type: Dataplane
mesh: default
name: builtin-gw
networking:
  address: 10.0.0.3
  gateway: { type: BUILTIN, tags: { kuma.io/service: edge } }
---
type: Dataplane
mesh: default
name: delegated-gw
networking:
  address: 10.0.0.4
  gateway: { tags: { kuma.io/service: kong } }
---
type: MeshGateway
mesh: default
name: edge
selectors: [ { match: { kuma.io/service: edge } } ]
conf: { listeners: [ { port: 80, protocol: HTTP } ] }
`);
const dp = (name: string) => proxies.find((r) => r.name === name) as Dataplane;
const gateway = proxies.filter((r) => r.type === 'MeshGateway');
const names = (r: ReturnType<typeof matchedPolicies>) => r.dataplanePolicies.map((p) => p.name);

describe('seed 003 examples', () => {
  it('MeshAccessLog: top MeshService web-frontend, to web-backend, from Mesh', () => {
    const policies = load(`
type: MeshAccessLog
mesh: default
name: example
spec:
  targetRef: { kind: MeshService, name: web-frontend }
  to:
    - targetRef: { kind: MeshService, name: web-backend }
      default: { backends: [ { type: File, file: { format: { type: Plain, plain: '{"start_time": "%START_TIME%"}' }, path: /tmp/logs.txt } } ] }
  from:
    - targetRef: { kind: Mesh }
      default: { backends: [ { type: File, file: { format: { type: Plain, plain: '{"start_time": "%START_TIME%"}' }, path: /tmp/logs.txt } } ] }
`);
    const r = matchedPolicies('MeshAccessLog', dp('team-east'), policies);
    expect(names(r)).toEqual(['example']);
    expect(computeConf(r.toRules, { 'kuma.io/service': 'web-backend' })).toBeDefined();
    expect(computeConf(r.toRules, { 'kuma.io/service': 'other' })).toBeUndefined();
    expect(computeConf(r.fromRules['10.0.0.1:8080'] ?? [], { 'kuma.io/service': 'anyone' })).toBeDefined();
    expect(names(matchedPolicies('MeshAccessLog', dp('other-west'), policies))).toEqual([]);
  });

  it('applying a global default: every proxy, every destination', () => {
    const policies = load(`
type: MeshTimeout
mesh: default
name: example
spec:
  targetRef: { kind: Mesh }
  to: [ { targetRef: { kind: Mesh }, default: { idleTimeout: 10s } } ]
`);
    for (const name of ['team-east', 'other-west', 'builtin-gw', 'delegated-gw']) {
      const r = matchedPolicies('MeshTimeout', dp(name), [...policies, ...gateway]);
      expect(computeConf(r.toRules, { 'kuma.io/service': 'anything' })).toEqual({ idleTimeout: '10s' });
    }
  });

  it('recommending to users: only traffic to my-service', () => {
    const policies = load(`
type: MeshTimeout
mesh: default
name: example
spec:
  targetRef: { kind: Mesh }
  to: [ { targetRef: { kind: MeshService, name: my-service }, default: { idleTimeout: 10s } } ]
`);
    const r = matchedPolicies('MeshTimeout', dp('other-west'), policies);
    expect(computeConf(r.toRules, { 'kuma.io/service': 'my-service' })).toEqual({ idleTimeout: '10s' });
    expect(computeConf(r.toRules, { 'kuma.io/service': 'other' })).toBeUndefined();
  });

  it('configuring all proxies of a team: inbound traffic of team proxies only', () => {
    const policies = load(`
type: MeshTimeout
mesh: default
name: example
spec:
  targetRef: { kind: MeshSubset, tags: { team: my-team } }
  from: [ { targetRef: { kind: Mesh }, default: { idleTimeout: 10s } } ]
`);
    const team = matchedPolicies('MeshTimeout', dp('team-east'), policies);
    expect(Object.keys(team.fromRules)).toEqual(['10.0.0.1:8080']);
    expect(matchedPolicies('MeshTimeout', dp('other-west'), policies).fromRules).toEqual({});
  });

  it('configuring all proxies in a zone: single-item default on zone east only', () => {
    const policies = load(`
type: MeshTrace
mesh: default
name: example
spec:
  targetRef: { kind: MeshSubset, tags: { kuma.io/zone: east } }
  default: { backends: [], sampling: { overall: 50 } }
`);
    expect(matchedPolicies('MeshTrace', dp('team-east'), policies).singleItemRules[0]?.conf).toMatchObject({
      sampling: { overall: 50 },
    });
    expect(matchedPolicies('MeshTrace', dp('other-west'), policies).singleItemRules).toEqual([]);
  });

  it('configuring all gateways in a Mesh: builtin and delegated gateways, no sidecars', () => {
    const policies = load(`
type: MeshTrace
mesh: default
name: example
spec:
  targetRef: { kind: Mesh, proxyTypes: [Gateway] }
  default: { backends: [], sampling: { overall: 100 } }
`);
    const resources = [...policies, ...gateway];
    expect(names(matchedPolicies('MeshTrace', dp('builtin-gw'), resources))).toEqual(['example']);
    expect(names(matchedPolicies('MeshTrace', dp('delegated-gw'), resources))).toEqual(['example']);
    expect(names(matchedPolicies('MeshTrace', dp('team-east'), resources))).toEqual([]);
  });

  it('"MeshServiceSubset > MeshService > MeshSubset > Mesh": the more focused top-level wins', () => {
    const policies = load(
      [
        ['a-mesh', '{ kind: Mesh }', '1s'],
        ['b-subset', '{ kind: MeshSubset, tags: { team: my-team } }', '2s'],
        ['c-service', '{ kind: MeshService, name: web-frontend }', '3s'],
        [
          'd-service-subset',
          '{ kind: MeshServiceSubset, name: web-frontend, tags: { team: my-team } }',
          '4s',
        ],
      ]
        .map(
          ([name, ref, t]) => `
type: MeshTimeout
mesh: default
name: ${name}
spec:
  targetRef: ${ref}
  to: [ { targetRef: { kind: Mesh }, default: { idleTimeout: ${t} } } ]
`,
        )
        .join('---\n'),
    );
    const r = matchedPolicies('MeshTimeout', dp('team-east'), policies);
    expect(names(r)).toEqual(['a-mesh', 'b-subset', 'c-service', 'd-service-subset']);
    expect(computeConf(r.toRules, { 'kuma.io/service': 'x' })).toEqual({ idleTimeout: '4s' });
  });

  it('"if levels are equal the lexicographic order of names is used": the smaller name wins', () => {
    const policies = load(`
type: MeshTimeout
mesh: default
name: 1-my-policy
spec:
  targetRef: { kind: Mesh }
  to: [ { targetRef: { kind: Mesh }, default: { idleTimeout: 1s } } ]
---
type: MeshTimeout
mesh: default
name: 2-my-policy
spec:
  targetRef: { kind: Mesh }
  to: [ { targetRef: { kind: Mesh }, default: { idleTimeout: 2s } } ]
`);
    const r = matchedPolicies('MeshTimeout', dp('team-east'), policies);
    expect(names(r)).toEqual(['2-my-policy', '1-my-policy']);
    expect(computeConf(r.toRules, { 'kuma.io/service': 'x' })).toEqual({ idleTimeout: '1s' });
  });
});
