/**
 * MeshTCPRoute admission (Kuma 2.8.8 `pkg/plugins/policies/meshtcproute/api/v1alpha1/validator.go`).
 */
import { policyRole } from '../common.js';
import type { TargetRefPolicy } from '../resource.js';
import { type TargetRefInput, validateTargetRef } from './tags.js';
import type { Violations } from './violations.js';

interface To {
  readonly targetRef?: TargetRefInput;
  readonly rules?: readonly { readonly default?: { readonly backendRefs?: readonly TargetRefInput[] } }[];
}

export function validateMeshTCPRoute(r: TargetRefPolicy<'MeshTCPRoute'>, v: Violations): void {
  const spec = r.spec as { readonly targetRef?: TargetRefInput; readonly to?: readonly To[] };
  const top = spec.targetRef ?? {};
  const topKind = top.kind ?? '';
  const system = policyRole(r) === 'system';
  validateTargetRef(v, ['spec', 'targetRef'], top, {
    supportedKinds: system
      ? ['Mesh', 'MeshSubset', 'MeshGateway', 'MeshService', 'MeshServiceSubset']
      : ['Mesh', 'MeshSubset', 'MeshService', 'MeshServiceSubset'],
    gatewayListenerTagsAllowed: system,
  });
  (spec.to ?? []).forEach((to, i) => {
    validateTargetRef(v, ['spec', 'to', i, 'targetRef'], to.targetRef, {
      supportedKinds: topKind === 'MeshGateway' ? ['Mesh'] : ['MeshService', 'MeshExternalService'],
    });
    (to.rules ?? []).forEach((rule, j) => {
      (rule.default?.backendRefs ?? []).forEach((ref, k) => {
        validateTargetRef(v, ['spec', 'to', i, 'rules', j, 'default', 'backendRefs', k], ref, {
          supportedKinds: ['MeshService', 'MeshServiceSubset', 'MeshExternalService'],
        });
      });
    });
  });
}
