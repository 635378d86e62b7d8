/**
 * Internal machinery shared by the selection functions: defensive reading of inputs (bad input
 * becomes a `MeshPolicyError` with Kuma-style paths before anything is returned), lazily parsed
 * tie-break timestamps, and the one "which candidate wins" comparison (spec 01 §3.2, closed form).
 */
import { formatPath, type Issue, MeshPolicyError, parseTimeNanos, ZERO_TIME } from '../models/index.js';
import { MATCH_ALL_TAG_VALUE, type TagMap, type TagSelector, type TagSelectorRank } from './tag-selector.js';
import type {
  InboundInterface,
  InboundKey,
  LegacyDataplaneLike,
  LegacyInboundLike,
  LegacyPolicyLike,
  LegacySelectOptions,
  LegacySelectorField,
  LegacyTieBreak,
} from './types.js';

const hasOwn = Object.prototype.hasOwnProperty;

/** Radix of packed ranks: a selector would need two million tags to overflow it. */
const RANK_RADIX = 2 ** 21;

/**
 * Packs a rank into one number so that comparing ranks (spec 01 §2.3: total first, then exact)
 * is comparing numbers, and combining ranks (§2.4) is adding them.
 */
export function rankKey(exact: number, wildcard: number): number {
  return (exact + wildcard) * RANK_RADIX + exact;
}

/** Unpacks `rankKey`. */
export function rankFromKey(key: number): TagSelectorRank {
  const exact = key % RANK_RADIX;
  return { exact, wildcard: (key - exact) / RANK_RADIX - exact };
}

/** A candidate policy: the caller's object, its position and name, and its lazily parsed timestamp. */
export interface CompiledPolicy<P> {
  readonly policy: P;
  /** Position in the caller's list (the final tie-break among equal names). */
  readonly input: number;
  readonly name: string;
  time: bigint | undefined;
  timeString: string | undefined;
  timeField: LegacyTieBreak | 'none' | undefined;
}

/** Wraps one policy that became a candidate (its timestamp is parsed on first need). */
export function newCompiledPolicy<P>(policy: P, input: number, name: string): CompiledPolicy<P> {
  return {
    policy,
    input,
    name,
    time: undefined,
    timeString: undefined,
    timeField: undefined,
  };
}

