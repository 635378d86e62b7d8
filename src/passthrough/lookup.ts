/**
 * Envoy's filter-chain lookup structure for one listener (`FilterChainManagerImpl`): destination
 * port map → longest-prefix trie → server-name table → transport → application protocols.
 * Built once per compiled conf; a lookup walks at most 32 (IPv4) or 128 (IPv6) trie levels.
 */
import type { PassthroughFamily, PassthroughFilterChain } from './types.js';
import { type PassthroughAddress, parsePassthroughAddress } from './values.js';

/** Chains that share one (port, prefix): indexed by server name. */
export interface NameTable {
  exact: Map<string, PassthroughFilterChain[]>;
  /** Keyed by the suffix after `*` (e.g. `.example.com`). */
  wildcard: Map<string, PassthroughFilterChain[]>;
  /** Chains listing no server names. */
  none: PassthroughFilterChain[];
}

function newTable(): NameTable {
  return { exact: new Map(), wildcard: new Map(), none: [] };
}

function push<K>(map: Map<K, PassthroughFilterChain[]>, key: K, chain: PassthroughFilterChain): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [chain]);
  else if (!list.includes(chain)) list.push(chain);
}

function bitOf(address: PassthroughAddress, i: number): number {
  if (address.family === 'ipv4') return (address.v4 >>> (31 - i)) & 1;
  return ((address.v6[i >> 4] as number) >>> (15 - (i & 15))) & 1;
}

/**
 * The chains of one destination port (or of "no port") in a binary prefix trie stored in typed
 * arrays (node 0 is the root; child 0 means "none", since the root is nobody's child).
 */
class PortIndex {
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
      this.tables.push(newTable());
      this.table[node] = t;
    }
    const table = this.tables[t] as NameTable;
    if (chain.serverNames.length === 0 && !table.none.includes(chain)) table.none.push(chain);
    for (const raw of chain.serverNames) {
      const name = raw.toLowerCase();
      if (name.startsWith('*.')) push(table.wildcard, name.slice(1), chain);
      else push(table.exact, name, chain);
    }
  }

  /**
   * Builds the IPv4 root table once all prefixes are in: 2^stride slots, each holding the best
   * table seen on the first `stride` bits and the trie node reached, so a lookup starts `stride`
   * levels down and its depth stops growing with the number of prefixes.
   */
  finishIPv4(): void {
    const stride = Math.min(16, Math.floor(Math.log2(Math.max(1, this.prefixCount))));
    if (stride < 4) return;
    const slots = 1 << stride;
    const best = new Int32Array(slots);
    const nodes = new Int32Array(slots);
    for (let slot = 0; slot < slots; slot++) {
      let node = 0;
      let b = this.table[0] as number;
      for (let i = stride - 1; i >= 0 && (node !== 0 || i === stride - 1); i--) {
        node = (((slot >>> i) & 1) === 0 ? this.zero[node] : this.one[node]) as number;
        if (node === 0) break;
        const t = this.table[node] as number;
        if (t >= 0) b = t;
      }
      best[slot] = b;
      nodes[slot] = node;
    }
    this.stride = stride;
    this.strideBest = best;
    this.strideNode = nodes;
  }

  /** The table of the longest prefix containing the address (Envoy never falls back). */
  longestIPv4(v4: number): NameTable | undefined {
    const zero = this.zero;
    const one = this.one;
    const table = this.table;
    let best = table[0] as number;
    let node = 0;
    let start = 31;
    if (this.stride > 0) {
      const slot = v4 >>> (32 - this.stride);
      best = this.strideBest[slot] as number;
      node = this.strideNode[slot] as number;
      if (node === 0) return best < 0 ? undefined : this.tables[best];
      start = 31 - this.stride;
    }
    for (let i = start; i >= 0; i--) {
      node = (((v4 >>> i) & 1) === 0 ? zero[node] : one[node]) as number;
      if (node === 0) break;
      const t = table[node] as number;
      if (t >= 0) best = t;
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

  /** Port then longest-prefix steps (spec 04 §9.2 steps 2–3). */
  table(port: number, address: PassthroughAddress): NameTable | undefined {
    const index = this.byPort.get(port) ?? this.anyPort;
    if (index === undefined) return undefined;
    return address.family === 'ipv4' ? index.longestIPv4(address.v4) : index.longestIPv6(address.v6);
  }
}
