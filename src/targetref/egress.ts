/**
 * Zone-egress matching (spec 02 §8) — Kuma 2.8.8's `EgressMatchedPolicies`: which policies apply
 * to traffic leaving the mesh through a zone egress towards one external service.
 */

import type { DeepReadonly } from '../internal/readonly.js';
import {
  isShadow,
  MeshPolicyError,
  type TargetRefPolicy as ModelTargetRefPolicy,
  POLICY_SECTIONS,
  type ResourceMeta,
  type TargetRefPolicyType,
} from '../models/index.js';
import { metaView } from './input.js';
import {
  assertTargetRefPolicyType,
  type MatchedPoliciesOptions,
  ruleSetOptionsOf,
} from './match-dataplane.js';
import { sortByPriorityWithWarnings } from './priority.js';
import type {
  ReadonlyResource as Resource,
  ReadonlyTargetRef as TargetRef,
  ReadonlyTargetRefPolicy as TargetRefPolicy,
} from './readonly.js';
import { assertReadonlyResourceList } from './readonly.js';
import { buildEgressToRules, buildFromRules } from './rule-sets.js';
import type { Rule } from './rules.js';
import { isTargetRefReferenced, targetRefTagsMatch } from './select.js';

/** The single inbound key egress rules are stored under (`{address: "", port: 0}`). */
export const EGRESS_RULES_KEY = ':0';

/** Result of `egressMatchedPolicies`. */
export interface EgressMatchedPolicies<P extends ModelTargetRefPolicy = ModelTargetRefPolicy> {
  type: string;
  /**
   * The selected policies (the caller's own objects) sorted by priority (for `to`-only types: once
   * per selecting item, as Kuma).
   */
  matchedPolicies: P[];
  /** Rules under the single key `":0"` (empty object when no policy type section applies). */
  fromRules: Record<string, Rule[]>;
  /** Tie warnings of the priority sort. */
  warnings: string[];
}

/**
 * Kuma's `serviceSelected` for zone egress: does `ref` select the external service with `tags`?
 * MeshExternalService refs select when any MeshExternalService of the referrer's mesh has that
 * display name (the tags are not compared); `proxyTypes` is ignored.
 */
export function egressServiceSelected(
  referrer: Readonly<Pick<ResourceMeta, 'mesh'>>,
  ref: TargetRef | undefined,
  tags: Readonly<Record<string, string>>,
  externalServices: readonly Resource[],
): boolean {
  switch (ref?.kind) {
    case 'Mesh':
      return true;
    case 'MeshSubset':
      return targetRefTagsMatch(ref.tags, tags);
    case 'MeshService':
      return ref.name === tags['kuma.io/service'];
    case 'MeshServiceSubset':
      return ref.name === tags['kuma.io/service'] && targetRefTagsMatch(ref.tags, tags);
    case 'MeshExternalService':
      return externalServices.some((m) => isTargetRefReferenced(referrer, ref.name, m));
    default:
      return false;
  }
}

/**
 * The policies of `type` that apply on a zone egress to the external service with `tags`, and the
 * rules built from them under the key `":0"` (spec 02 §8). Types with a `from` list select by
 * their top-level targetRef and build from-rules; `to`-only types select per `to[]` item and
 * rewrite each selecting item to the policy's top-level targetRef (built without negations).
 * Kuma implements this for MeshFaultInjection, MeshLoadBalancingStrategy, MeshRateLimit and
 * MeshTrafficPermission. Throws `MeshPolicyError` where Kuma returns an error (e.g. a top-level
 * targetRef that cannot be a subset on the `to` path).
 */
export function egressMatchedPolicies(
  type: string,
  tags: Readonly<Record<string, string>>,
  resources: readonly Resource[],
  opts: DeepReadonly<MatchedPoliciesOptions> = {},
): EgressMatchedPolicies {
  assertTargetRefPolicyType(type);
  const sections = POLICY_SECTIONS[type as TargetRefPolicyType];
  assertReadonlyResourceList(resources, 'resources');
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) {
    throw new MeshPolicyError('INVALID_INPUT', 'tags must be a map', [
      { path: 'tags', message: 'must be a map' },
    ]);
  }
  const mes = resources.filter((r) => r.type === 'MeshExternalService');
  const ofType = resources.filter((r): r is TargetRefPolicy => r.type === type);
  // Kuma returns an empty result when the mesh has no policy of the type at all (before the
  // shadow filter); otherwise the key ":0" is present, possibly with no rules.
  if (ofType.length === 0) return { type, matchedPolicies: [], fromRules: {}, warnings: [] };
  const policies = ofType.filter((r) => opts.includeShadow === true || !isShadow(metaView(r)));
  const ruleOpts = ruleSetOptionsOf(opts);
  if (sections.from) {
    const selected = policies.filter((p) => egressServiceSelected(p, p.spec?.targetRef, tags, mes));
    const { sorted, warnings } = sortByPriorityWithWarnings(selected);
    const fromRules = buildFromRules(type, { [EGRESS_RULES_KEY]: sorted }, ruleOpts);
    return { type, matchedPolicies: sorted as ModelTargetRefPolicy[], fromRules, warnings };
  }
  if (sections.to) {
    const selected: TargetRefPolicy[] = [];
    for (const p of policies) {
      for (const item of p.spec?.to ?? []) {
        if (egressServiceSelected(p, item.targetRef, tags, mes)) selected.push(p);
      }
    }
    const { sorted, warnings } = sortByPriorityWithWarnings(selected);
    const rules = buildEgressToRules(
      type,
      sorted,
      (p, entry) => egressServiceSelected(p, entry.targetRef, tags, mes),
      ruleOpts,
    );
    return {
      type,
      matchedPolicies: sorted as ModelTargetRefPolicy[],
      fromRules: { [EGRESS_RULES_KEY]: rules },
      warnings,
    };
  }
  return { type, matchedPolicies: [], fromRules: {}, warnings: [] };
}
