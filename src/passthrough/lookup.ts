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

interface TrieNode {
  zero: TrieNode | undefined;
  one: TrieNode | undefined;
  table: NameTable | undefined;
}

function newNode(): TrieNode {
  return { zero: undefined, one: undefined, table: undefined };
}

function newTable(): NameTable {
  return { exact: new Map(), wildcard: new Map(), none: [] };
}

function bitOf(address: PassthroughAddress, i: number): number {
  if (address.family === 'ipv4') return (address.v4 >>> (31 - i)) & 1;
  return ((address.v6[i >> 4] as number) >>> (15 - (i & 15))) & 1;
}

function push<K>(map: Map<K, PassthroughFilterChain[]>, key: K, chain: PassthroughFilterChain): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [chain]);
  else if (!list.includes(chain)) list.push(chain);
}

/** The chains of one destination port (or of "no port"), in a binary prefix trie. */
class PortIndex {
  readonly root = newNode();

  insert(address: PassthroughAddress | undefined, bits: number, chain: PassthroughFilterChain): void {
    let node = this.root;
    for (let i = 0; i < bits && address !== undefined; i++) {
      if (bitOf(address, i) === 0) {
        node.zero ??= newNode();
        node = node.zero;
      } else {
        node.one ??= newNode();
        node = node.one;
      }
    }
    node.table ??= newTable();
    const table = node.table;
    if (chain.serverNames.length === 0) {
      if (!table.none.includes(chain)) table.none.push(chain);
    }
    for (const raw of chain.serverNames) {
      const name = raw.toLowerCase();
      if (name.startsWith('*.')) push(table.wildcard, name.slice(1), chain);
      else push(table.exact, name, chain);
    }
  }

  /** The table of the longest prefix containing the address (Envoy never falls back). */
  longestIPv4(v4: number): NameTable | undefined {
    let node: TrieNode | undefined = this.root;
    let best = node.table;
    for (let i = 31; i >= 0; i--) {
      node = ((v4 >>> i) & 1) === 0 ? node.zero : node.one;
      if (node === undefined) return best;
      if (node.table !== undefined) best = node.table;
    }
    return best;
  }

  longestIPv6(v6: readonly number[]): NameTable | undefined {
    let node: TrieNode | undefined = this.root;
    let best = node.table;
    for (let i = 0; i < 128; i++) {
      node = (((v6[i >> 4] as number) >>> (15 - (i & 15))) & 1) === 0 ? node.zero : node.one;
      if (node === undefined) return best;
      if (node.table !== undefined) best = node.table;
    }
    return best;
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
  let sameTransport: PassthroughFilterChain[] | undefined;
  for (const c of candidates) {
    if (c.transportProtocol !== transport) continue;
    if (sameTransport === undefined) sameTransport = [c];
    else sameTransport.push(c);
  }
  if (sameTransport === undefined) return undefined;
  for (const app of appProtocols) {
    for (const c of sameTransport) if (c.applicationProtocols.includes(app)) return c;
  }
  for (const c of sameTransport) if (c.applicationProtocols.length === 0) return c;
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
  }

  /** Port then longest-prefix steps (spec 04 §9.2 steps 2–3). */
  table(port: number, address: PassthroughAddress): NameTable | undefined {
    const index = this.byPort.get(port) ?? this.anyPort;
    if (index === undefined) return undefined;
    return address.family === 'ipv4' ? index.longestIPv4(address.v4) : index.longestIPv6(address.v6);
  }
}
