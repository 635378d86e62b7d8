/**
 * A straightforward reference implementation of spec 01, written the way Kuma 2.8.8 runs it:
 * sort a copy by name, then scan every policy for every target and replace the current winner
 * when a candidate is more specific or equally specific and strictly newer. No index, no closed
 * form. Properties check the library against it; the benchmark times it beside the library.
 */

type Tags = Readonly<Record<string, string>>;
interface Sel {
  readonly match?: Tags | undefined;
}
export interface RefPolicy {
  readonly name: string;
  readonly creationTime?: string | undefined;
  readonly modificationTime?: string | undefined;
  readonly sources?: readonly Sel[] | undefined;
  readonly destinations?: readonly Sel[] | undefined;
  readonly selectors?: readonly Sel[] | undefined;
}
export interface RefDataplane {
  readonly networking?: {
    readonly address?: string;
    readonly inbound?: readonly { readonly port?: number; readonly address?: string; readonly tags?: Tags }[];
    readonly outbound?: readonly { readonly tags?: Tags; readonly backendRef?: unknown }[];
    readonly gateway?: { readonly tags?: Tags };
  };
}
export type RefTieBreak = 'modificationTime' | 'creationTime';
type Rank = [exact: number, wildcard: number];

function matches(sel: Tags, tags: Tags): boolean {
  return Object.keys(sel).every((k) => Object.hasOwn(tags, k) && (sel[k] === '*' || sel[k] === tags[k]));
}
function rank(sel: Tags): Rank {
  const values = Object.values(sel);
  const wildcard = values.filter((v) => v === '*').length;
  return [values.length - wildcard, wildcard];
}
function cmp(a: Rank, b: Rank): number {
  const t = a[0] + a[1] - (b[0] + b[1]);
  return t !== 0 ? t : a[0] - b[0];
}
function dpMatches(dp: RefDataplane, sel: Tags): boolean {
  const n = dp.networking;
  if (n?.gateway !== undefined && matches(sel, n.gateway.tags ?? {})) return true;
  return (n?.inbound ?? []).some((ib) => matches(sel, ib.tags ?? {}));
}
function nanos(t: string | undefined): bigint {
  if (t === undefined || t === '') return 0n;
  const m = /^(.*?)(?:\.(\d+))?Z$/.exec(t);
  if (m === null) return 0n;
  const ms = Date.parse(`${m[1]}Z`);
  return BigInt(ms) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0').slice(0, 9) || '0');
}
function time(p: RefPolicy, tb: RefTieBreak): bigint {
  if (tb === 'modificationTime' && p.modificationTime !== undefined && p.modificationTime !== '') {
    return nanos(p.modificationTime);
  }
  return nanos(p.creationTime);
}

/** Kuma's stable name sort, on a copy. */
export function refSortByName<P extends RefPolicy>(ps: readonly P[]): P[] {
  return ps
    .map((p, i) => [p, i] as const)
    .sort(([a, i], [b, j]) => (a.name < b.name ? -1 : a.name > b.name ? 1 : i - j))
    .map(([p]) => p);
}

class Best<P extends RefPolicy> {
  policy: P | undefined;
  rank: Rank = [0, 0];
  constructor(private readonly tb: RefTieBreak) {}
  offer(p: P, r: Rank): void {
    if (
      this.policy === undefined ||
      cmp(r, this.rank) > 0 ||
      (cmp(r, this.rank) === 0 && time(p, this.tb) > time(this.policy, this.tb))
    ) {
      this.policy = p;
      this.rank = r;
    }
  }
}

/** Spec 01 §5.1. */
export function refSelectDataplanePolicy<P extends RefPolicy>(
  dp: RefDataplane,
  policies: readonly P[],
  tb: RefTieBreak = 'modificationTime',
): P | undefined {
  const best = new Best<P>(tb);
  for (const p of refSortByName(policies)) {
    const sels = p.selectors ?? [];
    if (sels.length === 0) best.offer(p, [0, 0]);
    for (const s of sels) {
      const m = s.match ?? {};
      if (Object.keys(m).length === 0) best.offer(p, [0, 0]);
      else if (dpMatches(dp, m)) best.offer(p, rank(m));
    }
  }
  return best.policy;
}

