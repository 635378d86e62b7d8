/**
 * Dataplane policies (spec 01 §5.1, §5.2): ProxyTemplate, TrafficTrace and MeshGateway selection —
 * policies with `selectors` that apply to a whole dataplane or to each of its inbounds.
 */
import {
  beats,
  compileDataplane,
  dataplaneMatchesMatch,
  IssueSink,
  isEmptyMatch,
  matchRankKey,
  type PolicyTable,
  policyAt,
  readMatch,
  readPolicyTable,
  readSelectorList,
  type Scored,
  tagsMatch,
  tieBreakOf,
} from './core.js';
import { explainTarget } from './explain.js';
import { foldByInterface, foldByKey, inboundTargets } from './inbounds.js';
import type { TagSelector } from './tag-selector.js';
import type {
  InboundKey,
  LegacyDataplaneLike,
  LegacyExplanation,
  LegacyInboundEntry,
  LegacyInboundExplanation,
  LegacyPolicyLike,
  LegacySelectOptions,
  LegacyTieBreak,
} from './types.js';

const EMPTY: TagSelector = Object.freeze({});

/** Every candidate of a list of selector policies for one matcher (5.1 step 2). */
function scoreSelectorPolicies<P>(
  table: PolicyTable<P>,
  matches: (selector: TagSelector) => boolean,
  sink: IssueSink,
  visit: (s: Scored<P>) => void,
): void {
  const { list, names } = table;
  for (let i = 0; i < list.length; i++) {
    if (names[i] === undefined) continue;
    const selectors = readSelectorList(list[i] as object, i, 'selectors', sink);
    if (selectors === null || selectors.length === 0) {
      visit({
        cp: policyAt(table, i),
        rank: 0,
        field: 'selectors',
        index: -1,
        match: EMPTY,
        sourceRank: 0,
        sourceIndex: -1,
      });
      continue;
    }
    for (let s = 0; s < selectors.length; s++) {
      const match = readMatch(selectors[s], i, 'selectors', s, sink);
      if (match === undefined) continue;
      // An empty selector is a rank-0 candidate without consulting the matcher (Kuma does the same).
      if (isEmptyMatch(match) || matches(match)) {
        visit({
          cp: policyAt(table, i),
          rank: matchRankKey(match),
          field: 'selectors',
          index: s,
          match,
          sourceRank: 0,
          sourceIndex: -1,
        });
      }
    }
  }
}

function best<P>(
  table: PolicyTable<P>,
  matches: (selector: TagSelector) => boolean,
  sink: IssueSink,
  tieBreak: LegacyTieBreak,
): P | undefined {
  let winner: Scored<P> | undefined;
  scoreSelectorPolicies(table, matches, sink, (s) => {
    if (winner === undefined || beats(s, winner, tieBreak, true)) winner = s;
  });
  return winner?.cp.policy;
}

function collect<P>(
  table: PolicyTable<P>,
  matches: (selector: TagSelector) => boolean,
  sink: IssueSink,
): Scored<P>[] {
  const out: Scored<P>[] = [];
  scoreSelectorPolicies(table, matches, sink, (s) => out.push(s));
  return out;
}

/**
 * The single most specific selector policy for a whole dataplane (Kuma `SelectDataplanePolicy`):
 * a selector matches through any inbound (any state) or the gateway tags; a policy without
 * selectors, or an empty selector, matches with rank 0. Ties: later timestamp, then smaller name.
 * Used for ProxyTemplate, TrafficTrace and to find the MeshGateway that serves a dataplane.
 */
export function selectDataplanePolicy<P extends LegacyPolicyLike>(
  dataplane: LegacyDataplaneLike,
  policies: readonly P[] | null | undefined,
  opts?: LegacySelectOptions,
): P | undefined {
  const sink = new IssueSink();
  const tieBreak = tieBreakOf(opts, sink);
  const dp = compileDataplane(dataplane, sink);
  const cps = readPolicyTable(policies, sink);
  const winner = best(cps, (sel) => dataplaneMatchesMatch(dp, sel), sink, tieBreak);
  sink.throwIfAny('dataplane policy selection input');
  return winner;
}

