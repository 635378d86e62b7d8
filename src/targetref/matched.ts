/**
 * `matchedPolicies`: which targetRef policies of one type apply to a dataplane, in which priority
 * order, and the rule sets built from them (spec 02 §1–§7) — Kuma 2.8.8's `MatchedPolicies`.
 */

import type { DeepReadonly } from '../internal/readonly.js';
import {
  type ConfFor,
  MeshPolicyError,
  type MeshPolicyErrorCode,
  type TargetRefPolicy as ModelTargetRefPolicy,
} from '../models/index.js';
import { invalidArgument } from './input.js';
import {
  type MatchedPoliciesOptions,
  matchDataplanePolicies,
  type PolicyMatchExplanation,
  ruleSetOptionsOf,
} from './match-dataplane.js';
import type {
  ReadonlyDataplane as Dataplane,
  ReadonlyResource as Resource,
  ReadonlyTargetRefPolicy as TargetRefPolicy,
} from './readonly.js';
import { buildFromRules, buildSingleItemRules, buildToRules } from './rule-sets.js';
import type { Rule } from './rules.js';
import type { InboundKey, ListenerHostnameKey } from './select.js';

/** Rule sets of a builtin gateway (Kuma's `GatewayRules`); `C` is the conf type. */
export interface GatewayRuleSets<C = unknown> {
  /** Identical to `fromRules`. */
  fromRules: Record<InboundKey, Rule<C>[]>;
  toRules: {
    /** Per listener `"<address>:<port>"`: to-rules of the policies that selected it, sorted. */
    byListener: Record<InboundKey, Rule<C>[]>;
    /**
     * Per `"<address>:<port>:<hostname>"`: to-rules of the policies that selected the listener, in
     * INPUT order (Kuma 2.8.8 quirk) unless `sortListenerHostnameLists` is set.
     */
    byListenerAndHostname: Record<ListenerHostnameKey, Rule<C>[]>;
  };
}

/**
 * Result of `matchedPolicies` (Kuma's `TypedMatchingPolicies`). `K` is the policy type asked for:
 * rule confs are typed `ConfOf<K>` when it is a known targetRef kind.
 */
