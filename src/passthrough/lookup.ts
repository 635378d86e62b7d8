/**
 * Envoy's filter-chain lookup structure for one listener (`FilterChainManagerImpl`): destination
 * port map → longest-prefix trie → server-name table → transport → application protocols.
 * Built once per compiled conf; a lookup walks at most 32 (IPv4) or 128 (IPv6) trie levels.
 */
import type {
  PassthroughFamily,
  PassthroughFilterChain,
  PassthroughMatchResult,
  PassthroughVirtualHost,
} from './types.js';
import { asciiLower, type PassthroughAddress, parsePassthroughAddress } from './values.js';

/** Chains that share one (port, prefix): indexed by server name. */
export interface NameTable {
  /** Length of the prefix the table belongs to (0 = the whole family). */
  prefixLen: number;
  exact: Map<string, PassthroughFilterChain[]>;
  /** Keyed by the suffix after `*` (e.g. `.example.com`). */
  wildcard: Map<string, PassthroughFilterChain[]>;
  /** Chains listing no server names. */
  none: PassthroughFilterChain[];
  /**
   * Memoised answer for the commonest connection (plain TCP: no server name, no application
   * protocol), filled by the compiler: `null` = no chain takes it.
   */
  plainTcp?: PassthroughMatchResult | null;
}

/** Shared by every table without server names until one is added (most tables have none). */
const NO_NAMES: Map<string, PassthroughFilterChain[]> = new Map();

function newTable(prefixLen: number): NameTable {
  return { prefixLen, exact: NO_NAMES, wildcard: NO_NAMES, none: [] };
}

function push(
  map: Map<string, PassthroughFilterChain[]>,
  key: string,
  chain: PassthroughFilterChain,
): Map<string, PassthroughFilterChain[]> {
  const own = map === NO_NAMES ? new Map<string, PassthroughFilterChain[]>() : map;
  const list = own.get(key);
  if (list === undefined) own.set(key, [chain]);
  else if (!list.includes(chain)) list.push(chain);
  return own;
}

function bitOf(address: PassthroughAddress, i: number): number {
  if (address.family === 'ipv4') return (address.v4 >>> (31 - i)) & 1;
  return ((address.v6[i >> 4] as number) >>> (15 - (i & 15))) & 1;
}

/**
 * The chains of one destination port (or of "no port") in a binary prefix trie stored in typed
 * arrays (node 0 is the root; child 0 means "none", since the root is nobody's child).
 */
export class PortIndex {
  private zero = new Int32Array(64);
  private one = new Int32Array(64);
  private table = new Int32Array(64).fill(-1);
  private size = 1;
  private readonly tables: NameTable[] = [];
  /** IPv4 level-compressed root (as Envoy's LC trie): the first `stride` bits index these. */
  private stride = 0;
  private strideBest = new Int32Array(0);
  private strideNode = new Int32Array(0);
  private prefixCount = 0;
  /** Path-compressed IPv4 trie, 5 ints per node: zero, one, table, depth, path (see finishIPv4). */
  private v4 = Int32Array.from([0, 0, -1, 0, 0]);

  private grow(): void {
    const cap = this.zero.length * 2;
    const zero = new Int32Array(cap);
    zero.set(this.zero);
    const one = new Int32Array(cap);
    one.set(this.one);
    const table = new Int32Array(cap).fill(-1);
    table.set(this.table);
    this.zero = zero;
    this.one = one;
    this.table = table;
  }

  private child(node: number, bit: number): number {
    const existing = (bit === 0 ? this.zero : this.one)[node] as number;
    if (existing !== 0) return existing;
    if (this.size === this.zero.length) this.grow();
    const next = this.size++;
    (bit === 0 ? this.zero : this.one)[node] = next;
    return next;
  }

