/**
 * Kuma 2.8.8's filter-chain matcher order (`plugin/xds/order.go`, spec 04 §5): classification,
 * grouping by (protocol, port), route order inside a group and group order.
 */
import { type Issue, MeshPolicyError } from '../models/index.js';
import {
  type AppendMatch,
  type MeshPassthroughConf,
  PASSTHROUGH_MATCH_TYPE_CODES,
  type PassthroughMatcherGroup,
  type PassthroughMatchType,
  type PassthroughRoute,
} from './types.js';
import { parsePassthroughAddress, parsePassthroughCidr, scalarText } from './values.js';

const L7 = new Set(['grpc', 'http', 'http2']);

/** Byte-order string comparison (all valid names are ASCII). */
export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Kuma's route classification of one entry (spec 04 §5.1); undefined for an unknown `type`. */
export function passthroughMatchType(
  entry: Pick<AppendMatch, 'type' | 'value'>,
): PassthroughMatchType | undefined {
  if (entry === null || typeof entry !== 'object') return undefined;
  const value = scalarText(entry.value);
  if (entry.type === 'Domain') return value.startsWith('*') ? 'WildcardDomain' : 'Domain';
  if (entry.type === 'IP') return isIpv6Text(value) ? 'IPV6' : 'IP';
  if (entry.type === 'CIDR') {
    const slash = value.indexOf('/');
    return isIpv6Text(slash < 0 ? value : value.slice(0, slash)) ? 'CIDRV6' : 'CIDR';
  }
  return undefined;
}

function isIpv6Text(text: string): boolean {
  return text.includes(':') && parsePassthroughAddress(text) !== undefined;
}

function cidrBits(value: string): number {
  return parsePassthroughCidr(value)?.bits ?? -1;
}

/** A route with, optionally, its precomputed label count and prefix length (faster sorting). */
export interface SortableRoute extends PassthroughRoute {
  labels?: number;
  bits?: number;
}

function isEntryObject(entry: unknown): entry is AppendMatch {
  return entry !== null && typeof entry === 'object' && !Array.isArray(entry);
}

/**
 * The group port of an entry: 0 when absent; an integer as Kuma stores it, a negative one wrapped
 * to 32-bit unsigned as the generator does (so the order agrees with `compilePassthrough`'s chains);
 * undefined when not an integer.
 */
function groupPort(port: unknown): number | undefined {
  if (port === undefined || port === null) return 0;
  if (typeof port !== 'number' || !Number.isInteger(port)) return undefined;
  return port < 0 ? port + 2 ** 32 : port;
}

/** Route order inside a group (spec 04 §5.3), with the library's value tie-break. */
export function compareRoutes(a: SortableRoute, b: SortableRoute): number {
  const codeA = PASSTHROUGH_MATCH_TYPE_CODES[a.matchType];
  const codeB = PASSTHROUGH_MATCH_TYPE_CODES[b.matchType];
  if (codeA !== codeB) return codeA - codeB;
  if (a.matchType === 'Domain' || a.matchType === 'WildcardDomain') {
    const labels = (b.labels ?? b.value.split('.').length) - (a.labels ?? a.value.split('.').length);
    if (labels !== 0) return labels;
  } else if (a.matchType === 'CIDR' || a.matchType === 'CIDRV6') {
    const bits = (b.bits ?? cidrBits(b.value)) - (a.bits ?? cidrBits(a.value));
    if (bits !== 0) return bits;
  }
  return compareBytes(a.value, b.value);
}

/** Adds the sort keys `compareRoutes` would otherwise recompute on every comparison. */
export function sortableRoute<R extends PassthroughRoute>(route: R): R & SortableRoute {
  return { ...route, labels: route.value.split('.').length, bits: cidrBits(route.value) };
}

/** Kuma's message for each port (ascending) where several L7 protocols meet. */
export function l7ConflictMessages(perPort: ReadonlyMap<number, ReadonlySet<string>>): string[] {
  return [...perPort.entries()]
    .filter(([, set]) => set.size > 1)
    .sort(([a], [b]) => a - b)
    .map(([port]) => `you cannot configure http, http2, grpc on the same port ${port}`);
}

