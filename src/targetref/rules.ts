/**
 * Rules: `(subset, merged conf, origins)` triples built from priority-ordered items (spec 03 §4),
 * and the `computeConf` lookup (§6).
 *
 * Kuma enumerates all 2^N positive/negative combinations of the N distinct tags of a connected
 * component and discards the contradictory ones. Here each key is enumerated on its own (one of
 * its values positive, or all of them negated), which yields only consistent combinations, in
 * exactly the order Kuma's counter visits them: for M keys with m_k values that is Π(m_k + 1)
 * subsets instead of 2^Σm_k.
 */

import type { DeepReadonly } from '../internal/readonly.js';
import { MeshPolicyError } from '../models/index.js';
import { assertList, invalidArgument, isObject } from './input.js';
import { type MergeOptions, mergeConfs } from './merge.js';
import type { PrioritySortKey } from './priority.js';
import {
  assertTags,
  compareStringsUnchecked,
  compareTagsUnchecked,
  containsElementUnchecked,
  intersectUnchecked,
  isSubsetUnchecked,
  positiveCount,
  type Subset,
  type SubsetElement,
  type Tag,
} from './subset.js';

/** The metadata of a policy that contributed to a rule (Kuma's `Origin` entries). */
export interface RuleOrigin {
  type: string;
  mesh: string;
  name: string;
  labels: Record<string, string>;
  creationTime?: string;
  modificationTime?: string;
}

/** One `to[]` / `from[]` / `default` entry, already turned into a subset, in merge order. */
export interface RuleItem {
  subset: Subset;
  conf: unknown;
  origin: RuleOrigin;
  /** Where the item comes from inside its policy, e.g. `spec.from[1]` (for explanations). */
  path?: string;
  /** The policy's priority sort key, when built from a policy (for explanations). */
  sortKey?: PrioritySortKey;
}

/** An item that took part in a rule's merge, in merge order. */
export interface RuleContributor {
  /** Index of the item in the list given to `buildRules`. */
  item: number;
  origin: RuleOrigin;
  path?: string;
}

/**
 * A rule: peers described by `subset` get `conf`. `C` is the merged conf type
 * (`ConfOf<'MeshTimeout'>` in the rules of `matchedPolicies('MeshTimeout', …)`).
 */
export interface Rule<C = unknown> {
  subset: Subset;
  conf: C;
  /** Contributing policies, de-duplicated by (mesh, name), sorted by core name (spec 03 §4.6). */
  origin: RuleOrigin[];
  /** Contributing items in merge order (lowest priority first). */
  contributors: RuleContributor[];
}

/** Options of `buildRules`. */
export interface BuildRulesOptions extends MergeOptions {
  /** Generate negated combinations (from-rules); to-rules and single-item rules use false. */
  withNegations: boolean;
  /** Policy kind, selects the merge spec (plain RFC 7396 when omitted). */
  type?: string;
  /**
   * Upper bound on generated subsets (default 4096). Exceeding it throws
   * `MeshPolicyError('RULE_BUDGET_EXCEEDED')` instead of running for ages.
   */
  maxSubsets?: number;
  /** Named in budget errors, e.g. the inbound key `10.0.0.1:8080`. */
  context?: string;
}

/** Default of `BuildRulesOptions.maxSubsets`. */
export const DEFAULT_MAX_SUBSETS = 4096;

function originKey(o: RuleOrigin): string {
  return `${o.mesh}\u0000${o.name}`;
}

/** Distinct origins by (mesh, name), sorted by core name (spec 03 §4.6). */
export function ruleOrigins(origins: DeepReadonly<RuleOrigin[]>): RuleOrigin[] {
  if (!Array.isArray(origins) || !origins.every(isObject))
    throw invalidArgument('ruleOrigins', 'origins must be a list of origin objects');
  return distinctOrigins(origins);
}

/** `ruleOrigins` without the argument check (called once per rule). */
function distinctOrigins(origins: readonly RuleOrigin[]): RuleOrigin[] {
  const seen = new Set<string>();
  const out: RuleOrigin[] = [];
  for (const o of origins) {
    const k = originKey(o);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(o);
  }
  return out.sort(
    (a, b) => compareStringsUnchecked(a.name, b.name) || compareStringsUnchecked(a.mesh, b.mesh),
  );
}

