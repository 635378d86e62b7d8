import { describe, expect, it } from 'vitest';
import type { TargetRefPolicy } from '../../src/models/index.js';
import {
  comparePolicyPriority,
  prioritySortKey,
  sortByPriority,
  sortByPriorityWithWarnings,
  targetRefKindOrder,
} from '../../src/targetref/priority.js';

function p(
  name: string,
  targetRef: Record<string, unknown> | undefined,
  labels: Record<string, string> = {},
) {
  return Object.freeze({
    type: 'MeshTimeout',
    mesh: 'default',
    name,
    labels: Object.freeze(labels),
    spec: Object.freeze(targetRef === undefined ? {} : { targetRef }),
  }) as unknown as TargetRefPolicy;
}
const names = (xs: readonly TargetRefPolicy[]) => xs.map((x) => x.name);

describe('priority order (spec 02 §5)', () => {
  it('kind order values', () => {
    expect(
      [
        'Mesh',
        'MeshSubset',
        'MeshGateway',
        'MeshService',
        'MeshExternalService',
        'MeshServiceSubset',
        'MeshHTTPRoute',
      ].map(targetRefKindOrder),
    ).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(targetRefKindOrder('Bogus')).toBe(0);
    expect(targetRefKindOrder(undefined)).toBe(0);
    expect(targetRefKindOrder('constructor')).toBe(0);
  });

  it('sorts by kind first, lowest first (T1: MeshGateway and MeshHTTPRoute included)', () => {
    const xs = [
      p('route', { kind: 'MeshHTTPRoute', name: 'r' }),
      p('mss', { kind: 'MeshServiceSubset', name: 'a', tags: { v: '1' } }),
      p('ms', { kind: 'MeshService', name: 'a' }),
      p('mg', { kind: 'MeshGateway', name: 'g' }),
      p('msub', { kind: 'MeshSubset', tags: { v: '1' } }),
      p('mesh', { kind: 'Mesh' }),
      p('none', undefined),
    ];
    expect(names(sortByPriority(xs))).toEqual(['none', 'mesh', 'msub', 'mg', 'ms', 'mss', 'route']);
  });

  it('origin: global < unknown < zone; other values are unknown', () => {
    const xs = [
      p('z', { kind: 'Mesh' }, { 'kuma.io/origin': 'zone' }),
      p('u', { kind: 'Mesh' }),
      p('g', { kind: 'Mesh' }, { 'kuma.io/origin': 'global' }),
      p('w', { kind: 'Mesh' }, { 'kuma.io/origin': 'weird' }),
    ];
    expect(names(sortByPriority(xs))).toEqual(['g', 'w', 'u', 'z']);
  });

  it('MeshGateway tag count only for MeshGateway', () => {
    // More tags win over the name for MeshGateway: 'a-listener' would win by name, 'b-whole' by tags.
    const xs = [
      p('a-listener', { kind: 'MeshGateway', name: 'g' }),
      p('b-whole', { kind: 'MeshGateway', name: 'g', tags: { listener: 'one' } }),
    ];
    expect(names(sortByPriority(xs))).toEqual(['a-listener', 'b-whole']);
    expect(comparePolicyPriority(xs[0]!, xs[1]!)).toBeLessThan(0);
    // For every other kind the tag count is not compared: the name decides even against more tags
    // ('a' has fewer tags but the smaller name, so it is merged last and wins).
    for (const kind of ['MeshSubset', 'MeshServiceSubset', 'MeshService', 'Mesh', 'MeshHTTPRoute']) {
      const ys = [
        p('a', { kind, name: 'web', tags: { x: '1' } }),
        p('b', { kind, name: 'web', tags: { x: '1', y: '2' } }),
      ];
      expect(names(sortByPriority(ys)), kind).toEqual(['b', 'a']);
      expect(names(sortByPriority([...ys].reverse())), kind).toEqual(['b', 'a']);
      expect(comparePolicyPriority(ys[0]!, ys[1]!), kind).toBeGreaterThan(0);
    }
  });

  it('role: system (or absent) < producer < anything else', () => {
    const xs = [
      p('a-consumer', { kind: 'Mesh' }, { 'kuma.io/policy-role': 'consumer' }),
      p('b-producer', { kind: 'Mesh' }, { 'kuma.io/policy-role': 'producer' }),
      p('c-absent', { kind: 'Mesh' }),
      p('d-system', { kind: 'Mesh' }, { 'kuma.io/policy-role': 'system' }),
      p('e-owner', { kind: 'Mesh' }, { 'kuma.io/policy-role': 'workload-owner' }),
    ];
    expect(names(sortByPriority(xs))).toEqual([
      'd-system',
      'c-absent',
      'b-producer',
      'e-owner',
      'a-consumer',
    ]);
  });

  it('spec 02 §5.1: display name descending, so the smaller display name wins', () => {
    const a = p(
      'default-demo-app.kuma-system',
      { kind: 'Mesh' },
      { 'kuma.io/display-name': 'default-demo-app' },
    );
    const b = p(
      'default-demo-app-b.kuma-system',
      { kind: 'Mesh' },
      { 'kuma.io/display-name': 'default-demo-app-b' },
    );
    expect(names(sortByPriority([a, b]))).toEqual([
      'default-demo-app-b.kuma-system',
      'default-demo-app.kuma-system',
    ]);
    expect(names(sortByPriority([b, a]))).toEqual([
      'default-demo-app-b.kuma-system',
      'default-demo-app.kuma-system',
    ]);
    expect(comparePolicyPriority(a, b)).toBeGreaterThan(0);
  });

  it('seed 003 "MeshServiceSubset > MeshService > MeshSubset > Mesh", names lexicographic', () => {
    const xs = [
      p('2-my-policy', { kind: 'Mesh' }),
      p('1-my-policy', { kind: 'Mesh' }),
      p('svc', { kind: 'MeshService', name: 'web' }),
      p('subset', { kind: 'MeshSubset', tags: { team: 'my-team' } }),
      p('svcsub', { kind: 'MeshServiceSubset', name: 'web', tags: { v: '1' } }),
    ];
    expect(names(sortByPriority(xs))).toEqual(['2-my-policy', '1-my-policy', 'subset', 'svc', 'svcsub']);
  });

  it('exact ties: core name descending, with a warning (open question Q2)', () => {
    const a = p('same.ns-a', { kind: 'Mesh' }, { 'kuma.io/display-name': 'same' });
    const b = p('same.ns-b', { kind: 'Mesh' }, { 'kuma.io/display-name': 'same' });
    const r1 = sortByPriorityWithWarnings([a, b]);
    const r2 = sortByPriorityWithWarnings([b, a]);
    expect(names(r1.sorted)).toEqual(['same.ns-b', 'same.ns-a']);
    expect(names(r2.sorted)).toEqual(['same.ns-b', 'same.ns-a']);
    expect(r1.warnings).toHaveLength(1);
    expect(r1.warnings[0]).toContain("'same.ns-a' is merged last");
    expect(sortByPriorityWithWarnings([a, p('other', { kind: 'Mesh' })]).warnings).toEqual([]);
  });

  it('sort key exposes every compared field', () => {
    expect(
      prioritySortKey(
        p(
          'x.ns',
          { kind: 'MeshGateway', name: 'g', tags: { a: '1' } },
          { 'kuma.io/origin': 'zone', 'kuma.io/display-name': 'x' },
        ),
      ),
    ).toEqual({
      kind: 'MeshGateway',
      kindOrder: 3,
      origin: 'zone',
      originOrder: 1,
      gatewayTagCount: 1,
      role: 'system',
      roleOrder: -1,
      displayName: 'x',
      coreName: 'x.ns',
    });
  });

  it('returns a copy and leaves the input alone', () => {
    const xs = Object.freeze([p('a', { kind: 'Mesh' }), p('b', { kind: 'Mesh' })]);
    const out = sortByPriority(xs);
    expect(out).not.toBe(xs);
    expect(names(xs)).toEqual(['a', 'b']);
    expect(names(out)).toEqual(['b', 'a']);
  });
});