export interface MatchedPolicies<K extends string = string> {
  type: K;
  /** Every matched policy (the caller's own objects), sorted lowest priority first (merge order). */
  dataplanePolicies: ModelTargetRefPolicy[];
  /** Rules from the top-level `default` of every matched policy (single-item kinds). */
  singleItemRules: Rule<ConfFor<K>>[];
  /** Rules from the `to[]` items of every matched policy (whole proxy). */
  toRules: Rule<ConfFor<K>>[];
  /** Per selected inbound listener: rules from the `from[]` items of the policies selecting it. */
  fromRules: Record<InboundKey, Rule<ConfFor<K>>[]>;
  gatewayRules: GatewayRuleSets<ConfFor<K>>;
  /** Kuma's warnings (byte-for-byte where Kuma has one), in production order. */
  warnings: string[];
  /** Every evaluated policy (shadow ones included), in priority order, with its sort key and reason. */
  explanations: PolicyMatchExplanation[];
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Runs `build` once per key; later calls return the same value or rethrow the same error. */
function replay<T>(cache: Map<string, Outcome<T>>, key: string, build: () => T): T {
  let outcome = cache.get(key);
  if (outcome === undefined) {
    try {
      outcome = { ok: true, value: build() };
    } catch (error) {
      outcome = { ok: false, error };
    }
    cache.set(key, outcome);
  }
  if (outcome.ok) return outcome.value;
  throw outcome.error;
}

/** Error codes standing for an error Kuma's rule builders return (a warning, not a failure). */
const KUMA_RETURNED: ReadonlySet<MeshPolicyErrorCode> = new Set([
  'UNSUPPORTED',
  'INVALID_INPUT',
  'NOT_FOUND',
]);

function errorText(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const nl = message.indexOf('\n');
  return nl < 0 ? message : message.slice(0, nl);
}

/** Outcome of `kumaRuleStep`: the built value (or the empty one) and Kuma's warning, if any. */
export interface KumaRuleStepResult<T> {
  value: T;
  warning?: string;
}

/**
 * Runs one rule builder the way Kuma does: an error Kuma would return (`UNSUPPORTED`,
 * `INVALID_INPUT`, `NOT_FOUND`) becomes the warning `<prefix>: <error>` and the empty result.
 * The library's own errors (`RULE_BUDGET_EXCEEDED`, `INPUT_TOO_LARGE`, …) and the merge failures
 * that crash Kuma 2.8.8's whole proxy (`MERGE_FAILURE`: MeshMetric `appendProfiles`) propagate, so
 * callers can report that type as failed. Kinds are told apart by `code` only; anything that is
 * not a `MeshPolicyError` is a defect and propagates unchanged.
 */
export function kumaRuleStep<T>(build: () => T, empty: () => T, prefix: string): KumaRuleStepResult<T> {
  if (typeof build !== 'function' || typeof empty !== 'function')
    throw invalidArgument('kumaRuleStep', 'build and empty must be functions');
  try {
    return { value: build() };
  } catch (e) {
    if (e instanceof MeshPolicyError && KUMA_RETURNED.has(e.code))
      return { value: empty(), warning: `${prefix}: ${errorText(e)}` };
    throw e;
  }
}

/** `kumaRuleStep`, its warning appended to this call's own list. */
function ruleStep<T>(build: () => T, empty: () => T, prefix: string, warnings: string[]): T {
  const { value, warning } = kumaRuleStep(build, empty, prefix);
  if (warning !== undefined) warnings.push(warning);
  return value;
}

/**
 * The targetRef policies of `type` that apply to `dataplane`, sorted in Kuma 2.8.8's priority
 * order, with their single-item, `to`, `from` (per inbound listener) and builtin-gateway rule
 * sets, Kuma's warnings, and an explanation (sort key, selected inbounds, reason) per policy.
 *
 * `resources` should be the dataplane's mesh: policies of `type`, MeshGateways and MeshHTTPRoutes
 * (anything else is ignored); like Kuma, policies' meshes are not compared with the dataplane's.
 * Input order matters only where Kuma's does (builtin-gateway listener-hostname lists; the first /
 * last MeshHTTPRoute sharing a display name). Unresolvable references and unsupported kinds become
 * warnings; an unknown `type` throws `MeshPolicyError('INVALID_INPUT')`.
 */
export function matchedPolicies<K extends string>(
  type: K,
  dataplane: Dataplane,
  resources: readonly Resource[],
  opts: DeepReadonly<MatchedPoliciesOptions> = {},
): MatchedPolicies<K> {
  const sel = matchDataplanePolicies(type, dataplane, resources, opts);
  const warnings = [...sel.warnings];
  const routes = sel.httpRoutes;
  const ruleOpts = ruleSetOptionsOf(opts);
  // Kuma builds the same rule set several times (to-rules of the whole proxy and of each listener
  // often come from the same policy list; gateway from-rules equal from-rules). Building is pure,
  // so identical inputs are built once per call and the outcome — rules or error — is replayed.
  const index = new Map<TargetRefPolicy, number>();
  resources.forEach((r, i) => {
    index.set(r as TargetRefPolicy, i);
  });
  const toCache = new Map<string, Outcome<Rule[]>>();
  const toRulesOf = (list: readonly TargetRefPolicy[]): Rule[] =>
    replay(toCache, list.map((p) => index.get(p)).join(','), () =>
      buildToRules(type, list, routes, ruleOpts),
    );
  const fromCache = new Map<string, Outcome<Record<InboundKey, Rule[]>>>();
  const fromRulesOf = (): Record<InboundKey, Rule[]> =>
    replay(fromCache, '', () => buildFromRules(type, sel.byInbound, ruleOpts));

  const fromRules = ruleStep(fromRulesOf, () => ({}), "couldn't create From rules", warnings);
  const toRules = ruleStep(
    () => toRulesOf(sel.dataplanePolicies),
    () => [],
    "couldn't create To rules",
    warnings,
  );
  const gatewayRules = ruleStep<GatewayRuleSets>(
    () => {
      const byListenerAndHostname = Object.fromEntries(
        Object.keys(sel.byListenerHostname).map((key) => [key, toRulesOf(sel.byListenerHostname[key] ?? [])]),
      );
      const byListener = Object.fromEntries(
        Object.keys(sel.byInbound).map((key) => [key, toRulesOf(sel.byInbound[key] ?? [])]),
      );
      return { fromRules: fromRulesOf(), toRules: { byListener, byListenerAndHostname } };
    },
    () => ({ fromRules: {}, toRules: { byListener: {}, byListenerAndHostname: {} } }),
    "couldn't create Gateway rules",
    warnings,
  );
  const singleItemRules = ruleStep(
    () => buildSingleItemRules(type, sel.dataplanePolicies, ruleOpts),
    () => [],
    "couldn't create top level rules",
    warnings,
  );
  // Rule confs are what the kind's conf schema admitted, merged: typed by kind for the caller.
  return {
    type,
    dataplanePolicies: sel.dataplanePolicies,
    singleItemRules,
    toRules,
    fromRules,
    gatewayRules,
    warnings,
    explanations: sel.explanations,
  } as MatchedPolicies<K>;
}