/** Spec 01 §5.3. */
export function refSelectConnectionPolicies<P extends RefPolicy>(
  dp: RefDataplane,
  services: readonly string[],
  policies: readonly P[],
  tb: RefTieBreak = 'modificationTime',
): Record<string, P> {
  const matched: { p: P; source: Rank }[] = [];
  for (const p of refSortByName(policies)) {
    let source: Rank | undefined;
    for (const s of p.sources ?? []) {
      const m = s.match ?? {};
      if (dpMatches(dp, m) && (source === undefined || cmp(rank(m), source) > 0)) source = rank(m);
    }
    if (source !== undefined) matched.push({ p, source });
  }
  const out: Record<string, P> = {};
  const done = new Set<string>();
  for (const service of services) {
    if (done.has(service)) continue;
    done.add(service);
    const best = new Best<P>(tb);
    for (const { p, source } of matched) {
      for (const d of p.destinations ?? []) {
        const m = d.match ?? {};
        if (matches(m, { 'kuma.io/service': service })) {
          const r = rank(m);
          best.offer(p, [r[0] + source[0], r[1] + source[1]]);
        }
      }
    }
    if (best.policy !== undefined)
      Object.defineProperty(out, service, { value: best.policy, enumerable: true });
  }
  return out;
}

/** Spec 01 §5.4. */
export function refSelectOutboundConnectionPolicies<P extends RefPolicy>(
  dp: RefDataplane,
  policies: readonly P[],
  tb: RefTieBreak = 'modificationTime',
): Record<string, P> {
  const services = (dp.networking?.outbound ?? [])
    .filter((o) => o.backendRef === undefined)
    .map((o) => o.tags?.['kuma.io/service'] ?? '');
  return refSelectConnectionPolicies(dp, [...services, 'pass_through'], policies, tb);
}

function legacyInboundKey(dp: RefDataplane, ib: { port?: number; address?: string }): string {
  return `${ib.address || dp.networking?.address || ''}:${ib.port ?? 0}`;
}

/** Spec 01 §5.6, keyed by inbound listener. */
export function refSelectInboundConnectionPolicies<P extends RefPolicy>(
  dp: RefDataplane,
  policies: readonly P[],
  tb: RefTieBreak = 'modificationTime',
): Record<string, P> {
  const sorted = refSortByName(policies);
  const out: Record<string, P> = {};
  for (const ib of dp.networking?.inbound ?? []) {
    const best = new Best<P>(tb);
    for (const p of sorted) {
      for (const d of p.destinations ?? []) {
        const m = d.match ?? {};
        if (matches(m, ib.tags ?? {})) best.offer(p, rank(m));
      }
    }
    if (best.policy !== undefined) out[legacyInboundKey(dp, ib)] = best.policy;
  }
  return out;
}

/** Spec 01 §5.8, keyed by inbound listener. */
export function refSelectInboundConnectionMatchingPolicies<P extends RefPolicy>(
  dp: RefDataplane,
  policies: readonly P[],
  tb: RefTieBreak = 'modificationTime',
): Record<string, P[]> {
  const sorted = refSortByName(policies);
  const out: Record<string, P[]> = {};
  for (const ib of dp.networking?.inbound ?? []) {
    const list: P[] = [];
    for (const p of sorted) {
      for (const d of p.destinations ?? []) if (matches(d.match ?? {}, ib.tags ?? {})) list.push(p);
    }
    const first = (p: P): Rank => rank(p.sources?.[0]?.match ?? {});
    // Insertion sort: stable by construction, most specific first source, then newer first.
    const ordered: P[] = [];
    for (const p of list) {
      let i = ordered.length;
      while (i > 0) {
        const q = ordered[i - 1] as P;
        const c = cmp(first(p), first(q));
        if (c > 0 || (c === 0 && time(p, tb) > time(q, tb))) i--;
        else break;
      }
      ordered.splice(i, 0, p);
    }
    out[legacyInboundKey(dp, ib)] = ordered;
  }
  return out;
}
