/**
 * The documented (Kuma ≥ 2.9.3) pass-through listener with its port replication left implicit.
 *
 * The generator (Kuma ≥ 2.9.3's `meshpassthrough` plugin) copies every port-less key onto every
 * port some entry names, so the listener it produces holds entries × ports chains and routes.
 * This model keeps each key once — the chains of each named port, and the port-less chains with
 * the ports they are copied to — and answers what the full listener would: Envoy's rejection, the
 * chain and route a connection takes, and why every entry was or was not used. Building it costs O(n log n) in the
 * number of entries whatever the number of ports; only `materialise()` builds the full listener.
 */
import {
  compareDocKeysAt,
  type DocKey,
  documentedChain,
  inFamily,
  isDomainType,
  LISTENER_NAMES,
  portText,
} from './chains.js';
import {
  type HostPick,
  longestSuffix,
  type NameTable,
  PortIndex,
  selectByProtocols,
  selectByServerName,
} from './lookup.js';
import { isL7Protocol, type NormalEntry } from './normalize.js';
import { compareRoutes } from './order.js';
import type {
  PassthroughFamily,
  PassthroughFilterChain,
  PassthroughListener,
  PassthroughMatchResult,
  PassthroughMatchType,
  PassthroughProtocol,
} from './types.js';
import { asciiLower, networkOf, type PassthroughAddress } from './values.js';

/** A documented key before port replication (port 0 = port-less). */
export interface PlanKey {
  /** Identity on any one port: protocol, match type and value. */
  id: string;
  protocol: PassthroughProtocol;
  port: number;
  matchType: PassthroughMatchType;
  /** `''` for an L7 domain (route) key. */
  value: string;
  /** Non-route keys: the first entry with this identity on this port. */
  entry: NormalEntry | undefined;
  /** Route keys: the first entry per value, in merged-list order (see `inRouteOrder`). */
  routes: NormalEntry[];
  /** `routes` in route order, sorted on first use (only `explain` needs the order). */
  sorted?: NormalEntry[];
  labels: number;
  bits: number;
}

/** One key's chain on its own port, with what matching needs. */
interface Rec {
  key: PlanKey;
  /** The chain on the key's own port; for a route key without its virtual hosts. */
  chain: PassthroughFilterChain;
  /** The chain's name without its port. */
  prefix: string;
  /** What Envoy compares to find chains with the same match (the port aside). */
  match: string;
  /** Route keys: the routes, indexed. */
  routes?: RouteTable;
}

/** The keys of a documented conf, each once, in chain order; `ports`: the named ports, descending. */
export interface DocumentedPlan {
  keys: PlanKey[];
  ports: number[];
  /** One record per key, shared by both listeners. */
  recs: Map<PlanKey, Rec>;
  /** `duplicateDomain`'s answer, the same for both listeners (null: none). */
  duplicateDomain?: string | null;
}

/** Builds the plan of normalised entries: O(n log n), independent of the number of ports. */
export function documentedPlan(entries: readonly NormalEntry[]): DocumentedPlan {
  const keys = new Map<string, PlanKey>();
  // Route tables by port and protocol (no string built per route entry).
  const routeKeys = new Map<number, Map<PassthroughProtocol, RouteTable>>();
  const tables = new Map<PlanKey, RouteTable>();
  const ports = new Set<number>();
  for (const e of entries) {
    if (e.port !== 0) ports.add(e.port);
    if (isL7Protocol(e.protocol) && isDomainType(e.matchType)) {
      let byProtocol = routeKeys.get(e.port);
      if (byProtocol === undefined) {
        byProtocol = new Map();
        routeKeys.set(e.port, byProtocol);
      }
      let table = byProtocol.get(e.protocol);
      if (table === undefined) {
        const key = newKey(`${e.protocol}\u0000Domain\u0000`, e, 'Domain', '', undefined);
        table = new RouteTable(key);
        byProtocol.set(e.protocol, table);
        keys.set(`${key.id}\u0000${e.port}`, key);
        tables.set(key, table);
      }
      table.add(e);
      continue;
    }
    const id = `${e.protocol}\u0000${e.matchType}\u0000${e.value}`;
    const full = `${id}\u0000${e.port}`;
    if (!keys.has(full)) keys.set(full, newKey(id, e, e.matchType, e.value, e));
  }
  const list = [...keys.values()].sort((a, b) => compareDocKeysAt(a, a.port, b, b.port));
  const recs = new Map<PlanKey, Rec>();
  for (const key of list) recs.set(key, recOf(key, tables.get(key)?.finish()));
  return { keys: list, ports: [...ports].sort((a, b) => b - a), recs };
}