/** `selectDataplanePolicy` with every candidate, its rank and timestamp, and the reason. */
export function explainDataplanePolicy<P extends LegacyPolicyLike>(
  dataplane: LegacyDataplaneLike,
  policies: readonly P[] | null | undefined,
  opts?: LegacySelectOptions,
): LegacyExplanation<P> {
  const sink = new IssueSink();
  const tieBreak = tieBreakOf(opts, sink);
  const dp = compileDataplane(dataplane, sink);
  const cps = readPolicyTable(policies, sink);
  const scored = collect(cps, (sel) => dataplaneMatchesMatch(dp, sel), sink);
  sink.throwIfAny('dataplane policy selection input');
  return explainTarget('dataplane', scored, tieBreak, true);
}

/**
 * Kuma `SelectDataplanePolicyWithMatcher`: like `selectDataplanePolicy` with a caller-supplied
 * test for non-empty selectors.
 */
export function selectDataplanePolicyWithMatcher<P extends LegacyPolicyLike>(
  matcher: (selector: TagSelector) => boolean,
  policies: readonly P[] | null | undefined,
  opts?: LegacySelectOptions,
): P | undefined {
  const sink = new IssueSink();
  const tieBreak = tieBreakOf(opts, sink);
  if (typeof matcher !== 'function') sink.add(['matcher'], 'must be a function');
  const cps = readPolicyTable(policies, sink);
  sink.throwIfAny('dataplane policy selection input');
  const winner = best(cps, (sel) => matcher(sel), sink, tieBreak);
  sink.throwIfAny('dataplane policy selection input');
  return winner;
}

function perInbound<P extends LegacyPolicyLike>(
  dataplane: LegacyDataplaneLike,
  policies: readonly P[] | null | undefined,
  opts: LegacySelectOptions | undefined,
) {
  const sink = new IssueSink();
  const tieBreak = tieBreakOf(opts, sink);
  const dp = compileDataplane(dataplane, sink);
  const cps = readPolicyTable(policies, sink);
  // Gateway tags are not consulted here, and no additional inbounds exist for this function.
  const targets = inboundTargets(dp, undefined, sink);
  return { sink, tieBreak, cps, targets };
}

/**
 * The most specific selector policy for each inbound of a dataplane (Kuma
 * `SelectInboundDataplanePolicies`), keyed by inbound listener `"<address>:<port>"`; inbounds
 * without a match get no entry, and a later inbound with the same key and a winner overwrites.
 */
export function selectInboundDataplanePolicies<P extends LegacyPolicyLike>(
  dataplane: LegacyDataplaneLike,
  policies: readonly P[] | null | undefined,
  opts?: LegacySelectOptions,
): Record<InboundKey, P> {
  const { sink, tieBreak, cps, targets } = perInbound(dataplane, policies, opts);
  const values = targets.map((t) => best(cps, (sel) => tagsMatch(sel, t.inbound.tags ?? {}), sink, tieBreak));
  sink.throwIfAny('dataplane policy selection input');
  return foldByKey(targets, values);
}

/** `selectInboundDataplanePolicies` keyed by Kuma's inbound interface tuple. */
export function selectInboundDataplanePoliciesByInterface<P extends LegacyPolicyLike>(
  dataplane: LegacyDataplaneLike,
  policies: readonly P[] | null | undefined,
  opts?: LegacySelectOptions,
): LegacyInboundEntry<P>[] {
  const { sink, tieBreak, cps, targets } = perInbound(dataplane, policies, opts);
  const values = targets.map((t) => best(cps, (sel) => tagsMatch(sel, t.inbound.tags ?? {}), sink, tieBreak));
  sink.throwIfAny('dataplane policy selection input');
  return foldByInterface(targets, values);
}

/** `selectInboundDataplanePolicies` explained, one entry per inbound in list order. */
export function explainInboundDataplanePolicies<P extends LegacyPolicyLike>(
  dataplane: LegacyDataplaneLike,
  policies: readonly P[] | null | undefined,
  opts?: LegacySelectOptions,
): LegacyInboundExplanation<P>[] {
  const { sink, tieBreak, cps, targets } = perInbound(dataplane, policies, opts);
  const out = targets.map((t) => ({
    key: t.key,
    interface: t.interface,
    ...explainTarget(
      t.key,
      collect(cps, (sel) => tagsMatch(sel, t.inbound.tags ?? {}), sink),
      tieBreak,
      true,
    ),
  }));
  sink.throwIfAny('dataplane policy selection input');
  return out;
}
