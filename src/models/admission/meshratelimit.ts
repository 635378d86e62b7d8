/**
 * MeshRateLimit admission (Kuma 2.8.8 `pkg/plugins/policies/meshratelimit/api/v1alpha1/validator.go`).
 */
import { policyRole } from '../common.js';
import type { MeshRateLimitConf, MeshRateLimitRate } from '../policies/meshratelimit.js';
import type { TargetRefPolicy } from '../resource.js';
import { durationGreaterThan, integerGreaterThan, integerGreaterThanZeroOrNil } from './checks.js';
import { type TargetRefInput, validateTargetRef } from './tags.js';
import { validateGatewayAwareSections } from './targetref-common.js';
import { MSG, mustHaveAtLeastOne, type Path, type Violations } from './violations.js';

interface Item {
  readonly targetRef?: TargetRefInput;
  readonly default?: MeshRateLimitConf;
}

export function validateMeshRateLimit(r: TargetRefPolicy<'MeshRateLimit'>, v: Violations): void {
  const spec = r.spec as { targetRef?: TargetRefInput; to?: readonly Item[]; from?: readonly Item[] };
  const top = spec.targetRef ?? {};
  const system = policyRole(r) === 'system';
  validateTargetRef(v, ['spec', 'targetRef'], top, {
    supportedKinds: system
      ? ['Mesh', 'MeshSubset', 'MeshGateway', 'MeshService', 'MeshServiceSubset', 'MeshHTTPRoute']
      : ['Mesh', 'MeshSubset', 'MeshService', 'MeshServiceSubset'],
    gatewayListenerTagsAllowed: system,
  });
  // `includesGateways` covers MeshHTTPRoute, which Kuma also rejects `from` for on its own.
  validateGatewayAwareSections(v, top, spec, { fromKinds: ['Mesh'], toKinds: ['Mesh'], validateDefault });
}

function validateDefault(v: Violations, path: Path, conf: MeshRateLimitConf | undefined): void {
  const lp = [...path, 'local'];
  const local = conf?.local;
  if (local === undefined) {
    v.add(lp, MSG.mustBeDefined);
    return;
  }
  if (local.tcp === undefined && local.http === undefined) v.add(lp, mustHaveAtLeastOne('tcp', 'http'));
  const http = local.http;
  if (http !== undefined) {
    const hp = [...lp, 'http'];
    if (http.disabled === undefined && http.requestRate === undefined && http.onRateLimit === undefined) {
      v.add(hp, mustHaveAtLeastOne('disabled', 'requestRate', 'onRateLimit'));
    } else {
      if (http.requestRate !== undefined) validateRate(v, [...hp, 'requestRate'], http.requestRate);
      if (http.onRateLimit !== undefined)
        integerGreaterThanZeroOrNil(v, [...hp, 'onRateLimit', 'status'], http.onRateLimit.status);
    }
  }
  const tcp = local.tcp;
  if (tcp !== undefined) {
    const tp = [...lp, 'tcp'];
    if (tcp.disabled === undefined && tcp.connectionRate === undefined) {
      v.add(tp, mustHaveAtLeastOne('disabled', 'connectionRate'));
    } else if (tcp.connectionRate !== undefined) {
      validateRate(v, [...tp, 'connectionRate'], tcp.connectionRate);
    }
  }
}

/** A rate: `num` > 0 and `interval` > 50ms (both Go zero values when absent). */
function validateRate(v: Violations, path: Path, rate: MeshRateLimitRate): void {
  integerGreaterThan(v, [...path, 'num'], rate.num ?? 0, 0);
  durationGreaterThan(v, [...path, 'interval'], rate.interval ?? '0s', 50_000_000n, '50ms');
}