function newKey(
  id: string,
  e: NormalEntry,
  matchType: PassthroughMatchType,
  value: string,
  entry: NormalEntry | undefined,
): PlanKey {
  return {
    id,
    protocol: e.protocol,
    port: e.port,
    matchType,
    value,
    entry,
    routes: [],
    labels: entry === undefined ? 1 : e.labels,
    bits: entry === undefined ? -1 : e.bits,
  };
}

/** A route key's routes in route order (`compareRoutes`: match type, labels, value). */
function inRouteOrder(key: PlanKey): NormalEntry[] {
  key.sorted ??= key.routes.slice().sort(compareRoutes);
  return key.sorted;
}

function nameAt(key: PlanKey, port: number): string {
  return key.entry === undefined
    ? `meshpassthrough_${key.protocol}_${portText(port)}`
    : `meshpassthrough_${key.protocol}_${key.value}_${portText(port)}`;
}

function chainOf(key: PlanKey, port: number, routes: readonly NormalEntry[]): PassthroughFilterChain {
  return documentedChain(
    key,
    port,
    key.entry?.index ?? -1,
    routes,
    routes.map((r) => r.index),
  );
}

function recOf(key: PlanKey, routes: RouteTable | undefined): Rec {
  const chain = chainOf(key, key.port, []);
  const prefix = `meshpassthrough_${key.protocol}_${routes === undefined ? `${key.value}_` : ''}`;
  const rec: Rec = { key, chain, prefix, match: matchOf(key) };
  if (routes !== undefined) rec.routes = routes;
  return rec;
}

/**
 * What Envoy compares between two chains of one port (chains.ts `matchKey`), read off the key:
 * its layer (the transport and application protocols the generator gives it), its network and
 * its lower-cased server name.
 */
function matchOf(key: PlanKey): string {
  const e = key.entry;
  if (e === undefined) return 'l7||';
  const layer = key.protocol === 'tls' || key.protocol === 'tcp' ? key.protocol : 'l7';
  let prefix = '';
  if (e.cidr !== undefined) {
    const net = networkOf(e.cidr);
    prefix = `${net.family === 'ipv4' ? net.v4 : net.v6.join(':')}/${e.cidr.bits}`;
  }
  const name = key.protocol === 'tls' && isDomainType(e.matchType) ? asciiLower(e.value) : '';
  return `${layer}|${prefix}|${name}`;
}

/**
 * The routes of an L7 domain key, indexed for Envoy's virtual-host choice without building the
 * hosts. On a named port `p` a route `v` has the domains `v` and `v:p` (a wildcard `*x`: `*x`
 * and `*x:p`); on the port-less chain `v` and `v:*` (a wildcard: `*x` only). Documented values
 * are DNS names, so they hold no `:` and no `*` past a leading `*.`: two routes share a domain
 * only when their values are equal once lower-cased, and then Envoy rejects the listener.
 */
class RouteTable {
  /** By lower-cased value (a wildcard without its `*`); the first route of each. */
  private readonly exact = new Map<string, NormalEntry>();
  private readonly wild = new Map<string, NormalEntry>();
  /** Lower-cased values that several routes have: all of those routes (rare). */
  private readonly shared = new Map<string, { routes: NormalEntry[]; values: Set<string> }>();
  private wildLens: number[] = [];
  /** The first route, in route order, whose domain an earlier route has. */
  repeat: NormalEntry | undefined;

  /** Fills `key.routes` with the first entry per value, in merged-list order. */
  constructor(private readonly key: PlanKey) {}

