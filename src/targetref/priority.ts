/**
 * The total priority order of targetRef policies (spec 02 §5), exactly as Kuma 2.8.8's
 * `ByTargetRef` sorts them, plus the deterministic tie-break of open question Q2.
 *
 * Lists are ascending: the first element has the lowest priority, the last one wins a merge.
 */

import type { DeepReadonly } from '../internal/readonly.js';
import { displayName, MeshPolicyError, origin, policyRole, type ResourceMeta } from '../models/index.js';
import { assertList, invalidArgument, isObject, metaView } from './input.js';
import type { ReadonlyTargetRef as TargetRef } from './readonly.js';
import { compareStringsUnchecked } from './subset.js';

/** Fixed order values of the targetRef kinds (spec 02 §2.1); anything else is 0. */
const KIND_ORDER: Readonly<Record<string, number>> = {
  Mesh: 1,
  MeshSubset: 2,
  MeshGateway: 3,
  MeshService: 4,
  MeshExternalService: 5,
  MeshServiceSubset: 6,
  MeshHTTPRoute: 7,
};

/** Order value of a top-level targetRef kind: Mesh 1 … MeshHTTPRoute 7, unknown/empty 0. */
export function targetRefKindOrder(kind: string | undefined): number {
  return kind !== undefined && Object.hasOwn(KIND_ORDER, kind) ? (KIND_ORDER[kind] as number) : 0;
}

/** The minimal shape the priority order reads from a policy (read-only: nothing writes to it). */
export type PrioritizedPolicy = DeepReadonly<
  Pick<ResourceMeta, 'mesh' | 'name' | 'labels'> & { type: string; spec: { targetRef?: TargetRef } }
>;

/** Every key the comparator looks at, in comparison order (for explanations). */
export interface PrioritySortKey {
  /** Top-level targetRef kind ('' when absent). */
  kind: string;
  /** Its order value (spec 02 §2.1). */
  kindOrder: number;
  /** `kuma.io/origin` ('' when absent). */
  origin: string;
  /** global −1, unknown 0, zone 1. */
  originOrder: number;
  /** Number of targetRef tags; compared only for kind MeshGateway. */
  gatewayTagCount: number;
  /** `kuma.io/policy-role` (absent = system). */
  role: string;
  /** system −1, producer 0, anything else 1. */
  roleOrder: number;
  /** Display name; compared DESCENDING (the smaller name sorts last and wins). */
  displayName: string;
  /** Core name; only breaks exact ties, descending (not part of Kuma's order). */
  coreName: string;
}

function originOrder(o: string | undefined): number {
  if (o === 'global') return -1;
  if (o === 'zone') return 1;
  return 0;
}

function roleOrder(role: string): number {
  if (role === 'system') return -1;
  if (role === 'producer') return 0;
  return 1;
}

/** The sort key of one policy (spec 02 §5). */
export function prioritySortKey(policy: PrioritizedPolicy): PrioritySortKey {
  if (typeof policy !== 'object' || policy === null) {
    throw new MeshPolicyError('INVALID_INPUT', 'not a policy', [{ path: '', message: 'must be a policy' }]);
  }
  const ref = policy.spec?.targetRef;
  const kind = ref?.kind ?? '';
  const meta = metaView(policy);
  const o = origin(meta);
  const role = policyRole(meta);
  return {
    kind,
    kindOrder: targetRefKindOrder(kind),
    origin: o ?? '',
    originOrder: originOrder(o),
    gatewayTagCount: ref?.tags === undefined ? 0 : Object.keys(ref.tags).length,
    role,
    roleOrder: roleOrder(role),
    displayName: displayName(meta),
    coreName: policy.name,
  };
}

/**
 * Go's string order (UTF-8 bytes), which Kuma's `cmp.Compare` on display names uses. Hand-built
 * input may carry a non-string name or mesh: it compares as ''.
 */
function cmp(a: unknown, b: unknown): number {
  return compareStringsUnchecked(a, b);
}

/**
 * Kuma's comparator on sort keys: negative when `a` has the lower priority. Returns 0 for an exact
 * tie (same kind, origin, gateway tag count, role and display name).
 */
export function compareKumaPriority(a: Readonly<PrioritySortKey>, b: Readonly<PrioritySortKey>): number {
  if (!isObject(a) || !isObject(b)) throw invalidArgument('compareKumaPriority', 'a and b must be sort keys');
  if (a.kindOrder !== b.kindOrder) return a.kindOrder - b.kindOrder;
  if (a.originOrder !== b.originOrder) return a.originOrder - b.originOrder;
  if (a.kind === 'MeshGateway' && a.gatewayTagCount !== b.gatewayTagCount) {
    return a.gatewayTagCount - b.gatewayTagCount;
  }
  if (a.roleOrder !== b.roleOrder) return a.roleOrder - b.roleOrder;
  return cmp(b.displayName, a.displayName);
}

