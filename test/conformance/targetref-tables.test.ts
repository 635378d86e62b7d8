/**
 * Replays the Kuma 2.8.8 Go table tests restated as YAML (conformance README §3): subset
 * algebra, SubsetIter, Rules.Compute and MergeConfs. Each file is read generically: every case is
 * dispatched on its `function` field, so more cases of the same shape replay unchanged.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KindMergeSpec, MergeField, MergeType } from '../../src/models/policies/merge-specs.js';
import { mergeConfs } from '../../src/targetref/merge.js';
import { computeConf, subsetIterSequence } from '../../src/targetref/rules.js';
import { containsElement, intersect, isSubset, type Tag } from '../../src/targetref/subset.js';
import { conformanceRoot, skipNotice } from './root.js';
import { asJson, goTag, parseKumaYaml } from './targetref-kuma.js';

const root = conformanceRoot();
const tablesDir = root === undefined ? undefined : join(root, 'kuma-2.8/tables');

type GoTag = { Key: string; Value: string; Not?: boolean };
const tags = (xs: GoTag[] | null | undefined): Tag[] =>
  (xs ?? []).map((t) => ({ key: String(t.Key), value: String(t.Value), not: t.Not === true }));

interface TableCase {
  name: string;
  function: string;
  input: Record<string, unknown>;
  expected: unknown;
}

function loadTable(file: string): {
  cases: TableCase[];
  groups: { types: GoTypes; rootType: string; cases: TableCase[] }[];
} {
  if (tablesDir === undefined) return { cases: [], groups: [] };
  const path = join(tablesDir, file);
  if (!existsSync(path)) return { cases: [], groups: [] };
  const doc = parseKumaYaml(readFileSync(path, 'utf8')) as {
    cases?: TableCase[];
    groups?: { types: GoTypes; rootType: string; cases: TableCase[] }[];
  };
  return { cases: doc.cases ?? [], groups: doc.groups ?? [] };
}

// ---- merge.yaml: synthetic Go structs → a merge spec -------------------------------------------

type GoField = {
  go: string;
  json: string;
  type: string;
  omitempty: boolean;
  appendOnMerge?: boolean;
  policyMerge?: string;
};
type GoTypes = Record<string, { fields: GoField[] }>;

function specFromGoTypes(types: GoTypes, rootType: string): KindMergeSpec {
  const cache = new Map<string, MergeType & { t: 'object' }>();
  const structType = (name: string): MergeType & { t: 'object' } => {
    const hit = cache.get(name);
    if (hit !== undefined) return hit;
    const fields: Record<string, MergeField> = {};
    const result = { t: 'object' as const, fields, closed: true };
    cache.set(name, result);
    for (const f of types[name]?.fields ?? []) fields[f.json] = fieldOf(f);
    return result;
  };
  const typeOf = (base: string): MergeType => {
    if (base.startsWith('[]')) return { t: 'list', of: typeOf(base.slice(2)) };
    if (types[base] !== undefined) return structType(base);
    return { t: 'scalar' };
  };
  const zeroOf = (base: string): unknown => (base === 'bool' ? false : base === 'string' ? '' : 0);
  function fieldOf(f: GoField): MergeField {
    const pointer = f.type.startsWith('pointer to ');
    const base = (pointer ? f.type.slice('pointer to '.length) : f.type).split(' ')[0] as string;
    const type = typeOf(base);
    const presence = pointer
      ? f.omitempty
        ? 'optional'
        : 'nullable'
      : f.omitempty
        ? 'omitZero'
        : 'required';
    const field: {
      -readonly [K in keyof MergeField]: MergeField[K];
    } = { type, presence };
    if (type.t === 'scalar') field.zero = zeroOf(base);
    if (f.appendOnMerge === true) field.append = true;
    if (pointer && type.t === 'list') field.pointerList = true;
    if (f.policyMerge === 'mergeValues') field.mergeValues = true;
    if (f.policyMerge === 'mergeValuesByKey' && type.t === 'list' && type.of?.t === 'object') {
      const elem = types[base.slice(2)]?.fields ?? [];
      const keyField = elem.find((e) => e.policyMerge === 'mergeKey');
      const defField = elem.find((e) => e.go === 'Default');
      const defType = defField === undefined ? undefined : typeOf(defField.type.split(' ')[0] as string);
      if (keyField !== undefined && defField !== undefined && defType !== undefined) {
        field.mergeValuesByKey = { key: keyField.json, default: defField.json, defaultType: defType };
      }
    }
    return field;
  }
  return { conf: structType(rootType) };
}

// ---- suites ------------------------------------------------------------------------------------

const suite = root === undefined ? describe.skip : describe;
if (root === undefined) skipNotice();

suite('conformance: Kuma 2.8.8 tables (subsets, compute, merge)', () => {
  for (const file of ['subset-contains-element.yaml', 'subset-is-subset.yaml', 'subset-intersect.yaml']) {
    describe(file, () => {
      const table = loadTable(file);
      if (table.cases.length === 0) it.skip('not in this corpus', () => {});
      for (const c of table.cases) {
        it(c.name, () => {
          let actual: boolean;
          switch (c.function) {
            case 'Subset.ContainsElement':
              actual = containsElement(
                tags(c.input.subset as GoTag[]),
                (c.input.element as Record<string, string> | null) ?? {},
              );
              break;
            case 'Subset.IsSubset':
              actual = isSubset(tags(c.input.s1 as GoTag[]), tags(c.input.s2 as GoTag[]));
              break;
            case 'Subset.Intersect':
              actual = intersect(tags(c.input.s1 as GoTag[]), tags(c.input.s2 as GoTag[]));
              break;
            default:
              throw new Error(`unknown function ${c.function}`);
          }
          expect(actual).toBe(c.expected);
        });
      }
    });
  }

  describe('subset-iter.yaml', () => {
    const table = loadTable('subset-iter.yaml');
    if (table.cases.length === 0) it.skip('not in this corpus', () => {});
    for (const c of table.cases) {
      it(c.name, () => {
        const expected = c.expected as { sequence: GoTag[][]; then?: null; comparison?: string };
        const actual = subsetIterSequence(tags(c.input.tags as GoTag[])).map((s) => s.map(goTag));
        const want = expected.sequence.map((s) => tags(s).map(goTag));
        const comparison = expected.comparison ?? '';
        if (comparison.includes('only the first')) {
          expect(actual[0]).toEqual(want[0]);
          return;
        }
        const order = (s: GoTag[]) =>
          [...s].sort((a, b) => `${a.Key}=${a.Value}=${a.Not}`.localeCompare(`${b.Key}=${b.Value}=${b.Not}`));
        if (comparison.includes('ConsistOf')) expect(actual.map(order)).toEqual(want.map(order));
        else expect(actual).toEqual(want);
        expect(actual.length).toBe(want.length);
      });
    }
  });

  describe('rules-compute.yaml', () => {
    const table = loadTable('rules-compute.yaml');
    if (table.cases.length === 0) it.skip('not in this corpus', () => {});
    for (const c of table.cases) {
      it(c.name, () => {
        const rules = ((c.input.rules as { Subset: GoTag[]; Conf: unknown }[] | null) ?? []).map((r) => ({
          subset: tags(r.Subset),
          conf: r.Conf,
        }));
        const conf = computeConf(rules, (c.input.element as Record<string, string> | null) ?? {});
        expect(conf ?? null).toEqual((c.expected as { conf: unknown }).conf ?? null);
      });
    }
  });

  describe('merge.yaml', () => {
    const table = loadTable('merge.yaml');
    if (table.groups.length === 0) it.skip('not in this corpus', () => {});
    for (const group of table.groups) {
      const spec = specFromGoTypes(group.types, group.rootType);
      for (const c of group.cases) {
        it(c.name, () => {
          const input = c.input as unknown as unknown[];
          expect(asJson(mergeConfs('', input, { spec }))).toEqual(c.expected);
        });
      }
    }
  });
});
