/**
 * Seed 003 ("Understanding TargetRef policies") examples as unit tests of the rule builders and
 * the merge: each YAML example is parsed as written and resolved for the peers it talks about.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { TargetRefPolicy } from '../../src/models/index.js';
import { mergeConfs } from '../../src/targetref/merge.js';
import { buildFromRules, buildSingleItemRules, buildToRules } from '../../src/targetref/rule-sets.js';
import { computeConf } from '../../src/targetref/rules.js';

const load = (yaml: string): TargetRefPolicy => {
  const doc = parse(yaml) as Record<string, unknown>;
  return { labels: {}, ...doc } as unknown as TargetRefPolicy;
};

describe('seed 003 examples', () => {
  it('the merge example: arrays replaced, objects merged', () => {
    const [a, b] = parse(`
- conf: 1
  sub:
    array: [1, 2, 3]
    other: 50
    other-array: [3, 4, 5]
- sub:
    array: []
    other-array: [5, 6]
    extra: 2
`) as unknown[];
    expect(mergeConfs('ExamplePolicy', [a, b])).toEqual([
      parse(`
conf: 1
sub:
  array: []
  other: 50
  other-array: [5, 6]
  extra: 2
`),
    ]);
  });

  it('a policy with both to and from: outgoing and incoming confs are separate rule sets', () => {
    const p = load(`
type: ExamplePolicy
name: my-example
mesh: default
spec:
  targetRef:
    kind: Mesh
  to:
    - targetRef:
        kind: Mesh
      default:
        key: value
  from:
    - targetRef:
        kind: Mesh
      default:
        key: value
`);
    expect(computeConf(buildToRules('ExamplePolicy', [p], []), { 'kuma.io/service': 'any' })).toEqual({
      key: 'value',
    });
    const from = buildFromRules('ExamplePolicy', { '10.0.0.1:80': [p] });
    expect(computeConf(from['10.0.0.1:80'] ?? [], {})).toEqual({ key: 'value' });
  });

  it('the MeshAccessLog example: to web-backend only, from anyone', () => {
    const p = load(`
type: MeshAccessLog
name: example
mesh: default
spec:
  targetRef:
    kind: MeshService
    name: web-frontend
  to:
    - targetRef:
        kind: MeshService
        name: web-backend
      default:
        backends:
          - file:
              format:
                plain: '{"start_time": "%START_TIME%"}'
              path: "/tmp/logs.txt"
  from:
    - targetRef:
        kind: Mesh
      default:
        backends:
          - file:
              format:
                plain: '{"start_time": "%START_TIME%"}'
              path: "/tmp/logs.txt"
`);
    const backends = [
      { file: { format: { plain: '{"start_time": "%START_TIME%"}' }, path: '/tmp/logs.txt' } },
    ];
    const to = buildToRules('MeshAccessLog', [p], []);
    expect(computeConf(to, { 'kuma.io/service': 'web-backend' })).toEqual({ backends });
    expect(computeConf(to, { 'kuma.io/service': 'web-other' })).toBeUndefined();
    const from = buildFromRules('MeshAccessLog', { '10.0.0.1:8080': [p] })['10.0.0.1:8080'] ?? [];
    expect(computeConf(from, {})).toEqual({ backends });
  });

  it('"applying a global default" and "recommending to users"', () => {
    const global = load(`
type: ExamplePolicy
name: example
mesh: default
spec:
  targetRef:
    kind: Mesh
  to:
    - targetRef:
        kind: Mesh
      default:
        key: value
`);
    const recommend = load(`
type: ExamplePolicy
name: example-my-service
mesh: default
spec:
  targetRef:
    kind: Mesh
  to:
    - targetRef:
        kind: MeshService
        name: my-service
      default:
        key: recommended
`);
    const rules = buildToRules('ExamplePolicy', [global, recommend], []);
    expect(computeConf(rules, { 'kuma.io/service': 'my-service' })).toEqual({ key: 'recommended' });
    expect(computeConf(rules, { 'kuma.io/service': 'other' })).toEqual({ key: 'value' });
  });

  it('"configuring all proxies of a team": from Mesh on the selected inbounds', () => {
    const p = load(`
type: ExamplePolicy
name: example
mesh: default
spec:
  targetRef:
    kind: MeshSubset
    tags:
      team: "my-team"
  from:
    - targetRef:
        kind: Mesh
      default:
        key: value
`);
    const rules = buildFromRules('ExamplePolicy', { '10.0.0.2:80': [p] })['10.0.0.2:80'] ?? [];
    expect(rules.map((r) => r.subset)).toEqual([[]]);
    expect(computeConf(rules, { 'kuma.io/service': 'anyone' })).toEqual({ key: 'value' });
  });

  it('"all proxies in a zone" and "all gateways in a Mesh": single-item rules ignore the top-level targetRef', () => {
    const zone = load(`
type: ExamplePolicy
name: example
mesh: default
spec:
  targetRef:
    kind: MeshSubset
    tags:
      kuma.io/zone: "east"
  default:
    key: value
`);
    const gateways = load(`
type: ExamplePolicy
name: example-gateways
mesh: default
spec:
  targetRef:
    kind: Mesh
    proxyTypes: ["Gateway"]
  default:
    key: gateway-value
`);
    expect(buildSingleItemRules('ExamplePolicy', [zone])).toEqual([
      expect.objectContaining({ subset: [], conf: { key: 'value' } }),
    ]);
    // When both match a proxy, the later (higher-priority) one wins the merge.
    expect(computeConf(buildSingleItemRules('ExamplePolicy', [zone, gateways]), {})).toEqual({
      key: 'gateway-value',
    });
  });
});
