/**
 * Inbound connection policies (spec 01 §5.5–§5.8): the single most specific policy per inbound
 * (TrafficPermission) and the ordered list of all matching policies per inbound (FaultInjection,
 * RateLimit). Only `destinations` are matched, against the inbound's tags; `sources` are enforced
 * later by the proxy (and, for the all-matching lists, order the result).
 */
import {
  beats,
  compareNames,
  compileDataplane,
  IssueSink,
  matchRankKey,
  type PolicyTable,
  policyAt,
  readMatch,
  readPolicyTable,
  readSelectorList,
  readTags,
  type Scored,
  setOwn,
  tagsMatch,
  tieBreakOf,
  timeOf,
} from './core.js';
import { explainTarget, toCandidate } from './explain.js';
import { foldByInterface, foldByKey, inboundTargets } from './inbounds.js';
import { formatTagSelectorRank, type TagMap, ZERO_RANK } from './tag-selector.js';
import type {
  InboundKey,
  LegacyDataplaneLike,
  LegacyInboundEntry,
  LegacyInboundExplanation,
  LegacyInboundOptions,
  LegacyPolicyLike,
  LegacySelectOptions,
  LegacyTieBreak,
} from './types.js';

function visitDestinations<P>(
  table: PolicyTable<P>,
  tags: TagMap,
  sink: IssueSink,
  visit: (s: Scored<P>) => void,
): void {
  const { list, names } = table;
  for (let i = 0; i < list.length; i++) {
    if (names[i] === undefined) continue;
    const destinations = readSelectorList(list[i] as object, i, 'destinations', sink);
    if (destinations === null) continue;
    for (let d = 0; d < destinations.length; d++) {
      const match = readMatch(destinations[d], i, 'destinations', d, sink);
      if (match === undefined || !tagsMatch(match, tags)) continue;
      visit({
        cp: policyAt(table, i),
        rank: matchRankKey(match),
        field: 'destinations',
        index: d,
        match,
        sourceRank: 0,
        sourceIndex: -1,
      });
    }
  }
}

function bestFor<P>(
  table: PolicyTable<P>,
  tags: TagMap,
  sink: IssueSink,
  tieBreak: LegacyTieBreak,
  byName: boolean,
): P | undefined {
  let winner: Scored<P> | undefined;
  visitDestinations(table, tags, sink, (s) => {
    if (winner === undefined || beats(s, winner, tieBreak, byName)) winner = s;
  });
  return winner?.cp.policy;
}

/**
 * All policies with a matching destination selector, once per matching selector, ordered by the
 * rank of each policy's **first source selector** (most specific first), then later timestamp
 * first, then the visiting order (spec 01 §5.7): name order when `byName`, else input order.
 */
function allMatching<P>(
  table: PolicyTable<P>,
  tags: TagMap,
  sink: IssueSink,
  tieBreak: LegacyTieBreak,
  byName: boolean,
): P[] {
  return orderedHits(table, tags, sink, tieBreak, byName).map((s) => s.cp.policy);
}

function orderedHits<P>(
  table: PolicyTable<P>,
  tags: TagMap,
  sink: IssueSink,
  tieBreak: LegacyTieBreak,
  byName: boolean,
): Scored<P>[] {
  const hits: { s: Scored<P>; sourceRank: number }[] = [];
  visitDestinations(table, tags, sink, (s) => {
    // Kuma cannot order a policy without sources (validation forbids it); rank 0 here.
    const i = s.cp.input;
    const sources = readSelectorList(table.list[i] as object, i, 'sources', sink);
    const first =
      sources !== null && sources.length > 0 ? readMatch(sources[0], i, 'sources', 0, sink) : undefined;
    const sourceRank = first === undefined ? 0 : matchRankKey(first);
    hits.push({ s: { ...s, sourceRank, sourceIndex: first === undefined ? -1 : 0 }, sourceRank });
  });
  hits.sort((a, b) => {
    if (a.sourceRank !== b.sourceRank) return b.sourceRank - a.sourceRank;
    const ta = timeOf(a.s.cp, tieBreak);
    const tb = timeOf(b.s.cp, tieBreak);
    if (ta !== tb) return ta > tb ? -1 : 1;
    if (byName && a.s.cp.name !== b.s.cp.name) return compareNames(a.s.cp.name, b.s.cp.name);
    if (a.s.cp.input !== b.s.cp.input) return a.s.cp.input - b.s.cp.input;
    return a.s.index - b.s.index;
  });
  return hits.map((h) => h.s);
}