  insert(address: PassthroughAddress | undefined, bits: number, chain: PassthroughFilterChain): void {
    this.prefixCount++;
    let node = 0;
    for (let i = 0; i < bits && address !== undefined; i++) node = this.child(node, bitOf(address, i));
    let t = this.table[node] as number;
    if (t < 0) {
      t = this.tables.length;
      this.tables.push(newTable(address === undefined ? 0 : bits));
      this.table[node] = t;
    }
    const table = this.tables[t] as NameTable;
    if (chain.serverNames.length === 0 && !table.none.includes(chain)) table.none.push(chain);
    for (const raw of chain.serverNames) {
      const name = asciiLower(raw);
      if (name.startsWith('*.')) table.wildcard = push(table.wildcard, name.slice(1), chain);
      else table.exact = push(table.exact, name, chain);
    }
  }

  /**
   * Builds the IPv4 lookup form once all prefixes are in: a path-compressed copy of the trie
   * (only nodes with a table or two children survive; each keeps its depth and path, checked on
   * entry) whose first `stride` levels are flattened into a 2^stride root table, as Envoy's
   * level-compressed trie does. Lookup depth then grows with log(entries), not prefix length.
   */
  finishIPv4(): void {
    // 1. Path compression. Packed node layout: [zero, one, table, depth, path].
    const packed: number[] = [];
    const emit = (node: number, depth: number, path: number): number => {
      const id = packed.length / 5;
      packed.push(0, 0, this.table[node] as number, depth, path);
      for (const bit of [0, 1]) {
        let child = (bit === 0 ? this.zero : this.one)[node] as number;
        if (child === 0) continue;
        let d = depth + 1;
        let p = bit === 0 ? path : (path | (1 << (31 - depth))) >>> 0;
        // Skip single-child nodes without a table.
        for (;;) {
          const z = this.zero[child] as number;
          const o = this.one[child] as number;
          if ((this.table[child] as number) >= 0 || (z !== 0 && o !== 0) || (z === 0 && o === 0)) break;
          if (o !== 0) p = (p | (1 << (31 - d))) >>> 0;
          child = z !== 0 ? z : o;
          d++;
        }
        packed[id * 5 + bit] = emit(child, d, p);
      }
      return id;
    };
    emit(0, 0, 0);
    this.v4 = Int32Array.from(packed);
    // 2. Root stride over the compressed trie.
    const stride = Math.min(16, Math.floor(Math.log2(Math.max(1, this.prefixCount))));
    if (stride < 4) return;
    const nodes = this.v4;
    const slots = 1 << stride;
    const best = new Int32Array(slots);
    const start = new Int32Array(slots);
    for (let slot = 0; slot < slots; slot++) {
      const v = (slot << (32 - stride)) >>> 0;
      let node = 0;
      let b = nodes[2] as number;
      for (;;) {
        const d = nodes[node * 5 + 3] as number;
        if (d >= stride) break;
        const child = nodes[node * 5 + ((v >>> (31 - d)) & 1)] as number;
        if (child === 0) break;
        const cd = nodes[child * 5 + 3] as number;
        if (cd > stride) break; // checked by the lookup loop, which resumes from `node`
        if ((v ^ (nodes[child * 5 + 4] as number)) >>> (32 - cd) !== 0) break;
        const t = nodes[child * 5 + 2] as number;
        if (t >= 0) b = t;
        node = child;
      }
      best[slot] = b;
      start[slot] = node;
    }
    this.stride = stride;
    this.strideBest = best;
    this.strideNode = start;
  }

  /** Completes the structure once every chain is in (IPv4: the compressed trie). */
  finish(family: PassthroughFamily): this {
    if (family === 'ipv4') this.finishIPv4();
    return this;
  }

  /** The table of the longest prefix containing the address, or undefined. */
  longest(address: PassthroughAddress): NameTable | undefined {
    return address.family === 'ipv4' ? this.longestIPv4(address.v4) : this.longestIPv6(address.v6);
  }

  /** The name tables of this port. */
  nameTables(): readonly NameTable[] {
    return this.tables;
  }

