import { describe, expect, it } from 'vitest';
import { loadResources, MeshPolicyError, type Resource } from '../../src/models/index.js';
import {
  EGRESS_RULES_KEY,
  egressMatchedPolicies,
  egressServiceSelected,
} from '../../src/targetref/egress.js';

function load(yaml: string): Resource[] {
  const { resources, issues } = loadResources(yaml);
  expect(issues).toEqual([]);
  return resources;
}

const esTags = { 'kuma.io/service': 'external-database', version: 'v1' };
const meta = { mesh: 'mesh-1' };

describe('egressServiceSelected (spec 02 §8)', () => {
  const mes = load(`
type: MeshExternalService
mesh: mesh-1
name: mes-1-abc
labels: { kuma.io/display-name: mes-1 }
spec: { match: { port: 5432, protocol: tcp } }
`);
  it('per kind', () => {
    expect(egressServiceSelected(meta, { kind: 'Mesh' }, esTags, [])).toBe(true);
    expect(egressServiceSelected(meta, { kind: 'MeshSubset', tags: { version: 'v1' } }, esTags, [])).toBe(
      true,
    );
    expect(egressServiceSelected(meta, { kind: 'MeshSubset', tags: { version: 'v2' } }, esTags, [])).toBe(
      false,
    );
    expect(egressServiceSelected(meta, { kind: 'MeshService', name: 'external-database' }, esTags, [])).toBe(
      true,
    );
    expect(
      egressServiceSelected(
        meta,
        { kind: 'MeshServiceSubset', name: 'external-database', tags: { version: 'v2' } },
        esTags,
        [],
      ),
    ).toBe(false);
    expect(egressServiceSelected(meta, { kind: 'MeshGateway', name: 'g' }, esTags, [])).toBe(false);
  });
  it('MeshExternalService: any MES of the mesh with that display name, tags not compared', () => {
    expect(egressServiceSelected(meta, { kind: 'MeshExternalService', name: 'mes-1' }, {}, mes)).toBe(true);
    expect(egressServiceSelected(meta, { kind: 'MeshExternalService', name: 'mes-1-abc' }, {}, mes)).toBe(
      false,
    );
    expect(
      egressServiceSelected({ mesh: 'other' }, { kind: 'MeshExternalService', name: 'mes-1' }, {}, mes),
    ).toBe(false);
  });
  it('ignores proxyTypes', () => {
    expect(egressServiceSelected(meta, { kind: 'Mesh', proxyTypes: ['Gateway'] }, esTags, [])).toBe(true);
  });
});

describe('egressMatchedPolicies', () => {
  it('from types: select by top-level targetRef, sort, build from-rules under ":0"', () => {
    const r = egressMatchedPolicies(
      'MeshTrafficPermission',
      esTags,
      load(`
type: MeshTrafficPermission
mesh: mesh-1
name: a-deny
spec:
  targetRef: { kind: MeshService, name: external-database }
  from: [ { targetRef: { kind: Mesh }, default: { action: Deny } } ]
---
type: MeshTrafficPermission
mesh: mesh-1
name: b-allow
spec:
  targetRef: { kind: Mesh }
  from: [ { targetRef: { kind: Mesh }, default: { action: Allow } } ]
---
type: MeshTrafficPermission
mesh: mesh-1
name: other
spec:
  targetRef: { kind: MeshService, name: elsewhere }
  from: [ { targetRef: { kind: Mesh }, default: { action: Allow } } ]
---
type: MeshTrafficPermission
mesh: mesh-1
name: shadow
labels: { kuma.io/effect: shadow }
spec:
  targetRef: { kind: Mesh }
  from: [ { targetRef: { kind: Mesh }, default: { action: AllowWithShadowDeny } } ]
`),
    );
    expect(EGRESS_RULES_KEY).toBe(':0');
    expect(r.matchedPolicies.map((p) => p.name)).toEqual(['b-allow', 'a-deny']);
    expect(Object.keys(r.fromRules)).toEqual([':0']);
    expect(r.fromRules[':0']?.map((x) => x.conf)).toEqual([{ action: 'Deny' }]);
  });

  it('to-only types: once per selecting to item, rewritten to the top-level targetRef', () => {
    const r = egressMatchedPolicies(
      'MeshLoadBalancingStrategy',
      esTags,
      load(`
type: MeshLoadBalancingStrategy
mesh: mesh-1
name: twice
spec:
  targetRef: { kind: MeshService, name: backend }
  to:
    - targetRef: { kind: MeshService, name: external-database }
      default: { localityAwareness: { disabled: true } }
    - targetRef: { kind: Mesh }
      default: { localityAwareness: { disabled: false } }
    - targetRef: { kind: MeshService, name: not-this-one }
      default: { loadBalancer: { type: RoundRobin } }
`),
    );
    expect(r.matchedPolicies.map((p) => p.name)).toEqual(['twice', 'twice']);
    const rules = r.fromRules[':0'] ?? [];
    expect(rules).toHaveLength(1);
    expect(rules[0]?.subset.map((t) => [t.key, t.value, t.not === true])).toEqual([
      ['kuma.io/service', 'backend', false],
    ]);
    expect(rules[0]?.conf).toEqual({ localityAwareness: { disabled: false } });
  });

  it('a top-level targetRef that cannot be a subset fails the call (Kuma returns an error)', () => {
    const resources = load(`
type: MeshLoadBalancingStrategy
mesh: mesh-1
name: gw
spec:
  targetRef: { kind: MeshGateway, name: g }
  to: [ { targetRef: { kind: Mesh }, default: { localityAwareness: { disabled: true } } } ]
`);
    expect(() => egressMatchedPolicies('MeshLoadBalancingStrategy', esTags, resources)).toThrow(
      MeshPolicyError,
    );
  });

  it('single-item types give an empty result; unknown types throw', () => {
    expect(egressMatchedPolicies('MeshTrace', esTags, [])).toEqual({
      type: 'MeshTrace',
      matchedPolicies: [],
      fromRules: {},
      warnings: [],
    });
    expect(() => egressMatchedPolicies('Bogus', esTags, [])).toThrow(MeshPolicyError);
  });
});

describe('egressMatchedPolicies: empty inputs', () => {
  it('no policy of the type: empty result; policies that select nothing: an empty ":0" list', () => {
    expect(egressMatchedPolicies('MeshTrafficPermission', esTags, []).fromRules).toEqual({});
    const none = load(`
type: MeshTrafficPermission
mesh: mesh-1
name: elsewhere
spec:
  targetRef: { kind: MeshService, name: elsewhere }
  from: [ { targetRef: { kind: Mesh }, default: { action: Allow } } ]
`);
    expect(egressMatchedPolicies('MeshTrafficPermission', esTags, none).fromRules).toEqual({ ':0': [] });
  });
});