/**
 * The most specific policy whose destinations match `tags` (Kuma `SelectInboundConnectionPolicy`).
 * No name pre-sort: among equally specific policies with equal timestamps the first in the input
 * wins. Used directly for ExternalService TrafficPermissions. A rank-0 (empty) destination
 * selector — which Kuma's validation forbids and Kuma 2.8.8 would crash on — wins only when
 * nothing else matches.
 */
export function selectInboundConnectionPolicy<P extends LegacyPolicyLike>(
  tags: TagMap,
  policies: readonly P[] | null | undefined,
  opts?: LegacySelectOptions,
): P | undefined {
  const sink = new IssueSink();
  const tieBreak = tieBreakOf(opts, sink);
  const t = readTags(tags, ['tags'], sink);
  const table = readPolicyTable(policies, sink);
  const winner = bestFor(table, t, sink, tieBreak, false);
  sink.throwIfAny('inbound connection policy selection input');
  return winner;
}

/**
 * Every policy whose destinations match `tags`, ordered (Kuma `SelectInboundConnectionAllPolicies`,
 * no name pre-sort): by the rank of the policy's first source selector, most specific first, then
 * later timestamp first, then input order. A policy appears once per matching destination selector.
 */
export function selectInboundConnectionAllPolicies<P extends LegacyPolicyLike>(
  tags: TagMap,
  policies: readonly P[] | null | undefined,
  opts?: LegacySelectOptions,
): P[] {
  const sink = new IssueSink();
  const tieBreak = tieBreakOf(opts, sink);
  const t = readTags(tags, ['tags'], sink);
  const table = readPolicyTable(policies, sink);
  const out = allMatching(table, t, sink, tieBreak, false);
  sink.throwIfAny('inbound connection policy selection input');
  return out;
}

function perInbound<P extends LegacyPolicyLike>(
  dataplane: LegacyDataplaneLike,
  policies: readonly P[] | null | undefined,
  opts: LegacyInboundOptions | undefined,
) {
  const sink = new IssueSink();
  const tieBreak = tieBreakOf(opts, sink);
  const dp = compileDataplane(dataplane, sink);
  const targets = inboundTargets(dp, opts, sink);
  const table = readPolicyTable(policies, sink);
  return { sink, tieBreak, targets, table };
}

/**
 * The single most specific inbound connection policy for each inbound (Kuma
 * `SelectInboundConnectionPolicies`; TrafficPermission: "only one policy of a given type is
 * matched to a particular inbound"), keyed by inbound listener `"<address>:<port>"`.
 * `opts.additionalInbounds` are matched after the dataplane's own inbounds.
 */
export function selectInboundConnectionPolicies<P extends LegacyPolicyLike>(
  dataplane: LegacyDataplaneLike,
  policies: readonly P[] | null | undefined,
  opts?: LegacyInboundOptions,
): Record<InboundKey, P> {
  const { sink, tieBreak, targets, table } = perInbound(dataplane, policies, opts);
  const values = targets.map((t) => bestFor(table, t.inbound.tags ?? {}, sink, tieBreak, true));
  sink.throwIfAny('inbound connection policy selection input');
  return foldByKey(targets, values);
}

/** `selectInboundConnectionPolicies` keyed by Kuma's inbound interface tuple. */
export function selectInboundConnectionPoliciesByInterface<P extends LegacyPolicyLike>(
  dataplane: LegacyDataplaneLike,
  policies: readonly P[] | null | undefined,
  opts?: LegacyInboundOptions,
): LegacyInboundEntry<P>[] {
  const { sink, tieBreak, targets, table } = perInbound(dataplane, policies, opts);
  const values = targets.map((t) => bestFor(table, t.inbound.tags ?? {}, sink, tieBreak, true));
  sink.throwIfAny('inbound connection policy selection input');
  return foldByInterface(targets, values);
}

/** `selectInboundConnectionPolicies` explained, one entry per inbound in order. */
export function explainInboundConnectionPolicies<P extends LegacyPolicyLike>(
  dataplane: LegacyDataplaneLike,
  policies: readonly P[] | null | undefined,
  opts?: LegacyInboundOptions,
): LegacyInboundExplanation<P>[] {
  const { sink, tieBreak, targets, table } = perInbound(dataplane, policies, opts);
  const out = targets.map((t) => {
    const scored: Scored<P>[] = [];
    visitDestinations(table, t.inbound.tags ?? {}, sink, (s) => scored.push(s));
    return { key: t.key, interface: t.interface, ...explainTarget(t.key, scored, tieBreak, true) };
  });
  sink.throwIfAny('inbound connection policy selection input');
  return out;
}

