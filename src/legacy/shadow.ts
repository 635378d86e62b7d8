/**
 * Shadowed legacy policies: policies that match somewhere but never win anywhere, because a more
 * specific (or equally specific and newer) policy of the same type always takes precedence —
 * seed 002's "Combine policies to avoid overriding" situation.
 */

import { IssueSink, tieBreakOf } from './core.js';
import { legacyReason } from './explain.js';
import {
  explainConnectionPolicies,
  explainOutboundConnectionPolicies,
  legacyOutboundServices,
  PASS_THROUGH_SERVICE,
} from './select-connection.js';
import { explainDataplanePolicy } from './select-dataplane.js';
import { explainInboundConnectionPolicies } from './select-inbound.js';
import type {
  LegacyDataplaneLike,
  LegacyExplanation,
  LegacyPolicyLike,
  LegacySelectOptions,
} from './types.js';

/** A legacy policy (or MeshGateway) with its type and mesh, as `shadowedPolicies` reads it. */
export interface LegacyTypedPolicyLike extends LegacyPolicyLike {
  readonly type: string;
  readonly mesh?: string | undefined;
}

/** One policy that no dataplane of the input would ever select, and who takes its place. */
export interface ShadowedLegacyPolicy<P> {
  readonly policy: P;
  /** The winner where this policy was first seen losing (dataplanes and targets in input order). */
  readonly shadowedBy: P;
  /** Name of the dataplane and the target (service, inbound key or dataplane) of that decision. */
  readonly dataplane: string;
  readonly target: string;
  readonly reason: string;
}

type Selection = 'dataplane' | 'outbound' | 'connection' | 'inbound';

/** Group and sort key of a (type, mesh); an absent mesh sorts first and differs from `""`. */
function meshKey(type: string, mesh: string | undefined): string {
  return mesh === undefined ? `${type}\u0000` : `${type}\u0000\u0001${mesh}`;
}

const SELECTION_BY_TYPE: Readonly<Record<string, Selection>> = {
  ProxyTemplate: 'dataplane',
  TrafficTrace: 'dataplane',
  MeshGateway: 'dataplane',
  TrafficRoute: 'outbound',
  Timeout: 'outbound',
  TrafficLog: 'outbound',
  HealthCheck: 'connection',
  CircuitBreaker: 'connection',
  Retry: 'connection',
  TrafficPermission: 'inbound',
};

function explanations<P extends LegacyTypedPolicyLike>(
  how: Selection,
  dp: LegacyDataplaneLike,
  policies: readonly P[],
  opts: LegacySelectOptions | undefined,
): readonly LegacyExplanation<P>[] {
  switch (how) {
    case 'dataplane':
      return [explainDataplanePolicy(dp, policies, opts)];
    case 'outbound':
      return explainOutboundConnectionPolicies(dp, policies, opts);
    case 'connection':
      return explainConnectionPolicies(
        dp,
        legacyOutboundServices(dp).filter((s) => s !== PASS_THROUGH_SERVICE),
        policies,
        opts,
      );
    case 'inbound':
      return explainInboundConnectionPolicies(dp, policies, opts);
  }
}

/**
 * Lists every single-winner legacy policy (ProxyTemplate, TrafficTrace, MeshGateway,
 * TrafficRoute, Timeout, TrafficLog, HealthCheck, CircuitBreaker, Retry, TrafficPermission) that
 * is a candidate for some dataplane target of the input but wins none, with the policy that beat
 * it. Policies are compared only with policies of the same type and mesh, on dataplanes of that
 * mesh; HealthCheck/CircuitBreaker/Retry are evaluated for the dataplanes' outbound services.
 * FaultInjection and RateLimit apply all matching policies and are never shadowed.
 */
export function shadowedPolicies<P extends LegacyTypedPolicyLike>(
  dataplanes: readonly LegacyDataplaneLike[],
  policies: readonly P[],
  opts?: LegacySelectOptions,
): ShadowedLegacyPolicy<P>[] {
  const sink = new IssueSink();
  tieBreakOf(opts, sink);
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!Array.isArray(dataplanes)) sink.add(['dataplanes'], 'must be a list');
  else
    dataplanes.forEach((dp: unknown, i) => {
      if (!isObject(dp)) sink.add(['dataplanes', i], 'a dataplane must be an object');
    });
  if (!Array.isArray(policies)) sink.add(['policies'], 'must be a list');
  else
    policies.forEach((p: unknown, i) => {
      if (!isObject(p)) sink.add(['policies', i], 'a policy must be an object');
    });
  sink.throwIfAny('shadowed policy input');
  const groups = new Map<string, { how: Selection; mesh: string | undefined; list: P[] }>();
  for (const p of policies) {
    const how = SELECTION_BY_TYPE[p.type];
    if (how === undefined || !Object.hasOwn(SELECTION_BY_TYPE, p.type)) continue;
    // An absent mesh (compared on every dataplane) is not the mesh "".
    const mesh = p.mesh ?? undefined;
    const key = meshKey(p.type, mesh);
    let g = groups.get(key);
    if (g === undefined) {
      g = { how, mesh, list: [] };
      groups.set(key, g);
    }
    g.list.push(p);
  }
  const out: ShadowedLegacyPolicy<P>[] = [];
  for (const g of groups.values()) {
    const won = new Set<P>();
    const lost = new Map<P, Omit<ShadowedLegacyPolicy<P>, 'policy'>>();
    for (const dp of dataplanes) {
      if (g.mesh !== undefined && dp.mesh !== undefined && dp.mesh !== g.mesh) continue;
      for (const ex of explanations(g.how, dp, g.list, opts)) {
        const winner = ex.winner;
        if (winner === undefined) continue;
        won.add(winner);
        const first = ex.candidates[0];
        for (const c of ex.candidates.slice(1)) {
          if (!lost.has(c.policy)) {
            const reason = legacyReason(first, c);
            lost.set(c.policy, { shadowedBy: winner, dataplane: dp.name ?? '', target: ex.target, reason });
          }
        }
      }
    }
    for (const p of g.list) {
      const l = lost.get(p);
      if (l !== undefined && !won.has(p)) out.push({ policy: p, ...l });
    }
  }
  return out.sort((a, b) => {
    const ka = `${meshKey(a.policy.type, a.policy.mesh ?? undefined)}\u0000${a.policy.name}`;
    const kb = `${meshKey(b.policy.type, b.policy.mesh ?? undefined)}\u0000${b.policy.name}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