  /** The table of the longest prefix containing the address (Envoy never falls back). */
  longestIPv4(v4: number): NameTable | undefined {
    const nodes = this.v4;
    let best = nodes[2] as number;
    let node = 0;
    if (this.stride > 0) {
      const slot = v4 >>> (32 - this.stride);
      best = this.strideBest[slot] as number;
      node = this.strideNode[slot] as number;
    }
    for (;;) {
      const base = node * 5;
      const d = nodes[base + 3] as number;
      if (d >= 32) break;
      const child = nodes[base + ((v4 >>> (31 - d)) & 1)] as number;
      if (child === 0) break;
      const cbase = child * 5;
      const cd = nodes[cbase + 3] as number;
      // The skipped path segment must match, or no deeper prefix can contain the address.
      if ((v4 ^ (nodes[cbase + 4] as number)) >>> (32 - cd) !== 0) break;
      const t = nodes[cbase + 2] as number;
      if (t >= 0) best = t;
      node = child;
    }
    return best < 0 ? undefined : this.tables[best];
  }

  longestIPv6(v6: readonly number[]): NameTable | undefined {
    const zero = this.zero;
    const one = this.one;
    const table = this.table;
    let best = table[0] as number;
    let node = 0;
    for (let i = 0; i < 128; i++) {
      node = ((((v6[i >> 4] as number) >>> (15 - (i & 15))) & 1) === 0 ? zero[node] : one[node]) as number;
      if (node === 0) break;
      const t = table[node] as number;
      if (t >= 0) best = t;
    }
    return best < 0 ? undefined : this.tables[best];
  }
}

/**
 * A virtual-host choice: how the host matched (0 exact, 1 suffix wildcard, 2 prefix wildcard,
 * 3 the `*` host) and, for wildcards, the length of the matched part.
 */
export interface HostPick<T> {
  item: T;
  rank: 0 | 1 | 2 | 3;
  len: number;
}

/** Distinct lengths of the keys of `map`, longest first. */
function lengthsOf(map: Map<string, unknown>): number[] {
  return [...new Set([...map.keys()].map((k) => k.length))].sort((a, b) => b - a);
}

/** The longest key of `map` that is a proper suffix of `host` (`lens`: the key lengths, longest first). */
export function longestSuffix<T>(
  map: Map<string, T>,
  lens: readonly number[],
  host: string,
): { item: T; len: number } | undefined {
  for (const len of lens) {
    if (len >= host.length) continue;
    const item = map.get(host.slice(host.length - len));
    if (item !== undefined) return { item, len };
  }
  return undefined;
}

/**
 * `selectVirtualHost` over one route table, indexed once: a lookup costs a few map probes per
 * distinct wildcard length instead of a scan of every domain. Same answer as the scan, ties
 * included (the first host in table order wins).
 */
export class VirtualHostIndex {
  private readonly exact = new Map<string, PassthroughVirtualHost>();
  private readonly suffix = new Map<string, PassthroughVirtualHost>();
  private readonly prefix = new Map<string, PassthroughVirtualHost>();
  private readonly suffixLens: number[];
  private readonly prefixLens: number[];
  private readonly any: PassthroughVirtualHost | undefined;

  constructor(hosts: readonly PassthroughVirtualHost[]) {
    let any: PassthroughVirtualHost | undefined;
    const first = (map: Map<string, PassthroughVirtualHost>, key: string, vh: PassthroughVirtualHost) => {
      if (!map.has(key)) map.set(key, vh);
    };
    for (const vh of hosts) {
      for (const raw of vh.domains) {
        const d = asciiLower(raw);
        if (d === '*') any ??= vh;
        else if (d.startsWith('*')) first(this.suffix, d.slice(1), vh);
        else if (d.endsWith('*')) first(this.prefix, d.slice(0, -1), vh);
        else first(this.exact, d, vh);
      }
    }
    this.any = any;
    this.suffixLens = lengthsOf(this.suffix);
    this.prefixLens = lengthsOf(this.prefix);
  }

