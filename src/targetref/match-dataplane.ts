/**
 * The selection half of Kuma 2.8.8's `MatchedPolicies` (spec 02 §3–§5, §7): which policies of one
 * type apply to a dataplane, to which inbound listeners and gateway listener-hostnames, in which
 * priority order, with Kuma's warnings and an explanation per policy. `matchedPolicies` builds the
 * rule sets from this.
 */

import type { DeepReadonly } from '../internal/readonly.js';
import {
  displayName,
  isShadow,
  isTargetRefPolicyType,
  MeshPolicyError,
  type MeshGateway as ModelMeshGateway,
  type TargetRefPolicy as ModelTargetRefPolicy,
} from '../models/index.js';
import { metaView } from './input.js';
import {
  comparePriorityTotal,
  type PrioritySortKey,
  prioritySortKey,
  priorityTieWarnings,
} from './priority.js';
import type {
  ReadonlyDataplane as Dataplane,
  ReadonlyMeshGateway as MeshGateway,
  ReadonlyResource as Resource,
  ReadonlyTargetRefPolicy as TargetRefPolicy,
} from './readonly.js';
import { assertReadonlyResourceList } from './readonly.js';
import type { RuleSetOptions } from './rule-sets.js';
import {
  type InboundKey,
  type ListenerHostnameKey,
  selectDataplaneMeshGateway,
  selectionMatched,
  selectTargetRef,
  type TargetRefSelection,
} from './select.js';

/** Options of the matching functions. */
export interface MatchedPoliciesOptions {
  /** Include policies labelled `kuma.io/effect: shadow` (default false). */
  includeShadow?: boolean;
  /**
   * Sort the builtin-gateway listener-hostname lists by priority instead of keeping the caller's
   * input order, which is what Kuma 2.8.8 merges (default false, spec 02 §4).
   */
  sortListenerHostnameLists?: boolean;
  /** Cap on generated subsets per rule build (passed to the rule builders). */
  maxSubsets?: number;
  /**
   * Fill Kubernetes CRD defaults before merging (passed to the rule builders; default: per policy,
   * true for policies loaded from Kubernetes form).
   */
  applyKubernetesDefaults?: boolean;
  /** MeshMetric `appendProfiles` nil-list behaviour (passed to the merge; default `kuma-2.8-error`). */
  appendNilListBehaviour?: 'kuma-2.8-error' | 'treat-as-empty';
}

/** The part of the matching options the rule builders read. */
export function ruleSetOptionsOf(opts: DeepReadonly<MatchedPoliciesOptions>): RuleSetOptions {
  const out: RuleSetOptions = {};
  if (opts.maxSubsets !== undefined) out.maxSubsets = opts.maxSubsets;
  if (opts.applyKubernetesDefaults !== undefined) out.applyKubernetesDefaults = opts.applyKubernetesDefaults;
  if (opts.appendNilListBehaviour !== undefined) out.appendNilListBehaviour = opts.appendNilListBehaviour;
  return out;
}

/** Why one policy was (or was not) selected, and where it sits in the priority order. */
export interface PolicyMatchExplanation {
  policy: { type: string; mesh: string; name: string };
  /** True when the policy selected at least one inbound, listener or the delegated gateway. */
  matched: boolean;
  /** True when the policy was skipped because it is a shadow policy. */
  skippedAsShadow: boolean;
  /** The priority sort key (spec 02 §5). */
  sortKey: PrioritySortKey;
  /** Index in `dataplanePolicies` (merge order, 0 = lowest priority) when matched. */
  position?: number;
  inbounds: InboundKey[];
  listenerHostnames: ListenerHostnameKey[];
  delegatedGateway: boolean;
  /** One sentence: what the top-level targetRef selects and why. */
  reason: string;
}

/**
 * The selection result, before any rule is built. Its policies and gateway are the caller's own
 * objects, handed back as given (the library never writes to them).
 */
