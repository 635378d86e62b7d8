/**
 * targetRef rules several policy kinds share: Kuma 2.8.8's `IncludesGateways`
 * (`api/common/v1alpha1/ref.go`), the `from` / `to` sections of policies that reach gateways
 * through `to` only (MeshFaultInjection, MeshRateLimit `validateFrom` / `validateTo`), and the
 * deprecation of `from[].targetRef.kind: MeshService` (`deprecated.go`).
 */
import { type TargetRefInput, validateTargetRef } from './tags.js';
import { MSG, type Path, type Violations } from './violations.js';

/**
 * Kuma's `IncludesGateways`: the targetRef can select gateway proxies — a MeshGateway, a
 * MeshHTTPRoute, or a Mesh / MeshSubset whose `proxyTypes` is empty or lists `Gateway`.
 */
export function includesGateways(ref: TargetRefInput): boolean {
  const kind = ref.kind ?? '';
  const proxyTypes = ref.proxyTypes ?? [];
  const meshKind = kind === 'Mesh' || kind === 'MeshSubset';
  return (
    kind === 'MeshGateway' ||
    kind === 'MeshHTTPRoute' ||
    (meshKind && (proxyTypes.length === 0 || proxyTypes.includes('Gateway')))
  );
}

/** A `from[]` / `to[]` item as these checks read it. */
interface SectionItem<C> {
  readonly targetRef?: TargetRefInput;
  readonly default?: C;
}

/** Options of `validateGatewayAwareSections`. */
export interface GatewayAwareSectionsOptions<C> {
  /** Kinds a `from[].targetRef` may have. */
  fromKinds: readonly string[];
  /** Kinds a `to[].targetRef` may have. */
  toKinds: readonly string[];
  /** The kind's check of one `default`, at `path`. */
  validateDefault: (v: Violations, path: Path, conf: C | undefined) => void;
}

/**
 * `spec.from` and `spec.to` of a policy that reaches gateways through `to` only: `from` must not be
 * defined when the top-level targetRef includes gateways, `to` must not be defined when it does
 * not; otherwise each item's targetRef and `default` are checked.
 */
export function validateGatewayAwareSections<C>(
  v: Violations,
  top: TargetRefInput,
  spec: { readonly from?: readonly SectionItem<C>[]; readonly to?: readonly SectionItem<C>[] },
  opts: GatewayAwareSectionsOptions<C>,
): void {
  const gateways = includesGateways(top);
  const sections = [
    ['from', spec.from ?? [], gateways, opts.fromKinds],
    ['to', spec.to ?? [], !gateways, opts.toKinds],
  ] as const;
  for (const [name, items, forbidden, kinds] of sections) {
    if (forbidden && items.length > 0) {
      v.add(['spec', name], MSG.mustNotBeDefined);
      continue;
    }
    items.forEach((item, i) => {
      validateTargetRef(v, ['spec', name, i, 'targetRef'], item.targetRef, { supportedKinds: kinds });
      opts.validateDefault(v, ['spec', name, i, 'default'], item.default);
    });
  }
}

/** Kuma's deprecation of `from[].targetRef.kind: MeshService` (MeshFaultInjection, MeshTrafficPermission). */
export const FROM_MESH_SERVICE_DEPRECATED =
  "MeshService value for 'from[].targetRef.kind' is deprecated, use MeshSubset with 'kuma.io/service' instead";

/** Warns at the first `from[i].targetRef.kind` that is MeshService (Kuma reports only one). */
export function warnFromMeshService(
  v: Violations,
  from: ReadonlyArray<{ readonly targetRef?: TargetRefInput }>,
): void {
  const i = from.findIndex((item) => item.targetRef?.kind === 'MeshService');
  if (i >= 0) v.warn(['spec', 'from', i, 'targetRef', 'kind'], FROM_MESH_SERVICE_DEPRECATED);
}
