import { describe, expect, it } from 'vitest';
import { diffPolicySets, inspectDataplane, lintPolicies } from '../../src/inspect/index.js';
import { loadResources, type Resource } from '../../src/models/index.js';

const text = `
type: Dataplane
mesh: default
name: constructor
networking:
  address: 10.0.0.1
  inbound: [{ port: 80, tags: { kuma.io/service: __proto__ } }]
  outbound:
    - { port: 1000, tags: { kuma.io/service: __proto__ } }
    - { port: 1001, tags: { kuma.io/service: constructor } }
---
type: MeshTimeout
mesh: default
name: __proto__
spec:
  targetRef: { kind: MeshService, name: __proto__ }
  to: [{ targetRef: { kind: Mesh }, default: { connectionTimeout: 1s } }]
  from: [{ targetRef: { kind: Mesh }, default: { idleTimeout: 2s } }]
---
type: TrafficLog
mesh: default
name: prototype
sources: [{ match: { kuma.io/service: '*' } }]
destinations: [{ match: { kuma.io/service: __proto__ } }]
conf: { backend: x }
`;

describe('hostile names never pollute or drop keys', () => {
  it('keeps __proto__ / constructor services and policies as data', () => {
    const { resources, issues } = loadResources(text);
    // Kuma admits the policy named __proto__ but warns about the name (pre-2.5 names are only updated).
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(issues).toMatchObject([
      { document: 1, path: 'name', severity: 'warning', message: expect.stringContaining('stricter rules') },
    ]);
    expect(resources.map((r) => r.name)).toEqual(['constructor', '__proto__', 'prototype']);
    const report = inspectDataplane('constructor', resources);
    const mt = report.types.find((t) => t.type === 'MeshTimeout');
    expect(mt?.kind).toBe('targetref');
    if (mt?.kind !== 'targetref') return;
    expect(Object.keys(mt.effective.outbounds)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(mt.effective.outbounds)).toBe(Object.prototype);
    expect(
      Object.getOwnPropertyDescriptor(mt.effective.outbounds, '__proto__')?.value.fields[0]?.setBy?.name,
    ).toBe('__proto__');
    const round = JSON.parse(JSON.stringify(report)) as typeof report;
    expect(round).toEqual(report);
    const tl = report.types.find((t) => t.type === 'TrafficLog');
    expect(tl?.kind === 'legacy' && tl.selections.find((s) => s.key === '__proto__')?.selected?.name).toBe(
      'prototype',
    );
    expect(({} as Record<string, unknown>).connectionTimeout).toBeUndefined();
    expect(() => lintPolicies(resources)).not.toThrow();
    expect(diffPolicySets(resources, resources)).toEqual([]);
  });

  it('rejects non-array inputs with MeshPolicyError, never a crash', () => {
    expect(() => diffPolicySets(null as unknown as Resource[], [])).toThrow(/two resource arrays/);
    expect(() => lintPolicies({} as unknown as Resource[])).toThrow(/must be an array/);
    expect(() => inspectDataplane('', [])).toThrow(/name is required/);
  });
});
