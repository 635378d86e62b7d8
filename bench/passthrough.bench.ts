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
  type PassthroughAddress,
  type PassthroughFilterChain,
  parsePassthroughAddress,
} from '../src/passthrough/index.js';
import { formatNs, medianNsPerOp, nsPerOp, printTable } from './util.js';

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

interface Setup {
  size: number;
  compiled: ReturnType<typeof compilePassthrough>;
  chains: readonly PassthroughFilterChain[];
  texts: string[];
  parsed: PassthroughAddress[];
  ipaddrParsed: ipaddr.IPv4[];
  rangeList: Record<string, [ipaddr.IPv4, number][]>;
  compileNs: number;
}

function setup(size: number): Setup {
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
  const parsed = texts.map((t) => parsePassthroughAddress(t) as PassthroughAddress);
  const ipaddrParsed = texts.map((t) => ipaddr.parse(t) as ipaddr.IPv4);
  const rangeList: Record<string, [ipaddr.IPv4, number][]> = {};
  for (const c of cidrs) rangeList[c.value] = [ipaddr.parseCIDR(c.value) as [ipaddr.IPv4, number]];
  // Sanity: the compiled matcher, the linear scan and subnetMatch agree on every address.
  for (let i = 0; i < texts.length; i++) {
    const a = parsed[i] as { family: 'ipv4'; v4: number };
    const got = compiled.match({ address: a, port: 443 }).chain;
    if (got !== linearLookup(chains, 443, a.v4)) throw new Error(`disagreement on ${texts[i]}`);
    const inAny = ipaddr.subnetMatch(ipaddrParsed[i] as ipaddr.IPv4, rangeList, 'none') !== 'none';
    if (inAny !== (got !== undefined)) throw new Error(`subnetMatch disagreement on ${texts[i]}`);
  }
  return { size, compiled, chains, texts, parsed, ipaddrParsed, rangeList, compileNs };
}

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

export default async function run(): Promise<void> {
  const setups = [100, 1_000, 10_000].map(setup);
  let k = 0;
  const next = () => {
    k = (k + 1) & 255;
    return k;
  };
  // The machine is shared: measure every variant in each round, interleaved, and take medians
  // of per-round values and per-round ratios, so load spikes hit both sides of a ratio alike.
  const rounds = 7;
  const samples = new Map<string, number[]>();
  const record = (key: string, ns: number) => samples.set(key, [...(samples.get(key) ?? []), ns]);
  for (let round = 0; round < rounds; round++) {
    for (const s of setups) {
      const compiled = nsPerOp(
        () => s.compiled.match({ address: s.parsed[next()] as PassthroughAddress, port: 443 }),
        100,
      );
      const withParse = nsPerOp(
        () => s.compiled.match({ address: s.texts[next()] as string, port: 443 }),
        100,
      );
      const parse = nsPerOp(() => ipaddr.parse(s.texts[next()] as string), 100);
      const subnet = nsPerOp(
        () => ipaddr.subnetMatch(s.ipaddrParsed[next()] as ipaddr.IPv4, s.rangeList, 'none'),
        s.size >= 10_000 ? 200 : 100,
      );
      const linear = nsPerOp(
        () => linearLookup(s.chains, 443, (s.parsed[next()] as { v4: number }).v4),
        s.size >= 10_000 ? 200 : 100,
      );
      record(`compiled:${s.size}`, compiled);
      record(`withParse:${s.size}`, withParse);
      record(`parse:${s.size}`, parse);
      record(`subnet:${s.size}`, subnet);
      record(`linear:${s.size}`, linear);
      record(`subnetRatio:${s.size}`, subnet / compiled);
      record(`linearRatio:${s.size}`, linear / compiled);
      record(`parseRatio:${s.size}`, withParse / parse);
    }
    for (const s of setups) {
      const base = samples.get('compiled:100')?.[round] ?? Number.NaN;
      record(`scale:${s.size}`, (samples.get(`compiled:${s.size}`)?.[round] ?? Number.NaN) / base);
    }
  }
  const m = (key: string) => median(samples.get(key) ?? []);
  printTable(
    'Lookup on a pre-parsed IPv4 address (CIDR entries, tcp, one port; medians of 7 interleaved rounds)',
    [
      'entries',
      'compiled match',
      'linear scan',
      'linear / compiled',
      'ipaddr.subnetMatch',
      'subnetMatch / compiled',
      'compiled vs 100 entries',
    ],
    setups.map((s) => [
      String(s.size),
      formatNs(m(`compiled:${s.size}`)),
      formatNs(m(`linear:${s.size}`)),
      `${m(`linearRatio:${s.size}`).toFixed(1)}×`,
      formatNs(m(`subnet:${s.size}`)),
      `${m(`subnetRatio:${s.size}`).toFixed(1)}×`,
      `${m(`scale:${s.size}`).toFixed(2)}×`,
    ]),
  );
  printTable(
    'Lookup including address parsing vs ipaddr.parse alone',
    ['entries', 'match(text address)', 'ipaddr.parse', 'match / parse'],
    setups.map((s) => [
      String(s.size),
      formatNs(m(`withParse:${s.size}`)),
      formatNs(m(`parse:${s.size}`)),
      `${m(`parseRatio:${s.size}`).toFixed(2)}×`,
    ]),
  );
  printTable(
    'compilePassthrough',
    ['entries', 'compile', 'per entry'],
    setups.map((s) => [String(s.size), formatNs(s.compileNs), formatNs(s.compileNs / s.size)]),
  );
}
