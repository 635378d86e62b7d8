import * as fc from 'fast-check';
import {
  type Dataplane,
  type Resource,
  TARGET_REF_POLICY_TYPES,
  type TargetRef,
  type TargetRefKind,
  type TargetRefPolicy,
  type TargetRefPolicyType,
} from '../models/index.js';
import { arbOutboundTarget } from './dataplane.js';
import { arbTargetRefPolicy, policyNeedsSidecarProxyType, policyTopLevelKinds } from './policies.js';
import { arbIPv4, arbServiceName, arbTagValue } from './primitives.js';

type Range = number | { min?: number; max?: number };

export interface MeshArbitraryOptions {
  /** Mesh name (default `default`). */
  mesh?: string;
  /** How many sidecar dataplanes (default 1–5). */
  dataplanes?: Range;
  /** How many targetRef policies (default 0–8). */
  policies?: Range;
  /** Policy kinds to draw from (default: all 15). */
  types?: readonly TargetRefPolicyType[];
}

/** A generated mesh: dataplanes, policies that select them, and which dataplane each policy targets. */
export interface MeshSample {
  mesh: string;
  dataplanes: Dataplane[];
  policies: TargetRefPolicy[];
  /** Dataplanes then policies, the order a loader would return them. */
  resources: Resource[];
  /**
   * For each policy name, the dataplane it was built to select. The policy selects that dataplane
   * (its top-level targetRef matches one of its inbounds and admits sidecars); it may select others.
   */
  targets: Record<string, string>;
}

function bounds(r: Range | undefined, min: number, max: number): { minLength: number; maxLength: number } {
  if (typeof r === 'number') return { minLength: r, maxLength: r };
  return { minLength: r?.min ?? min, maxLength: r?.max ?? Math.max(r?.min ?? min, max) };
}

const SELECTING: readonly TargetRefKind[] = ['Mesh', 'MeshSubset', 'MeshService', 'MeshServiceSubset'];

/** A top-level targetRef of `kind` that selects `dp` (built from its first inbound's tags). */
function selectingRef(
  type: TargetRefPolicyType,
  kind: TargetRefKind,
  dp: Dataplane,
): fc.Arbitrary<TargetRef> {
  const tags = dp.networking.inbound?.[0]?.tags ?? {};
  const service = tags['kuma.io/service'] ?? '';
  const extraKeys = Object.keys(tags).filter((k) => k !== 'kuma.io/service');
  const sidecar = policyNeedsSidecarProxyType(type);
  const proxyTypes = sidecar
    ? fc.constant<TargetRef['proxyTypes']>(['Sidecar'])
    : fc.option(fc.constantFrom<TargetRef['proxyTypes']>(['Sidecar'], ['Sidecar', 'Gateway']), {
        nil: undefined,
      });
  const pickTags = (keys: string[]) =>
    fc.subarray(keys, { minLength: 1 }).map((ks) => Object.fromEntries(ks.map((k) => [k, tags[k] ?? ''])));
  switch (kind) {
    case 'Mesh':
      return proxyTypes.map((p): TargetRef => (p === undefined ? { kind } : { kind, proxyTypes: p }));
    case 'MeshSubset':
      return fc
        .tuple(pickTags(Object.keys(tags)), proxyTypes)
        .map(([t, p]): TargetRef => (p === undefined ? { kind, tags: t } : { kind, tags: t, proxyTypes: p }));
    case 'MeshServiceSubset':
      if (extraKeys.length > 0)
        return pickTags(extraKeys).map((t): TargetRef => ({ kind, name: service, tags: t }));
      return fc.constant({ kind: 'MeshService', name: service });
    default:
      return fc.constant({ kind: 'MeshService', name: service });
  }
}

/**
 * A whole mesh whose policies actually select its dataplanes: `dataplanes` sidecars with distinct
 * services (`kuma.io/service` of their first inbound), each with outbounds to some of the other
 * services; `policies` targetRef policies, each built around one dataplane (Mesh, a MeshSubset of
 * its tags, its MeshService or a MeshServiceSubset) with `to[]` items and route backends naming the
 * mesh's services. `targets` says which dataplane each policy was built for.
 */
export function arbMesh(opts: MeshArbitraryOptions = {}): fc.Arbitrary<MeshSample> {
  const mesh = opts.mesh ?? 'default';
  const types = opts.types ?? TARGET_REF_POLICY_TYPES;
  const dpBounds = bounds(opts.dataplanes, 1, 5);
  return fc
    .uniqueArray(arbServiceName(), { ...dpBounds, minLength: Math.max(1, dpBounds.minLength) })
    .chain((services) => {
      const dataplanes = fc.tuple(
        ...services.map((service, i) =>
          fc
            .record({
              address: arbIPv4(),
              version: fc.constantFrom('v1', 'v2', 'v3'),
              team: fc.option(arbTagValue(), { nil: undefined }),
              outbound: fc.subarray(services.filter((_, j) => j !== i)),
              extraOutbound: fc.array(arbOutboundTarget(), { maxLength: 1 }),
            })
            .map((g): Dataplane => {
              const tags: Record<string, string> = { 'kuma.io/service': service, version: g.version };
              if (g.team !== undefined) tags.team = g.team;
              const outbound = [
                ...g.outbound.map((s) => ({ tags: { 'kuma.io/service': s } })),
                ...g.extraOutbound.filter(
                  (o) => !services.includes(o.tags?.['kuma.io/service'] ?? o.backendRef?.name ?? ''),
                ),
              ].map((o, k) => ({ ...o, port: 10001 + k }));
              return {
                type: 'Dataplane',
                mesh,
                name: `${service.replace(/_/g, '-')}-${i + 1}`,
                labels: {},
                networking: {
                  address: g.address,
                  inbound: [{ port: 8080, servicePort: 80, tags }],
                  ...(outbound.length > 0 ? { outbound } : {}),
                },
              };
            }),
        ),
      );
      return dataplanes.chain((dps) => {
        const policy = fc
          .record({ type: fc.constantFrom(...types), target: fc.nat(dps.length - 1) })
          .chain(({ type, target }) => {
            const dp = dps[target] as Dataplane;
            const kinds = policyTopLevelKinds(type).filter((k) => SELECTING.includes(k));
            return fc
              .constantFrom(...kinds)
              .chain((kind) =>
                arbTargetRefPolicy(type, { mesh, services, targetRef: selectingRef(type, kind, dp) }),
              )
              .map((p) => ({ policy: p, target: dp.name }));
          });
        return fc.array(policy, bounds(opts.policies, 0, 8)).map((list): MeshSample => {
          const targets: Record<string, string> = {};
          const policies = list.map(({ policy, target }, i) => {
            const name = `${policy.type.toLowerCase()}-${i + 1}`;
            targets[name] = target;
            // Shadow policies would not select anything by default; the arbitraries never make them.
            return { ...policy, name };
          });
          return { mesh, dataplanes: dps, policies, resources: [...dps, ...policies], targets };
        });
      });
    });
}