  add(r: NormalEntry): void {
    const lower = asciiLower(r.value);
    const map = r.matchType === 'Domain' ? this.exact : this.wild;
    const k = r.matchType === 'Domain' ? lower : lower.slice(1);
    const first = map.get(k);
    if (first === undefined) map.set(k, r);
    else {
      // The value decides the match type of a domain: an equal value is the same route.
      if (first.value === r.value) return;
      const group = this.shared.get(lower);
      if (group === undefined)
        this.shared.set(lower, { routes: [first, r], values: new Set([first.value, r.value]) });
      else if (group.values.has(r.value)) return;
      else {
        group.routes.push(r);
        group.values.add(r.value);
      }
    }
    this.key.routes.push(r);
  }

  /** Completes the table once every entry is in. */
  finish(): this {
    this.wildLens = [...new Set([...this.wild.keys()].map((k) => k.length))].sort((a, b) => b - a);
    for (const { routes } of this.shared.values()) {
      const second = routes.sort(compareRoutes)[1] as NormalEntry;
      if (this.repeat === undefined || compareRoutes(second, this.repeat) < 0) this.repeat = second;
    }
    return this;
  }

  /** The lower-cased values (one per group of routes sharing a domain). */
  lowers(): IterableIterator<string> {
    return [...this.exact.keys(), ...[...this.wild.keys()].map((k) => `*${k}`)].values();
  }

  /** The routes whose value is `lower` once lower-cased, in route order. */
  group(lower: string): readonly NormalEntry[] {
    const shared = this.shared.get(lower);
    if (shared !== undefined) return shared.routes;
    const one = this.first(lower);
    return one === undefined ? [] : [one];
  }

  /** Whether a route has exactly this value. */
  has(value: string): boolean {
    const lower = asciiLower(value);
    return this.first(lower)?.value === value || this.shared.get(lower)?.values.has(value) === true;
  }

  private first(lower: string): NormalEntry | undefined {
    return lower.startsWith('*') ? this.wild.get(lower.slice(1)) : this.exact.get(lower);
  }

  /** The route Envoy picks for the (lower-cased) `host` on `port` (0 = the port-less chain). */
  pick(host: string, port: number): HostPick<NormalEntry> | undefined {
    const exact = this.exact.get(host);
    if (exact !== undefined) return { item: exact, rank: 0, len: host.length };
    if (port === 0) {
      const wild = longestSuffix(this.wild, this.wildLens, host);
      if (wild !== undefined) return { item: wild.item, rank: 1, len: wild.len };
      // `v:*`: the host starts with `v:` (a value holds no `:`, so `v` ends at the first one).
      const colon = host.indexOf(':');
      const prefixed =
        colon >= 0 && host.length > colon + 1 ? this.exact.get(host.slice(0, colon)) : undefined;
      return prefixed === undefined ? undefined : { item: prefixed, rank: 2, len: colon + 1 };
    }
    const tail = `:${port}`;
    const bare = host.endsWith(tail) ? host.slice(0, host.length - tail.length) : undefined;
    const ported = bare === undefined ? undefined : this.exact.get(bare);
    if (ported !== undefined) return { item: ported, rank: 0, len: host.length };
    const plain = longestSuffix(this.wild, this.wildLens, host);
    const withPort = bare === undefined ? undefined : longestSuffix(this.wild, this.wildLens, bare);
    if (withPort !== undefined && (plain === undefined || withPort.len + tail.length > plain.len))
      return { item: withPort.item, rank: 1, len: withPort.len + tail.length };
    return plain === undefined ? undefined : { item: plain.item, rank: 1, len: plain.len };
  }
}

/** Verdict sink of `explain` (the first verdict for an entry wins). */
export type SetVerdict = (index: number | undefined, outcome: 'admitted' | 'skipped', reason: string) => void;

/** What `explain` walks for one connection: the candidate chains of its port and the rest. */
export interface ExplainView {
  /** The chains Envoy considers for the connection's port, in listener order. */
  candidates: PassthroughFilterChain[];
  /** Says, for the entries of every other chain, why that chain was not considered. */
  skipOthers(set: SetVerdict): void;
}

