/**
 * MeshTrafficPermission admission (Kuma 2.8.8 `pkg/plugins/policies/meshtrafficpermission/api/v1alpha1/validator.go`
 * and `deprecated.go`).
 */
import type { MeshTrafficPermissionConf } from '../policies/meshtrafficpermission.js';
import type { TargetRefPolicy } from '../resource.js';
import { type TargetRefInput, type TargetRefOptions, validateTargetRef } from './tags.js';
import { warnFromMeshService } from './targetref-common.js';
import { MSG, type Violations } from './violations.js';

interface Item {
  readonly targetRef?: TargetRefInput;
  readonly default?: MeshTrafficPermissionConf;
}

const KINDS: TargetRefOptions = {
  supportedKinds: ['Mesh', 'MeshSubset', 'MeshService', 'MeshServiceSubset', 'MeshExternalService'],
};

export function validateMeshTrafficPermission(
  r: TargetRefPolicy<'MeshTrafficPermission'>,
  v: Violations,
): void {
  const spec = r.spec as { targetRef?: TargetRefInput; from?: readonly Item[] };
  validateTargetRef(v, ['spec', 'targetRef'], spec.targetRef, KINDS);
  const from = spec.from ?? [];
  if (from.length === 0) v.add(['spec', 'from'], 'needs at least one item');
  from.forEach((item, i) => {
    validateTargetRef(v, ['spec', 'from', i, 'targetRef'], item.targetRef, KINDS);
    // `action` is a plain string in Go: absent (or empty) reads as "".
    const action: string = item.default?.action ?? '';
    if (action === '') v.add(['spec', 'from', i, 'default', 'action'], MSG.mustBeDefined);
  });
  warnFromMeshService(v, from);
}