export interface DataplanePolicySelection<P extends ModelTargetRefPolicy = ModelTargetRefPolicy> {
  type: string;
  /** Every matched policy, sorted lowest priority first (merge order). */
  dataplanePolicies: P[];
  /** Per selected inbound listener: the policies that selected it, sorted. Keys sorted. */
  byInbound: Record<InboundKey, P[]>;
  /** Per listener-hostname key: the selecting policies in input order (or sorted, by option). */
  byListenerHostname: Record<ListenerHostnameKey, P[]>;
  /** The MeshHTTPRoutes of the input, in input order (needed to build to-rules). */
  httpRoutes: ModelTargetRefPolicy[];
  /** The dataplane's MeshGateway, if any. */
  gateway: ModelMeshGateway | undefined;
  warnings: string[];
  /** Every evaluated policy (shadow ones included), in priority order. */
  explanations: PolicyMatchExplanation[];
}

function sortedRecord<V>(map: Map<string, V>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const key of [...map.keys()].sort()) {
    Object.defineProperty(out, key, {
      value: map.get(key),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

const GO_SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

/** Go's `%q` for the ASCII range: backslash, quote and control characters escaped. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) as number;
    if (ch === '\\' || ch === '"') out += `\\${ch}`;
    else if (Object.hasOwn(GO_SHORT_ESCAPES, ch)) out += GO_SHORT_ESCAPES[ch];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Throws `MeshPolicyError('INVALID_INPUT')` unless `type` is a targetRef policy kind of Kuma 2.8.8. */
export function assertTargetRefPolicyType(type: string): void {
  if (!isTargetRefPolicyType(type)) {
    throw new MeshPolicyError('INVALID_INPUT', `"${type}" is not a targetRef policy type`, [
      { path: 'type', message: `unknown targetRef policy type "${type}"` },
    ]);
  }
}

/**
 * Which policies of `type` apply to `dataplane` and where (spec 02 §3): the dataplane's MeshGateway
 * is selected first (legacy selection over all MeshGateways), then every policy's top-level
 * targetRef is evaluated in input order. Returns the sorted `dataplanePolicies`, the per-inbound
 * (sorted) and per-listener-hostname (input order) lists, Kuma's warnings and explanations.
 */
export function matchDataplanePolicies(
  type: string,
  dataplane: Dataplane,
  resources: readonly Resource[],
  opts: DeepReadonly<MatchedPoliciesOptions> = {},
): DataplanePolicySelection {
  assertTargetRefPolicyType(type);
  if (
    dataplane === null ||
    typeof dataplane !== 'object' ||
    typeof dataplane.networking?.address !== 'string'
  ) {
    throw new MeshPolicyError('INVALID_INPUT', 'not a Dataplane', [
      { path: 'networking.address', message: 'must be defined' },
    ]);
  }
  assertReadonlyResourceList(resources, 'resources');
  const policies: TargetRefPolicy[] = [];
  const gateways: MeshGateway[] = [];
  const routes: TargetRefPolicy[] = [];
  for (const r of resources) {
    if (r.type === type) policies.push(r as TargetRefPolicy);
    if (r.type === 'MeshGateway') gateways.push(r as MeshGateway);
    if (r.type === 'MeshHTTPRoute') routes.push(r as TargetRefPolicy);
  }
  const gateway = selectDataplaneMeshGateway(dataplane, gateways);
  const ctx = { dataplane, gateway, httpRoutes: routes };
  const warnings: string[] = [];
  const routeNamesWarned = new Set<string>();

  // Evaluate every policy in input order (Kuma's loop), keeping what each one selected.
  const evaluated: Evaluated[] = policies.map((policy, index) => {
    const key = prioritySortKey(policy);
    const id = { type: policy.type, mesh: policy.mesh, name: policy.name };
    if (opts.includeShadow !== true && isShadow(metaView(policy))) {
      const explanation: PolicyMatchExplanation = {
        policy: id,
        matched: false,
        skippedAsShadow: true,
        sortKey: key,
        inbounds: [],
        listenerHostnames: [],
        delegatedGateway: false,
        reason: 'shadow policy (kuma.io/effect: shadow) skipped; set includeShadow to include it',
      };
      return { policy, key, index, selection: undefined, explanation };
    }
    const ref = policy.spec?.targetRef;
    const selection = selectTargetRef(policy, ref, ctx);
    if (selection.error !== undefined) {
      warnings.push(
        `unable to resolve TargetRef on policy: mesh:${policy.mesh} name:${policy.name} error:${goQuote(selection.error)}`,
      );
    }
    if (ref?.kind === 'MeshHTTPRoute' && ref.name !== undefined) {
      const same = routes.filter((r) => r.mesh === policy.mesh && displayName(metaView(r)) === ref.name);
      const routeKey = `${policy.mesh}/${ref.name}`;
      if (same.length > 1 && !routeNamesWarned.has(routeKey)) {
        routeNamesWarned.add(routeKey);
        warnings.push(
          `${same.length} MeshHTTPRoutes of mesh ${policy.mesh} have the display name '${ref.name}': ` +
            `matching uses '${same[0]?.name}', rule expansion uses '${same[same.length - 1]?.name}'`,
        );
      }
    }
    const matched = selectionMatched(selection);
    const explanation: PolicyMatchExplanation = {
      policy: id,
      matched,
      skippedAsShadow: false,
      sortKey: key,
      inbounds: selection.inbounds,
      listenerHostnames: selection.listenerHostnames,
      delegatedGateway: selection.delegatedGateway,
      reason: selection.reason,
    };
    return { policy, key, index, selection: matched ? selection : undefined, explanation };
  });

  // One sort serves every list: the order is total, so filtering the sorted list gives exactly
  // what sorting each sub-list (dataplanePolicies, per inbound, per listener) would give.
  const order = [...evaluated].sort(
    (x, y) => comparePriorityTotal(x.key, y.key, x.policy.mesh, y.policy.mesh) || x.index - y.index,
  );
  const dataplanePolicies: TargetRefPolicy[] = [];
  const keyOfEntry = new Map<TargetRefPolicy, PrioritySortKey>();
  const byInbound = new Map<InboundKey, TargetRefPolicy[]>();
  const sortedHostnames = new Map<ListenerHostnameKey, TargetRefPolicy[]>();
  const explanations: PolicyMatchExplanation[] = [];
  for (const e of order) {
    if (e.selection === undefined) {
      explanations.push(e.explanation);
      continue;
    }
    explanations.push({ ...e.explanation, position: dataplanePolicies.length });
    dataplanePolicies.push(e.policy);
    keyOfEntry.set(e.policy, e.key);
    for (const key of e.selection.inbounds) append(byInbound, key, e.policy);
    for (const key of e.selection.listenerHostnames) append(sortedHostnames, key, e.policy);
  }
  for (const w of priorityTieWarnings(dataplanePolicies, (p) => keyOfEntry.get(p) ?? prioritySortKey(p)))
    warnings.push(w);
  let byListenerHostname = sortedHostnames;
  if (opts.sortListenerHostnameLists !== true) {
    // Kuma 2.8.8 merges these lists in input order (spec 02 §4).
    byListenerHostname = new Map();
    for (const e of evaluated) {
      if (e.selection === undefined) continue;
      for (const key of e.selection.listenerHostnames) append(byListenerHostname, key, e.policy);
    }
  }

  // The caller's own objects go back under the caller's types.
  return {
    type,
    dataplanePolicies: dataplanePolicies as ModelTargetRefPolicy[],
    byInbound: sortedRecord(byInbound) as Record<InboundKey, ModelTargetRefPolicy[]>,
    byListenerHostname: sortedRecord(byListenerHostname) as Record<
      ListenerHostnameKey,
      ModelTargetRefPolicy[]
    >,
    httpRoutes: routes as ModelTargetRefPolicy[],
    gateway: gateway as ModelMeshGateway | undefined,
    warnings,
    explanations,
  };
}

interface Evaluated {
  policy: TargetRefPolicy;
  key: PrioritySortKey;
  /** Input position (last tie-break, so equal policies keep their input order). */
  index: number;
  /** What the policy selected, when it matched. */
  selection: TargetRefSelection | undefined;
  explanation: PolicyMatchExplanation;
}

function append<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
