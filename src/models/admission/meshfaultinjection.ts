/**
 * MeshFaultInjection admission (Kuma 2.8.8 `pkg/plugins/policies/meshfaultinjection/api/v1alpha1/validator.go`
 * and `deprecated.go`).
 */
import { policyRole } from '../common.js';
import type { MeshFaultInjectionConf } from '../policies/meshfaultinjection.js';
import type { TargetRefPolicy } from '../resource.js';
import { bandwidth, durationNotNegative, percentage, statusCode } from './checks.js';
import { type TargetRefInput, validateTargetRef } from './tags.js';
import { validateGatewayAwareSections, warnFromMeshService } from './targetref-common.js';
import type { Path, Violations } from './violations.js';

interface Item {
  readonly targetRef?: TargetRefInput;
  readonly default?: MeshFaultInjectionConf;
}

export function validateMeshFaultInjection(r: TargetRefPolicy<'MeshFaultInjection'>, v: Violations): void {
  const spec = r.spec as { targetRef?: TargetRefInput; to?: readonly Item[]; from?: readonly Item[] };
  const top = spec.targetRef ?? {};
  const system = policyRole(r) === 'system';
  validateTargetRef(v, ['spec', 'targetRef'], top, {
    supportedKinds: system
      ? ['Mesh', 'MeshSubset', 'MeshGateway', 'MeshService', 'MeshServiceSubset']
      : ['Mesh', 'MeshSubset', 'MeshService', 'MeshServiceSubset'],
    gatewayListenerTagsAllowed: system,
  });
  validateGatewayAwareSections(v, top, spec, {
    fromKinds: ['Mesh', 'MeshSubset', 'MeshServiceSubset', 'MeshService'],
    toKinds: ['Mesh'],
    validateDefault,
  });
  warnFromMeshService(v, spec.from ?? []);
}

/**
 * The faults of one `default`. Kuma's paths index each fault kind by the fault's position in
 * `http` (`http.delay[1]` is the delay of `http[1]`), and report the bandwidth limit at
 * `responseBandwidth[i].responseBandwidth`. Absent required values are Go zero values: a 0
 * percentage and a 0s delay are accepted, a 0 status code is not.
 */
function validateDefault(v: Violations, path: Path, conf: MeshFaultInjectionConf | undefined): void {
  const hp = [...path, 'http'];
  (conf?.http ?? []).forEach((fault, i) => {
    if (fault.abort !== undefined) {
      const p = [...hp, 'abort', i];
      statusCode(v, [...p, 'httpStatus'], fault.abort.httpStatus ?? 0);
      percentage(v, [...p, 'percentage'], fault.abort.percentage ?? 0, true);
    }
    if (fault.delay !== undefined) {
      const p = [...hp, 'delay', i];
      durationNotNegative(v, [...p, 'value'], fault.delay.value ?? '0s');
      percentage(v, [...p, 'percentage'], fault.delay.percentage ?? 0, true);
    }
    if (fault.responseBandwidth !== undefined) {
      const p = [...hp, 'responseBandwidth', i];
      bandwidth(v, [...p, 'responseBandwidth'], fault.responseBandwidth.limit ?? '');
      percentage(v, [...p, 'percentage'], fault.responseBandwidth.percentage ?? 0, true);
    }
  });
}