/** Records, for one chain that is not considered, the reason for each entry it carries. */
export function skipChain(set: SetVerdict, chain: PassthroughFilterChain, reason: string): void {
  set(chain.entryIndex, 'skipped', reason);
  for (const vh of chain.virtualHosts ?? []) set(vh.entryIndex, 'skipped', reason);
}

/** What the full listener does with a connection. */
export type PlanHit =
  /** A tcp_proxy chain, or an HTTP route (`path`: its prefix). */
  | { kind: 'chain'; name: string; entryIndex: number | undefined; path?: string }
  /** An HTTP chain without a route for the host (Envoy's direct response). */
  | { kind: 'no-host'; name: string; status: number }
  | { kind: 'none' };

const NONE: PlanHit = { kind: 'none' };
const NO_MATCH_STATUS = 503;
const ROUTE_PREFIX = '/';

/** A (key, port) pair of the full listener: the first in chain order is what Envoy reports. */
interface At {
  key: PlanKey;
  port: number;
}

function earliest<T extends At>(a: T | undefined, b: T): T {
  return a === undefined || compareDocKeysAt(b.key, b.port, a.key, a.port) < 0 ? b : a;
}

/** First of `portsDesc` that is neither `skip` nor in `taken`. */
function firstPort(
  portsDesc: readonly number[],
  skip: number,
  taken: ReadonlySet<number> | undefined,
): number | undefined {
  for (const p of portsDesc) if (p !== skip && taken?.has(p) !== true) return p;
  return undefined;
}

function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const list = out.get(k);
    if (list === undefined) out.set(k, [item]);
    else list.push(item);
  }
  return out;
}

function addTo(map: Map<string, Set<number>>, key: string, port: number): void {
  const set = map.get(key);
  if (set === undefined) map.set(key, new Set([port]));
  else set.add(port);
}

const L7_ORDER: readonly PassthroughProtocol[] = ['http', 'http2', 'grpc'];

/** The documented listener of one family, port replication left implicit. */
export class DocumentedListener {
  readonly name: PassthroughListener['name'];
  /** Why Envoy would reject the full listener, when it would. */
  readonly rejected: string | undefined;
  private readonly portsDesc: readonly number[];
  /** Chains of each named port, in chain order. */
  private readonly explicit = new Map<number, Rec[]>();
  /** Port-less chains, in chain order. */
  private readonly portless: Rec[] = [];
  /** The port-less route chain of each L7 protocol (copied onto every named port). */
  private readonly portlessRoutes = new Map<PassthroughProtocol, Rec>();
  /** Named ports where a port-less key is merged into the port's own key of the same identity. */
  private readonly mergedPorts = new Map<string, Set<number>>();
  /** Named ports where a port-less route's value is routed by the port's own entry. */
  private readonly mergedRoutePorts = new Map<string, Set<number>>();
  private readonly recOfChain = new Map<PassthroughFilterChain, Rec>();
  private readonly indexes = new Map<number, PortIndex>();
  /** Every named port: its own chains' index (null: none on this listener). */
  private readonly named = new Map<number, PortIndex | null>();
  private readonly portlessIndex: PortIndex | undefined;

  constructor(
    plan: DocumentedPlan,
    readonly family: PassthroughFamily,
  ) {
    this.name = LISTENER_NAMES[family];
    this.portsDesc = plan.ports;
    const portlessIds = new Set<string>();
    for (const key of plan.keys) {
      if (key.entry !== undefined && !inFamily(key.matchType, family)) continue;
      const rec = plan.recs.get(key) as Rec;
      this.recOfChain.set(rec.chain, rec);
      if (key.port === 0) {
        this.portless.push(rec);
        portlessIds.add(key.id);
        if (key.entry === undefined) this.portlessRoutes.set(key.protocol, rec);
      } else {
        const list = this.explicit.get(key.port);
        if (list === undefined) this.explicit.set(key.port, [rec]);
        else list.push(rec);
      }
    }
    for (const [port, recs] of this.explicit) {
      for (const { key } of recs) {
        if (!portlessIds.has(key.id)) continue;
        if (key.entry !== undefined) addTo(this.mergedPorts, key.id, port);
        else
          for (const r of key.routes) addTo(this.mergedRoutePorts, `${key.protocol}\u0000${r.value}`, port);
      }
    }
    this.rejected = this.sameMatch() ?? duplicateDomain(plan);
    if (this.rejected !== undefined) return;
    for (const [port, recs] of this.explicit) this.indexes.set(port, indexOf(recs, family));
    for (const port of plan.ports) this.named.set(port, this.indexes.get(port) ?? null);
    this.portlessIndex = this.portless.length > 0 ? indexOf(this.portless, family) : undefined;
  }