/** `createRule` (spec 03 §4.4): merge the confs of every item covering `subset`; none ⇒ no rule. */
function createRules(
  subset: Subset,
  items: DeepReadonly<RuleItem[]>,
  opts: DeepReadonly<BuildRulesOptions>,
  out: Rule[],
  candidates?: readonly number[],
): void {
  const contributors: RuleContributor[] = [];
  const confs: unknown[] = [];
  const consider = (i: number) => {
    const item = items[i] as DeepReadonly<RuleItem>;
    if (!isSubsetUnchecked(item.subset, subset)) return;
    const c: RuleContributor = { item: i, origin: item.origin };
    if (item.path !== undefined) c.path = item.path;
    contributors.push(c);
    confs.push(item.conf);
  };
  if (candidates !== undefined) for (const i of candidates) consider(i);
  else for (let i = 0; i < items.length; i++) consider(i);
  if (contributors.length === 0) return;
  const merged = mergeConfs(opts.type ?? '', confs, opts);
  const origin = distinctOrigins(contributors.map((c) => c.origin));
  for (const conf of merged) {
    out.push({
      subset: subset.map((t) => ({ ...t })),
      conf,
      origin: [...origin],
      contributors: [...contributors],
    });
  }
}

/**
 * Candidate items per fast-path subset, so to-rules stay linear in the number of policies (Kuma
 * issue 13149): with one key and positive tags only, an item covers a subset only when it is `[]`
 * or all its tags carry the subset's single value. Undefined when the shortcut does not apply.
 */
function fastPathCandidates(subsets: readonly Subset[]): ((s: Subset) => number[]) | undefined {
  const universal: number[] = [];
  const byValue = new Map<string, number[]>();
  for (let i = 0; i < subsets.length; i++) {
    const s = subsets[i] as Subset;
    if (s.some((t) => t.not === true)) return undefined;
    const values = new Set(s.map((t) => t.value));
    if (values.size === 0) universal.push(i);
    else if (values.size === 1) {
      const v = s[0]?.value as string;
      const list = byValue.get(v);
      if (list === undefined) byValue.set(v, [i]);
      else list.push(i);
    }
  }
  return (s) => {
    const values = new Set(s.map((t) => t.value));
    const group = values.size === 1 ? (byValue.get(s[0]?.value as string) ?? []) : [];
    // Merge two ascending index lists, keeping item (merge) order.
    const out: number[] = [];
    let a = 0;
    let b = 0;
    while (a < universal.length || b < group.length) {
      if (b >= group.length || (a < universal.length && (universal[a] as number) < (group[b] as number))) {
        out.push(universal[a++] as number);
      } else out.push(group[b++] as number);
    }
    return out;
  };
}

function stableSortDesc<T>(xs: T[], key: (x: T) => number): T[] {
  return xs
    .map((x, i) => ({ x, i, k: key(x) }))
    .sort((a, b) => b.k - a.k || a.i - b.i)
    .map((e) => e.x);
}

const normTag = (t: Tag): Tag => ({ key: t.key, value: t.value, not: t.not === true });

/** Per-key value lists in first-appearance order of keys (tags must already be ordered). */
function groupTagsByKey(tags: readonly Tag[]): { key: string; values: string[] }[] {
  const byKey = new Map<string, string[]>();
  for (const t of tags) {
    let vs = byKey.get(t.key);
    if (vs === undefined) {
      vs = [];
      byKey.set(t.key, vs);
    }
    vs.push(t.value);
  }
  return [...byKey.entries()].map(([key, values]) => ({ key, values }));
}

/** Number of subsets the per-key enumeration yields for these (distinct, positive) tags. */
export function countConsistentSubsets(tags: DeepReadonly<Tag[]>): number {
  assertTags(tags, 'countConsistentSubsets', 'tags');
  return countSubsets(tags);
}

function countSubsets(tags: readonly Tag[]): number {
  let n = 1;
  for (const g of groupTagsByKey(tags)) n *= g.values.length + 1;
  return n;
}

/**
 * Every consistent negation combination of `tags`, simplified, in Kuma's `SubsetIter` order
 * (spec 03 §4.3 steps 2–3), generated per key without visiting contradictory combinations.
 * Tags of one key must be contiguous (as after sorting by key); the result lists keys in
 * first-appearance order; a key with a positive tag keeps only that tag.
 */
export function consistentSubsets(tags: DeepReadonly<Tag[]>): Subset[] {
  assertTags(tags, 'consistentSubsets', 'tags');
  return subsetsOf(tags);
}