/** Collects issues while inputs are read; `throwIfAny` raises them all at once. */
export class IssueSink {
  readonly issues: Issue[] = [];
  private readonly seen = new Set<string>();
  add(path: readonly PropertyKey[], message: string): void {
    const issue = { path: formatPath(path), message };
    const id = `${issue.path}\u0000${message}`;
    if (this.issues.length < 100 && !this.seen.has(id)) {
      this.seen.add(id);
      this.issues.push(issue);
    }
  }
  throwIfAny(what: string): void {
    if (this.issues.length > 0) throw new MeshPolicyError('INVALID_INPUT', `invalid ${what}`, this.issues);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a tag map defensively: only own keys; non-string values are reported. */
export function readTags(value: unknown, path: readonly PropertyKey[], sink: IssueSink): TagMap {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) {
    sink.add(path, 'must be a map of tag names to string values');
    return {};
  }
  for (const key in value) {
    if (!hasOwn.call(value, key)) continue;
    if (typeof value[key] !== 'string') sink.add([...path, key], 'tag value must be a string');
  }
  return value as TagMap;
}

/** A timestamp field's instant, or undefined when it is absent, empty, not a string or not RFC 3339. */
function usableTime(value: unknown): bigint | undefined {
  return typeof value === 'string' && value !== '' ? parseTimeNanos(value) : undefined;
}

/**
 * Resolves which timestamp a policy contributes to tie-breaks (parsed once, on first need): with
 * `modificationTime`, that field when usable, else `creationTime`; with `creationTime`, only that
 * field. An unusable timestamp counts as absent; no usable one is the zero time.
 */
export function timeOf<P>(cp: CompiledPolicy<P>, tieBreak: LegacyTieBreak): bigint {
  if (cp.time !== undefined) return cp.time;
  const p = cp.policy as LegacyPolicyLike;
  let parsed = tieBreak === 'modificationTime' ? usableTime(p.modificationTime) : undefined;
  let field: LegacyTieBreak | 'none' = 'modificationTime';
  if (parsed === undefined) {
    parsed = usableTime(p.creationTime);
    field = 'creationTime';
  }
  cp.time = parsed ?? 0n;
  cp.timeString =
    parsed === undefined
      ? ZERO_TIME
      : ((field === 'modificationTime' ? p.modificationTime : p.creationTime) as string);
  cp.timeField = parsed === undefined ? 'none' : field;
  return cp.time;
}

/** The tie-break field of the options (default `modificationTime`), rejecting unknown values. */
export function tieBreakOf(opts: LegacySelectOptions | undefined, sink: IssueSink): LegacyTieBreak {
  const t = opts?.tieBreak;
  if (t === undefined) return 'modificationTime';
  if (t !== 'modificationTime' && t !== 'creationTime') {
    sink.add(['tieBreak'], 'must be "modificationTime" or "creationTime"');
    return 'modificationTime';
  }
  return t;
}

/**
 * Byte-wise comparison of the UTF-8 encodings (Go's string `<`, spec 01 §3.1), without encoding:
 * UTF-16 code-unit order differs from it only between a surrogate (a code point above U+FFFF) and
 * a unit in U+E000–U+FFFF, so those two ranges are swapped before comparing. ASCII takes the
 * plain path. Negative when `a` sorts first.
 */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** A policy that matched a target with some rank through some selector. */
export interface Scored<P> {
  readonly cp: CompiledPolicy<P>;
  /** Packed rank (`rankKey`). */
  readonly rank: number;
  readonly field: LegacySelectorField;
  /** Index of the selector in its field, -1 when the policy has no selectors. */
  readonly index: number;
  readonly match: TagSelector;
  /** Connection policies: packed rank and index of the best matching source. */
  readonly sourceRank: number;
  readonly sourceIndex: number;
}

/**
 * Whether `a` beats `b` (spec 01 §3.2 closed form): greater rank; then strictly later time; then,
 * for name-sorted functions, the smaller core name; then the earlier input position; then the
 * earlier selector. Equivalent to Kuma's in-order replacement over the name-sorted list.
 */
export function beats<P>(a: Scored<P>, b: Scored<P>, tieBreak: LegacyTieBreak, byName: boolean): boolean {
  if (a.rank !== b.rank) return a.rank > b.rank;
  if (a.cp !== b.cp) {
    const ta = timeOf(a.cp, tieBreak);
    const tb = timeOf(b.cp, tieBreak);
    if (ta !== tb) return ta > tb;
    if (byName && a.cp.name !== b.cp.name) return compareNames(a.cp.name, b.cp.name) < 0;
    if (a.cp.input !== b.cp.input) return a.cp.input < b.cp.input;
  }
  return a.index < b.index;
}

/** Sets an own enumerable property, also for keys such as `__proto__`. */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    record[key] = value;
  }
}