  // ---- Envoy's listener checks (`envoyRejection`), in its order, on the listener the generator
  // would build.
  // The first two cannot fail here: the documented semantics makes a port outside 1–65535 and a
  // partial wildcard config errors.

  /** Two chains of one port with the same match: the first such pair in chain order. */
  private sameMatch(): string | undefined {
    type Dup = At & { earlier: At };
    let first: Dup | undefined;
    const portless = groupBy(this.portless, (r) => r.match);
    for (const [port, recs] of this.explicit) {
      // The first two of the port's own chains per match.
      const firsts = new Map<string, PlanKey>();
      const seconds = new Map<string, PlanKey>();
      for (const { key, match } of recs) {
        if (!firsts.has(match)) firsts.set(match, key);
        else if (!seconds.has(match)) seconds.set(match, key);
      }
      const ids = portless.size > 0 ? new Set(recs.map((r) => r.key.id)) : undefined;
      for (const [match, own] of firsts) {
        // The port's chains with this match: its own and the port-less ones copied onto it (a
        // copy with the identity of one of the port's own keys is that key). A second copy is
        // never needed: a port-less pair is found on the highest port below, which comes first.
        const members: PlanKey[] = [own];
        const second = seconds.get(match);
        if (second !== undefined) members.push(second);
        const copy = ids === undefined ? undefined : portless.get(match)?.find((r) => !ids.has(r.key.id));
        if (copy !== undefined) members.push(copy.key);
        if (members.length < 2) continue;
        members.sort((a, b) => compareDocKeysAt(a, port, b, port));
        const [a, b] = members as [PlanKey, PlanKey];
        first = earliest(first, { key: b, port, earlier: { key: a, port } });
      }
    }
    // A port-less pair repeats on every named port, the highest first (on a port with chains of
    // its own with this match, the pair found above is never later).
    const top = this.portsDesc[0] ?? 0;
    for (const group of portless.values()) {
      if (group.length < 2) continue;
      const [a, b] = group as [Rec, Rec];
      first = earliest(first, { key: b.key, port: top, earlier: { key: a.key, port: top } });
    }
    return first === undefined
      ? undefined
      : `filter chain '${nameAt(first.key, first.port)}' has the same matching rules defined as '${nameAt(first.earlier.key, first.earlier.port)}'`;
  }

  // ---- Matching: port, longest prefix, server name, transport, application protocol, route ----

  /**
   * The memoised answer for plain TCP (no server name, no application protocol) to `address` on
   * `port`: null = no chain; undefined = not memoised (use `match`).
   */
  plainTcp(port: number, address: PassthroughAddress): PassthroughMatchResult | null | undefined {
    const portless = this.portlessIndex;
    const index = this.named.get(port);
    if (index === undefined) {
      const table = portless?.longest(address);
      return table === undefined ? null : table.plainTcp;
    }
    const a = index?.longest(address);
    const b = portless?.longest(address);
    if (a !== undefined) return b === undefined || a.prefixLen > b.prefixLen ? a.plainTcp : undefined;
    return b === undefined ? null : undefined;
  }

