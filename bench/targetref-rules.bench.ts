/**
 * targetref rules and merge (issue 4, Speed bullets 1 and 3).
 *
 * 1. Negation enumeration: our per-key enumeration (each key: one of its values, or none) against
 *    a straightforward reference of Kuma's algorithm (count 1..2^N−1 then 0, simplify, skip the
 *    contradictory ones) on the same items; both build identical rules (checked in the run).
 * 2. Merging 50 policy-sized confs: `mergeConfs` against chained fast-json-patch `applyPatch`
 *    (each conf as `add` operations of its leaves, applied without mutating the document) and
 *    against an RFC 7396 baseline that `structuredClone`s the accumulated document every step.
 */

import type { Operation } from 'fast-json-patch';
import jsonPatch from 'fast-json-patch';
import { jsonMergePatch, mergeConfs } from '../src/targetref/merge.js';
import { buildRules, type Rule, type RuleItem, ruleOrigins } from '../src/targetref/rules.js';
import { compareTags, isSubset, positiveCount, type Subset, type Tag } from '../src/targetref/subset.js';
import { formatNs, medianNsPerOp, printTable } from './util.js';

// ---- 1. enumeration --------------------------------------------------------------------------

function scenario(keys: number, values: number): RuleItem[] {
  const origin = (name: string) => ({ type: 'MeshTrafficPermission', mesh: 'default', name, labels: {} });
  const items: RuleItem[] = [{ subset: [], conf: { action: 'Allow' }, origin: origin('all') }];
  for (let k = 0; k < keys; k++) {
    for (let v = 0; v < values; v++) {
      items.push({
        subset: [{ key: `key${k}`, value: `v${v}` }],
        conf: { action: (k + v) % 2 === 0 ? 'Deny' : 'Allow' },
        origin: origin(`p-${k}-${v}`),
      });
    }
  }
  return items;
}

/** Kuma's enumeration, literally: one step per 2^N combination (items form one component here). */
function referenceRules(items: readonly RuleItem[], type: string, steps: { n: number }): Rule[] {
  const seen = new Map<string, Tag>();
  for (const it of items) for (const t of it.subset) seen.set(`${t.key}=${t.value}`, { ...t, not: false });
  const tags = [...seen.values()].sort(compareTags);
  const n = tags.length;
  const total = 2 ** n;
  const rules: Rule[] = [];
  for (let step = 1; step <= total; step++) {
    steps.n++;
    const c = step % total;
    const byKey = new Map<string, Tag[]>();
    for (let i = 0; i < n; i++) {
      const t = tags[i] as Tag;
      const tag = { key: t.key, value: t.value, not: Math.floor(c / 2 ** i) % 2 === 1 };
      const list = byKey.get(t.key);
      if (list === undefined) byKey.set(t.key, [tag]);
      else list.push(tag);
    }
    const subset: Subset = [];
    let contradictory = false;
    for (const list of byKey.values()) {
      const pos = list.filter((t) => !t.not);
      if (pos.length > 1) {
        contradictory = true;
        break;
      }
      if (pos.length === 1) subset.push(pos[0] as Tag);
      else subset.push(...list);
    }
    if (contradictory) continue;
    const contributing = items.map((it, i) => ({ it, i })).filter(({ it }) => isSubset(it.subset, subset));
    if (contributing.length === 0) continue;
    for (const conf of mergeConfs(
      type,
      contributing.map(({ it }) => it.conf),
    )) {
      rules.push({
        subset,
        conf,
        origin: ruleOrigins(contributing.map(({ it }) => it.origin)),
        contributors: contributing.map(({ it, i }) => ({ item: i, origin: it.origin })),
      });
    }
  }
  return rules
    .map((r, i) => ({ r, i }))
    .sort((a, b) => positiveCount(b.r.subset) - positiveCount(a.r.subset) || a.i - b.i)
    .map((x) => x.r);
}

const strip = (rules: Rule[]) =>
  JSON.stringify(rules.map((r) => [r.subset, r.conf, r.origin.map((o) => o.name)]));

