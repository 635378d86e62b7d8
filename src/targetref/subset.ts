/**
 * The tag algebra of targetRef rules (spec 03 §1, §3): a `Subset` is a conjunction of tags, each
 * either `key = value` or, negated, `key ≠ value`. Subsets describe groups of peers (clients for
 * `from` rules, destinations for `to` rules); `[]` means everyone.
 */
import { compareBytes } from '../internal/compare.js';
import type { DeepReadonly } from '../internal/readonly.js';
import { MeshPolicyError } from '../models/index.js';
import { invalidArgument, isObject } from './input.js';
import type { ReadonlyTargetRef as TargetRef } from './readonly.js';

/** One condition of a subset: `key = value`, or `key ≠ value` when `not` is true. */
export interface Tag {
  key: string;
  value: string;
  not?: boolean;
}

/** A conjunction of tags; the empty subset contains every element. */
export type Subset = Tag[];

/** The tags of one concrete peer or destination (`{ 'kuma.io/service': 'web' }`). */
export type SubsetElement = Record<string, string>;

/** The synthetic tag key that carries a MeshHTTPRoute rule's matches hash (spec 03 §5.3). */
export const RULE_MATCHES_HASH_TAG = '__rule-matches-hash__';

/** The service tag every `MeshService` targetRef turns into. */
export const SERVICE_TAG = 'kuma.io/service';

const hasOwn = (o: object, k: string): boolean => Object.hasOwn(o, k);

/** A list of tag objects (entry guard of the public tag-algebra functions; not for inner loops). */
const isTagList = (v: unknown): v is readonly Tag[] => Array.isArray(v) && v.every(isObject);

/**
 * Throws `INVALID_INPUT` unless `v` is a list of tag objects. The exported functions of this file
 * check their arguments with it; rule building calls the unchecked twins (`…Unchecked`) in its
 * inner loops instead.
 */
export function assertTags(v: unknown, fn: string, what: string): asserts v is readonly Tag[] {
  if (!isTagList(v)) throw invalidArgument(fn, `${what} must be a list of tags`);
}

/**
 * Kuma `Subset.ContainsElement`: true when the element (a peer's tags) satisfies every tag of the
 * subset. An empty subset contains everything; an empty element is contained only by `[]`; a
 * negated tag whose key the element lacks is satisfied; when no subset key occurs in the element the
 * answer is true only if every tag of the subset is negated (spec 03 §3.2).
 */
export function containsElement(subset: DeepReadonly<Subset>, element: Readonly<SubsetElement>): boolean {
  assertTags(subset, 'containsElement', 'subset');
  if (!isObject(element)) throw invalidArgument('containsElement', 'element must be an object of tags');
  return containsElementUnchecked(subset, element);
}

/** `containsElement` without the argument checks (rule lookup calls it once per rule). */
export function containsElementUnchecked(subset: readonly Tag[], element: Readonly<SubsetElement>): boolean {
  if (subset.length === 0) return true;
  let anyKey = false;
  for (const k in element) {
    if (hasOwn(element, k)) {
      anyKey = true;
      break;
    }
  }
  if (!anyKey) return false;
  let overlap = false;
  let hasPositive = false;
  for (const t of subset) {
    if (t.not !== true) hasPositive = true;
    if (hasOwn(element, t.key)) {
      overlap = true;
      const v = element[t.key];
      if (t.not === true ? v === t.value : v !== t.value) return false;
    } else if (t.not !== true) {
      return false;
    }
  }
  return overlap || !hasPositive;
}

/** Does the single item tag `t` contain every peer of the rule tag `r` (same key)? */
function tagCovers(t: Tag, r: Tag): boolean {
  const tn = t.not === true;
  const rn = r.not === true;
  if (tn === rn) return t.value === r.value;
  if (tn) return t.value !== r.value;
  return false;
}

/**
 * Kuma `s1.IsSubset(s2)`: true when every peer described by `s2` is also described by `s1`, i.e. an
 * item whose subset is `s1` applies to the whole rule subset `s2` (spec 03 §3.3). Despite the
 * name, `s1` is the *larger* set.
 */
export function isSubset(s1: DeepReadonly<Subset>, s2: DeepReadonly<Subset>): boolean {
  assertTags(s1, 'isSubset', 's1');
  assertTags(s2, 'isSubset', 's2');
  return isSubsetUnchecked(s1, s2);
}

/** `isSubset` without the argument checks (the inner loop of rule building). */
export function isSubsetUnchecked(s1: readonly Tag[], s2: readonly Tag[]): boolean {
  if (s1.length === 0) return true;
  for (const t of s1) {
    let seen = false;
    for (const r of s2) {
      if (r.key !== t.key) continue;
      seen = true;
      if (!tagCovers(t, r)) return false;
    }
    if (!seen) return false;
  }
  return true;
}

/**
 * Kuma `Subset.Intersect`: false only when both subsets carry a positive tag with the same key
 * and different values; negated tags are ignored (spec 03 §3.4).
 */
