/**
 * Small policy transformations Kuma applies around legacy selection: the name sort, RateLimit's
 * per-source split and TrafficRoute's per-outbound wildcard resolution. All return new objects.
 */
import { compareNames, IssueSink, readPolicy, readSelectorList } from './core.js';
import { MATCH_ALL_TAG_VALUE, type TagMap } from './tag-selector.js';
import type { LegacyPolicyLike } from './types.js';

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * A copy of `policies` stably sorted by core name, byte-wise ascending (Kuma's
 * `sort.Stable(ByName)`), the order every pre-sorted selection function visits policies in.
 */
export function sortLegacyPoliciesByName<P extends { readonly name: string }>(policies: readonly P[]): P[] {
  const sink = new IssueSink();
  if (!Array.isArray(policies)) sink.add(['policies'], 'must be a list');
  else
    policies.forEach((p: unknown, i) => {
      readPolicy(p, i, sink);
    });
  sink.throwIfAny('policies to sort');
  return policies
    .map((p, i) => ({ p, i }))
    .sort((a, b) => compareNames(a.p.name, b.p.name) || a.i - b.i)
    .map((x) => x.p);
}

/**
 * RateLimit's matcher first replaces every policy with N sources by N copies (same metadata) with
 * one source each, in source order, so that the all-matching order uses each source's own rank.
 * As in Kuma, a policy without sources yields no copy (it would match no source anyway).
 * Malformed input (not a list, a non-object policy, `sources` not a list) is a `MeshPolicyError`.
 */
export function splitLegacyPoliciesBySource<P extends LegacyPolicyLike>(policies: readonly P[]): P[] {
  const sink = new IssueSink();
  const out: P[] = [];
  if (!Array.isArray(policies)) sink.add(['policies'], 'must be a list');
  else {
    policies.forEach((p: unknown, i) => {
      if (typeof p !== 'object' || p === null || Array.isArray(p)) {
        sink.add(['policies', i], 'a policy must be an object');
        return;
      }
      const sources = readSelectorList(p, i, 'sources', sink);
      for (const source of sources ?? []) out.push({ ...(p as P), sources: [source] });
    });
  }
  sink.throwIfAny('policies to split');
  return out;
}

/** A TrafficRoute split entry. */
export interface TrafficRouteSplitLike {
  readonly weight?: unknown;
  readonly destination?: TagMap | undefined;
}

/** A TrafficRoute (or any legacy policy whose `conf.split` lists weighted destinations). */
export interface TrafficRouteLike extends LegacyPolicyLike {
  readonly conf?: unknown;
}

function splitOf(route: TrafficRouteLike): readonly TrafficRouteSplitLike[] {
  if (typeof route !== 'object' || route === null) return [];
  const conf = route.conf;
  if (typeof conf !== 'object' || conf === null) return [];
  const split = (conf as { split?: unknown }).split;
  if (!Array.isArray(split)) return [];
  const sink = new IssueSink();
  split.forEach((s: unknown, i) => {
    if (typeof s !== 'object' || s === null || Array.isArray(s)) {
      sink.add(['conf', 'split', i], 'a split entry must be an object');
      return;
    }
    const d = (s as { destination?: unknown }).destination;
    if (d === undefined || d === null) return;
    if (typeof d !== 'object' || Array.isArray(d))
      sink.add(['conf', 'split', i, 'destination'], 'must be a map of tags');
    else
      for (const k in d)
        if (hasOwn.call(d, k) && typeof (d as Record<string, unknown>)[k] !== 'string')
          sink.add(['conf', 'split', i, 'destination', k], 'tag value must be a string');
  });
  sink.throwIfAny('TrafficRoute');
  return split as TrafficRouteSplitLike[];
}

/** True when some split destination has a tag valued `'*'`. */
export function trafficRouteHasWildcard(route: TrafficRouteLike): boolean {
  return splitOf(route).some((s) => {
    const d = s.destination;
    if (d === undefined || d === null) return false;
    for (const k in d) if (hasOwn.call(d, k) && d[k] === MATCH_ALL_TAG_VALUE) return true;
    return false;
  });
}

/**
 * Kuma's per-outbound TrafficRoute resolution (`BuildRouteMap`): when a split destination uses
 * `'*'`, every split destination drops its `'*'` tags and takes every outbound tag it does not
 * already have; the resolved route keeps the metadata, sources and destinations, and its `conf`
 * holds only the resolved `split` (as in Kuma). Without wildcards the route is returned unchanged.
 */
export function resolveTrafficRouteWildcards<P extends TrafficRouteLike>(route: P, outboundTags: TagMap): P {
  if (typeof route !== 'object' || route === null || Array.isArray(route)) {
    const sink = new IssueSink();
    sink.add(['route'], 'a route must be an object');
    sink.throwIfAny('TrafficRoute');
  }
  if (!trafficRouteHasWildcard(route)) return route;
  const split = splitOf(route).map((s) => {
    const destination: Record<string, string> = {};
    const define = (k: string, v: string) =>
      Object.defineProperty(destination, k, {
        value: v,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    const d = s.destination ?? {};
    for (const k in d) if (hasOwn.call(d, k) && d[k] !== MATCH_ALL_TAG_VALUE) define(k, d[k] as string);
    for (const k in outboundTags) {
      if (hasOwn.call(outboundTags, k) && !hasOwn.call(destination, k)) define(k, outboundTags[k] as string);
    }
    return { ...(s.weight !== undefined ? { weight: s.weight } : {}), destination };
  });
  return { ...route, conf: { split } };
}
