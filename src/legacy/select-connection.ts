/**
 * Connection policies per destination service (spec 01 §5.3, §5.4): HealthCheck, CircuitBreaker,
 * Retry for an explicit list of services; TrafficRoute, Timeout, TrafficLog and the outbound half
 * of RateLimit for the dataplane's outbounds plus the implicit `pass_through` service.
 *
 * Kuma scans every policy for every service (policies × services). Destinations are matched
 * against the single tag `kuma.io/service=<service>`, so a destination selector can only ever
 * match when it is empty, `{kuma.io/service: '*'}` (both service-independent: their best is
 * computed once) or `{kuma.io/service: <s>}` (indexed by `<s>`). Selection then costs
 * O(policies + services + candidates of the listed services).
 */
import {
  beats,
  type CompiledDataplane,
  type CompiledPolicy,
  compileDataplane,
  dataplaneMatchesMatch,
  IssueSink,
  matchRankKey,
  newCompiledPolicy,
  rankKey,
  readMatch,
  readPolicy,
  readSelectorList,
  type Scored,
  setOwn,
  tieBreakOf,
} from './core.js';
import { explainTarget } from './explain.js';
import { MATCH_ALL_TAG_VALUE, SERVICE_TAG } from './tag-selector.js';
import type {
  LegacyDataplaneLike,
  LegacyExplanation,
  LegacyOutboundLike,
  LegacyPolicyLike,
  LegacySelectOptions,
  LegacyTieBreak,
  OutboundInterface,
} from './types.js';

/** The implicit outbound service every dataplane has (spec 00 §2.4). */
export const PASS_THROUGH_SERVICE = 'pass_through';

const hasOwn = Object.prototype.hasOwnProperty;

interface ConnectionIndex<P> {
  readonly byService: Map<string, Scored<P>[]>;
  readonly generic: Scored<P>[];
  readonly genericBest: Scored<P> | undefined;
}

/**
 * Source phase (best matching source rank per policy) and destination index, in one pass over
 * the caller's policies that allocates only for policies whose sources match the dataplane.
 */
function buildIndex<P>(
  dp: CompiledDataplane,
  policies: readonly P[] | null | undefined,
  sink: IssueSink,
  tieBreak: LegacyTieBreak,
): ConnectionIndex<P> {
  const byService = new Map<string, Scored<P>[]>();
  const generic: Scored<P>[] = [];
  let genericBest: Scored<P> | undefined;
  if (policies === undefined || policies === null) return { byService, generic, genericBest };
  if (!Array.isArray(policies)) {
    sink.add(['policies'], 'must be a list');
    return { byService, generic, genericBest };
  }
  for (let i = 0; i < policies.length; i++) {
    const policy = policies[i] as P;
    const name = readPolicy(policy, i, sink);
    if (name === undefined) continue;
    const sources = readSelectorList(policy as object, i, 'sources', sink);
    const destinations = readSelectorList(policy as object, i, 'destinations', sink);
    if (sources === null || destinations === null) continue;
    let sourceRank = -1;
    let sourceIndex = -1;
    for (let s = 0; s < sources.length; s++) {
      const match = readMatch(sources[s], i, 'sources', s, sink);
      if (match === undefined || !dataplaneMatchesMatch(dp, match)) continue;
      const rank = matchRankKey(match);
      if (rank > sourceRank) {
        sourceRank = rank;
        sourceIndex = s;
      }
    }
    if (sourceRank < 0) {
      // Still report malformed destinations: nothing is half-validated.
      for (let d = 0; d < destinations.length; d++) readMatch(destinations[d], i, 'destinations', d, sink);
      continue;
    }
    let cp: CompiledPolicy<P> | undefined;
    for (let d = 0; d < destinations.length; d++) {
      const match = readMatch(destinations[d], i, 'destinations', d, sink);
      if (match === undefined) continue;
      // Only `{}` and `{kuma.io/service: <v>}` can match `{kuma.io/service: <service>}`.
      let count = 0;
      let value: string | undefined;
      for (const key in match) {
        if (!hasOwn.call(match, key)) continue;
        count++;
        if (key === SERVICE_TAG) value = match[key];
      }
      if (count > 1 || (count === 1 && value === undefined)) continue;
      cp ??= newCompiledPolicy(policy, i, name);
      const exactService = value !== undefined && value !== MATCH_ALL_TAG_VALUE;
      const scored: Scored<P> = {
        cp,
        rank: sourceRank + (count === 0 ? 0 : rankKey(exactService ? 1 : 0, exactService ? 0 : 1)),
        field: 'destinations',
        index: d,
        match,
        sourceRank,
        sourceIndex,
      };
      if (exactService) {
        let bucket = byService.get(value as string);
        if (bucket === undefined) {
          bucket = [];
          byService.set(value as string, bucket);
        }
        bucket.push(scored);
      } else {
        generic.push(scored);
        if (genericBest === undefined || beats(scored, genericBest, tieBreak, true)) genericBest = scored;
      }
    }
  }
  return { byService, generic, genericBest };
}

