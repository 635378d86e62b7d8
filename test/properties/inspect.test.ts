/**
 * Properties of inspect on random meshes: the compiled inspector (with its by-service prefilters)
 * agrees with the straightforward path (every policy handed to the matchers); reports do not
 * depend on input order; inputs are never mutated; a set diffed with itself has no changes, and
 * removing one policy changes only dataplanes that policy applied to.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInspector, diffPolicySets, type TargetRefTypeReport } from '../../src/inspect/index.js';
import {
  explainConnectionPolicies,
  explainDataplanePolicy,
  explainInboundConnectionPolicies,
  explainOutboundConnectionPolicies,
} from '../../src/legacy/index.js';
import type { LegacyPolicy, Resource } from '../../src/models/index.js';
import { matchedPolicies } from '../../src/targetref/index.js';
import { arbLegacyPolicy, arbMesh } from '../../src/testing/index.js';

const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : 20261122;
const numRuns = Number(process.env.FC_NUM_RUNS ?? (process.env.CI ? 60 : 150));
const params = { seed, numRuns };

/** A random mesh plus legacy policies naming its services. */
const arbInput = arbMesh({
  dataplanes: { min: 1, max: 4 },
  policies: { min: 0, max: 6 },
  types: [
    'MeshTimeout',
    'MeshTrafficPermission',
    'MeshAccessLog',
    'MeshRetry',
    'MeshTrace',
    'MeshPassthrough',
  ],
}).chain((m) => {
  const services = m.dataplanes.map((d) => d.networking.inbound?.[0]?.tags['kuma.io/service'] ?? 'x');
  const legacy = fc.uniqueArray(
    fc
      .constantFrom('TrafficPermission', 'Timeout', 'HealthCheck', 'ProxyTemplate', 'TrafficLog')
      .chain((t) => arbLegacyPolicy(t as LegacyPolicy['type'], { services: [...services, 'elsewhere'] })),
    { maxLength: 6, selector: (p) => `${p.type}/${p.name}` },
  );
  return legacy.map((l) => ({ ...m, resources: [...m.resources, ...l] as Resource[], legacy: l }));
});

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

describe('inspect properties', () => {
  it('the compiled inspector agrees with matchers given every policy (prefilters lose nothing)', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const resources = deepFreeze(input.resources);
        const inspector = createInspector(resources);
        for (const dp of input.dataplanes) {
          const report = inspector.inspect(dp.name, { mesh: dp.mesh });
          for (const t of report.types) {
            if (t.kind === 'error') {
              // Random meshes may carry enough distinct tags to exceed the rule budget: the only
              // acceptable failure, and the unfiltered matcher must fail the same way.
              expect(t.error.code, JSON.stringify(t)).toBe('RULE_BUDGET_EXCEEDED');
              expect(() => matchedPolicies(t.type, dp, resources)).toThrow(/rule budget exceeded/);
              continue;
            }
            if (t.kind === 'targetref') {
              const ref = matchedPolicies(t.type, dp, resources);
              expect(t.policies.map((p) => p.name)).toEqual(ref.dataplanePolicies.map((p) => p.name));
              expect((t as TargetRefTypeReport).toRules.map((r) => r.conf)).toEqual(
                ref.toRules.map((r) => r.conf),
              );
              expect(Object.keys(t.fromRules)).toEqual(Object.keys(ref.fromRules));
            } else if (t.kind === 'legacy') {
              const all = input.legacy.filter((p) => p.type === t.type);
              const ex =
                t.type === 'ProxyTemplate'
                  ? [explainDataplanePolicy(dp, all)]
                  : t.type === 'TrafficPermission'
                    ? explainInboundConnectionPolicies(dp, all)
                    : t.type === 'HealthCheck'
                      ? explainConnectionPolicies(dp, report.dataplane.outbounds, all)
                      : explainOutboundConnectionPolicies(dp, all);
              expect(t.selections.map((s) => s.selected?.name)).toEqual(ex.map((e) => e.winner?.name));
              expect(t.selections.map((s) => s.candidates.length)).toEqual(
                ex.map((e) => e.candidates.length),
              );
            }
          }
        }
      }),
      params,
    );
  });

  it('reports do not depend on the input order of resources, and are plain JSON', () => {
    fc.assert(
      fc.property(arbInput, fc.infiniteStream(fc.nat()), (input, rnd) => {
        const shuffled = [...input.resources]
          .map((r) => ({ r, k: rnd.next().value }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.r);
        const a = createInspector(input.resources).inspectAll();
        const b = createInspector(shuffled).inspectAll();
        expect(b).toEqual(a);
        expect(JSON.parse(JSON.stringify(a))).toEqual(a);
      }),
      params,
    );
  });

  it('diff: a set against itself has no changes; removing a policy only affects dataplanes it applied to', () => {
    fc.assert(
      fc.property(arbInput, fc.nat(), (input, pick) => {
        const resources = deepFreeze(input.resources);
        expect(diffPolicySets(resources, resources)).toEqual([]);
        const policies = resources.filter((r) => r.type !== 'Dataplane');
        if (policies.length === 0) return;
        const removed = policies[pick % policies.length]!;
        const after = resources.filter((r) => r !== removed);
        const reports = createInspector(resources).inspectAll();
        const touched = new Set(
          reports
            .filter((r) =>
              r.types.some((t) =>
                t.kind === 'legacy'
                  ? t.selections.some(
                      (s) =>
                        s.selected?.name === removed.name ||
                        s.candidates.some(
                          (c) => c.policy.name === removed.name && c.policy.type === removed.type,
                        ),
                    )
                  : t.kind === 'error'
                    ? t.type === removed.type // a failed type (rule budget) may recover without it
                    : t.policies.some((p) => p.name === removed.name && p.type === removed.type),
              ),
            )
            .map((r) => r.dataplane.name),
        );
        for (const change of diffPolicySets(resources, after)) {
          expect(
            touched.has(change.dataplane.name),
            `${removed.type}/${removed.name} → ${change.dataplane.name}`,
          ).toBe(true);
          expect(change.type).toBe(removed.type);
        }
      }),
      params,
    );
  });
});