export function intersect(a: DeepReadonly<Subset>, b: DeepReadonly<Subset>): boolean {
  assertTags(a, 'intersect', 'a');
  assertTags(b, 'intersect', 'b');
  return intersectUnchecked(a, b);
}

/** `intersect` without the argument checks (the pairwise loop of rule building). */
export function intersectUnchecked(a: readonly Tag[], b: readonly Tag[]): boolean {
  if (a.length === 0 || b.length === 0) return true;
  for (const t of a) {
    if (t.not === true) continue;
    for (const r of b) {
      if (r.not !== true && r.key === t.key && r.value !== t.value) return false;
    }
  }
  return true;
}

/** Positive tags of a targetRef tag map, in key order. */
function tagsOf(tags: Readonly<Record<string, string>> | undefined): Tag[] {
  const out: Tag[] = [];
  if (tags === undefined || tags === null) return out;
  for (const key of Object.keys(tags)) out.push({ key, value: String(tags[key] ?? '') });
  return out;
}

/**
 * The subset a `to[]`/`from[]` targetRef stands for (spec 03 §3.1): Mesh → `[]`, MeshSubset → its
 * tags, MeshService → `kuma.io/service = name`, MeshServiceSubset → both. Tags come in the
 * targetRef's key order. Any other kind throws `MeshPolicyError('UNSUPPORTED')` whose message is
 * Kuma's `can't represent <Kind> as tags`; a MeshService without a name throws `INVALID_INPUT`.
 */
export function subsetFromTargetRef(targetRef: Readonly<Pick<TargetRef, 'kind' | 'name' | 'tags'>>): Subset {
  if (!isObject(targetRef)) throw invalidArgument('subsetFromTargetRef', 'targetRef must be an object');
  switch (targetRef.kind) {
    case 'Mesh':
      return [];
    case 'MeshSubset':
      return tagsOf(targetRef.tags);
    case 'MeshService':
    case 'MeshServiceSubset': {
      if (typeof targetRef.name !== 'string' || targetRef.name === '') {
        throw new MeshPolicyError('INVALID_INPUT', `${targetRef.kind} targetRef without a name`, [
          { path: 'targetRef.name', message: 'must be set' },
        ]);
      }
      const out: Tag[] = [{ key: SERVICE_TAG, value: targetRef.name }];
      if (targetRef.kind === 'MeshServiceSubset') for (const t of tagsOf(targetRef.tags)) out.push(t);
      return out;
    }
    default:
      throw new MeshPolicyError('UNSUPPORTED', `can't represent ${String(targetRef.kind)} as tags`);
  }
}

/** Go's string order: byte-wise over UTF-8 (JavaScript's `<` compares UTF-16 code units). */
export function compareStrings(a: string, b: string): number {
  if (typeof a !== 'string' || typeof b !== 'string')
    throw invalidArgument('compareStrings', 'a and b must be strings');
  return goStringOrder(a, b);
}

/** `compareStrings` for sort comparators over hand-built input: a non-string compares as ''. */
export function compareStringsUnchecked(a: unknown, b: unknown): number {
  return goStringOrder(typeof a === 'string' ? a : '', typeof b === 'string' ? b : '');
}

/** A code unit JavaScript and Go may order differently (a surrogate, or U+E000 and above). */
const HIGH_UNIT = /[\ud800-\uffff]/;

/**
 * Go's order with JavaScript's native comparison where they agree: they differ only where the
 * first differing code units are a surrogate and a BMP character from U+E000 up, so only when both
 * strings hold such units (rare: Kuma's names and tags are ASCII) is the byte-wise walk needed.
 */
function goStringOrder(a: string, b: string): number {
  if (a === b) return 0;
  if (!HIGH_UNIT.test(a) || !HIGH_UNIT.test(b)) return a < b ? -1 : 1;
  return compareBytes(a, b);
}

/** Orders tags by key, then value, positive before negative (Kuma's `Subset` sort). */
export function compareTags(a: Readonly<Tag>, b: Readonly<Tag>): number {
  if (!isObject(a) || !isObject(b)) throw invalidArgument('compareTags', 'a and b must be tags');
  return compareTagsUnchecked(a, b);
}

/** `compareTags` without the argument checks (sort comparator of rule building). */
export function compareTagsUnchecked(a: Tag, b: Tag): number {
  return (
    compareStringsUnchecked(a.key, b.key) ||
    compareStringsUnchecked(a.value, b.value) ||
    Number(a.not === true) - Number(b.not === true)
  );
}

/** Number of positive tags of a subset (the rule sort key of spec 03 §4.3 step 4). */
export function positiveCount(subset: DeepReadonly<Subset>): number {
  assertTags(subset, 'positiveCount', 'subset');
  let n = 0;
  for (const t of subset) if (t.not !== true) n++;
  return n;
}

/** Human form of a subset: `kuma.io/service=web, team!=b` (`*` for the empty subset). */
export function formatSubset(subset: DeepReadonly<Subset>): string {
  assertTags(subset, 'formatSubset', 'subset');
  if (subset.length === 0) return '*';
  return subset.map((t) => `${t.key}${t.not === true ? '!=' : '='}${t.value}`).join(', ');
}
