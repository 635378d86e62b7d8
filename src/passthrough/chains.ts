/**
 * The Envoy pass-through listeners a MeshPassthrough conf produces: Kuma 2.8.8's generator
 * (spec 04 §7) or the documented / Kuma ≥ 2.9.3 one (§8), plus the checks with which Envoy would
 * reject the result (§6.2).
 */

import { isL7Protocol, type NormalEntry } from './normalize.js';
import { compareBytes, compareRoutes } from './order.js';
import type {
  PassthroughCluster,
  PassthroughFamily,
  PassthroughFilterChain,
  PassthroughListener,
  PassthroughMatchType,
  PassthroughProtocol,
  PassthroughSemantics,
  PassthroughVirtualHost,
} from './types.js';
import { asciiLower, formatPassthroughAddress, networkOf, parsePassthroughAddress } from './values.js';

const NO_MATCH_STATUS = 503;
const L7_APP_PROTOCOLS = ['http/1.1', 'h2c'];

/** A chain's port in its name: `*` for a port-less chain. */
export function portText(port: number): string {
  return port === 0 ? '*' : String(port);
}

/** Whether a generated chain of this match type lives on the listener of `family`. */
export function inFamily(matchType: PassthroughMatchType, family: PassthroughFamily): boolean {
  if (matchType === 'IP' || matchType === 'CIDR') return family === 'ipv4';
  if (matchType === 'IPV6' || matchType === 'CIDRV6') return family === 'ipv6';
  return true;
}

function prefixOf(entry: NormalEntry): PassthroughFilterChain['prefixRanges'] {
  if (entry.cidr === undefined) return [];
  const addressPrefix = entry.type === 'IP' ? entry.value : formatPassthroughAddress(networkOf(entry.cidr));
  return [{ addressPrefix, prefixLen: entry.cidr.bits }];
}

/** The catch-all virtual host closing every generated HTTP route table. */
function noMatchHost(): PassthroughVirtualHost {
  return { name: 'no_match', domains: ['*'], match: { prefix: '/' }, directResponseStatus: NO_MATCH_STATUS };
}

/** Whether a match type is a (wildcard) domain. */
export function isDomainType(t: PassthroughMatchType): boolean {
  return t === 'Domain' || t === 'WildcardDomain';
}

/** First entry (merged order) per (type, value, protocol, port): what a chain or route came from. */
function firstEntries(entries: readonly NormalEntry[]): Map<string, NormalEntry> {
  const first = new Map<string, NormalEntry>();
  for (const e of entries) {
    const key = `${e.type}\u0000${e.value}\u0000${e.protocol}\u0000${e.port}`;
    if (!first.has(key)) first.set(key, e);
  }
  return first;
}

function lookupEntry(first: Map<string, NormalEntry>, e: NormalEntry, port: number): NormalEntry {
  return first.get(`${e.type}\u0000${e.value}\u0000${e.protocol}\u0000${port}`) ?? e;
}

/** One generator group: a set of entries with a shared (protocol, port[, key]). */
interface Group {
  protocol: PassthroughProtocol;
  port: number;
  routes: NormalEntry[];
}

/** Kuma 2.8.8 groups (spec 04 §5.2–§5.4), keeping for each route the first entry it came from. */
const kumaGroupsMemo = new WeakMap<readonly NormalEntry[], Group[]>();

function kumaGroups(entries: readonly NormalEntry[]): Group[] {
  const memo = kumaGroupsMemo.get(entries);
  if (memo !== undefined) return memo;
  const result = kumaGroupsUncached(entries);
  kumaGroupsMemo.set(entries, result);
  return result;
}