  /** The chain and route the full listener gives a connection (`serverName`, `host` lower-cased). */
  match(
    port: number,
    address: PassthroughAddress,
    serverName: string,
    transport: string,
    apps: readonly string[],
    host: string,
  ): PlanHit {
    const portless = this.portlessIndex;
    const index = this.named.get(port);
    if (index === undefined) {
      // No chain names this port: the port-less chains as generated.
      const table = portless?.longest(address);
      const chain = table && selectByProtocols(selectByServerName(table, serverName), transport, apps);
      return chain === undefined ? NONE : this.finish(chain, 0, host);
    }
    const a = index?.longest(address);
    const b = portless?.longest(address);
    if (a !== undefined && (b === undefined || a.prefixLen > b.prefixLen)) {
      const chain = selectByProtocols(selectByServerName(a, serverName), transport, apps);
      return chain === undefined ? NONE : this.finish(chain, port, host);
    }
    if (b === undefined) return NONE;
    // The copies alone, or (same prefix length) the port's own chains and the copies as one table.
    const [own, copies] =
      a === undefined || b.prefixLen > a.prefixLen
        ? [NO_CHAINS, selectByServerName(b, serverName)]
        : selectByServerNameIn(a, b, serverName);
    const chain = selectByProtocolsIn(own, copies, transport, apps, (x, y) => this.before(x, y, port));
    return chain === undefined ? NONE : this.finish(chain, port, host);
  }

  /** Whether chain `x` comes before chain `y` on `port` (a copy merged into `x`'s key is `x`). */
  private before(x: PassthroughFilterChain, y: PassthroughFilterChain, port: number): boolean {
    const a = (this.recOfChain.get(x) as Rec).key;
    const b = (this.recOfChain.get(y) as Rec).key;
    return a.id === b.id || compareDocKeysAt(a, port, b, port) < 0;
  }

  /** Names the chain on `port` (0 = the port-less chain as generated) and picks the HTTP route. */
  private finish(chain: PassthroughFilterChain, port: number, host: string): PlanHit {
    const rec = this.recOfChain.get(chain) as Rec;
    const key = rec.key;
    const name = port === 0 || key.port !== 0 ? chain.name : `${rec.prefix}${port}`;
    if (rec.routes === undefined) {
      // A tcp_proxy chain, or an L7 IP/CIDR chain whose only host `*` routes `/`.
      return chain.virtualHosts === undefined
        ? { kind: 'chain', name, entryIndex: chain.entryIndex }
        : { kind: 'chain', name, entryIndex: key.entry?.index, path: ROUTE_PREFIX };
    }
    // The key's routes on `port`; a named port's own route chain also routes the port-less
    // routes of its protocol.
    const own = rec.routes.pick(host, port);
    const extra = key.port !== 0 ? this.portlessRoutes.get(key.protocol)?.routes : undefined;
    const copied = extra?.pick(host, port);
    const best =
      copied !== undefined &&
      (own === undefined || copied.rank < own.rank || (copied.rank === own.rank && copied.len > own.len))
        ? copied
        : own;
    if (best === undefined) return { kind: 'no-host', name, status: NO_MATCH_STATUS };
    return { kind: 'chain', name, entryIndex: best.item.index, path: ROUTE_PREFIX };
  }

  // ---- explain ----

  /** The candidates of `port` and the reasons for every other chain (Envoy's port step). */
  explainView(port: number): ExplainView {
    const named =
      (this.explicit.get(port)?.length ?? 0) > 0 || (this.named.has(port) && this.portless.length > 0);
    return {
      candidates: named ? this.chainsAt(port) : this.portless.map((r) => this.fullChain(r, 0)),
      skipOthers: (set) => {
        for (const [p, recs] of this.explicit) {
          if (named && p === port) continue;
          for (const rec of recs)
            skipChain(set, this.fullChain(rec, p), `filter chain '${rec.chain.name}' is for port ${p}`);
        }
        const skip = named ? port : -1;
        for (const rec of this.portless) {
          const key = rec.key;
          // A port-less chain's first copy in chain order is on the highest named port.
          const why = (p: number | undefined): string | undefined =>
            p !== undefined
              ? `filter chain '${rec.prefix}${p}' is for port ${p}`
              : named
                ? `port ${port} has its own filter chains, so port-less chain '${rec.chain.name}' is not considered`
                : undefined;
          if (key.entry !== undefined) {
            const reason = why(firstPort(this.portsDesc, skip, this.mergedPorts.get(key.id)));
            if (reason !== undefined) skipChain(set, rec.chain, reason);
            continue;
          }
          for (const r of key.routes) {
            const taken = this.mergedRoutePorts.get(`${key.protocol}\u0000${r.value}`);
            const reason = why(firstPort(this.portsDesc, skip, taken));
            if (reason !== undefined) set(r.index, 'skipped', reason);
          }
        }
      },
    };
  }

