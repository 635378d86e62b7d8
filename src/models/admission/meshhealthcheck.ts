/**
 * MeshHealthCheck admission (Kuma 2.8.8 `pkg/plugins/policies/meshhealthcheck/api/v1alpha1/validator.go`).
 */
import type { MeshHealthCheckConf } from '../policies/meshhealthcheck.js';
import type { TargetRefPolicy } from '../resource.js';
import {
  durationGreaterThanZeroOrNil,
  intPercentageOrNil,
  pathOrNil,
  percentageOrNil,
  statusCode,
  stringDefined,
  valueGreaterThanZeroOrNil,
} from './checks.js';
import { type TargetRefInput, validateTargetRef } from './tags.js';
import { mustHaveAtLeastOne, type Path, type Violations } from './violations.js';

interface Item {
  readonly targetRef?: TargetRefInput;
  readonly default?: MeshHealthCheckConf;
}

type Http = NonNullable<MeshHealthCheckConf['http']>;

export function validateMeshHealthCheck(r: TargetRefPolicy<'MeshHealthCheck'>, v: Violations): void {
  const spec = r.spec as { targetRef?: TargetRefInput; to?: readonly Item[] };
  validateTargetRef(v, ['spec', 'targetRef'], spec.targetRef, {
    supportedKinds: ['Mesh', 'MeshSubset', 'MeshGateway', 'MeshService', 'MeshServiceSubset'],
    gatewayListenerTagsAllowed: true,
  });
  (spec.to ?? []).forEach((item, i) => {
    validateTargetRef(v, ['spec', 'to', i, 'targetRef'], item.targetRef, {
      supportedKinds: ['Mesh', 'MeshService'],
    });
    validateDefault(v, ['spec', 'to', i, 'default'], item.default ?? {});
  });
}

function validateDefault(v: Violations, path: Path, c: MeshHealthCheckConf): void {
  durationGreaterThanZeroOrNil(v, [...path, 'interval'], c.interval);
  durationGreaterThanZeroOrNil(v, [...path, 'timeout'], c.timeout);
  valueGreaterThanZeroOrNil(v, [...path, 'unhealthyThreshold'], c.unhealthyThreshold);
  valueGreaterThanZeroOrNil(v, [...path, 'healthyThreshold'], c.healthyThreshold);
  durationGreaterThanZeroOrNil(v, [...path, 'initialJitter'], c.initialJitter);
  durationGreaterThanZeroOrNil(v, [...path, 'intervalJitter'], c.intervalJitter);
  intPercentageOrNil(v, [...path, 'intervalJitterPercent'], c.intervalJitterPercent);
  percentageOrNil(v, [...path, 'healthyPanicThreshold'], c.healthyPanicThreshold);
  durationGreaterThanZeroOrNil(v, [...path, 'noTrafficInterval'], c.noTrafficInterval);
  pathOrNil(v, [...path, 'eventLogPath'], c.eventLogPath);
  if (c.http !== undefined) validateHttp(v, [...path, 'http'], c.http);
  if (c.http === undefined && c.tcp === undefined && c.grpc === undefined)
    v.add(path, mustHaveAtLeastOne('http', 'tcp', 'grpc'));
}

function validateHttp(v: Violations, path: Path, http: Http): void {
  if (http.path !== undefined) stringDefined(v, [...path, 'path'], http.path);
  (http.expectedStatuses ?? []).forEach((status, i) => {
    statusCode(v, [...path, 'expectedStatuses', i], status);
  });
  // Not a Kuma check: `set` / `add` one level too high are silently ignored by Kuma's decoder.
  for (const field of ['set', 'add'] as const) {
    if (http[field] !== undefined)
      v.warn([...path, field], `unknown field, ignored by Kuma (did you mean requestHeadersToAdd.${field}?)`);
  }
}