/** `consistentSubsets` without the argument check (rule building and `subsetIterSequence`). */
function subsetsOf(tags: readonly Tag[]): Subset[] {
  if (tags.length === 0) return [[]];
  const groups = groupTagsByKey(tags);
  // Options per key, by ascending counter value: positive last value … positive first value, none.
  const options: Tag[][][] = groups.map((g) => {
    const opts: Tag[][] = [];
    for (let j = g.values.length - 1; j >= 0; j--)
      opts.push([{ key: g.key, value: g.values[j] as string, not: false }]);
    opts.push(g.values.map((value) => ({ key: g.key, value, not: true })));
    return opts;
  });
  // The last key holds the most significant bits: iterate it slowest (lexicographic odometer).
  const out: Subset[] = [];
  const idx = new Array<number>(groups.length).fill(0);
  for (;;) {
    const subset: Tag[] = [];
    for (let k = 0; k < groups.length; k++)
      for (const t of (options[k] as Tag[][])[idx[k] as number] as Tag[]) subset.push(t);
    out.push(subset);
    let k = 0;
    while (k < groups.length) {
      idx[k] = (idx[k] as number) + 1;
      if ((idx[k] as number) < (options[k] as Tag[][]).length) break;
      idx[k] = 0;
      k++;
    }
    if (k === groups.length) break;
  }
  // Counter value 0 (every tag positive) is visited last; it is consistent only when every key has one value.
  if (groups.every((g) => g.values.length === 1)) out.push(out.shift() as Subset);
  return out;
}

/**
 * Kuma's `SubsetIter` sequence for arbitrary tag order: every consistent combination, simplified,
 * in counter order (first tag = least significant bit, all-positive last). Same output as Kuma's
 * 2^N enumeration; for grouped keys it takes the fast path of `consistentSubsets`.
 */
export function subsetIterSequence(tags: DeepReadonly<Tag[]>): Subset[] {
  assertTags(tags, 'subsetIterSequence', 'tags');
  const norm = tags.map(normTag);
  const groups = groupTagsByKey(norm);
  let contiguous = true;
  {
    let pos = 0;
    for (const g of groups) {
      for (let j = 0; j < g.values.length; j++) if (norm[pos + j]?.key !== g.key) contiguous = false;
      pos += g.values.length;
    }
  }
  if (contiguous) return subsetsOf(norm);
  // Rare general case: build the per-key product and order it by the counter value.
  const positions = groups.map((g) => norm.flatMap((t, i) => (t.key === g.key ? [i] : [])));
  let combos: { value: bigint; subset: Tag[] }[] = [{ value: 0n, subset: [] }];
  for (let gi = 0; gi < groups.length; gi++) {
    const g = groups[gi] as { key: string; values: string[] };
    const pos = positions[gi] as number[];
    const all = pos.reduce((s, p) => s + (1n << BigInt(p)), 0n);
    const next: { value: bigint; subset: Tag[] }[] = [];
    for (const c of combos) {
      for (let j = 0; j < pos.length; j++) {
        next.push({
          value: c.value + all - (1n << BigInt(pos[j] as number)),
          subset: [...c.subset, { key: g.key, value: g.values[j] as string, not: false }],
        });
      }
      next.push({
        value: c.value + all,
        subset: [...c.subset, ...g.values.map((value) => ({ key: g.key, value, not: true }))],
      });
    }
    combos = next;
  }
  combos.sort((a, b) =>
    a.value === 0n ? 1 : b.value === 0n ? -1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0,
  );
  return combos.map((c) => c.subset);
}

function budgetError(
  opts: DeepReadonly<BuildRulesOptions>,
  tagCount: number,
  subsets: number,
  max: number,
): MeshPolicyError {
  const where = opts.context !== undefined ? ` for ${opts.context}` : '';
  return new MeshPolicyError(
    'RULE_BUDGET_EXCEEDED',
    `rule budget exceeded${where}: ${tagCount} distinct tags would generate ${subsets} subsets (maxSubsets ${max})`,
    [{ path: opts.context ?? '', message: `${tagCount} distinct tags, ${subsets} subsets > ${max}` }],
  );
}

/** Connected components of the intersect graph, ordered as Kuma orders them (spec 03 §4.3 step 2). */
function components(subsets: readonly Subset[]): number[][] {
  const n = subsets.length;
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] as number;
    let c = i;
    while (parent[c] !== r) {
      const next = parent[c] as number;
      parent[c] = r;
      c = next;
    }
    return r;
  };
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const ri = find(i);
      const rj = find(j);
      if (ri !== rj && intersectUnchecked(subsets[i] as Subset, subsets[j] as Subset)) parent[rj] = ri;
    }
  }
  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    const list = byRoot.get(r);
    if (list === undefined) byRoot.set(r, [i]);
    else list.push(i);
  }
  return [...byRoot.values()]
    .map((nodes) => ({ nodes, key: nodes.join(':') }))
    .sort((a, b) => compareStringsUnchecked(b.key, a.key))
    .map((c) => c.nodes);
}

