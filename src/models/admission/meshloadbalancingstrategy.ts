/**
 * MeshLoadBalancingStrategy admission (Kuma 2.8.8
 * `pkg/plugins/policies/meshloadbalancingstrategy/api/v1alpha1/validator.go`).
 */
import type { z } from 'zod';
import type {
  MeshLoadBalancingStrategyConf,
  MeshLoadBalancingStrategyHashPolicy,
  MeshLoadBalancingStrategyLoadBalancer,
  MeshLoadBalancingStrategyLocalityAwareness,
} from '../policies/meshloadbalancingstrategy.js';
import type { TargetRefPolicy } from '../resource.js';
import { integerGreaterThanZeroOrNil, intOrStringGreaterOrEqual, percentage } from './checks.js';
import { type TargetRefInput, validateTargetRef } from './tags.js';
import { MSG, type Path, type Violations } from './violations.js';

type LoadBalancer = z.infer<typeof MeshLoadBalancingStrategyLoadBalancer>;
type LocalityAwareness = z.infer<typeof MeshLoadBalancingStrategyLocalityAwareness>;
type HashPolicy = z.infer<typeof MeshLoadBalancingStrategyHashPolicy>;

interface Item {
  readonly targetRef?: TargetRefInput;
  readonly default?: MeshLoadBalancingStrategyConf;
}

export function validateMeshLoadBalancingStrategy(
  r: TargetRefPolicy<'MeshLoadBalancingStrategy'>,
  v: Violations,
): void {
  const spec = r.spec as { targetRef?: TargetRefInput; to?: readonly Item[] };
  validateTargetRef(v, ['spec', 'targetRef'], spec.targetRef, {
    supportedKinds: ['Mesh', 'MeshSubset', 'MeshGateway', 'MeshService', 'MeshServiceSubset'],
    gatewayListenerTagsAllowed: true,
  });
  const to = spec.to ?? [];
  if (to.length === 0) v.add(['spec', 'to'], 'needs at least one item');
  to.forEach((item, i) => {
    validateTargetRef(v, ['spec', 'to', i, 'targetRef'], item.targetRef, {
      supportedKinds: ['Mesh', 'MeshService'],
    });
    const dp = ['spec', 'to', i, 'default'];
    validateLoadBalancer(v, [...dp, 'loadBalancer'], item.default?.loadBalancer);
    validateLocalityAwareness(v, [...dp, 'localityAwareness'], item.default?.localityAwareness);
  });
}

function validateLocalityAwareness(v: Violations, path: Path, la: LocalityAwareness | undefined): void {
  if (la === undefined) return;
  const localZone = la.localZone;
  if (localZone !== undefined) {
    const tp = [...path, 'localZone', 'affinityTags'];
    const tags = localZone.affinityTags ?? [];
    let weighted = 0;
    tags.forEach((tag, i) => {
      if ((tag.key ?? '') === '') v.add([...tp, i, 'key'], MSG.mustNotBeEmpty);
      if (tag.weight !== undefined) {
        integerGreaterThanZeroOrNil(v, [...tp, i, 'weight'], tag.weight);
        weighted++;
      }
    });
    if (weighted > 0 && weighted !== tags.length) v.add(tp, 'all or none affinity tags should have weight');
  }
  const crossZone = la.crossZone;
  if (crossZone !== undefined) {
    const cp = [...path, 'crossZone'];
    (crossZone.failover ?? []).forEach((failover, i) => {
      const fp = [...cp, 'failover', i];
      if (failover.from !== undefined) {
        const zones = failover.from.zones ?? [];
        if (zones.length === 0) v.add([...fp, 'from', 'zones'], MSG.mustNotBeEmpty);
        zones.forEach((zone, j) => {
          if (zone === '') v.add([...fp, 'from', 'zones', j], MSG.mustNotBeEmpty);
        });
      }
      // `to` is not a pointer in Go: absent, its type reads as "".
      const type = failover.to?.type ?? '';
      const toZones = failover.to?.zones ?? [];
      switch (type) {
        case 'Any':
        case 'None':
          if (toZones.length > 0) v.add([...fp, 'to', 'zones'], `must be empty when type is ${type}`);
          break;
        case 'AnyExcept':
        case 'Only':
          if (toZones.length === 0) v.add([...fp, 'to', 'zones'], `must not be empty when type is ${type}`);
          break;
        default:
          v.add([...fp, 'to', 'type'], 'unrecognized type');
      }
    });
    const threshold = crossZone.failoverThreshold;
    // `percentage` is not a pointer in Go: absent, it reads as 0, which is rejected.
    if (threshold !== undefined)
      percentage(v, [...cp, 'failoverThreshold', 'percentage'], threshold.percentage ?? 0, false);
  }
}

function validateLoadBalancer(v: Violations, path: Path, lb: LoadBalancer | undefined): void {
  if (lb === undefined) return;
  // Kuma only looks at the section that matches `type`; the others are ignored.
  switch (lb.type) {
    case 'RingHash':
      validateHashPolicies(v, [...path, 'ringHash', 'hashPolicies'], lb.ringHash?.hashPolicies);
      break;
    case 'Maglev':
      validateHashPolicies(v, [...path, 'maglev', 'hashPolicies'], lb.maglev?.hashPolicies);
      break;
    case 'LeastRequest':
      intOrStringGreaterOrEqual(
        v,
        [...path, 'leastRequest', 'activeRequestBias'],
        lb.leastRequest?.activeRequestBias,
        0,
      );
      break;
    default:
      break;
  }
}

function validateHashPolicies(v: Violations, path: Path, policies: readonly HashPolicy[] | undefined): void {
  (policies ?? []).forEach((policy, i) => {
    const p = [...path, i];
    switch (policy.type) {
      case 'Header':
        if (policy.header === undefined) v.add([...p, 'header'], MSG.mustBeDefined);
        break;
      case 'Cookie':
        if (policy.cookie === undefined) v.add([...p, 'cookie'], MSG.mustBeDefined);
        else if (policy.cookie.path !== undefined && !policy.cookie.path.startsWith('/'))
          v.add([...p, 'cookie', 'path'], 'must be an absolute path');
        break;
      case 'QueryParameter':
        if (policy.queryParameter === undefined) v.add([...p, 'queryParameter'], MSG.mustBeDefined);
        break;
      case 'FilterState':
        if (policy.filterState === undefined) v.add([...p, 'filterState'], MSG.mustBeDefined);
        break;
      case 'Connection':
        if (policy.connection === undefined) v.add([...p, 'connection'], MSG.mustBeDefined);
        break;
      default:
        break;
    }
  });
}
