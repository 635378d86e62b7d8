/**
 * MeshTimeout admission (Kuma 2.8.8 `pkg/plugins/policies/meshtimeout/api/v1alpha1/validator.go`).
 */
import { policyRole } from '../common.js';
import type { MeshTimeoutConf } from '../policies/meshtimeout.js';
import type { TargetRefPolicy } from '../resource.js';
import { durationGreaterThanZeroOrNil, durationNotNegativeOrNil, mustBeNil } from './checks.js';
import { type TargetRefInput, type TargetRefOptions, validateTargetRef } from './tags.js';
import { MSG, type Path, type Violations } from './violations.js';

interface Item {
  readonly targetRef?: TargetRefInput;
  readonly default?: MeshTimeoutConf;
}

/** The top-level targetRef of a policy with the `system` role (the default) and of the others. */
const TOP_SYSTEM: TargetRefOptions = {
  supportedKinds: ['Mesh', 'MeshSubset', 'MeshGateway', 'MeshService', 'MeshServiceSubset', 'MeshHTTPRoute'],
  gatewayListenerTagsAllowed: true,
};
const TOP_OTHER: TargetRefOptions = {
  supportedKinds: ['Mesh', 'MeshSubset', 'MeshService', 'MeshServiceSubset'],
  gatewayListenerTagsAllowed: false,
};
const MESH_ONLY: TargetRefOptions = { supportedKinds: ['Mesh'] };
const MESH_OR_SERVICE: TargetRefOptions = { supportedKinds: ['Mesh', 'MeshService'] };

export function validateMeshTimeout(r: TargetRefPolicy<'MeshTimeout'>, v: Violations): void {
  const spec = r.spec as { targetRef?: TargetRefInput; to?: readonly Item[]; from?: readonly Item[] };
  const top = spec.targetRef ?? {};
  const topKind = top.kind ?? '';
  validateTargetRef(v, ['spec', 'targetRef'], top, policyRole(r) === 'system' ? TOP_SYSTEM : TOP_OTHER);
  const to = spec.to ?? [];
  const from = spec.from ?? [];
  if (to.length === 0 && from.length === 0) v.add(['spec'], "at least one of 'from', 'to' has to be defined");
  if ((topKind === 'MeshHTTPRoute' || topKind === 'MeshGateway') && from.length > 0) {
    v.add(['spec', 'from'], MSG.mustNotBeDefined);
  } else {
    from.forEach((item, i) => {
      validateTargetRef(v, ['spec', 'from', i, 'targetRef'], item.targetRef, MESH_ONLY);
      validateDefault(v, ['spec', 'from', i, 'default'], item.default, topKind);
    });
  }
  to.forEach((item, i) => {
    validateTargetRef(
      v,
      ['spec', 'to', i, 'targetRef'],
      item.targetRef,
      topKind === 'MeshHTTPRoute' || topKind === 'MeshGateway' ? MESH_ONLY : MESH_OR_SERVICE,
    );
    validateDefault(v, ['spec', 'to', i, 'default'], item.default, topKind);
  });
}

function validateDefault(
  v: Violations,
  path: Path,
  conf: MeshTimeoutConf | undefined,
  topKind: string,
): void {
  const c = conf ?? {};
  if (c.connectionTimeout === undefined && c.idleTimeout === undefined && c.http === undefined) {
    v.add(path, 'at least one timeout should be configured');
    return;
  }
  if (topKind === 'MeshHTTPRoute') {
    const msg = "can't be specified when top-level TargetRef is referencing MeshHTTPRoute";
    mustBeNil(v, [...path, 'connectionTimeout'], c.connectionTimeout, msg);
    mustBeNil(v, [...path, 'idleTimeout'], c.idleTimeout, msg);
    if (c.http !== undefined) {
      mustBeNil(v, [...path, 'http', 'maxStreamDuration'], c.http.maxStreamDuration, msg);
      mustBeNil(v, [...path, 'http', 'maxConnectionDuration'], c.http.maxConnectionDuration, msg);
    }
  }
  durationGreaterThanZeroOrNil(v, [...path, 'connectionTimeout'], c.connectionTimeout);
  durationNotNegativeOrNil(v, [...path, 'idleTimeout'], c.idleTimeout);
  const http = c.http;
  if (http === undefined) return;
  const hp = [...path, 'http'];
  if (
    http.requestTimeout === undefined &&
    http.streamIdleTimeout === undefined &&
    http.maxStreamDuration === undefined &&
    http.maxConnectionDuration === undefined
  )
    v.add(hp, 'at least one timeout in this section should be configured');
  durationNotNegativeOrNil(v, [...hp, 'requestTimeout'], http.requestTimeout);
  durationNotNegativeOrNil(v, [...hp, 'streamIdleTimeout'], http.streamIdleTimeout);
  durationNotNegativeOrNil(v, [...hp, 'maxStreamDuration'], http.maxStreamDuration);
  durationNotNegativeOrNil(v, [...hp, 'maxConnectionDuration'], http.maxConnectionDuration);
  durationNotNegativeOrNil(v, [...hp, 'requestHeadersTimeout'], http.requestHeadersTimeout);
}
