/**
 * MeshCircuitBreaker admission (Kuma 2.8.8 `pkg/plugins/policies/meshcircuitbreaker/api/v1alpha1/validator.go`).
 */
import type { MeshCircuitBreakerConf } from '../policies/meshcircuitbreaker.js';
import type { TargetRefPolicy } from '../resource.js';
import {
  decimalOf,
  durationGreaterThanZeroOrNil,
  integerGreaterThanZeroOrNil,
  intPercentageOrNil,
} from './checks.js';
import { type TargetRefInput, validateTargetRef } from './tags.js';
import { MSG, mustHaveAtLeastOne, type Path, type Violations } from './violations.js';

interface Item {
  readonly targetRef?: TargetRefInput;
  readonly default?: MeshCircuitBreakerConf;
}

type OutlierDetection = NonNullable<MeshCircuitBreakerConf['outlierDetection']>;
type Detectors = NonNullable<OutlierDetection['detectors']>;

export function validateMeshCircuitBreaker(r: TargetRefPolicy<'MeshCircuitBreaker'>, v: Violations): void {
  const spec = r.spec as { targetRef?: TargetRefInput; to?: readonly Item[]; from?: readonly Item[] };
  validateTargetRef(v, ['spec', 'targetRef'], spec.targetRef, {
    supportedKinds: ['Mesh', 'MeshSubset', 'MeshService', 'MeshGateway', 'MeshServiceSubset'],
    gatewayListenerTagsAllowed: true,
  });
  const to = spec.to ?? [];
  const from = spec.from ?? [];
  if (to.length === 0 && from.length === 0) v.add(['spec'], "at least one of 'from', 'to' has to be defined");
  from.forEach((item, i) => {
    validateTargetRef(v, ['spec', 'from', i, 'targetRef'], item.targetRef, { supportedKinds: ['Mesh'] });
    validateDefault(v, ['spec', 'from', i, 'default'], item.default);
  });
  to.forEach((item, i) => {
    validateTargetRef(v, ['spec', 'to', i, 'targetRef'], item.targetRef, {
      supportedKinds: ['Mesh', 'MeshService'],
    });
    validateDefault(v, ['spec', 'to', i, 'default'], item.default);
  });
}

function validateDefault(v: Violations, path: Path, conf: MeshCircuitBreakerConf | undefined): void {
  const c = conf ?? {};
  if (c.connectionLimits === undefined && c.outlierDetection === undefined) {
    v.add(path, "at least one of: 'connectionLimits' or 'outlierDetection' should be configured");
    return;
  }
  const limits = c.connectionLimits;
  if (limits !== undefined) {
    const lp = [...path, 'connectionLimits'];
    integerGreaterThanZeroOrNil(v, [...lp, 'maxConnections'], limits.maxConnections);
    integerGreaterThanZeroOrNil(v, [...lp, 'maxConnectionPools'], limits.maxConnectionPools);
    integerGreaterThanZeroOrNil(v, [...lp, 'maxPendingRequests'], limits.maxPendingRequests);
    integerGreaterThanZeroOrNil(v, [...lp, 'maxRetries'], limits.maxRetries);
    integerGreaterThanZeroOrNil(v, [...lp, 'maxRequests'], limits.maxRequests);
  }
  if (c.outlierDetection !== undefined)
    validateOutlierDetection(v, [...path, 'outlierDetection'], c.outlierDetection);
}

function validateOutlierDetection(v: Violations, path: Path, od: OutlierDetection): void {
  durationGreaterThanZeroOrNil(v, [...path, 'interval'], od.interval);
  durationGreaterThanZeroOrNil(v, [...path, 'baseEjectionTime'], od.baseEjectionTime);
  intPercentageOrNil(v, [...path, 'maxEjectionPercent'], od.maxEjectionPercent);
  validateDetectors(v, [...path, 'detectors'], od.detectors);
}

function validateDetectors(v: Violations, path: Path, d: Detectors | undefined): void {
  if (d === undefined) {
    v.add(path, MSG.mustBeDefined);
    return;
  }
  if (
    d.totalFailures === undefined &&
    d.gatewayFailures === undefined &&
    d.localOriginFailures === undefined &&
    d.successRate === undefined &&
    d.failurePercentage === undefined
  ) {
    v.add(
      path,
      mustHaveAtLeastOne(
        'totalFailures',
        'gatewayFailures',
        'localOriginFailures',
        'successRate',
        'failurePercentage',
      ),
    );
    return;
  }
  for (const name of ['totalFailures', 'gatewayFailures', 'localOriginFailures'] as const) {
    const detector = d[name];
    if (detector !== undefined)
      integerGreaterThanZeroOrNil(v, [...path, name, 'consecutive'], detector.consecutive);
  }
  const sr = d.successRate;
  if (sr !== undefined) {
    const sp = [...path, 'successRate'];
    integerGreaterThanZeroOrNil(v, [...sp, 'minimumHosts'], sr.minimumHosts);
    integerGreaterThanZeroOrNil(v, [...sp, 'requestVolume'], sr.requestVolume);
    if (sr.standardDeviationFactor !== undefined) {
      const factor = decimalOf(sr.standardDeviationFactor);
      if (factor === undefined) v.add([...sp, 'standardDeviationFactor'], 'invalid number');
      else if (factor <= 0) v.add([...sp, 'standardDeviationFactor'], MSG.hasToBeGreaterThanZero);
    }
  }
  const fp = d.failurePercentage;
  if (fp !== undefined) {
    const pp = [...path, 'failurePercentage'];
    integerGreaterThanZeroOrNil(v, [...pp, 'minimumHosts'], fp.minimumHosts);
    integerGreaterThanZeroOrNil(v, [...pp, 'requestVolume'], fp.requestVolume);
    intPercentageOrNil(v, [...pp, 'threshold'], fp.threshold);
  }
}