/** Distinct tags of a component's item subsets, sorted by key then value (all positive). */
function componentTags(subsets: readonly Subset[], nodes: readonly number[]): Tag[] {
  const seen = new Map<string, Tag>();
  for (const i of nodes) {
    for (const t of subsets[i] as Subset) {
      const k = `${t.key}\u0000${t.value}\u0000${t.not === true ? 1 : 0}`;
      if (!seen.has(k)) seen.set(k, normTag(t));
    }
  }
  return [...seen.values()].sort(compareTagsUnchecked);
}

/**
 * Builds rules from items in merge order (spec 03 §4): the fast path (no negations, ≤ 1 tag key)
 * de-duplicates item subsets; otherwise the connected components of the intersect graph are
 * expanded into consistent negation combinations. Rules come out in Kuma's order; the first rule
 * containing an element is the one `computeConf` uses. Throws `MeshPolicyError` with code
 * `RULE_BUDGET_EXCEEDED` when more than `maxSubsets` subsets would be generated.
 */
export function buildRules(items: DeepReadonly<RuleItem[]>, opts: DeepReadonly<BuildRulesOptions>): Rule[] {
  opts ??= { withNegations: false }; // untyped callers may pass null
  assertList(items, 'items');
  const subsets = items.map((i, n) => {
    if (!Array.isArray(i?.subset)) {
      throw new MeshPolicyError('INVALID_INPUT', 'rule item without a subset', [
        { path: `items[${n}].subset`, message: 'must be a list of tags' },
      ]);
    }
    return i.subset;
  });
  const keys = new Set<string>();
  for (const s of subsets) for (const t of s) keys.add(t.key);
  const max =
    typeof opts.maxSubsets === 'number' && opts.maxSubsets >= 1 ? opts.maxSubsets : DEFAULT_MAX_SUBSETS;
  const rules: Rule[] = [];

  if (!opts.withNegations && keys.size <= 1) {
    const seen = new Set<string>();
    const distinct: Subset[] = [];
    for (const s of subsets) {
      const sorted = s.map(normTag).sort(compareTagsUnchecked);
      const k = sorted.map((t) => `${t.key}\u0000${t.value}\u0000${t.not === true ? 1 : 0}`).join('\u0001');
      if (seen.has(k)) continue;
      seen.add(k);
      distinct.push(sorted);
    }
    // Linear in the items: the budget guards only the exponential negation expansion below.
    const candidates = fastPathCandidates(subsets);
    for (const s of distinct) createRules(s, items, opts, rules, candidates?.(s));
    return stableSortDesc(rules, (r) => r.subset.length);
  }

  const comps = components(subsets);
  const plan = comps.map((nodes) => componentTags(subsets, nodes));
  // Components never share a tag (items sharing a positive tag intersect), so the distinct tags
  // of the build are the sum over components, and so is the number of subsets.
  let total = 0;
  let tagCount = 0;
  for (const tags of plan) {
    total += countSubsets(tags);
    tagCount += tags.length;
  }
  if (total > max) throw budgetError(opts, tagCount, total, max);
  for (const tags of plan) for (const s of subsetsOf(tags)) createRules(s, items, opts, rules);
  return stableSortDesc(rules, (r) => positiveCount(r.subset));
}

/** The first rule whose subset contains the element (Kuma `Rules.Compute`), or undefined. */
export function computeRule<R extends DeepReadonly<{ subset: Subset }>>(
  rules: readonly R[],
  element: Readonly<SubsetElement>,
): R | undefined {
  assertList(rules, 'rules');
  rules.forEach((r, i) => {
    if (typeof r !== 'object' || r === null || !Array.isArray(r.subset)) {
      throw new MeshPolicyError('INVALID_INPUT', `rules[${i}] is not a rule`, [
        { path: `rules[${i}].subset`, message: 'must be a list of tags' },
      ]);
    }
  });
  for (const r of rules) if (containsElementUnchecked(r.subset, element ?? {})) return r;
  return undefined;
}

/**
 * The conf of the first rule whose subset contains the element, or undefined (spec 03 §6). Typed
 * by the rules: `computeConf(matchedPolicies('MeshTimeout', …).toRules, …)` is a `MeshTimeoutConf`.
 */
export function computeConf<C>(
  rules: readonly { readonly subset: DeepReadonly<Subset>; readonly conf: C }[],
  element: Readonly<SubsetElement>,
): C | undefined {
  return computeRule(rules, element)?.conf;
}