/**
 * All matching inbound connection policies for each inbound, ordered (Kuma
 * `SelectInboundConnectionMatchingPolicies`; FaultInjection, RateLimit): every inbound gets an
 * entry, possibly an empty list; keyed by inbound listener `"<address>:<port>"`.
 */
export function selectInboundConnectionMatchingPolicies<P extends LegacyPolicyLike>(
  dataplane: LegacyDataplaneLike,
  policies: readonly P[] | null | undefined,
  opts?: LegacyInboundOptions,
): Record<InboundKey, P[]> {
  const { sink, tieBreak, targets, table } = perInbound(dataplane, policies, opts);
  const values = targets.map((t) => allMatching(table, t.inbound.tags ?? {}, sink, tieBreak, true));
  sink.throwIfAny('inbound connection policy selection input');
  return foldByKey(targets, values);
}

/** `selectInboundConnectionMatchingPolicies` keyed by Kuma's inbound interface tuple. */
export function selectInboundConnectionMatchingPoliciesByInterface<P extends LegacyPolicyLike>(
  dataplane: LegacyDataplaneLike,
  policies: readonly P[] | null | undefined,
  opts?: LegacyInboundOptions,
): LegacyInboundEntry<P[]>[] {
  const { sink, tieBreak, targets, table } = perInbound(dataplane, policies, opts);
  const values = targets.map((t) => allMatching(table, t.inbound.tags ?? {}, sink, tieBreak, true));
  sink.throwIfAny('inbound connection policy selection input');
  return foldByInterface(targets, values);
}

/** An ExternalService as TrafficPermission matching sees it: its name and tags. */
export interface LegacyExternalServiceLike {
  readonly name: string;
  readonly tags?: TagMap | undefined;
}

/**
 * The TrafficPermission that admits each ExternalService (Kuma `MatchExternalServicesTrafficPermissions`):
 * `selectInboundConnectionPolicy` with the service's tags, keyed by ExternalService name; services
 * no policy matches are absent. As in Kuma, policies are not name-sorted first (input order breaks
 * exact ties).
 */
export function selectExternalServicePermissions<P extends LegacyPolicyLike>(
  externalServices: readonly LegacyExternalServiceLike[] | null | undefined,
  policies: readonly P[] | null | undefined,
  opts?: LegacySelectOptions,
): Record<string, P> {
  const sink = new IssueSink();
  const tieBreak = tieBreakOf(opts, sink);
  const table = readPolicyTable(policies, sink);
  const out: Record<string, P> = {};
  if (externalServices !== undefined && externalServices !== null && !Array.isArray(externalServices)) {
    sink.add(['externalServices'], 'must be a list');
  }
  (Array.isArray(externalServices) ? externalServices : []).forEach((es, i) => {
    if (typeof es !== 'object' || es === null || typeof es.name !== 'string') {
      sink.add(['externalServices', i], 'an external service must be an object with a name');
      return;
    }
    const winner = bestFor(
      table,
      readTags(es.tags, ['externalServices', i, 'tags'], sink),
      sink,
      tieBreak,
      false,
    );
    if (winner !== undefined) setOwn(out, es.name, winner);
  });
  sink.throwIfAny('external service permission input');
  return out;
}

/**
 * `selectInboundConnectionMatchingPolicies` explained, one entry per inbound in order: every
 * applied policy (once per matching destination selector) in the order Kuma applies them, with its
 * destination rank and the first-source rank that ordered it. `winner` is the first of the list.
 */
export function explainInboundConnectionMatchingPolicies<P extends LegacyPolicyLike>(
  dataplane: LegacyDataplaneLike,
  policies: readonly P[] | null | undefined,
  opts?: LegacyInboundOptions,
): LegacyInboundExplanation<P>[] {
  const { sink, tieBreak, targets, table } = perInbound(dataplane, policies, opts);
  const out = targets.map((t) => {
    const hits = orderedHits(table, t.inbound.tags ?? {}, sink, tieBreak, true);
    const candidates = hits.map((h) => toCandidate(h, tieBreak));
    const order = candidates.map((c) => `"${c.name}" ${formatTagSelectorRank(c.sourceRank ?? ZERO_RANK)}`);
    const reason =
      candidates.length === 0
        ? 'no policy matches'
        : `${candidates.length} applied, by first source selector rank then later timestamp: ${order.join(', ')}`;
    return {
      key: t.key,
      interface: t.interface,
      target: t.key,
      winner: hits[0]?.cp.policy,
      candidates,
      reason,
    };
  });
  sink.throwIfAny('inbound connection policy selection input');
  return out;
}
