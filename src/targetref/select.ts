/**
 * Which inbounds, builtin-gateway listeners and delegated gateways a top-level targetRef selects
 * on one dataplane (spec 02 §2–§3). Everything here is pure and reads only `src/models/`.
 */

import type { DeepReadonly } from '../internal/readonly.js';
import { compareTimes, displayName, type ResourceMeta } from '../models/index.js';
import { invalidArgument, isObject, metaView } from './input.js';
import type {
  ReadonlyDataplane as Dataplane,
  ReadonlyMeshGateway as MeshGateway,
  ReadonlyTargetRef as TargetRef,
  ReadonlyTargetRefPolicy as TargetRefPolicy,
} from './readonly.js';

/** `"<address>:<port>"` of an inbound listener (the dataplane-side address of an inbound). */
export type InboundKey = string;
/** `"<address>:<port>:<hostname>"` of a builtin-gateway listener (`*` when it has no hostname). */
export type ListenerHostnameKey = string;

/** The proxy type `proxyTypes` is compared with (spec 00 §2.6). */
export type DataplaneProxyType = 'Sidecar' | 'Gateway';

/** What one top-level targetRef selects on a dataplane (spec 02 §3.2). */
export interface TargetRefSelection {
  /** Selected inbound listeners, in selection order (duplicates kept, as Kuma does). */
  inbounds: InboundKey[];
  /** Selected builtin-gateway listener-hostname keys, in listener order (duplicates kept). */
  listenerHostnames: ListenerHostnameKey[];
  /** True when the dataplane is a delegated gateway whose gateway tags match. */
  delegatedGateway: boolean;
  /** Why the selection is what it is (one sentence, for explanations). */
  reason: string;
  /** Set when the reference could not be resolved: Kuma's error text (becomes a warning). */
  error?: string;
}

/** Inbound listener key of an address and a port. */
export function inboundKeyOf(address: string, port: number): InboundKey {
  return `${address}:${port}`;
}

/** Tag selector match (spec 01 §2.1): every entry present, equal or `*`; empty matches all. */
export function targetRefTagsMatch(
  selector: Readonly<Record<string, string>> | undefined,
  tags: Readonly<Record<string, string>> | undefined,
): boolean {
  if (selector === undefined || selector === null) return true;
  if (typeof selector !== 'object') return false;
  const haveTags = typeof tags === 'object' && tags !== null;
  for (const key of Object.keys(selector)) {
    const want = selector[key];
    if (!haveTags || !Object.hasOwn(tags, key)) return false;
    if (want !== '*' && tags[key] !== want) return false;
  }
  return true;
}

/** `Gateway` when the dataplane has a `networking.gateway` (builtin or delegated), else `Sidecar`. */
export function dataplaneProxyType(dp: Dataplane): DataplaneProxyType {
  if (!isObject(dp) || !isObject(dp.networking))
    throw invalidArgument('dataplaneProxyType', 'dp must be a Dataplane with networking');
  return dp.networking.gateway !== undefined ? 'Gateway' : 'Sidecar';
}

function isBuiltinGateway(dp: Dataplane): boolean {
  return dp.networking.gateway?.type === 'BUILTIN';
}

function isDelegatedGateway(dp: Dataplane): boolean {
  const gw = dp.networking.gateway;
  return gw !== undefined && gw.type !== 'BUILTIN';
}

/** Kuma's `Dataplane.Matches`: any inbound (Ignored included) or the gateway tags match. */
function dataplaneMatches(dp: Dataplane, selector: Readonly<Record<string, string>>): boolean {
  for (const inbound of dp.networking.inbound ?? []) {
    if (targetRefTagsMatch(selector, inbound.tags)) return true;
  }
  const gw = dp.networking.gateway;
  return gw !== undefined && targetRefTagsMatch(selector, gw.tags);
}

/** Rank `(exact, wildcard)` of a legacy selector and the comparison of spec 01 §2.3. */
function selectorRank(selector: Readonly<Record<string, string>>): [number, number] {
  let exact = 0;
  let wildcard = 0;
  for (const key of Object.keys(selector)) {
    if (selector[key] === '*') wildcard++;
    else exact++;
  }
  return [exact, wildcard];
}

function compareRank(a: [number, number], b: [number, number]): number {
  const ta = a[0] + a[1];
  const tb = b[0] + b[1];
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return 0;
}

/**
 * The MeshGateway serving a dataplane (spec 00 §3, legacy dataplane-policy selection 01 §5.1):
 * gateways pre-sorted by core name, each matching selector a candidate of its rank; the best rank
 * wins, then the strictly later `creationTime`, then the first visited. Runs for every dataplane.
 */