function winnerFor<P>(
  index: ConnectionIndex<P>,
  service: string,
  tieBreak: LegacyTieBreak,
): Scored<P> | undefined {
  let winner = index.genericBest;
  const bucket = index.byService.get(service);
  if (bucket !== undefined) {
    for (const s of bucket) if (winner === undefined || beats(s, winner, tieBreak, true)) winner = s;
  }
  return winner;
}

function readServices(services: unknown, sink: IssueSink): string[] {
  if (services === undefined || services === null) return [];
  if (!Array.isArray(services)) {
    sink.add(['services'], 'must be a list of service names');
    return [];
  }
  const out: string[] = [];
  services.forEach((s: unknown, i) => {
    if (typeof s !== 'string') sink.add(['services', i], 'must be a string');
    else out.push(s);
  });
  return out;
}

function uniqueInOrder(services: readonly string[]): string[] {
  return [...new Set(services)];
}

/** The service of an outbound (`kuma.io/service` tag, `''` when absent); backendRef ones are skipped. */
export function legacyOutboundServiceOf(outbound: LegacyOutboundLike): string {
  if (typeof outbound !== 'object' || outbound === null || Array.isArray(outbound)) {
    const sink = new IssueSink();
    sink.add(['outbound'], 'an outbound must be an object');
    sink.throwIfAny('outbound');
  }
  const tags = outbound.tags;
  if (tags === undefined || tags === null || !hasOwn.call(tags, SERVICE_TAG)) return '';
  const v = tags[SERVICE_TAG];
  return typeof v === 'string' ? v : '';
}

function legacyOutbounds(dataplane: LegacyDataplaneLike, sink: IssueSink): LegacyOutboundLike[] {
  const list: unknown = dataplane?.networking?.outbound;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    sink.add(['networking', 'outbound'], 'must be a list');
    return [];
  }
  const out: LegacyOutboundLike[] = [];
  list.forEach((o: unknown, i) => {
    if (typeof o !== 'object' || o === null || Array.isArray(o)) {
      sink.add(['networking', 'outbound', i], 'an outbound must be an object');
      return;
    }
    const ob = o as LegacyOutboundLike;
    if (ob.backendRef !== undefined && ob.backendRef !== null) return;
    if (ob.tags !== undefined && ob.tags !== null) {
      const v = (ob.tags as Record<string, unknown>)[SERVICE_TAG];
      if (hasOwn.call(ob.tags, SERVICE_TAG) && typeof v !== 'string') {
        sink.add(['networking', 'outbound', i, 'tags', SERVICE_TAG], 'tag value must be a string');
      }
    }
    out.push(ob);
  });
  return out;
}

/**
 * The services Kuma's `SelectOutboundConnectionPolicies` iterates: the service of every outbound
 * without `backendRef`, in list order, then `pass_through`.
 */
export function legacyOutboundServices(dataplane: LegacyDataplaneLike): string[] {
  const sink = new IssueSink();
  const services = legacyOutbounds(dataplane, sink).map(legacyOutboundServiceOf);
  sink.throwIfAny('dataplane');
  return [...services, PASS_THROUGH_SERVICE];
}

function select<P extends LegacyPolicyLike>(
  dataplane: LegacyDataplaneLike,
  services: (sink: IssueSink) => string[],
  policies: readonly P[] | null | undefined,
  opts: LegacySelectOptions | undefined,
): Record<string, P> {
  const sink = new IssueSink();
  const tieBreak = tieBreakOf(opts, sink);
  const dp = compileDataplane(dataplane, sink);
  const list = uniqueInOrder(services(sink));
  const index = buildIndex(dp, policies, sink, tieBreak);
  sink.throwIfAny('connection policy selection input');
  const out: Record<string, P> = {};
  for (const service of list) {
    const w = winnerFor(index, service, tieBreak);
    if (w !== undefined) setOwn(out, service, w.cp.policy);
  }
  return out;
}

function explain<P extends LegacyPolicyLike>(
  dataplane: LegacyDataplaneLike,
  services: (sink: IssueSink) => string[],
  policies: readonly P[] | null | undefined,
  opts: LegacySelectOptions | undefined,
): LegacyExplanation<P>[] {
  const sink = new IssueSink();
  const tieBreak = tieBreakOf(opts, sink);
  const dp = compileDataplane(dataplane, sink);
  const list = uniqueInOrder(services(sink));
  const index = buildIndex(dp, policies, sink, tieBreak);
  sink.throwIfAny('connection policy selection input');
  return list.map((service) =>
    explainTarget(service, [...(index.byService.get(service) ?? []), ...index.generic], tieBreak, true),
  );
}

