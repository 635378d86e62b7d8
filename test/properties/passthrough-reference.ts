/**
 * A straightforward reference for the compiled passthrough matcher: spec 04 §9.2 as linear scans
 * over the generated chains, with BigInt prefix arithmetic. Slow on purpose; kept in the tests.
 * Names are lower-cased with ASCII rules only (K7) and an IPv4-mapped IPv6 destination is the
 * IPv4 connection to its last 32 bits (K8).
 */
import type {
  CompiledPassthrough,
  PassthroughConnection,
  PassthroughFilterChain,
  PassthroughMatchResult,
  PassthroughVirtualHost,
} from '../../src/passthrough/index.js';

function toBig(text: string): { family: 'ipv4' | 'ipv6'; value: bigint } | undefined {
  if (text.includes(':')) {
    let head = text;
    let v4tail: bigint | undefined;
    const lastColon = text.lastIndexOf(':');
    if (text.slice(lastColon + 1).includes('.')) {
      const v4 = toBig(text.slice(lastColon + 1));
      if (v4 === undefined) return undefined;
      v4tail = v4.value;
      head = `${text.slice(0, lastColon + 1)}0:0`;
    }
    const [l = '', r] = head.split('::');
    const left = l === '' ? [] : l.split(':');
    const right = r === undefined || r === '' ? [] : r.split(':');
    const groups =
      r === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
    if (groups.length !== 8) return undefined;
    let value = 0n;
    for (const g of groups) value = (value << 16n) | BigInt(Number.parseInt(g, 16));
    if (v4tail !== undefined) value = (value & ~0xffffffffn) | v4tail;
    return { family: 'ipv6', value };
  }
  const parts = text.split('.').map(Number);
  if (parts.length !== 4) return undefined;
  return { family: 'ipv4', value: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n) };
}