/** A dataplane after checking: the tag maps `dataplaneMatches` reads, and its inbounds. */
export interface CompiledDataplane {
  readonly address: string;
  readonly advertisedAddress: string;
  readonly inbounds: readonly LegacyInboundLike[];
  readonly inboundTags: readonly TagMap[];
  readonly gatewayTags: TagMap | undefined;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Reads the dataplane fields selection uses, reporting malformed ones. */
export function compileDataplane(
  dataplane: LegacyDataplaneLike | null | undefined,
  sink: IssueSink,
): CompiledDataplane {
  if (!isRecord(dataplane)) {
    sink.add(['dataplane'], 'a dataplane must be an object');
    return { address: '', advertisedAddress: '', inbounds: [], inboundTags: [], gatewayTags: undefined };
  }
  const networking: unknown = dataplane.networking;
  if (networking !== undefined && networking !== null && !isRecord(networking)) {
    sink.add(['networking'], 'must be an object');
  }
  const net = isRecord(networking) ? networking : {};
  const inbounds = readInbounds(net.inbound, ['networking', 'inbound'], sink);
  const gateway = net.gateway;
  let gatewayTags: TagMap | undefined;
  if (gateway !== undefined && gateway !== null) {
    if (!isRecord(gateway)) sink.add(['networking', 'gateway'], 'must be an object');
    else gatewayTags = readTags(gateway.tags, ['networking', 'gateway', 'tags'], sink);
  }
  return {
    address: str(net.address),
    advertisedAddress: str(net.advertisedAddress),
    inbounds,
    inboundTags: inbounds.map((ib) => ib.tags ?? {}),
    gatewayTags,
  };
}

/** Reads an inbound list (the dataplane's or the caller's additional inbounds). */
export function readInbounds(
  value: unknown,
  path: readonly PropertyKey[],
  sink: IssueSink,
): readonly LegacyInboundLike[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    sink.add(path, 'must be a list');
    return [];
  }
  const out: LegacyInboundLike[] = [];
  for (let i = 0; i < value.length; i++) {
    const ib: unknown = value[i];
    if (!isRecord(ib)) {
      sink.add([...path, i], 'an inbound must be an object');
      continue;
    }
    readTags(ib.tags, [...path, i, 'tags'], sink);
    if (ib.port !== undefined && typeof ib.port !== 'number')
      sink.add([...path, i, 'port'], 'must be a number');
    out.push(ib as LegacyInboundLike);
  }
  return out;
}

/** Kuma's inbound interface for an inbound of a dataplane (spec 00 §2.3). */
export function inboundInterfaceOf(dp: CompiledDataplane, ib: LegacyInboundLike): InboundInterface {
  const dataplaneIP = str(ib.address) || dp.address;
  const port = typeof ib.port === 'number' ? ib.port : 0;
  const servicePort = typeof ib.servicePort === 'number' ? ib.servicePort : 0;
  return {
    dataplaneAdvertisedIP: dp.advertisedAddress || dataplaneIP,
    dataplaneIP,
    dataplanePort: port,
    workloadIP: str(ib.serviceAddress) || dataplaneIP,
    workloadPort: servicePort !== 0 ? servicePort : port,
  };
}

/** The inbound listener key `"<address>:<port>"` (API.md `InboundKey`). */
export function inboundKeyOf(dp: CompiledDataplane, ib: LegacyInboundLike): InboundKey {
  const address = str(ib.address) || dp.address;
  return `${address}:${typeof ib.port === 'number' ? ib.port : 0}`;
}

/** A string identifying the whole interface tuple (for collision handling). */
export function interfaceId(i: InboundInterface): string {
  return `${i.dataplaneAdvertisedIP}|${i.dataplaneIP}|${i.dataplanePort}|${i.workloadIP}|${i.workloadPort}`;
}

const EMPTY_MATCH: TagSelector = Object.freeze({});

/**
 * Reads one selector entry (`{ match }`) without allocating: returns its tag map (the shared empty
 * map when `match` is absent), or undefined when the entry is malformed (reported to `sink`).
 */
export function readMatch(
  entry: unknown,
  policyIndex: number,
  field: LegacySelectorField,
  selectorIndex: number,
  sink: IssueSink,
): TagSelector | undefined {
  if (entry === undefined || entry === null) return EMPTY_MATCH;
  if (!isRecord(entry)) {
    sink.add(
      ['policies', policyIndex, field, selectorIndex],
      'a selector must be an object with a `match` map',
    );
    return undefined;
  }
  const match = entry.match;
  if (match === undefined || match === null) return EMPTY_MATCH;
  if (!isRecord(match)) {
    sink.add(
      ['policies', policyIndex, field, selectorIndex, 'match'],
      'must be a map of tag names to string values',
    );
    return undefined;
  }
  for (const key in match) {
    if (hasOwn.call(match, key) && typeof match[key] !== 'string') {
      sink.add(['policies', policyIndex, field, selectorIndex, 'match', key], 'tag value must be a string');
    }
  }
  return match as TagSelector;
}