export function selectDataplaneMeshGateway(
  dp: Dataplane,
  gateways: readonly MeshGateway[],
): MeshGateway | undefined {
  if (!isObject(dp) || !isObject(dp.networking))
    throw invalidArgument('selectDataplaneMeshGateway', 'dp must be a Dataplane with networking');
  if (!Array.isArray(gateways))
    throw invalidArgument('selectDataplaneMeshGateway', 'gateways must be a list');
  const sorted = gateways
    .map((g, i) => ({ g, i }))
    .sort((a, b) => (a.g.name < b.g.name ? -1 : a.g.name > b.g.name ? 1 : a.i - b.i))
    .map((x) => x.g);
  let winner: MeshGateway | undefined;
  let winnerRank: [number, number] = [0, 0];
  const consider = (g: MeshGateway, rank: [number, number]): void => {
    if (winner === undefined) {
      winner = g;
      winnerRank = rank;
      return;
    }
    const c = compareRank(rank, winnerRank);
    if (c > 0 || (c === 0 && compareTimes(g.creationTime, winner.creationTime) > 0)) {
      winner = g;
      winnerRank = rank;
    }
  };
  for (const g of sorted) {
    const selectors = g.selectors ?? [];
    if (selectors.length === 0) consider(g, [0, 0]);
    for (const sel of selectors) {
      const match = sel.match ?? {};
      if (Object.keys(match).length === 0) consider(g, [0, 0]);
      else if (dataplaneMatches(dp, match)) consider(g, selectorRank(match));
    }
  }
  return winner;
}

/** Merged tags of a gateway listener: dataplane gateway tags, then MeshGateway tags, then listener tags. */
function listenerTags(
  dp: Dataplane,
  gw: MeshGateway,
  listenerTagMap: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const src of [dp.networking.gateway?.tags, gw.tags, listenerTagMap]) {
    if (src === undefined) continue;
    for (const key of Object.keys(src)) out[key] = src[key] as string;
  }
  return out;
}

interface RawSelection {
  inbounds: InboundKey[];
  listenerHostnames: ListenerHostnameKey[];
  delegatedGateway: boolean;
}

/** Kuma's `inboundsSelectedByTags` (spec 02 §3.2). */
function selectByTags(
  selector: Readonly<Record<string, string>> | undefined,
  dp: Dataplane,
  gw: MeshGateway | undefined,
): RawSelection {
  const inbounds: InboundKey[] = [];
  const listenerHostnames: ListenerHostnameKey[] = [];
  const address = dp.networking.address;
  for (const inbound of dp.networking.inbound ?? []) {
    if (inbound.state === 'Ignored') continue;
    if (targetRefTagsMatch(selector, inbound.tags)) {
      const ip = inbound.address !== undefined && inbound.address !== '' ? inbound.address : address;
      inbounds.push(inboundKeyOf(ip, inbound.port));
    }
  }
  if (gw !== undefined) {
    const seen = new Set<string>();
    for (const listener of gw.conf?.listeners ?? []) {
      if (!targetRefTagsMatch(selector, listenerTags(dp, gw, listener.tags))) continue;
      const key = inboundKeyOf(address, listener.port);
      if (!seen.has(key)) inbounds.push(key);
      seen.add(key);
      const hostname = listener.hostname !== undefined && listener.hostname !== '' ? listener.hostname : '*';
      listenerHostnames.push(`${key}:${hostname}`);
    }
  }
  const delegatedGateway =
    isDelegatedGateway(dp) && targetRefTagsMatch(selector, dp.networking.gateway?.tags ?? {});
  return { inbounds, listenerHostnames, delegatedGateway };
}

/** `isReferenced` (spec 00 §10): same mesh and the name equals the referent's display name. */
export function isTargetRefReferenced(
  referrer: Readonly<Pick<ResourceMeta, 'mesh'>>,
  refName: string | undefined,
  target: DeepReadonly<Pick<ResourceMeta, 'mesh' | 'name' | 'labels'>>,
): boolean {
  if (!isObject(referrer) || !isObject(target)) return false;
  return refName !== undefined && referrer.mesh === target.mesh && refName === displayName(metaView(target));
}

/** What selection needs besides the policy: the dataplane, its gateway and the routes. */
export interface SelectionContext {
  dataplane: Dataplane;
  /** The dataplane's MeshGateway (`selectDataplaneMeshGateway`), if any. */
  gateway: MeshGateway | undefined;
  /** All MeshHTTPRoutes of the mesh, in input order. */
  httpRoutes: readonly TargetRefPolicy[];
}

function describeTags(tags: Readonly<Record<string, string>> | undefined): string {
  if (tags === undefined || Object.keys(tags).length === 0) return '{}';
  return `{${Object.keys(tags)
    .sort()
    .map((k) => `${k}: ${tags[k]}`)
    .join(', ')}}`;
}

function proxyTypesAdmit(ref: TargetRef, dp: Dataplane): boolean {
  const types = ref.proxyTypes ?? [];
  return types.length === 0 || (types as readonly string[]).includes(dataplaneProxyType(dp));
}

function withReason(raw: RawSelection, reason: string): TargetRefSelection {
  return {
    inbounds: raw.inbounds,
    listenerHostnames: raw.listenerHostnames,
    delegatedGateway: raw.delegatedGateway,
    reason,
  };
}

/** An empty selection (fresh arrays: results are handed to callers). */
function nothing(): RawSelection {
  return { inbounds: [], listenerHostnames: [], delegatedGateway: false };
}