/**
 * Total comparator: Kuma's order, then (exact ties, open question Q2) core name descending, then
 * mesh descending. Negative when `a` sorts first (lower priority).
 */
export function comparePolicyPriority(a: PrioritizedPolicy, b: PrioritizedPolicy): number {
  const ka = prioritySortKey(a);
  const kb = prioritySortKey(b);
  return compareKumaPriority(ka, kb) || cmp(kb.coreName, ka.coreName) || cmp(b.mesh, a.mesh);
}

/** Result of `sortByPriorityWithWarnings`. */
export interface PrioritySortResult<P> {
  /** Sorted copy, lowest priority first (merge order). */
  sorted: P[];
  /** One warning per pair of neighbours that Kuma's order cannot tell apart. */
  warnings: string[];
}

/**
 * Total order on sort keys: Kuma's order, then core name descending, then mesh descending
 * (callers add their own input-position tie-break). Negative when `a` sorts first.
 */
export function comparePriorityTotal(
  a: Readonly<PrioritySortKey>,
  b: Readonly<PrioritySortKey>,
  meshA: string,
  meshB: string,
): number {
  return compareKumaPriority(a, b) || cmp(b.coreName, a.coreName) || cmp(meshB, meshA);
}

/**
 * One warning per pair of neighbours of an already sorted list that Kuma's order cannot tell apart
 * (Kuma's unstable sort leaves their order unspecified; here the core name decides).
 */
export function priorityTieWarnings<P extends PrioritizedPolicy>(
  sorted: readonly P[],
  keyOf: (p: P) => PrioritySortKey = prioritySortKey,
): string[] {
  const warnings: string[] = [];
  let prev: P | undefined;
  let prevKey: PrioritySortKey | undefined;
  for (const cur of sorted) {
    const curKey = keyOf(cur);
    if (
      prev !== undefined &&
      prevKey !== undefined &&
      prev !== cur &&
      compareKumaPriority(prevKey, curKey) === 0
    ) {
      warnings.push(
        `policies ${prev.type} '${prev.name}' and '${cur.name}' have the same priority ` +
          `(kind ${curKey.kind || "''"}, origin ${curKey.origin || 'unknown'}, role ${curKey.role}, ` +
          `display name '${curKey.displayName}'); Kuma's order between them is unspecified, ` +
          `'${cur.name}' is merged last here (core name descending)`,
      );
    }
    prev = cur;
    prevKey = curKey;
  }
  return warnings;
}

/**
 * Sorts a copy of `policies` by priority, lowest first, and reports exact ties of Kuma's order
 * (which Kuma resolves arbitrarily) broken here by core name descending. `keyOf` lets callers
 * reuse precomputed sort keys.
 */
export function sortByPriorityWithWarnings<P extends PrioritizedPolicy>(
  policies: readonly P[],
  keyOf: (p: P) => PrioritySortKey = prioritySortKey,
): PrioritySortResult<P> {
  assertList(policies, 'policies');
  const keyOfP = keyOf ?? prioritySortKey;
  if (typeof keyOfP !== 'function')
    throw invalidArgument('sortByPriorityWithWarnings', 'keyOf must be a function');
  const keyed = policies.map((p, index) => ({ p, k: keyOfP(p), index }));
  keyed.sort((x, y) => comparePriorityTotal(x.k, y.k, x.p.mesh, y.p.mesh) || x.index - y.index);
  const sorted = keyed.map((x) => x.p);
  const keys = new Map<P, PrioritySortKey>();
  for (const x of keyed) keys.set(x.p, x.k);
  return { sorted, warnings: priorityTieWarnings(sorted, (p) => keys.get(p) ?? keyOfP(p)) };
}

/**
 * Sorts a copy of `policies` in Kuma 2.8's priority order, lowest priority first: kind
 * (Mesh < MeshSubset < MeshGateway < MeshService < MeshExternalService < MeshServiceSubset <
 * MeshHTTPRoute), origin (global < unknown < zone), MeshGateway tag count, role (system < producer
 * < other), display name descending — so the lexicographically smaller name is merged last and wins.
 * Exact ties are broken by core name descending (see `sortByPriorityWithWarnings`).
 */
export function sortByPriority<P extends PrioritizedPolicy>(policies: readonly P[]): P[] {
  return sortByPriorityWithWarnings(policies).sorted;
}