  /** The host Envoy picks for the (lower-cased) `host`, and how it matched. */
  pick(host: string): HostPick<PassthroughVirtualHost> | undefined {
    const exact = this.exact.get(host);
    if (exact !== undefined) return { item: exact, rank: 0, len: host.length };
    const suffix = longestSuffix(this.suffix, this.suffixLens, host);
    if (suffix !== undefined) return { item: suffix.item, rank: 1, len: suffix.len };
    for (const len of this.prefixLens) {
      if (len >= host.length) continue;
      const item = this.prefix.get(host.slice(0, len));
      if (item !== undefined) return { item, rank: 2, len };
    }
    return this.any === undefined ? undefined : { item: this.any, rank: 3, len: 0 };
  }
}

/** Server-name step (spec 04 §9.2 step 4): exact, then the longest wildcard suffix, then nameless. */
export function selectByServerName(table: NameTable, serverName: string): PassthroughFilterChain[] {
  if (serverName === '') return table.none;
  const exact = table.exact.get(serverName);
  if (exact !== undefined) return exact;
  if (table.wildcard.size > 0) {
    for (let dot = serverName.indexOf('.', 1); dot >= 0; dot = serverName.indexOf('.', dot + 1)) {
      if (dot === serverName.length - 1) break;
      const hit = table.wildcard.get(serverName.slice(dot));
      if (hit !== undefined) return hit;
    }
  }
  return table.none;
}

/** Transport and application-protocol steps (spec 04 §9.2 steps 5–6). */
export function selectByProtocols(
  candidates: readonly PassthroughFilterChain[],
  transport: string,
  appProtocols: readonly string[],
): PassthroughFilterChain | undefined {
  // Allocation-free: "keep those and stop" leaves one chain (§6.2), so the first hit is the answer.
  for (const app of appProtocols) {
    for (const c of candidates) {
      if (c.transportProtocol === transport && c.applicationProtocols.includes(app)) return c;
    }
  }
  for (const c of candidates) {
    if (c.transportProtocol === transport && c.applicationProtocols.length === 0) return c;
  }
  return undefined;
}

/** The lookup structure of one listener. */
export class ListenerIndex {
  private readonly byPort = new Map<number, PortIndex>();
  private readonly anyPort: PortIndex | undefined;

  constructor(
    readonly family: PassthroughFamily,
    chains: readonly PassthroughFilterChain[],
  ) {
    let anyPort: PortIndex | undefined;
    for (const chain of chains) {
      let index: PortIndex;
      if (chain.destinationPort === undefined) {
        anyPort ??= new PortIndex();
        index = anyPort;
      } else {
        const existing = this.byPort.get(chain.destinationPort);
        index = existing ?? new PortIndex();
        if (existing === undefined) this.byPort.set(chain.destinationPort, index);
      }
      if (chain.prefixRanges.length === 0) index.insert(undefined, 0, chain);
      for (const range of chain.prefixRanges) {
        const address = parsePassthroughAddress(range.addressPrefix);
        if (address !== undefined && address.family === family) index.insert(address, range.prefixLen, chain);
      }
    }
    this.anyPort = anyPort;
    if (family === 'ipv4') {
      anyPort?.finishIPv4();
      for (const index of this.byPort.values()) index.finishIPv4();
    }
  }

  /** Every name table of the listener (for memoisation by the compiler). */
  allTables(): NameTable[] {
    const out: NameTable[] = [];
    const add = (index: PortIndex): void => {
      for (const table of index.nameTables()) out.push(table);
    };
    for (const index of this.byPort.values()) add(index);
    if (this.anyPort !== undefined) add(this.anyPort);
    return out;
  }

  /** Port then longest-prefix steps (spec 04 §9.2 steps 2–3). */
  table(port: number, address: PassthroughAddress): NameTable | undefined {
    const index = this.byPort.get(port) ?? this.anyPort;
    if (index === undefined) return undefined;
    return address.family === 'ipv4' ? index.longestIPv4(address.v4) : index.longestIPv6(address.v6);
  }
}
