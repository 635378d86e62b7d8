/**
 * Legacy tag selectors (spec 01 §2, 00 §2.6): matching, rank, rank comparison.
 *
 * This is the small vocabulary every legacy selection speaks, and the one other modules
 * (targetref's MeshGateway selection, inspect) reuse: a selector is a plain tag map whose values
 * are exact strings or the wildcard `'*'`.
 */
import { MeshPolicyError } from '../models/index.js';

/** A legacy tag selector: `{ 'kuma.io/service': 'web', version: '*' }`. Empty = match anything. */
export type TagSelector = Readonly<Record<string, string>>;

/** A tag map (inbound tags, gateway tags, external-service tags). */
export type TagMap = Readonly<Record<string, string>>;

/** How specific a selector is: the number of exact values and of `'*'` values (spec 01 §2.2). */
export interface TagSelectorRank {
  readonly exact: number;
  readonly wildcard: number;
}

/** The wildcard tag value. Only `'*'` alone is a wildcard; `web*` is compared literally. */
export const MATCH_ALL_TAG_VALUE = '*';

/** The service tag every legacy destination is matched against. */
export const SERVICE_TAG = 'kuma.io/service';

/** Rank of the empty selector (and of a policy without selectors). */
export const ZERO_RANK: TagSelectorRank = Object.freeze({ exact: 0, wildcard: 0 });

const hasOwn = Object.prototype.hasOwnProperty;

function invalid(what: string, path: string, message: string): never {
  throw new MeshPolicyError('INVALID_INPUT', `invalid ${what}`, [{ path, message }]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkRank(rank: unknown, path: string): TagSelectorRank {
  if (!isRecord(rank) || typeof rank.exact !== 'number' || typeof rank.wildcard !== 'number') {
    invalid('rank', path, 'must be a rank { exact, wildcard }');
  }
  return rank as unknown as TagSelectorRank;
}

/**
 * True when every entry of `selector` is satisfied by `tags`: the key is present and the value is
 * equal or the selector value is `'*'`. An empty selector matches anything, even absent tags.
 * Keys are looked up as own properties only, so `constructor` or `__proto__` never match by accident.
 */
export function tagSelectorMatches(selector: TagSelector | undefined, tags: TagMap | undefined): boolean {
  if (selector === undefined || selector === null) return true;
  for (const key in selector) {
    if (!hasOwn.call(selector, key)) continue;
    if (tags === undefined || tags === null || !hasOwn.call(tags, key)) return false;
    const want = selector[key];
    if (want !== MATCH_ALL_TAG_VALUE && want !== tags[key]) return false;
  }
  return true;
}

/** Rank of a selector: `(exact, wildcard)` counts of its entries (spec 01 §2.2). */
export function tagSelectorRank(selector: TagSelector | undefined): TagSelectorRank {
  let exact = 0;
  let wildcard = 0;
  if (selector !== undefined && selector !== null) {
    for (const key in selector) {
      if (!hasOwn.call(selector, key)) continue;
      if (selector[key] === MATCH_ALL_TAG_VALUE) wildcard++;
      else exact++;
    }
  }
  return { exact, wildcard };
}

/**
 * Compares ranks: more tags in total is more specific; with equal totals, more exact values is
 * more specific (spec 01 §2.3). Returns a positive number when `a` is more specific than `b`.
 */
export function compareTagSelectorRanks(a: TagSelectorRank, b: TagSelectorRank): number {
  checkRank(a, 'a');
  checkRank(b, 'b');
  const total = a.exact + a.wildcard - (b.exact + b.wildcard);
  if (total !== 0) return total;
  return a.exact - b.exact;
}

/** Sum of two ranks, used for source + destination aggregates (spec 01 §2.4). */
export function combineTagSelectorRanks(a: TagSelectorRank, b: TagSelectorRank): TagSelectorRank {
  checkRank(a, 'a');
  checkRank(b, 'b');
  return { exact: a.exact + b.exact, wildcard: a.wildcard + b.wildcard };
}

/** `"(exact, wildcard)"`, for explanations. */
export function formatTagSelectorRank(rank: TagSelectorRank): string {
  checkRank(rank, 'rank');
  return `(${rank.exact},${rank.wildcard})`;
}

/** The parts of a Dataplane that tag matching reads (a models `Dataplane` fits). */
export interface DataplaneTagSource {
  readonly networking?:
    | {
        readonly inbound?: readonly { readonly tags?: TagMap | undefined }[] | undefined;
        readonly gateway?: { readonly tags?: TagMap | undefined } | undefined;
      }
    | undefined;
}

/**
 * Kuma's `Dataplane.Matches` (spec 00 §2.6): the selector matches the tags of any inbound —
 * whatever its state, `Ignored` included — or the gateway tags. A malformed dataplane (not an
 * object, `inbound` not a list, an inbound that is not an object) is a `MeshPolicyError`.
 */
export function dataplaneMatches(dataplane: DataplaneTagSource, selector: TagSelector | undefined): boolean {
  if (!isRecord(dataplane)) invalid('dataplane', 'dataplane', 'a dataplane must be an object');
  const networking = isRecord(dataplane.networking) ? dataplane.networking : undefined;
  const inbounds: unknown = networking?.inbound;
  if (inbounds !== undefined && inbounds !== null && !Array.isArray(inbounds)) {
    invalid('dataplane', 'networking.inbound', 'must be a list');
  }
  const list: readonly unknown[] = Array.isArray(inbounds) ? inbounds : [];
  for (let i = 0; i < list.length; i++) {
    const inbound = list[i];
    if (!isRecord(inbound)) invalid('dataplane', `networking.inbound[${i}]`, 'an inbound must be an object');
    if (tagSelectorMatches(selector, (inbound.tags as TagMap | undefined) ?? {})) return true;
  }
  const gateway = networking?.gateway;
  // Like Kuma: a dataplane with neither inbounds nor a gateway matches nothing, not even `{}`.
  return isRecord(gateway) && tagSelectorMatches(selector, (gateway.tags as TagMap | undefined) ?? {});
}

/** True for a selector without entries. */
export function isEmptySelector(selector: TagSelector | undefined): boolean {
  if (selector === undefined) return true;
  for (const key in selector) if (hasOwn.call(selector, key)) return false;
  return true;
}

/**
 * Kuma's `MatchSelector` (spec 01 §5.9): the rank of the **first** selector (list order) that
 * matches `tags`, or undefined when none does. It does not look for the best selector.
 */
export function firstMatchingSelectorRank(
  tags: TagMap,
  selectors: readonly { readonly match?: TagSelector | undefined }[],
): TagSelectorRank | undefined {
  if (!Array.isArray(selectors)) invalid('selectors', 'selectors', 'must be a list of selectors');
  for (const s of selectors) {
    // An absent entry or `match` is the empty selector, as in selection.
    const match = isRecord(s) ? (s.match as TagSelector | undefined) : undefined;
    if (tagSelectorMatches(match, tags)) return tagSelectorRank(match);
  }
  return undefined;
}