/**
 * The most specific connection policy for each given destination service (Kuma
 * `SelectConnectionPolicies`; HealthCheck, CircuitBreaker, Retry). A policy qualifies when one of
 * its `sources` matches the dataplane; it is ranked per service by its matching destination plus
 * its best matching source. Services without a candidate get no entry; duplicates count once.
 */
export function selectConnectionPolicies<P extends LegacyPolicyLike>(
  dataplane: LegacyDataplaneLike,
  services: readonly string[] | null | undefined,
  policies: readonly P[] | null | undefined,
  opts?: LegacySelectOptions,
): Record<string, P> {
  return select(dataplane, (sink) => readServices(services, sink), policies, opts);
}

/** `selectConnectionPolicies` explained: one entry per distinct service, in order. */
export function explainConnectionPolicies<P extends LegacyPolicyLike>(
  dataplane: LegacyDataplaneLike,
  services: readonly string[] | null | undefined,
  policies: readonly P[] | null | undefined,
  opts?: LegacySelectOptions,
): LegacyExplanation<P>[] {
  return explain(dataplane, (sink) => readServices(services, sink), policies, opts);
}

/**
 * The most specific connection policy for each outbound service of the dataplane and for the
 * implicit `pass_through` service (Kuma `SelectOutboundConnectionPolicies`; TrafficRoute, Timeout,
 * TrafficLog, RateLimit outbound). Outbounds with a `backendRef` are not considered.
 */
export function selectOutboundConnectionPolicies<P extends LegacyPolicyLike>(
  dataplane: LegacyDataplaneLike,
  policies: readonly P[] | null | undefined,
  opts?: LegacySelectOptions,
): Record<string, P> {
  return select(
    dataplane,
    (sink) => [...legacyOutbounds(dataplane, sink).map(legacyOutboundServiceOf), PASS_THROUGH_SERVICE],
    policies,
    opts,
  );
}

/** `selectOutboundConnectionPolicies` explained: one entry per distinct service, `pass_through` last. */
export function explainOutboundConnectionPolicies<P extends LegacyPolicyLike>(
  dataplane: LegacyDataplaneLike,
  policies: readonly P[] | null | undefined,
  opts?: LegacySelectOptions,
): LegacyExplanation<P>[] {
  return explain(
    dataplane,
    (sink) => [...legacyOutbounds(dataplane, sink).map(legacyOutboundServiceOf), PASS_THROUGH_SERVICE],
    policies,
    opts,
  );
}

/** One outbound (without `backendRef`) and the policy its service received. */
export interface LegacyOutboundEntry<P> {
  readonly interface: OutboundInterface;
  readonly service: string;
  readonly outbound: LegacyOutboundLike;
  readonly policy: P;
}

/**
 * `selectOutboundConnectionPolicies` mapped back to outbound interfaces (address, default
 * `127.0.0.1`, and port), as Kuma's Timeout/TrafficRoute/RateLimit builders do: two outbounds of
 * one service get the same policy; outbounds whose service has no policy are absent; a later
 * outbound with the same interface replaces an earlier one.
 */
export function selectOutboundConnectionPoliciesByInterface<P extends LegacyPolicyLike>(
  dataplane: LegacyDataplaneLike,
  policies: readonly P[] | null | undefined,
  opts?: LegacySelectOptions,
): LegacyOutboundEntry<P>[] {
  const byService = selectOutboundConnectionPolicies(dataplane, policies, opts);
  const sink = new IssueSink();
  const outbounds = legacyOutbounds(dataplane, sink);
  sink.throwIfAny('dataplane');
  const out: LegacyOutboundEntry<P>[] = [];
  const at = new Map<string, number>();
  for (const outbound of outbounds) {
    const service = legacyOutboundServiceOf(outbound);
    if (!hasOwn.call(byService, service)) continue;
    const policy = byService[service] as P;
    const iface: OutboundInterface = {
      dataplaneIP:
        typeof outbound.address === 'string' && outbound.address !== '' ? outbound.address : '127.0.0.1',
      dataplanePort: typeof outbound.port === 'number' ? outbound.port : 0,
    };
    const id = `${iface.dataplaneIP}:${iface.dataplanePort}`;
    const entry = { interface: iface, service, outbound, policy };
    const i = at.get(id);
    if (i === undefined) {
      at.set(id, out.length);
      out.push(entry);
    } else out[i] = entry;
  }
  return out;
}