/** The L7 protocol conflicts of a merged list (spec 04 §5.5), one message per port, ascending. */
export function passthroughProtocolConflicts(entries: readonly AppendMatch[]): string[] {
  if (!Array.isArray(entries))
    throw new MeshPolicyError('INVALID_INPUT', 'appendMatch must be an array', [
      { path: 'spec.default.appendMatch', message: 'must be an array' },
    ]);
  const perPort = new Map<number, Set<string>>();
  for (const entry of entries as readonly unknown[]) {
    if (!isEntryObject(entry) || groupPort(entry.port) === undefined) continue;
    const port = groupPort(entry.port) as number;
    const protocol = scalarText(entry.protocol);
    if (!L7.has(protocol)) continue;
    let set = perPort.get(port);
    if (set === undefined) {
      set = new Set();
      perPort.set(port, set);
    }
    set.add(protocol);
  }
  return l7ConflictMessages(perPort);
}

/**
 * Kuma 2.8.8's ordered filter-chain matchers for a (merged) conf (spec 04 §5): groups keyed by
 * (protocol, port 0 = port-less) sorted by protocol then port descending, duplicate routes
 * collapsed, routes ordered by match type, label count, prefix length, then value.
 *
 * Always Kuma 2.8.8's order, whatever `semantics` the caller uses elsewhere. Throws
 * `MeshPolicyError` (`INVALID_INPUT`) with Kuma's message when several of http/http2/grpc share
 * a port, or when `appendMatch` is not an array or an entry is not an object, has an unknown
 * `type` or a non-integer `port`.
 */
export function orderedMatchers(conf: MeshPassthroughConf | undefined): PassthroughMatcherGroup[] {
  const raw: unknown = conf !== null && typeof conf === 'object' ? conf.appendMatch : undefined;
  if (raw !== undefined && raw !== null && !Array.isArray(raw))
    throw new MeshPolicyError('INVALID_INPUT', 'invalid MeshPassthrough entries', [
      { path: 'spec.default.appendMatch', message: 'must be an array' },
    ]);
  const entries: readonly unknown[] = Array.isArray(raw) ? raw : [];
  const bad: Issue[] = [];
  const groups = new Map<string, { protocol: string; port: number; routes: Map<string, PassthroughRoute> }>();
  entries.forEach((entry, i) => {
    if (!isEntryObject(entry)) {
      bad.push({ path: `spec.default.appendMatch[${i}]`, message: 'must be an object' });
      return;
    }
    const port = groupPort(entry.port);
    if (port === undefined) {
      bad.push({ path: `spec.default.appendMatch[${i}].port`, message: 'must be an integer' });
      return;
    }
    const matchType = passthroughMatchType(entry);
    if (matchType === undefined) {
      bad.push({
        path: `spec.default.appendMatch[${i}].type`,
        message: `provided type ${scalarText(entry.type)} is not supported, one of Domain, IP, or CIDR is supported`,
      });
      return;
    }
    const protocol = scalarText(entry.protocol);
    const key = `${protocol}\u0000${port}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { protocol, port, routes: new Map() };
      groups.set(key, group);
    }
    const value = scalarText(entry.value);
    group.routes.set(`${matchType}\u0000${value}`, { value, matchType });
  });
  if (bad.length > 0) throw new MeshPolicyError('INVALID_INPUT', 'invalid MeshPassthrough entries', bad);
  const conflicts = passthroughProtocolConflicts(entries as readonly AppendMatch[]);
  if (conflicts.length > 0)
    // Kuma's exact text as the message (no issue list appended, so it splits on "; " cleanly).
    throw new MeshPolicyError('INVALID_INPUT', conflicts.join('; '));
  return [...groups.values()]
    .sort((a, b) => compareBytes(b.protocol, a.protocol) || b.port - a.port)
    .map((g) => ({
      protocol: g.protocol,
      port: g.port,
      routes: [...g.routes.values()]
        .map(sortableRoute)
        .sort(compareRoutes)
        .map(({ value, matchType }) => ({ value, matchType })),
    }));
}
