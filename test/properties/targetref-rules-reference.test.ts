/**
 * buildRules produces exactly the rules of a literal re-statement of Kuma 2.8.8's algorithm
 * (spec 03 §4): intersect graph, connected components ordered by their joined indexes
 * (descending, as strings), 2^N counter enumeration with the all-positive pattern last,
 * per-key simplification, createRule over every item, stable sort by positive tags. Compared on
 * subsets (tag order included), confs, origins and rule order, for random items. Fixed seed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeConfs } from '../../src/targetref/merge.js';
import { buildRules, type RuleItem, ruleOrigins } from '../../src/targetref/rules.js';
import {
  compareTags,
  intersect,
  isSubset,
  positiveCount,
  type Subset,
  type Tag,
} from '../../src/targetref/subset.js';

const params = {
  numRuns: Number(process.env.FC_NUM_RUNS ?? (process.env.CI ? 200 : 400)),
  seed: process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : 20261122,
};

type Plain = { subset: Tag[]; conf: unknown; origin: string[] };

function createRule(subset: Subset, items: readonly RuleItem[]): Plain[] {
  const covering = items.filter((i) => isSubset(i.subset, subset));
  if (covering.length === 0) return [];
  const origin = ruleOrigins(covering.map((i) => i.origin)).map((o) => o.name);
  return mergeConfs(
    'ExamplePolicy',
    covering.map((i) => i.conf),
  ).map((conf) => ({
    subset: subset.map((t) => ({ key: t.key, value: t.value, not: t.not === true })),
    conf,
    origin,
  }));
}

function stableSortBy<T>(xs: T[], key: (x: T) => number): T[] {
  return xs
    .map((x, i) => ({ x, i }))
    .sort((a, b) => key(b.x) - key(a.x) || a.i - b.i)
    .map((e) => e.x);
}

function kumaBuildRules(items: readonly RuleItem[], withNegations: boolean): Plain[] {
  const subsets = items.map((i) => i.subset);
  const keys = new Set(subsets.flatMap((s) => s.map((t) => t.key)));
  if (!withNegations && keys.size <= 1) {
    const seen = new Set<string>();
    const rules: Plain[] = [];
    for (const s of subsets) {
      const sorted = s.map((t) => ({ ...t, not: t.not === true })).sort(compareTags);
      const k = JSON.stringify(sorted);
      if (seen.has(k)) continue;
      seen.add(k);
      rules.push(...createRule(sorted, items));
    }
    return stableSortBy(rules, (r) => r.subset.length);
  }
  // Connected components by depth-first search over the intersect graph.
  const n = subsets.length;
  const seenNode = new Array<boolean>(n).fill(false);
  const comps: number[][] = [];
  for (let i = 0; i < n; i++) {
    if (seenNode[i]) continue;
    const comp: number[] = [];
    const stack = [i];
    seenNode[i] = true;
    while (stack.length > 0) {
      const x = stack.pop() as number;
      comp.push(x);
      for (let y = 0; y < n; y++) {
        if (y !== x && !seenNode[y] && intersect(subsets[x] as Subset, subsets[y] as Subset)) {
          seenNode[y] = true;
          stack.push(y);
        }
      }
    }
    comps.push(comp.sort((a, b) => a - b));
  }
  comps.sort((a, b) => {
    const ka = a.join(':');
    const kb = b.join(':');
    return ka < kb ? 1 : ka > kb ? -1 : 0;
  });
  const rules: Plain[] = [];
  for (const comp of comps) {
    const distinct = new Map<string, Tag>();
    for (const i of comp)
      for (const t of subsets[i] as Subset)
        distinct.set(`${t.key}\u0000${t.value}`, { key: t.key, value: t.value, not: false });
    const tags = [...distinct.values()].sort(compareTags);
    const total = 2 ** tags.length;
    for (let step = 1; step <= total; step++) {
      const c = step % total;
      const byKey = new Map<string, Tag[]>();
      tags.forEach((t, i) => {
        const list = byKey.get(t.key) ?? [];
        list.push({ ...t, not: Math.floor(c / 2 ** i) % 2 === 1 });
        byKey.set(t.key, list);
      });
      const subset: Tag[] = [];
      let contradictory = false;
      for (const list of byKey.values()) {
        const pos = list.filter((t) => !t.not);
        if (pos.length > 1) contradictory = true;
        else if (pos.length === 1) subset.push(pos[0] as Tag);
        else subset.push(...list);
      }
      if (!contradictory) rules.push(...createRule(subset, items));
    }
  }
  return stableSortBy(rules, (r) => positiveCount(r.subset));
}

const VALUES = ['a', 'b', 'c'];
const arbSubset = (keys: readonly string[]): fc.Arbitrary<Subset> =>
  fc
    .array(fc.tuple(fc.constantFrom(...keys), fc.constantFrom(...VALUES)), { maxLength: 3 })
    .map((pairs) => pairs.map(([key, value]) => ({ key, value })));
const arbItems = (keys: readonly string[]): fc.Arbitrary<RuleItem[]> =>
  fc.array(
    fc
      .record({
        subset: arbSubset(keys),
        v: fc.integer({ min: 0, max: 9 }),
        n: fc.integer({ min: 0, max: 3 }),
      })
      .map(({ subset, v, n }) => ({
        subset,
        conf: { v, [`k${v % 3}`]: n },
        origin: { type: 'ExamplePolicy', mesh: 'default', name: `p${n}`, labels: {} },
      })),
    { maxLength: 7 },
  );

const plain = (rules: ReturnType<typeof buildRules>): Plain[] =>
  rules.map((r) => ({
    subset: r.subset.map((t) => ({ key: t.key, value: t.value, not: t.not === true })),
    conf: r.conf,
    origin: r.origin.map((o) => o.name),
  }));

describe('properties: buildRules = literal Kuma 2.8.8 algorithm', () => {
  it('with negations (several keys, repeated keys and values inside one subset)', () => {
    fc.assert(
      fc.property(arbItems(['kuma.io/service', 'team', 'zone']), (items) => {
        expect(plain(buildRules(items, { withNegations: true }))).toEqual(kumaBuildRules(items, true));
      }),
      params,
    );
  });

  it('without negations (fast path with one key, general path otherwise)', () => {
    fc.assert(
      fc.property(
        fc.oneof(arbItems(['kuma.io/service']), arbItems(['kuma.io/service', '__rule-matches-hash__'])),
        (items) => {
          expect(plain(buildRules(items, { withNegations: false }))).toEqual(kumaBuildRules(items, false));
        },
      ),
      params,
    );
  });
});