/**
 * What the top-level `targetRef` of a policy (with metadata `meta`) selects on the dataplane of
 * `ctx` — Kuma's `dppSelectedByPolicy`. MeshHTTPRoute references are followed (cycles stop with
 * an error instead of recursing forever). Unresolvable references and unsupported kinds set
 * `error` to Kuma's text; they never throw.
 */
export function selectTargetRef(
  meta: DeepReadonly<Pick<ResourceMeta, 'mesh' | 'name' | 'labels'>>,
  ref: TargetRef | undefined,
  ctx: DeepReadonly<SelectionContext>,
  visited?: ReadonlySet<string>,
): TargetRefSelection {
  if (!isObject(meta) || !isObject(ctx))
    throw invalidArgument('selectTargetRef', 'meta and ctx must be objects');
  const visitedRoutes: ReadonlySet<string> = visited ?? new Set();
  const dp = ctx.dataplane;
  const kind: string = ref?.kind ?? '';
  if (ref === undefined) {
    return { ...nothing(), reason: 'no top-level targetRef', error: "unsupported targetRef kind ''" };
  }
  switch (kind) {
    case 'Mesh':
    case 'MeshSubset': {
      if (!proxyTypesAdmit(ref, dp)) {
        return withReason(
          nothing(),
          `proxyTypes [${(ref.proxyTypes ?? []).join(', ')}] excludes this ${dataplaneProxyType(dp)}`,
        );
      }
      const sel = kind === 'Mesh' ? undefined : ref.tags;
      const raw = selectByTags(sel, dp, ctx.gateway);
      return withReason(
        raw,
        kind === 'Mesh'
          ? 'Mesh selects every non-ignored inbound, gateway listener and delegated gateway'
          : `MeshSubset selects what carries the tags ${describeTags(ref.tags)}`,
      );
    }
    case 'MeshService': {
      const sel: Record<string, string> = { 'kuma.io/service': ref.name ?? '' };
      return withReason(
        selectByTags(sel, dp, ctx.gateway),
        `MeshService selects what carries kuma.io/service: ${ref.name ?? ''}`,
      );
    }
    case 'MeshServiceSubset': {
      // A null-prototype map: a `__proto__` tag key is data here, not a prototype change.
      const sel = Object.create(null) as Record<string, string>;
      sel['kuma.io/service'] = ref.name ?? '';
      const tags = ref.tags ?? {};
      for (const key of Object.keys(tags)) sel[key] = tags[key] as string;
      return withReason(
        selectByTags(sel, dp, ctx.gateway),
        `MeshServiceSubset selects what carries the tags ${describeTags(sel)}`,
      );
    }
    case 'MeshGateway': {
      if (ctx.gateway === undefined)
        return withReason(nothing(), 'the dataplane is served by no MeshGateway');
      if (!isBuiltinGateway(dp)) return withReason(nothing(), 'the dataplane is not a builtin gateway');
      if (!isTargetRefReferenced(meta, ref.name, ctx.gateway)) {
        return withReason(
          nothing(),
          `the dataplane's MeshGateway is '${displayName(metaView(ctx.gateway))}', not '${ref.name ?? ''}'`,
        );
      }
      const raw = selectByTags(ref.tags, dp, ctx.gateway);
      return withReason(
        { ...raw, delegatedGateway: false },
        `MeshGateway '${ref.name ?? ''}' selects its listeners matching ${describeTags(ref.tags)}`,
      );
    }
    case 'MeshHTTPRoute': {
      const route = ctx.httpRoutes.find((r) => isTargetRefReferenced(meta, ref.name, r));
      if (route === undefined) {
        return {
          ...nothing(),
          reason: `no MeshHTTPRoute named '${ref.name ?? ''}'`,
          error: `couldn't resolve MeshHTTPRoute targetRef with name '${ref.name ?? ''}'`,
        };
      }
      const id = `${route.mesh}/${route.name}`;
      if (visitedRoutes.has(id)) {
        return {
          ...nothing(),
          reason: `MeshHTTPRoute '${ref.name ?? ''}' refers to itself`,
          error: `MeshHTTPRoute targetRef cycle through '${ref.name ?? ''}'`,
        };
      }
      const inner = selectTargetRef(route, route.spec?.targetRef, ctx, new Set([...visitedRoutes, id]));
      return { ...inner, reason: `via MeshHTTPRoute '${route.name}': ${inner.reason}` };
    }
    default:
      return {
        ...nothing(),
        reason: `targetRef kind '${kind}' selects nothing on a dataplane`,
        error: `unsupported targetRef kind '${kind}'`,
      };
  }
}

/** True when a selection counts as a match (spec 02 §3.3). */
export function selectionMatched(s: DeepReadonly<TargetRefSelection>): boolean {
  if (!isObject(s)) return false;
  return (
    (s.inbounds?.length ?? 0) > 0 || (s.listenerHostnames?.length ?? 0) > 0 || s.delegatedGateway === true
  );
}
