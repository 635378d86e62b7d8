/**
 * Properties of rule building and merging (issue 4, Fidelity):
 * - computeConf(buildRules(items), e) equals the brute force "merge, in item order, the confs of
 *   every item whose subset contains e" (with negations for non-empty elements, without
 *   negations for every element);
 * - the order of input policies with distinct priorities does not matter (once in Kuma's order);
 * - merging with `{}` is the identity; merging is idempotent for null-free confs;
 * - inputs are never mutated (everything is deep-frozen).
 * Fixed seed in CI (`FC_SEED`, `FC_NUM_RUNS` override).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TargetRefPolicy } from '../../src/models/index.js';
import { mergeConfs } from '../../src/targetref/merge.js';
import { explainConf } from '../../src/targetref/provenance.js';
import { buildFromRules, buildToRules } from '../../src/targetref/rule-sets.js';
import { buildRules, computeConf, type RuleItem } from '../../src/targetref/rules.js';
import { containsElement, type Subset } from '../../src/targetref/subset.js';
import { kumaSorted } from './targetref-priority-reference.js';

const params = {
  numRuns: Number(process.env.FC_NUM_RUNS ?? (process.env.CI ? 200 : 400)),
  seed: process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : 20261122,
};

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

const KEYS = ['kuma.io/service', 'team', 'zone'];
const VALUES = ['a', 'b', 'c'];

/** A null-free conf: nested objects, scalars and lists. */
const arbConf = fc.record(
  {
    x: fc.integer({ min: 0, max: 5 }),
    y: fc.constantFrom('p', 'q', 'r'),
    sub: fc.record({ u: fc.integer({ min: 0, max: 3 }), v: fc.boolean() }, { requiredKeys: [] }),
    list: fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

const arbSubset = (keys: readonly string[]): fc.Arbitrary<Subset> =>
  fc
    .uniqueArray(fc.constantFrom(...keys), { maxLength: 2 })
    .chain((ks) => fc.tuple(...ks.map((k) => fc.constantFrom(...VALUES).map((value) => ({ key: k, value })))))
    .map((tags) => tags as Subset);

const arbItems = (keys: readonly string[]): fc.Arbitrary<RuleItem[]> =>
  fc.array(
    fc
      .record({ subset: arbSubset(keys), conf: arbConf, n: fc.integer({ min: 0, max: 4 }) })
      .map(({ subset, conf, n }) => ({
        subset,
        conf,
        origin: { type: 'ExamplePolicy', mesh: 'default', name: `p${n}`, labels: {} },
      })),
    { maxLength: 6 },
  );

const arbElement = (keys: readonly string[], nonEmpty: boolean): fc.Arbitrary<Record<string, string>> =>
  fc
    .uniqueArray(fc.constantFrom(...keys, 'other'), {
      minLength: nonEmpty ? 1 : 0,
      maxLength: keys.length + 1,
    })
    .chain((ks) => fc.tuple(...ks.map((k) => fc.constantFrom(...VALUES, 'z').map((v) => [k, v] as const))))
    .map((pairs) => Object.fromEntries(pairs));

function bruteForce(items: readonly RuleItem[], element: Record<string, string>): unknown {
  const confs = items.filter((i) => containsElement(i.subset, element)).map((i) => i.conf);
  return confs.length === 0 ? undefined : mergeConfs('ExamplePolicy', confs)[0];
}

describe('properties: rules', () => {
  it('computeConf(buildRules(items, negations), e) = brute-force merge (non-empty elements)', () => {
    fc.assert(
      fc.property(arbItems(KEYS), arbElement(KEYS, true), (items, element) => {
        deepFreeze(items);
        const rules = buildRules(items, { withNegations: true, type: 'ExamplePolicy' });
        expect(computeConf(rules, element)).toEqual(bruteForce(items, element));
      }),
      params,
    );
  });

  it('computeConf(buildRules(items, no negations), e) = brute-force merge (one tag key, any element)', () => {
    const one = ['kuma.io/service'];
    fc.assert(
      fc.property(arbItems(one), arbElement(one, false), (items, element) => {
        deepFreeze(items);
        const rules = buildRules(items, { withNegations: false, type: 'ExamplePolicy' });
        expect(computeConf(rules, element)).toEqual(bruteForce(items, element));
      }),
      params,
    );
  });

  it('explainConf explains exactly the computed conf: every leaf once, owned by a contributor that wrote it', () => {
    fc.assert(
      fc.property(arbItems(KEYS), arbElement(KEYS, true), (items, element) => {
        deepFreeze(items);
        const opts = { withNegations: true, type: 'ExamplePolicy' };
        const why = explainConf(items, element, opts);
        const conf = computeConf(buildRules(items, opts), element);
        if (why === undefined) {
          expect(conf).toBeUndefined();
          return;
        }
        expect(why.conf).toEqual(conf);
        const contributors = new Set(why.contributors.map((c) => c.item));
        const pointers = why.fields.map((f) => f.pointer);
        expect(new Set(pointers).size).toBe(pointers.length);
        for (const f of why.fields) {
          expect(contributors.has(f.index)).toBe(true);
          // The owning item's own conf has that leaf (objects merge, lists and scalars replace).
          const top = f.pointer.split('/')[1] as string;
          expect(Object.hasOwn((items[f.index] as RuleItem).conf as object, top)).toBe(true);
        }
      }),
      params,
    );
  });

  it('the order of input policies with distinct priorities does not matter', () => {
    const arbPolicy = (name: string) =>
      fc
        .record({
          top: fc.constantFrom<TargetRefPolicy['spec']['targetRef']>(
            { kind: 'Mesh' },
            { kind: 'MeshSubset', tags: { team: 'a' } },
            { kind: 'MeshService', name: 'web' },
          ),
          from: fc.array(
            fc.record({
              subset: arbSubset(KEYS),
              conf: fc.constantFrom('Allow', 'Deny', 'AllowWithShadowDeny'),
            }),
            {
              minLength: 1,
              maxLength: 3,
            },
          ),
        })
        .map(
          ({ top, from }) =>
            ({
              type: 'MeshTrafficPermission',
              mesh: 'default',
              name,
              labels: {},
              spec: {
                targetRef: top,
                from: from.map((f) => ({
                  targetRef:
                    f.subset.length === 0
                      ? { kind: 'Mesh' }
                      : {
                          kind: 'MeshSubset',
                          tags: Object.fromEntries(f.subset.map((t) => [t.key, t.value])),
                        },
                  default: { action: f.conf },
                })),
              },
            }) as TargetRefPolicy,
        );
    const arbPolicies = fc
      .uniqueArray(fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5'), { minLength: 1, maxLength: 4 })
      .chain((names) => fc.tuple(...names.map(arbPolicy)));
    fc.assert(
      fc.property(
        arbPolicies.chain((ps) =>
          fc.tuple(fc.constant(ps), fc.shuffledSubarray(ps, { minLength: ps.length, maxLength: ps.length })),
        ),
        ([ps, shuffled]) => {
          deepFreeze(ps);
          const a = buildFromRules('MeshTrafficPermission', { '1.1.1.1:80': kumaSorted(ps) });
          const b = buildFromRules('MeshTrafficPermission', { '1.1.1.1:80': kumaSorted(shuffled) });
          expect(b).toEqual(a);
          const ta = buildToRules('MeshTrafficPermission', kumaSorted(ps), []);
          expect(buildToRules('MeshTrafficPermission', kumaSorted(shuffled), [])).toEqual(ta);
        },
      ),
      params,
    );
  });
});

describe('properties: merge', () => {
  const kinds = ['ExamplePolicy', 'MeshTimeout', 'MeshTrafficPermission'];
  it('merging with {} is the identity (either side)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...kinds, 'MeshPassthrough'), arbConf, (type, conf) => {
        deepFreeze(conf);
        const alone = mergeConfs(type, [conf]);
        expect(mergeConfs(type, [conf, {}])).toEqual(alone);
        expect(mergeConfs(type, [{}, conf])).toEqual(alone);
      }),
      params,
    );
  });

  it('merging is idempotent for null-free confs', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.array(arbConf, { minLength: 1, maxLength: 4 }),
        (type, confs) => {
          deepFreeze(confs);
          const once = mergeConfs(type, confs);
          expect(mergeConfs(type, [...confs, ...confs])).toEqual(once);
          expect(mergeConfs(type, once)).toEqual(once);
        },
      ),
      params,
    );
  });

  it('arbitrary JSON (with nulls and prototype-like keys) never throws, pollutes or mutates', () => {
    const key = fc.constantFrom('a', 'b', '__proto__', 'constructor', 'prototype');
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.integer(),
        fc.string({ maxLength: 3 }),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(key, tie('value'), { maxKeys: 3 }),
      ),
    })).value;
    fc.assert(
      fc.property(fc.array(fc.dictionary(key, json, { maxKeys: 4 }), { maxLength: 4 }), (confs) => {
        deepFreeze(confs);
        const out = mergeConfs('ExamplePolicy', confs);
        expect(out.length).toBe(confs.length === 0 ? 0 : 1);
        expect(({} as Record<string, unknown>).a).toBeUndefined();
        expect(Object.hasOwn(Object.prototype, 'b')).toBe(false);
      }),
      params,
    );
  });
});
