/**
 * MeshPassthrough matcher speed (issue 5): the compiled matcher (port map → prefix trie → name
 * table) against a straightforward linear scan over the same generated chains and against
 * `ipaddr.subnetMatch` over the same CIDRs, for 100 → 10,000 entries; lookup including address
 * parsing against `ipaddr.parse` alone; compile time.
 *
 * Compile growth (issue 12, `growth`): the documented compile at n and 2n entries, port-less
 * domains copied onto 100 named ports and many domains on one port, up to 10× the sizes that
 * took 55 s and 156 s before, against the fully built listener (the straightforward model).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import ipaddr from 'ipaddr.js';
import { compilePassthroughWith } from '../src/passthrough/compile.js';
import {
  type AppendMatch,
  compilePassthrough,
  type MeshPassthroughConf,
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
  await lookups();
  await growth();
}

/** Lookup speed against the linear scan and ipaddr.js; compile time of CIDR lists. */
export async function lookups(): Promise<void> {
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

/** `domains` port-less HTTP domains, plus one tcp IP entry on each of `ports` distinct ports. */
function portlessDomains(domains: number, ports: number): MeshPassthroughConf {
  const appendMatch: AppendMatch[] = [];
  for (let i = 0; i < domains; i++)
    appendMatch.push({ type: 'Domain', value: `d${i}.example.com`, protocol: 'http' });
  for (let p = 0; p < ports; p++)
    appendMatch.push({ type: 'IP', value: ip4(0x0a000000 + p), protocol: 'tcp', port: 1000 + p });
  return { passthroughMode: 'Matched', appendMatch };
}

/** `domains` HTTP domains, all on port 80. */
function onePortDomains(domains: number): MeshPassthroughConf {
  const appendMatch: AppendMatch[] = [];
  for (let i = 0; i < domains; i++)
    appendMatch.push({ type: 'Domain', value: `d${i}.example.com`, protocol: 'http', port: 80 });
  return { passthroughMode: 'Matched', appendMatch };
}

type GrowthConf = 'portless' | 'one-port';

/** A conf as a policy file gives it (JSON round trip: flat strings, as a parser makes them). */
const parsed = (conf: MeshPassthroughConf): MeshPassthroughConf =>
  JSON.parse(JSON.stringify(conf)) as MeshPassthroughConf;

const GROWTH_CONFS: Record<GrowthConf, { label: string; build: (n: number) => MeshPassthroughConf }> = {
  portless: { label: 'port-less domains + 100 ports', build: (n) => parsed(portlessDomains(n, 100)) },
  'one-port': { label: 'domains on one port', build: (n) => parsed(onePortDomains(n)) },
};

/**
 * Child process: build one conf, compile it once (warm-up), then `reps` times after a full
 * collection, and print the median CPU time of this process (other jobs on a shared machine
 * barely move it) and wall time. `full`: the fully built listener instead.
 */
function growthChild(kind: GrowthConf, n: number, full: boolean): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const conf = GROWTH_CONFS[kind].build(n);
  const compile = () => {
    const compiled = full
      ? compilePassthroughWith(conf, {}, { fullListeners: true })
      : compilePassthrough(conf);
    if (compiled.issues.length > 0) throw new Error(compiled.issues[0]?.message);
    return compiled;
  };
  compile();
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let rep = 0; rep < (n >= 400_000 || full ? 2 : 5); rep++) {
    gc();
    const started = process.cpuUsage();
    const at = performance.now();
    compile();
    wall.push((performance.now() - at) * 1e6);
    const used = process.cpuUsage(started);
    cpu.push((used.user + used.system) * 1e3);
  }
  console.log(JSON.stringify({ cpu: median(cpu), wall: median(wall) }));
}

function measureGrowth(kind: GrowthConf, n: number, full = false): { cpu: number; wall: number } {
  const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--growth-child', kind, String(n)];
  const out = execFileSync(process.execPath, full ? [...args, 'full'] : args, {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as { cpu: number; wall: number };
}

/**
 * The documented compile at n and 2n, each in a fresh process, alternating for 3 rounds (medians
 * of per-round times and ratios), up to 10× the issue's sizes: 8,000 domains + 100 ports (55 s
 * before the fix) and 80,000 domains on one port (156 s). Reference: the fully built listener.
 */
export async function growth(): Promise<void> {
  const cases: [GrowthConf, number, boolean][] = [
    ['portless', 8_000, true],
    ['portless', 40_000, false],
    ['one-port', 80_000, true],
    ['one-port', 400_000, false],
  ];
  const rows: string[][] = [];
  for (const [kind, n, reference] of cases) {
    const ts: number[] = [];
    const t2s: number[] = [];
    const ratios: number[] = [];
    const walls: number[] = [];
    for (let round = 0; round < 3; round++) {
      const a = measureGrowth(kind, n);
      const b = measureGrowth(kind, 2 * n);
      ts.push(a.cpu);
      t2s.push(b.cpu);
      ratios.push(b.cpu / a.cpu);
      walls.push(b.wall / a.wall);
    }
    const t = median(ts);
    let full = '—';
    if (reference) {
      const f = measureGrowth(kind, n, true).cpu;
      full = `${formatNs(f)} (${(f / t).toFixed(1)}×)`;
    }
    rows.push([
      GROWTH_CONFS[kind].label,
      String(n),
      formatNs(t),
      formatNs(median(t2s)),
      `**${median(ratios).toFixed(2)}**`,
      median(walls).toFixed(2),
      full,
    ]);
  }
  printTable(
    'Documented compile growth (CPU time, fresh process per measurement, medians of 3 rounds)',
    ['conf', 'n', 't(n)', 't(2n)', 't(2n)/t(n)', 'same, wall clock', 'fully built listener at n (÷ compact)'],
    rows,
  );
}

const argv = process.argv;
if (argv[2] === '--growth-child') growthChild(argv[3] as GrowthConf, Number(argv[4]), argv[5] === 'full');