  /** A key's chain on its own port, with its routes. */
  private fullChain(rec: Rec, port: number): PassthroughFilterChain {
    return rec.routes === undefined ? rec.chain : chainOf(rec.key, port, inRouteOrder(rec.key));
  }

  /** The chains of a named port as generated: its own keys and the port-less copies, in order. */
  private chainsAt(port: number): PassthroughFilterChain[] {
    const own = this.explicit.get(port) ?? [];
    const ids = new Set(own.map((r) => r.key.id));
    const placed: { key: PlanKey; chain: PassthroughFilterChain }[] = [];
    for (const rec of own) {
      const copied = rec.routes === undefined ? undefined : this.portlessRoutes.get(rec.key.protocol);
      if (copied === undefined) {
        placed.push({ key: rec.key, chain: this.fullChain(rec, port) });
        continue;
      }
      const values = new Set(rec.key.routes.map((r) => r.value));
      const routes = inRouteOrder(rec.key)
        .concat(inRouteOrder(copied.key).filter((r) => !values.has(r.value)))
        .sort(compareRoutes);
      placed.push({ key: rec.key, chain: chainOf(rec.key, port, routes) });
    }
    for (const rec of this.portless) {
      if (ids.has(rec.key.id)) continue;
      placed.push({ key: rec.key, chain: chainOf(rec.key, port, inRouteOrder(rec.key)) });
    }
    return placed.sort((a, b) => compareDocKeysAt(a.key, port, b.key, port)).map((p) => p.chain);
  }

  // ---- the full listener ----

  /** Every chain of the listener as generated (size: entries × named ports for port-less entries). */
  materialise(keys: readonly DocKey[]): PassthroughFilterChain[] {
    const chains: PassthroughFilterChain[] = [];
    for (const key of keys) {
      if (key.entry !== undefined && !inFamily(key.entry.matchType, this.family)) continue;
      chains.push(documentedChain(key, key.port, key.entryIndex, key.routes, key.routeEntryIndex));
    }
    return chains;
  }

  /** The name tables of the lookup structure (the compiler memoises plain-TCP answers in them). */
  tables(): NameTable[] {
    const out: NameTable[] = [];
    const add = (index: PortIndex | undefined): void => {
      for (const t of index?.nameTables() ?? []) out.push(t);
    };
    for (const index of this.indexes.values()) add(index);
    add(this.portlessIndex);
    return out;
  }
}

const NO_CHAINS: PassthroughFilterChain[] = [];

/**
 * Envoy's last check: two routes of one HTTP chain with the same domain, i.e. values equal once
 * lower-cased (documented values hold no `:`, so `v:p` never meets a bare value). Route chains
 * are on both listeners: computed once per plan.
 */
function duplicateDomain(plan: DocumentedPlan): string | undefined {
  if (plan.duplicateDomain === undefined) plan.duplicateDomain = findDuplicateDomain(plan) ?? null;
  return plan.duplicateDomain ?? undefined;
}

