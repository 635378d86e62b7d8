/**
 * Explanations for merged confs: which item (policy and `to`/`from` entry) set each leaf field.
 *
 * The merge is replayed one conf at a time; fast-json-patch `compare` between successive merge
 * states gives the operations each conf caused, and every leaf under an added or replaced path is
 * attributed to that conf. A field keeps the conf that last *changed* it: a higher-priority conf
 * writing the same value again does not take it over. Leaves are addressed by JSON Pointer
 * (`/http/requestTimeout`, `/appendMatch/1/port`).
 */

import jsonPatch from 'fast-json-patch';
import type { DeepReadonly } from '../internal/readonly.js';
import { mergeSpecFor } from '../models/policies/merge-specs.js';
import { invalidArgument, isObject } from './input.js';
import { isJsonObject, jsonEqual } from './json.js';
import { type MergeOptions, mergeInternals } from './merge.js';
import type { PrioritySortKey } from './priority.js';
import {
  type BuildRulesOptions,
  buildRules,
  computeRule,
  type Rule,
  type RuleItem,
  type RuleOrigin,
} from './rules.js';
import type { SubsetElement } from './subset.js';

/** Who set one leaf of a merged conf. */
export interface FieldProvenance {
  /** JSON Pointer of the leaf inside the conf. */
  pointer: string;
  /** The leaf's value in the merged conf. */
  value: unknown;
  /** Index of the conf (or item) in the merge input that last changed the leaf. */
  index: number;
  /** That item's policy, when known. */
  origin?: RuleOrigin;
  /** That item's location in its policy (`spec.to[0]`), when known. */
  path?: string;
}

/** One merged conf with the provenance of its leaves. */
export interface MergeExplanation {
  conf: unknown;
  /** Leaves in document order. */
  fields: FieldProvenance[];
  /** Indexes of the input confs that took part in this result, in merge order. */
  contributors: number[];
}

/** A source for `explainMerge`: a bare conf, or an item that also names its policy. */
export type ExplainSource = { conf: unknown; origin?: RuleOrigin; path?: string };

const escapePointer = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

function leaves(value: unknown, pointer: string, out: { pointer: string; value: unknown }[]): void {
  if (Array.isArray(value) && value.length > 0) {
    value.forEach((v, i) => {
      leaves(v, `${pointer}/${i}`, out);
    });
  } else if (isJsonObject(value) && Object.keys(value).length > 0) {
    for (const k of Object.keys(value)) leaves(value[k], `${pointer}/${escapePointer(k)}`, out);
  } else {
    out.push({ pointer, value });
  }
}

const under = (pointer: string, prefix: string): boolean =>
  pointer === prefix || pointer.startsWith(`${prefix}/`);

/**
 * Merges like `mergeConfs` and explains every leaf of each result (one per `mergeValues` group):
 * which source last changed it. Sources are in merge order (lowest priority first).
 */
export function explainMerge(
  type: string,
  sources: DeepReadonly<ExplainSource[]>,
  options: DeepReadonly<MergeOptions> = {},
): MergeExplanation[] {
  if (!Array.isArray(sources) || !sources.every(isObject))
    throw invalidArgument('explainMerge', 'sources must be a list of { conf } objects');
  const opts = options ?? {};
  if (sources.length === 0) return [];
  const spec = opts.spec ?? mergeSpecFor(type);
  const canonical = sources.map((s) => mergeInternals.canonicalTop(spec, s.conf));
  return mergeInternals.groupByMergeValues(spec, canonical).map((group) => {
    const owner = new Map<string, number>();
    let prev: unknown = {};
    let state: unknown = {};
    for (let k = 0; k < group.length; k++) {
      state = mergeInternals.mergeGroup(
        spec,
        group.slice(0, k + 1).map((g) => g.conf),
        type,
        opts,
      );
      const idx = (group[k] as { index: number }).index;
      const a = isJsonObject(prev) || Array.isArray(prev) ? prev : {};
      const b = isJsonObject(state) || Array.isArray(state) ? state : {};
      for (const op of jsonPatch.compare(a, b)) {
        for (const p of [...owner.keys()]) if (under(p, op.path)) owner.delete(p);
        if (op.op === 'add' || op.op === 'replace') {
          const found: { pointer: string; value: unknown }[] = [];
          leaves(op.value, op.path, found);
          for (const l of found) owner.set(l.pointer, idx);
        }
      }
      // Leaves nobody owns yet appeared through this step (e.g. a list emptied by a remove).
      const now: { pointer: string; value: unknown }[] = [];
      leaves(state, '', now);
      const next = new Map<string, number>();
      for (const l of now) next.set(l.pointer, owner.get(l.pointer) ?? idx);
      owner.clear();
      for (const [k2, v] of next) owner.set(k2, v);
      prev = state;
    }
    const fields: FieldProvenance[] = [];
    const found: { pointer: string; value: unknown }[] = [];
    leaves(state, '', found);
    for (const l of found) {
      if (l.pointer === '') continue;
      const index = owner.get(l.pointer) ?? (group[0] as { index: number }).index;
      const src = sources[index] as ExplainSource;
      const f: FieldProvenance = { pointer: l.pointer, value: l.value, index };
      if (src.origin !== undefined) f.origin = src.origin;
      if (src.path !== undefined) f.path = src.path;
      fields.push(f);
    }
    return { conf: state, fields, contributors: group.map((g) => g.index) };
  });
}

/** The answer of `explainConf`. */
export interface ConfExplanation {
  /** The rule `computeConf` would use. */
  rule: Rule;
  conf: unknown;
  /**
   * Contributing items in merge order (lowest priority first), with their policies and, when the
   * items were built from policies, each policy's priority sort key (why it merges in this place).
   */
  contributors: (Rule['contributors'][number] & { sortKey?: PrioritySortKey })[];
  /** Per leaf: the contributing item that set it (`index` is the item's index in `items`). */
  fields: FieldProvenance[];
}

/**
 * Explains `computeConf(buildRules(items, opts), element)`: the rule that applies to the element,
 * the items merged into it (in merge order) and, per leaf field, which item set it. Undefined when
 * no rule contains the element.
 */
export function explainConf(
  items: DeepReadonly<RuleItem[]>,
  element: Readonly<SubsetElement>,
  opts: DeepReadonly<BuildRulesOptions>,
): ConfExplanation | undefined {
  const rules = buildRules(items, opts);
  const rule = computeRule(rules, element);
  if (rule === undefined) return undefined;
  const sources = rule.contributors.map((c) => {
    const item = items[c.item] as RuleItem;
    const s: ExplainSource = { conf: item.conf, origin: item.origin };
    if (item.path !== undefined) s.path = item.path;
    return s;
  });
  const explained = explainMerge(opts.type ?? '', sources, opts);
  const match = explained.find((e) => jsonEqual(e.conf, rule.conf)) ?? explained[0];
  const fields = (match?.fields ?? []).map((f) => ({
    ...f,
    index: (rule.contributors[f.index] as { item: number }).item,
  }));
  const contributors = rule.contributors.map((c) => {
    const sortKey = (items[c.item] as RuleItem).sortKey;
    return sortKey === undefined ? { ...c } : { ...c, sortKey: { ...sortKey } };
  });
  return { rule, conf: rule.conf, contributors, fields };
}
