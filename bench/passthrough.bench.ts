/**
 * MeshPassthrough matcher speed (issue 5): the compiled matcher (port map → prefix trie → name
 * table) against a straightforward linear scan over the same generated chains and against
 * `ipaddr.subnetMatch` over the same CIDRs, for 100 → 10,000 entries; lookup including address
 * parsing against `ipaddr.parse` alone; compile time.
 */
import ipaddr from 'ipaddr.js';
import {
  type AppendMatch,
  compilePassthrough,
  type PassthroughFilterChain,
  parsePassthroughAddress,
} from '../src/passthrough/index.js';
import { formatNs, medianNsPerOp, printTable } from './util.js';

/** Deterministic PRNG (mulberry32) so every run measures the same inputs. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ip4 = (n: number) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

function makeCidrs(count: number, seed: number): { value: string; bits: number }[] {
  const r = rng(seed);
  const seen = new Set<string>();
  const out: { value: string; bits: number }[] = [];
  while (out.length < count) {
    const bits = 12 + Math.floor(r() * 21); // /12 … /32
    const addr = Math.floor(r() * 2 ** 32);
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    const value = `${ip4((addr & mask) >>> 0)}/${bits}`;
    if (seen.has(value)) continue;
    seen.add(value);
    out.push({ value, bits });
  }
  return out;
}

/** The textbook matcher: scan every chain of the port (or port-less), keep the longest prefix. */
function linearLookup(
  chains: readonly PassthroughFilterChain[],
  port: number,
  v4: number,
): string | undefined {
  let candidates = chains.filter((c) => c.destinationPort === port);
  if (candidates.length === 0) candidates = chains.filter((c) => c.destinationPort === undefined);
  let best: PassthroughFilterChain | undefined;
  let bestLen = -1;
  for (const c of candidates) {
    for (const p of c.prefixRanges) {
      const a = parsePassthroughAddress(p.addressPrefix);
      if (a === undefined || a.family !== 'ipv4') continue;
      const mask = p.prefixLen === 0 ? 0 : (0xffffffff << (32 - p.prefixLen)) >>> 0;
      if ((a.v4 & mask) >>> 0 === (v4 & mask) >>> 0 && p.prefixLen > bestLen) {
        best = c;
        bestLen = p.prefixLen;
      }
    }
  }
  return best?.name;
}

export default async function run(): Promise<void> {
  const sizes = [100, 1_000, 10_000];
  const rows: string[][] = [];
  const parseRows: string[][] = [];
  const compileRows: string[][] = [];
  let perLookup100 = 0;
  for (const size of sizes) {
    const cidrs = makeCidrs(size, 7 + size);
    const appendMatch: AppendMatch[] = cidrs.map((c) => ({
      type: 'CIDR',
      value: c.value,
      protocol: 'tcp',
      port: 443,
    }));
    const conf = { passthroughMode: 'Matched' as const, appendMatch };
    const compileNs = medianNsPerOp(() => compilePassthrough(conf), 3, size >= 10_000 ? 1500 : 300);
    const compiled = compilePassthrough(conf);
    const chains = compiled.chains('ipv4').chains;

    // Addresses: half inside some CIDR, half random.
    const r = rng(99);
    const texts: string[] = [];
    for (let i = 0; i < 256; i++) {
      const c = cidrs[Math.floor(r() * cidrs.length)] as { value: string; bits: number };
      const base = parsePassthroughAddress(c.value.split('/')[0] as string);
      const n =
        i % 2 === 0 && base?.family === 'ipv4'
          ? base.v4 + Math.floor(r() * 2 ** (32 - c.bits))
          : Math.floor(r() * 2 ** 32);
      texts.push(ip4(n >>> 0));
    }
    const parsed = texts.map(
      (t) => parsePassthroughAddress(t) as NonNullable<ReturnType<typeof parsePassthroughAddress>>,
    );
    const ipaddrParsed = texts.map((t) => ipaddr.parse(t));
    const rangeList: Record<string, [ipaddr.IPv4, number][]> = {};
    for (const c of cidrs) rangeList[c.value] = [ipaddr.parseCIDR(c.value) as [ipaddr.IPv4, number]];

    // Sanity: the compiled matcher and the linear scan agree.
    for (let i = 0; i < texts.length; i++) {
      const a = parsed[i] as { family: 'ipv4'; v4: number };
      const got = compiled.match({ address: a, port: 443 }).chain;
      if (got !== linearLookup(chains, 443, a.v4)) throw new Error(`disagreement on ${texts[i]}`);
    }

    let k = 0;
    const next = () => {
      k = (k + 1) & 255;
      return k;
    };
    const compiledNs = medianNsPerOp(() => compiled.match({ address: parsed[next()] as never, port: 443 }));
    const linearNs = medianNsPerOp(
      () => {
        const a = parsed[next()] as { v4: number };
        return linearLookup(chains, 443, a.v4);
      },
      3,
      size >= 10_000 ? 600 : 200,
    );
    const subnetNs = medianNsPerOp(
      () => ipaddr.subnetMatch(ipaddrParsed[next()] as ipaddr.IPv4, rangeList, 'none'),
      3,
      size >= 10_000 ? 600 : 200,
    );
    if (size === 100) perLookup100 = compiledNs;
    rows.push([
      String(size),
      formatNs(compiledNs),
      formatNs(linearNs),
      `${(linearNs / compiledNs).toFixed(1)}×`,
      formatNs(subnetNs),
      `${(subnetNs / compiledNs).toFixed(1)}×`,
      `${(compiledNs / perLookup100).toFixed(2)}×`,
    ]);
    const withParseNs = medianNsPerOp(() => compiled.match({ address: texts[next()] as string, port: 443 }));
    const ipaddrParseNs = medianNsPerOp(() => ipaddr.parse(texts[next()] as string));
    parseRows.push([
      String(size),
      formatNs(withParseNs),
      formatNs(ipaddrParseNs),
      `${(withParseNs / ipaddrParseNs).toFixed(2)}×`,
    ]);
    compileRows.push([String(size), formatNs(compileNs), formatNs(compileNs / size)]);
  }
  printTable(
    'Lookup on a pre-parsed IPv4 address (CIDR entries, tcp, one port)',
    [
      'entries',
      'compiled match',
      'linear scan',
      'linear / compiled',
      'ipaddr.subnetMatch',
      'subnetMatch / compiled',
      'vs 100 entries',
    ],
    rows,
  );
  printTable(
    'Lookup including address parsing vs ipaddr.parse alone',
    ['entries', 'match(text address)', 'ipaddr.parse', 'ratio'],
    parseRows,
  );
  printTable('compilePassthrough', ['entries', 'compile', 'per entry'], compileRows);
}