/** ASCII-only lower-casing, written independently of the library's. */
export function asciiLowerRef(text: string): string {
  return text.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

/** The address the connection really goes to: `::ffff:a.b.c.d` (any text form) is `a.b.c.d`. */
export function destinationRef(address: string): string {
  const big = toBig(address);
  if (big === undefined || big.family !== 'ipv6' || big.value >> 32n !== 0xffffn) return address;
  const v4 = Number(big.value & 0xffffffffn);
  return [v4 >>> 24, (v4 >>> 16) & 255, (v4 >>> 8) & 255, v4 & 255].join('.');
}

function contains(prefix: string, len: number, address: string): boolean {
  const p = toBig(prefix);
  const a = toBig(address);
  if (p === undefined || a === undefined || p.family !== a.family) return false;
  const width = p.family === 'ipv4' ? 32n : 128n;
  const shift = width - BigInt(len);
  return p.value >> shift === a.value >> shift;
}

function serverNameMatches(names: readonly string[], s: string): 'exact' | number | 'none' | undefined {
  if (names.length === 0) return 'none';
  let best: number | undefined;
  for (const raw of names) {
    const n = asciiLowerRef(raw);
    if (n === s) return 'exact';
    const suffix = n.slice(1);
    // `*.x` matches names ending in `.x` with something before it; a bare `.` suffix never counts.
    if (n.startsWith('*.') && suffix !== '.' && s.length > suffix.length && s.endsWith(suffix))
      best = Math.max(best ?? 0, suffix.length);
  }
  return best;
}

function pickHost(hosts: readonly PassthroughVirtualHost[], h: string): PassthroughVirtualHost | undefined {
  for (const vh of hosts) if (vh.domains.some((d) => asciiLowerRef(d) === h && !d.includes('*'))) return vh;
  let best: [PassthroughVirtualHost, number] | undefined;
  for (const vh of hosts)
    for (const d of vh.domains.map(asciiLowerRef))
      if (d.length > 1 && d.startsWith('*') && h.length > d.length - 1 && h.endsWith(d.slice(1)))
        if (best === undefined || d.length - 1 > best[1]) best = [vh, d.length - 1];
  if (best !== undefined) return best[0];
  for (const vh of hosts)
    for (const d of vh.domains.map(asciiLowerRef))
      if (d.length > 1 && d.endsWith('*') && h.length > d.length - 1 && h.startsWith(d.slice(0, -1)))
        if (best === undefined || d.length - 1 > best[1]) best = [vh, d.length - 1];
  if (best !== undefined) return best[0];
  return hosts.find((vh) => vh.domains.includes('*'));
}

/** The reference answer for `conn` given the compiled matcher's generated listeners. */
export function referenceMatch(
  compiled: CompiledPassthrough,
  given: PassthroughConnection,
  facts: { meshPassthrough: boolean },
): PassthroughMatchResult {
  const conn = { ...given, address: destinationRef(given.address) };
  const family = conn.address.includes(':') ? 'ipv6' : 'ipv4';
  if (compiled.issues.some((i) => !i.message.startsWith('listener ')))
    return { allowed: false, reason: 'config-error' };
  if (compiled.mode === 'All' || (compiled.mode === 'mesh' && facts.meshPassthrough))
    return { allowed: true, reason: 'passthrough-all' };
  if (compiled.mode === 'None' || compiled.mode === 'mesh')
    return { allowed: false, reason: 'passthrough-none' };
  const listener = compiled.chains(family);
  if (listener.status !== 'rewritten') {
    const ipv4 = compiled.chains('ipv4');
    if (ipv4.status === 'untouched' && compiled.chains('ipv6').status !== 'rewritten')
      return { allowed: false, reason: 'passthrough-none' };
    return { allowed: false, reason: 'no-filter-chain' };
  }
  if (listener.rejected !== undefined) return { allowed: false, reason: 'listener-rejected' };
  const protocol =
    conn.protocol ?? (conn.sni !== undefined ? 'tls' : conn.host !== undefined ? 'http' : 'tcp');
  const transport = protocol === 'tls' ? 'tls' : 'raw_buffer';
  const apps =
    protocol === 'http'
      ? [conn.httpVersion === '1.0' ? 'http/1.0' : 'http/1.1']
      : protocol === 'tcp' || protocol === 'tls'
        ? []
        : ['h2c'];
  const sni = protocol === 'tls' ? asciiLowerRef(conn.sni ?? '') : '';
  const host = asciiLowerRef(
    conn.host ??
      `${family === 'ipv6' ? `[${conn.address}]` : conn.address}${conn.port === 80 ? '' : `:${conn.port}`}`,
  );

  let cands: PassthroughFilterChain[] = listener.chains.filter((c) => c.destinationPort === conn.port);
  if (cands.length === 0) cands = listener.chains.filter((c) => c.destinationPort === undefined);
  const lens = cands.map((c) =>
    c.prefixRanges.length === 0
      ? 0
      : Math.max(
          -1,
          ...c.prefixRanges
            .filter((r) => contains(r.addressPrefix, r.prefixLen, conn.address))
            .map((r) => r.prefixLen),
        ),
  );
  const longest = Math.max(-1, ...lens);
  cands = cands.filter((_c, i) => lens[i] === longest && longest >= 0);
  const verdicts = cands.map((c) => serverNameMatches(c.serverNames, sni));
  if (sni !== '' && verdicts.includes('exact')) cands = cands.filter((_c, i) => verdicts[i] === 'exact');
  else {
    const wild = verdicts.filter((v): v is number => typeof v === 'number');
    if (sni !== '' && wild.length > 0) cands = cands.filter((_c, i) => verdicts[i] === Math.max(...wild));
    else cands = cands.filter((c) => c.serverNames.length === 0);
  }
  cands = cands.filter((c) => c.transportProtocol === transport);
  const byApp = apps
    .map((a) => cands.filter((c) => c.applicationProtocols.includes(a)))
    .find((l) => l.length > 0);
  cands = byApp ?? cands.filter((c) => c.applicationProtocols.length === 0);
  const chain = cands[0];
  if (chain === undefined) return { allowed: false, reason: 'no-filter-chain' };
  if (chain.virtualHosts === undefined)
    return {
      allowed: true,
      reason: 'matched',
      chain: chain.name,
      ...(chain.entryIndex !== undefined ? { entryIndex: chain.entryIndex } : {}),
    };
  const vh = pickHost(chain.virtualHosts, host);
  if (vh?.cluster === undefined)
    return { allowed: false, reason: 'no-virtual-host', chain: chain.name, httpStatus: 503 };
  const path = conn.path ?? '/';
  const ok = 'prefix' in vh.match ? path.startsWith(vh.match.prefix) : path.split('?')[0] === vh.match.path;
  if (!ok) return { allowed: false, reason: 'no-route', chain: chain.name, httpStatus: 404 };
  return {
    allowed: true,
    reason: 'matched',
    chain: chain.name,
    ...(vh.entryIndex !== undefined ? { entryIndex: vh.entryIndex } : {}),
  };
}