function findDuplicateDomain(plan: DocumentedPlan): string | undefined {
  const portless = new Map<PassthroughProtocol, RouteTable>();
  const named = new Map<PassthroughProtocol, Map<number, RouteTable>>();
  for (const key of plan.keys) {
    const table = plan.recs.get(key)?.routes;
    if (table === undefined) continue;
    if (key.port === 0) portless.set(key.protocol, table);
    else {
      const byPort = named.get(key.protocol) ?? new Map<number, RouteTable>();
      byPort.set(key.port, table);
      named.set(key.protocol, byPort);
    }
  }
  for (const protocol of L7_ORDER) {
    const copied = portless.get(protocol);
    const own = named.get(protocol);
    if (copied === undefined && own === undefined) continue;
    // The chains of this protocol, highest port first, the port-less one last; on each, the
    // first route (in route order) whose domain an earlier route has.
    const ports = copied !== undefined ? [...plan.ports, 0] : [...(own?.keys() ?? [])].sort((a, b) => b - a);
    for (const port of ports) {
      const table = own?.get(port);
      let repeat = earlier(table?.repeat, copied?.repeat);
      if (copied !== undefined && table !== undefined) {
        // A route of the port and a copy with the same domain: the later of the two (a copy of
        // the port's own value is that route; repeats within either side are counted above).
        for (const lower of table.lowers()) {
          const copy = copied.group(lower).find((c) => !table.has(c.value));
          if (copy === undefined) continue;
          const ownFirst = table.group(lower)[0] as NormalEntry;
          repeat = earlier(repeat, compareRoutes(ownFirst, copy) < 0 ? copy : ownFirst);
        }
      }
      if (repeat !== undefined)
        return `only unique values for domains are permitted: duplicate entry of domain ${asciiLower(repeat.value)} in route meshpassthrough_${protocol}_${portText(port)}`;
    }
  }
  return undefined;
}

/** The earlier of two routes in route order (either may be missing). */
function earlier(a: NormalEntry | undefined, b: NormalEntry | undefined): NormalEntry | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareRoutes(b, a) < 0 ? b : a;
}

function indexOf(recs: readonly Rec[], family: PassthroughFamily): PortIndex {
  const index = new PortIndex();
  for (const { key, chain } of recs) {
    const cidr = key.entry?.cidr;
    if (cidr === undefined) index.insert(undefined, 0, chain);
    else if (cidr.address.family === family) index.insert(cidr.address, cidr.bits, chain);
  }
  return index.finish(family);
}

/** Server-name step over two tables of one prefix length, as over their union. */
function selectByServerNameIn(
  a: NameTable,
  b: NameTable,
  serverName: string,
): [PassthroughFilterChain[], PassthroughFilterChain[]] {
  if (serverName === '') return [a.none, b.none];
  const ea = a.exact.get(serverName);
  const eb = b.exact.get(serverName);
  if (ea !== undefined || eb !== undefined) return [ea ?? NO_CHAINS, eb ?? NO_CHAINS];
  if (a.wildcard.size > 0 || b.wildcard.size > 0) {
    for (let dot = serverName.indexOf('.', 1); dot >= 0; dot = serverName.indexOf('.', dot + 1)) {
      if (dot === serverName.length - 1) break;
      const suffix = serverName.slice(dot);
      const wa = a.wildcard.get(suffix);
      const wb = b.wildcard.get(suffix);
      if (wa !== undefined || wb !== undefined) return [wa ?? NO_CHAINS, wb ?? NO_CHAINS];
    }
  }
  return [a.none, b.none];
}

/**
 * Transport and application-protocol steps over the union of `own` and `copies` (each in chain
 * order): the first chain, in chain order, of the first step that keeps any. Chains left together
 * have the same match (the listener is then rejected) except a port-less chain with no prefix
 * beside a `/0` one, which Envoy orders; `before` gives the order.
 */
function selectByProtocolsIn(
  own: readonly PassthroughFilterChain[],
  copies: readonly PassthroughFilterChain[],
  transport: string,
  apps: readonly string[],
  before: (x: PassthroughFilterChain, y: PassthroughFilterChain) => boolean,
): PassthroughFilterChain | undefined {
  const pick = (keep: (c: PassthroughFilterChain) => boolean): PassthroughFilterChain | undefined => {
    const x = own.find(keep);
    const y = copies.find(keep);
    return x === undefined ? y : y === undefined || before(x, y) ? x : y;
  };
  for (const app of apps) {
    const hit = pick((c) => c.transportProtocol === transport && c.applicationProtocols.includes(app));
    if (hit !== undefined) return hit;
  }
  return pick((c) => c.transportProtocol === transport && c.applicationProtocols.length === 0);
}