function enumerationTable(): void {
  const rows: string[][] = [];
  for (const keys of [2, 3, 4]) {
    for (const values of [2, 3, 4, 5]) {
      const items = scenario(keys, values);
      const steps = { n: 0 };
      const ref = referenceRules(items, 'MeshTrafficPermission', steps);
      const ours = buildRules(items, {
        withNegations: true,
        type: 'MeshTrafficPermission',
        maxSubsets: 1 << 22,
      });
      if (strip(ref) !== strip(ours)) throw new Error(`rules differ at ${keys}×${values}`);
      const oursSteps = Array.from({ length: keys }, () => values + 1).reduce((a, b) => a * b, 1);
      const big = keys * values > 14;
      const tRef = medianNsPerOp(
        () => referenceRules(items, 'MeshTrafficPermission', { n: 0 }),
        big ? 1 : 5,
        big ? 1 : 150,
      );
      const tOurs = medianNsPerOp(
        () => buildRules(items, { withNegations: true, type: 'MeshTrafficPermission', maxSubsets: 1 << 22 }),
        big ? 3 : 5,
        big ? 50 : 150,
      );
      rows.push([
        `${keys} × ${values}`,
        String(ours.length),
        String(steps.n),
        String(oursSteps),
        `${(steps.n / oursSteps).toFixed(1)}×`,
        formatNs(tRef),
        formatNs(tOurs),
        `${(tRef / tOurs).toFixed(1)}×`,
      ]);
    }
  }
  printTable(
    'buildRules with negations: per-key enumeration vs 2^N reference (identical rules checked)',
    [
      'keys × values',
      'rules',
      'reference steps (2^N)',
      'our subsets (Π(m+1))',
      'fewer steps',
      'reference',
      'ours',
      'speed-up',
    ],
    rows,
  );
}

// ---- 2. merge ---------------------------------------------------------------------------------

function policyConf(i: number): Record<string, unknown> {
  return {
    connectionTimeout: `${(i % 7) + 1}s`,
    idleTimeout: `${(i % 5) + 10}s`,
    http: {
      requestTimeout: `${(i % 9) + 1}s`,
      ...(i % 2 === 0 ? { streamIdleTimeout: '30s' } : {}),
      ...(i % 3 === 0 ? { maxStreamDuration: '0s' } : {}),
      requestHeadersTimeout: '5s',
    },
    ...(i % 4 === 0 ? { extra: { labels: { team: `t${i}`, zone: 'east' }, list: [i, i + 1, i + 2] } } : {}),
  };
}

/** JSON Patch `add` operations that merge-patch `value` into `doc` at `path` (objects merge, the rest replaces). */
function leafAddOps(value: unknown, path: string, ops: Operation[], existing: unknown): void {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const isObj = typeof existing === 'object' && existing !== null && !Array.isArray(existing);
    if (path !== '' && !isObj) ops.push({ op: 'add', path, value: {} });
    for (const [k, v] of Object.entries(value)) {
      const p = `${path}/${jsonPatch.escapePathComponent(k)}`;
      const cur = isObj ? (existing as Record<string, unknown>)[k] : undefined;
      if (v === null) {
        if (cur !== undefined) ops.push({ op: 'remove', path: p });
      } else leafAddOps(v, p, ops, cur);
    }
    return;
  }
  ops.push({ op: 'add', path, value });
}

function viaApplyPatch(confs: readonly Record<string, unknown>[]): unknown {
  let doc: unknown = {};
  for (const conf of confs) {
    const ops: Operation[] = [];
    leafAddOps(conf, '', ops, doc);
    doc = jsonPatch.applyPatch(doc, ops, false, false).newDocument;
  }
  return doc;
}

function viaStructuredClone(confs: readonly Record<string, unknown>[]): unknown {
  let doc: unknown = {};
  for (const conf of confs) doc = jsonMergePatch(structuredClone(doc), conf);
  return doc;
}

function mergeTable(): void {
  const confs = Array.from({ length: 50 }, (_, i) => policyConf(i));
  const plain = mergeConfs('ExamplePolicy', confs)[0];
  if (
    JSON.stringify(viaApplyPatch(confs)) !== JSON.stringify(plain) ||
    JSON.stringify(viaStructuredClone(confs)) !== JSON.stringify(plain)
  ) {
    throw new Error('merge baselines disagree');
  }
  const tOursTyped = medianNsPerOp(() => mergeConfs('MeshTimeout', confs));
  const tOursPlain = medianNsPerOp(() => mergeConfs('ExamplePolicy', confs));
  const tApply = medianNsPerOp(() => viaApplyPatch(confs));
  const tClone = medianNsPerOp(() => viaStructuredClone(confs));
  printTable(
    'Merging 50 MeshTimeout-sized confs',
    ['implementation', 'time per merge', 'vs mergeConfs (typed)'],
    [
      ['mergeConfs("MeshTimeout") — typed, durations normalised', formatNs(tOursTyped), '1.0×'],
      [
        'mergeConfs (unknown kind, plain RFC 7396)',
        formatNs(tOursPlain),
        `${(tOursPlain / tOursTyped).toFixed(2)}×`,
      ],
      ['fast-json-patch applyPatch chain (peer)', formatNs(tApply), `${(tApply / tOursTyped).toFixed(2)}×`],
      [
        'structuredClone per step + RFC 7396 (baseline)',
        formatNs(tClone),
        `${(tClone / tOursTyped).toFixed(2)}×`,
      ],
    ],
  );
}

export default async function run(): Promise<void> {
  if (process.env.BENCH_SKIP_ENUM === undefined) enumerationTable();
  mergeTable();
}
