/** The legacy part of a dataplane report: which single policy each inbound/outbound uses, and why. */
import {
  explainConnectionPolicies,
  explainDataplanePolicy,
  explainInboundConnectionPolicies,
  explainOutboundConnectionPolicies,
  type LegacyExplanation,
  splitLegacyPoliciesBySource as legacySplitPoliciesBySource,
  selectInboundConnectionMatchingPolicies,
} from '../legacy/index.js';
import { isLegacyPolicyType, type LegacyPolicyType } from '../models/index.js';
import { candidateLegacyPolicies, type LegacyTypeIndex } from './indexes.js';
import type { ReadonlyDataplane as Dataplane, ReadonlyLegacyPolicy as LegacyPolicy } from './readonly.js';
import { policyRef } from './refs.js';
import type {
  InspectedDataplane,
  InspectOptions,
  LegacyCandidateView,
  LegacySelectionView,
  LegacyTypeReport,
} from './types.js';

/** How Kuma uses a legacy type (spec 01 §6). */
export type LegacyUsage = 'dataplane' | 'inbound' | 'inbound-all' | 'outbound' | 'destinations';

/** Which selection function(s) Kuma applies to each legacy type (spec 01 §6). */
export const LEGACY_USAGE: Readonly<Record<LegacyPolicyType, readonly LegacyUsage[]>> = {
  ProxyTemplate: ['dataplane'],
  TrafficTrace: ['dataplane'],
  VirtualOutbound: ['dataplane'],
  MeshGatewayRoute: ['dataplane'],
  TrafficRoute: ['outbound'],
  Timeout: ['outbound'],
  TrafficLog: ['outbound'],
  RateLimit: ['outbound', 'inbound-all'],
  HealthCheck: ['destinations'],
  CircuitBreaker: ['destinations'],
  Retry: ['destinations'],
  TrafficPermission: ['inbound'],
  FaultInjection: ['inbound-all'],
};

function legacyOptions(opts: Readonly<InspectOptions>): { tieBreak?: 'modificationTime' | 'creationTime' } {
  return opts.tieBreak === undefined ? {} : { tieBreak: opts.tieBreak };
}

function view(
  scope: LegacySelectionView['scope'],
  key: string,
  ex: LegacyExplanation<LegacyPolicy>,
): LegacySelectionView {
  const candidates = ex.candidates.map(
    (c): LegacyCandidateView => ({
      policy: policyRef(c.policy),
      rank: { exact: c.rank.exact, wildcard: c.rank.wildcard },
      ...(c.selectorIndex >= 0 ? { selector: `${c.field}[${c.selectorIndex}]` } : {}),
      time: c.time,
    }),
  );
  const out: LegacySelectionView = { scope, key, candidates, reason: ex.reason };
  if (ex.winner !== undefined) {
    out.selected = policyRef(ex.winner);
    out.conf = ex.winner.conf ?? null;
  }
  return out;
}

/** Reports one legacy policy type for one dataplane. */
export function inspectLegacyType(
  type: string,
  dp: Dataplane,
  summary: InspectedDataplane,
  index: LegacyTypeIndex,
  opts: Readonly<InspectOptions>,
): LegacyTypeReport {
  const usage = isLegacyPolicyType(type) ? LEGACY_USAGE[type] : [];
  const o = legacyOptions(opts);
  const selections: LegacySelectionView[] = [];
  for (const u of usage) {
    const field =
      u === 'dataplane' ? 'selectors' : u === 'inbound' || u === 'inbound-all' ? 'destinations' : 'sources';
    const policies = candidateLegacyPolicies(index, field, dp);
    if (u === 'dataplane') {
      selections.push(view('dataplane', '', explainDataplanePolicy(dp, policies, o)));
    } else if (u === 'inbound') {
      for (const ex of explainInboundConnectionPolicies(dp, policies, o))
        selections.push(view('inbound', ex.key, ex));
    } else if (u === 'outbound') {
      for (const ex of explainOutboundConnectionPolicies(dp, policies, o))
        selections.push(view('outbound', ex.target, ex));
    } else if (u === 'destinations') {
      for (const ex of explainConnectionPolicies(dp, summary.outbounds, policies, o))
        selections.push(view('outbound', ex.target, ex));
    } else {
      // Kuma's RateLimit matcher splits a policy with N sources into N one-source copies first,
      // so the all-matching order uses each source's own rank (spec 01 §5.8).
      const list = type === 'RateLimit' ? legacySplitPoliciesBySource(policies) : policies;
      const map = selectInboundConnectionMatchingPolicies(dp, list, o);
      for (const key of Object.keys(map)) {
        const seen = new Set<string>();
        const matched: LegacyPolicy[] = [];
        for (const p of map[key] ?? []) {
          if (seen.has(p.name)) continue;
          seen.add(p.name);
          matched.push(p);
        }
        const sel: LegacySelectionView = {
          scope: 'inbound',
          key,
          applied: matched.map(policyRef),
          candidates: [],
          reason:
            matched.length === 0
              ? 'no policy matches'
              : `all ${matched.length} matching ${type} policies apply, most specific source first`,
        };
        if (matched[0] !== undefined) sel.selected = policyRef(matched[0]);
        selections.push(sel);
      }
    }
  }
  return { kind: 'legacy', type, selections };
}