function kumaGroupsUncached(entries: readonly NormalEntry[]): Group[] {
  const groups = new Map<
    string,
    { protocol: PassthroughProtocol; port: number; routes: Map<string, NormalEntry> }
  >();
  for (const e of entries) {
    const key = `${e.protocol}\u0000${e.port}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { protocol: e.protocol, port: e.port, routes: new Map() };
      groups.set(key, group);
    }
    const routeKey = `${e.matchType}\u0000${e.value}`;
    if (!group.routes.has(routeKey)) group.routes.set(routeKey, e);
  }
  return [...groups.values()]
    .sort((a, b) => compareBytes(b.protocol, a.protocol) || b.port - a.port)
    .map((g) => ({ protocol: g.protocol, port: g.port, routes: [...g.routes.values()].sort(compareRoutes) }));
}

function kumaChains(entries: readonly NormalEntry[], family: PassthroughFamily): PassthroughFilterChain[] {
  const chains: PassthroughFilterChain[] = [];
  for (const group of kumaGroups(entries)) {
    const port = group.port;
    if (!isL7Protocol(group.protocol)) {
      for (const route of group.routes) {
        if (!inFamily(route.matchType, family)) continue;
        const name = `meshpassthrough_${route.value}_${portText(port)}`;
        chains.push({
          name,
          ...(port !== 0 ? { destinationPort: port } : {}),
          prefixRanges: prefixOf(route),
          serverNames: group.protocol === 'tls' && isDomainType(route.matchType) ? [route.value] : [],
          transportProtocol: group.protocol === 'tls' ? 'tls' : 'raw_buffer',
          applicationProtocols: [],
          protocol: group.protocol,
          cluster: name,
          entryIndex: route.index,
        });
      }
      continue;
    }
    const virtualHosts: PassthroughVirtualHost[] = [];
    for (const route of group.routes) {
      const t = route.matchType;
      if (t === 'CIDR' || t === 'CIDRV6') continue; // silently dropped by Kuma 2.8.8
      if (!inFamily(t, family)) continue;
      virtualHosts.push({
        name: route.value,
        domains: t === 'IPV6' ? [route.value, `[${route.value}]`] : [route.value],
        match: { path: '/' },
        cluster: `meshpassthrough_${route.value}_${portText(port)}`,
        entryIndex: route.index,
      });
    }
    virtualHosts.push(noMatchHost());
    chains.push({
      name: `meshpassthrough_http_${portText(port)}`,
      prefixRanges: [],
      serverNames: [],
      transportProtocol: 'raw_buffer',
      applicationProtocols: [...L7_APP_PROTOCOLS],
      protocol: group.protocol,
      virtualHosts,
    });
  }
  return chains;
}

/** A documented (Kuma ≥ 2.9.3) matcher key (spec 04 §8.1). */
export interface DocKey {
  protocol: PassthroughProtocol;
  port: number;
  matchType: PassthroughMatchType;
  value: string;
  /** The entry (for non-route keys) or the L7 domain routes. */
  entry?: NormalEntry;
  routes: NormalEntry[];
  /** Merged-list index the key's chain (non-route keys) or each route (same order) came from. */
  entryIndex: number;
  routeEntryIndex: number[];
  labels: number;
  bits: number;
}

const DOC_PROTOCOL_RANK: Record<PassthroughProtocol, number> = { tls: 0, tcp: 1, http: 2, http2: 3, grpc: 4 };
const DOC_TYPE_RANK: Record<PassthroughMatchType, number> = {
  WildcardDomain: 1,
  Domain: 2,
  CIDR: 3,
  CIDRV6: 4,
  IP: 5,
  IPV6: 6,
};

/** The documented generator's chain order of two keys placed on ports `pa` and `pb`. */
export function compareDocKeysAt(
  a: Pick<DocKey, 'protocol' | 'matchType' | 'value' | 'labels' | 'bits'>,
  pa: number,
  b: Pick<DocKey, 'protocol' | 'matchType' | 'value' | 'labels' | 'bits'>,
  pb: number,
): number {
  return (
    DOC_PROTOCOL_RANK[a.protocol] - DOC_PROTOCOL_RANK[b.protocol] ||
    DOC_TYPE_RANK[b.matchType] - DOC_TYPE_RANK[a.matchType] ||
    pb - pa ||
    compareRoutes(a, b)
  );
}

function compareDocKeys(a: DocKey, b: DocKey): number {
  return compareDocKeysAt(a, a.port, b, b.port);
}

/**
 * Every key of the documented generator, port-less keys replicated onto every named port, in
 * chain order. Its size is that of the generated listener (entries × ports for
 * port-less entries): the compiled matcher never builds it, only `chains()` and `clusters()` do.
 */
export function documentedKeys(entries: readonly NormalEntry[]): DocKey[] {
  const keys = new Map<string, DocKey>();
  // Values already routed by each L7 domain key (a set: no scan of the routes per route).
  const routed = new Map<DocKey, Set<string>>();
  const add = (
    k: Omit<DocKey, 'routes' | 'labels' | 'bits' | 'entryIndex' | 'routeEntryIndex'>,
    routes: readonly NormalEntry[],
  ): void => {
    const id = `${k.protocol}\u0000${k.port}\u0000${k.matchType}\u0000${k.value}`;
    let key = keys.get(id);
    if (key === undefined) {
      key = {
        ...k,
        routes: [],
        entryIndex: -1,
        routeEntryIndex: [],
        labels: k.entry?.labels ?? 1,
        bits: k.entry?.bits ?? -1,
      };
      keys.set(id, key);
    }
    if (routes.length === 0) return;
    let seen = routed.get(key);
    if (seen === undefined) {
      seen = new Set();
      routed.set(key, seen);
    }
    for (const r of routes) {
      // The value decides the match type of a domain, so the value alone identifies a route.
      if (seen.has(r.value)) continue;
      seen.add(r.value);
      key.routes.push(r);
    }
  };
  for (const e of entries) {
    if (isL7Protocol(e.protocol) && isDomainType(e.matchType)) {
      add({ protocol: e.protocol, port: e.port, matchType: 'Domain', value: '' }, [e]);
    } else {
      add({ protocol: e.protocol, port: e.port, matchType: e.matchType, value: e.value, entry: e }, []);
    }
  }
  const ports = [...new Set(entries.map((e) => e.port).filter((p) => p !== 0))];
  for (const key of [...keys.values()]) {
    if (key.port !== 0) continue;
    for (const q of ports) {
      const { routes, labels: _labels, bits: _bits, entryIndex: _e, routeEntryIndex: _r, ...rest } = key;
      add({ ...rest, port: q }, routes);
    }
  }
  const list = [...keys.values()].sort(compareDocKeys);
  const first = firstEntries(entries);
  for (const key of list) {
    key.routes.sort((a, b) => compareRoutes(a, b));
    if (key.entry !== undefined) key.entryIndex = lookupEntry(first, key.entry, key.port).index;
    key.routeEntryIndex = key.routes.map((r) => lookupEntry(first, r, key.port).index);
  }
  return list;
}

/** The virtual host of one documented L7 domain route on `port` (0 = port-less chain). */
function documentedRouteHost(
  protocol: PassthroughProtocol,
  port: number,
  route: Pick<NormalEntry, 'matchType' | 'value'>,
  entryIndex: number,
): PassthroughVirtualHost {
  const v = route.value;
  return {
    name: v,
    domains:
      route.matchType === 'Domain'
        ? [v, port !== 0 ? `${v}:${port}` : `${v}:*`]
        : port !== 0
          ? [v, `${v}:${port}`]
          : [v],
    match: { prefix: '/' },
    cluster: `meshpassthrough_${protocol}_${v}_${portText(port)}`,
    entryIndex,
  };
}

/**
 * The chain of one documented key on `port`: one HTTP chain per (protocol, port)
 * for the L7 domain routes (`routes` with their entry indexes), else one chain for the entry.
 */
export function documentedChain(
  key: { protocol: PassthroughProtocol; entry?: NormalEntry | undefined },
  port: number,
  entryIndex: number,
  routes: readonly NormalEntry[],
  routeEntryIndex: readonly number[],
): PassthroughFilterChain {
  const portMatch = port !== 0 ? { destinationPort: port } : {};
  const e = key.entry;
  if (e === undefined) {
    // An L7 domain key: one chain per (protocol, port), one virtual host per route.
    const virtualHosts = routes.map((r, i) =>
      documentedRouteHost(key.protocol, port, r, routeEntryIndex[i] as number),
    );
    virtualHosts.push(noMatchHost());
    return {
      name: `meshpassthrough_${key.protocol}_${portText(port)}`,
      ...portMatch,
      prefixRanges: [],
      serverNames: [],
      transportProtocol: 'raw_buffer',
      applicationProtocols: [...L7_APP_PROTOCOLS],
      protocol: key.protocol,
      virtualHosts,
    };
  }
  const name = `meshpassthrough_${key.protocol}_${e.value}_${portText(port)}`;
  if (isL7Protocol(key.protocol))
    return {
      name,
      ...portMatch,
      prefixRanges: prefixOf(e),
      serverNames: [],
      transportProtocol: 'raw_buffer',
      applicationProtocols: [...L7_APP_PROTOCOLS],
      protocol: key.protocol,
      virtualHosts: [{ name: e.value, domains: ['*'], match: { prefix: '/' }, cluster: name, entryIndex }],
    };
  return {
    name,
    ...portMatch,
    prefixRanges: prefixOf(e),
    serverNames: key.protocol === 'tls' && isDomainType(e.matchType) ? [e.value] : [],
    transportProtocol: key.protocol === 'tls' ? 'tls' : 'raw_buffer',
    applicationProtocols: [],
    protocol: key.protocol,
    cluster: name,
    entryIndex,
  };
}

function documentedChains(keys: readonly DocKey[], family: PassthroughFamily): PassthroughFilterChain[] {
  const chains: PassthroughFilterChain[] = [];
  for (const key of keys) {
    if (key.entry !== undefined && !inFamily(key.entry.matchType, family)) continue;
    chains.push(documentedChain(key, key.port, key.entryIndex, key.routes, key.routeEntryIndex));
  }
  return chains;
}

/** What Envoy compares to find two chains with the same match, without the destination port. */
function matchKeyBody(chain: PassthroughFilterChain): string {
  const prefixes = chain.prefixRanges
    .map((p) => {
      const address = parsePassthroughAddress(p.addressPrefix);
      const network =
        address === undefined
          ? p.addressPrefix
          : formatPassthroughAddress(networkOf({ address, bits: p.prefixLen }));
      return `${network}/${p.prefixLen}`;
    })
    .sort();
  const names = chain.serverNames.map(asciiLower).sort();
  const apps = [...chain.applicationProtocols].sort();
  return JSON.stringify([prefixes, names, chain.transportProtocol, apps]);
}

function matchKey(chain: PassthroughFilterChain): string {
  return `${chain.destinationPort ?? ''}|${matchKeyBody(chain)}`;
}

/** Why Envoy would NACK a listener with these chains (spec 04 §6.2), or undefined. */
export function envoyRejection(chains: readonly PassthroughFilterChain[]): string | undefined {
  for (const chain of chains) {
    if (chain.destinationPort !== undefined && chain.destinationPort > 65535)
      return `filter chain '${chain.name}' has an invalid destination port ${chain.destinationPort} (must be in [0, 65535])`;
  }
  for (const chain of chains) {
    for (const name of chain.serverNames) {
      if (name.includes('*') && !name.startsWith('*.'))
        return `partial wildcards are not supported in "server_names" (filter chain '${chain.name}': '${name}')`;
    }
  }
  const seen = new Map<string, string>();
  for (const chain of chains) {
    const key = matchKey(chain);
    const earlier = seen.get(key);
    if (earlier !== undefined)
      return `filter chain '${chain.name}' has the same matching rules defined as '${earlier}'`;
    seen.set(key, chain.name);
  }
  for (const chain of chains) {
    const domains = new Set<string>();
    for (const host of chain.virtualHosts ?? []) {
      for (const d of host.domains) {
        const lower = asciiLower(d);
        if (domains.has(lower))
          return `only unique values for domains are permitted: duplicate entry of domain ${lower} in route ${chain.name}`;
        domains.add(lower);
      }
    }
  }
  return undefined;
}

export const LISTENER_NAMES = {
  ipv4: 'outbound:passthrough:ipv4',
  ipv6: 'outbound:passthrough:ipv6',
} as const;

/** What a `Matched` conf with entries does to the listener of `family` (before Envoy's checks). */
export function listenerStatus(
  entries: readonly NormalEntry[],
  family: PassthroughFamily,
  semantics: PassthroughSemantics,
  present: boolean,
): PassthroughListener['status'] {
  if (!present) return 'absent';
  if (semantics === 'documented' && !entries.some((e) => inFamily(e.matchType, family))) return 'untouched';
  return 'rewritten';
}

/**
 * The pass-through listener of one family after a `Matched` conf with entries was applied
 * (`present` false = the proxy has no such listener). `keys`: the documented keys of `entries`,
 * when the caller already has them.
 */
export function buildPassthroughListener(
  entries: readonly NormalEntry[],
  family: PassthroughFamily,
  semantics: PassthroughSemantics,
  present: boolean,
  keys?: readonly DocKey[],
): PassthroughListener {
  const name = LISTENER_NAMES[family];
  const status = listenerStatus(entries, family, semantics, present);
  if (status !== 'rewritten') return { name, family, status, chains: [] };
  const chains =
    semantics === 'kuma-2.8'
      ? kumaChains(entries, family)
      : documentedChains(keys ?? documentedKeys(entries), family);
  const rejected = envoyRejection(chains);
  return { name, family, status: 'rewritten', chains, ...(rejected !== undefined ? { rejected } : {}) };
}

/** The ORIGINAL_DST clusters referenced by generated chains, sorted by name (spec 04 §7.4). */
export function passthroughClusters(listeners: readonly PassthroughListener[]): PassthroughCluster[] {
  const byName = new Map<string, boolean>();
  for (const listener of listeners) {
    for (const chain of listener.chains) {
      const http2 = chain.protocol === 'http2' || chain.protocol === 'grpc';
      if (chain.cluster !== undefined) byName.set(chain.cluster, http2);
      for (const host of chain.virtualHosts ?? [])
        if (host.cluster !== undefined) byName.set(host.cluster, http2);
    }
  }
  return [...byName.entries()]
    .sort(([a], [b]) => compareBytes(a, b))
    .map(([name, http2]) => ({ name, altStatName: name.replace(/[^A-Za-z0-9]/g, '_'), http2 }));
}