/** True when a tag map read by `readMatch` has no entries. */
export function isEmptyMatch(match: TagSelector): boolean {
  for (const key in match) if (hasOwn.call(match, key)) return false;
  return true;
}

/** Packed rank of a tag map read by `readMatch`. */
export function matchRankKey(match: TagSelector): number {
  let exact = 0;
  let wildcard = 0;
  for (const key in match) {
    if (!hasOwn.call(match, key)) continue;
    if (match[key] === MATCH_ALL_TAG_VALUE) wildcard++;
    else exact++;
  }
  return rankKey(exact, wildcard);
}

/** Selector test against one tag map (own keys only). */
export function tagsMatch(match: TagSelector, tags: TagMap): boolean {
  for (const key in match) {
    if (!hasOwn.call(match, key)) continue;
    if (!hasOwn.call(tags, key)) return false;
    const want = match[key];
    if (want !== MATCH_ALL_TAG_VALUE && want !== tags[key]) return false;
  }
  return true;
}

/** `dataplaneMatches` for a tag map read by `readMatch`. */
export function dataplaneMatchesMatch(dp: CompiledDataplane, match: TagSelector): boolean {
  for (const tags of dp.inboundTags) if (tagsMatch(match, tags)) return true;
  return dp.gatewayTags !== undefined && tagsMatch(match, dp.gatewayTags);
}

/** Reads the policy list entry `i`: the policy and its name, or undefined when malformed. */
export function readPolicy(policy: unknown, i: number, sink: IssueSink): string | undefined {
  if (!isRecord(policy)) {
    sink.add(['policies', i], 'a policy must be an object');
    return undefined;
  }
  const name = policy.name;
  if (typeof name !== 'string') {
    sink.add(['policies', i, 'name'], 'must be a string');
    return '';
  }
  return name;
}

/** Reads a selector list field of a raw policy: the array, or null when absent or malformed. */
export function readSelectorList(
  policy: object,
  i: number,
  field: LegacySelectorField,
  sink: IssueSink,
): readonly unknown[] | null {
  const value = (policy as Record<string, unknown>)[field];
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) {
    sink.add(['policies', i, field], 'must be a list of selectors');
    return null;
  }
  return value;
}

/** The caller's policy list, checked once; compiled wrappers are created only for policies that match. */
export interface PolicyTable<P> {
  readonly list: readonly P[];
  /** Core name per entry; undefined for malformed entries (already reported). */
  readonly names: readonly (string | undefined)[];
  readonly cps: (CompiledPolicy<P> | undefined)[];
}

/** Checks the list and each entry's object-ness and name. */
export function readPolicyTable<P>(
  policies: readonly P[] | null | undefined,
  sink: IssueSink,
): PolicyTable<P> {
  if (policies === undefined || policies === null) return { list: [], names: [], cps: [] };
  if (!Array.isArray(policies)) {
    sink.add(['policies'], 'must be a list');
    return { list: [], names: [], cps: [] };
  }
  const names = policies.map((p, i) => readPolicy(p, i, sink));
  return { list: policies, names, cps: new Array(policies.length) };
}

/** The shared wrapper of entry `i` (so timestamps are parsed once per call). */
export function policyAt<P>(table: PolicyTable<P>, i: number): CompiledPolicy<P> {
  let cp = table.cps[i];
  if (cp === undefined) {
    cp = newCompiledPolicy(table.list[i] as P, i, table.names[i] ?? '');
    table.cps[i] = cp;
  }
  return cp;
}
