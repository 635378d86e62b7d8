/**
 * MeshMetric admission (Kuma 2.8.8 `pkg/plugins/policies/meshmetric/api/v1alpha1/validator.go`).
 *
 * Kuma's paths here are its own: an application's port is reported at
 * `spec.default.applications.application[0]` and a Prometheus port at
 * `spec.default.backends.backend[0].port`.
 */

import { isGoRegexp } from '../../internal/go-regexp.js';
import { isURL } from '../../internal/govalidator.js';
import { policyRole } from '../common.js';
import { NAMESPACE_LABEL } from '../format.js';
import type { MeshMetricConf } from '../policies/meshmetric.js';
import type { TargetRefPolicy } from '../resource.js';
import { validPort } from './checks.js';
import { type TargetRefInput, validateTargetRef } from './tags.js';
import { MSG, type Path, type Violations } from './violations.js';

type Selector = NonNullable<
  NonNullable<NonNullable<MeshMetricConf['sidecar']>['profiles']>['include']
>[number];

/** The CRD default of `prometheus.port`, which the Kubernetes API server fills in before admission. */
const KUBERNETES_DEFAULT_PROMETHEUS_PORT = 5670;

export function validateMeshMetric(r: TargetRefPolicy<'MeshMetric'>, v: Violations): void {
  const spec = r.spec as { targetRef?: TargetRefInput; default?: MeshMetricConf };
  const system = policyRole(r) === 'system';
  validateTargetRef(v, ['spec', 'targetRef'], spec.targetRef, {
    supportedKinds: system
      ? ['Mesh', 'MeshSubset', 'MeshService', 'MeshServiceSubset', 'MeshGateway']
      : ['Mesh', 'MeshSubset', 'MeshService', 'MeshServiceSubset'],
    gatewayListenerTagsAllowed: system,
  });
  const kubernetes = Object.hasOwn(r.labels ?? {}, NAMESPACE_LABEL);
  const conf = spec.default ?? {};
  const path: Path = ['spec', 'default'];
  validateSidecar(v, [...path, 'sidecar'], conf.sidecar);
  (conf.applications ?? []).forEach((application, i) => {
    validPort(v, [...path, 'applications', 'application', i], application.port ?? 0);
  });
  validateBackends(v, [...path, 'backends'], conf.backends, kubernetes);
}

function validateSidecar(v: Violations, path: Path, sidecar: MeshMetricConf['sidecar']): void {
  const profiles = sidecar?.profiles;
  if (profiles === undefined) return;
  const profilesPath = [...path, 'profiles'];
  if (profiles.exclude !== undefined) validateSelectors(v, [...profilesPath, 'exclude'], profiles.exclude);
  if (profiles.include !== undefined) validateSelectors(v, [...profilesPath, 'include'], profiles.include);
  (profiles.appendProfiles ?? []).forEach((profile, i) => {
    const name = profile.name ?? '';
    if (name !== 'All' && name !== 'None' && name !== 'Basic')
      v.add(
        [...profilesPath, 'appendProfiles', i, 'name'],
        `unrecognized profile name '${name}' - 'All', 'None', 'Basic' are supported`,
      );
  });
}

function validateSelectors(v: Violations, path: Path, selectors: readonly Selector[]): void {
  selectors.forEach((selector, i) => {
    const type = selector.type ?? '';
    switch (type) {
      case 'Regex':
        if (!isGoRegexp(selector.match ?? '')) v.add([...path, i, 'match'], 'invalid regex');
        return;
      case 'Prefix':
      case 'Exact':
      case 'Contains':
        return;
      default:
        v.add([...path, i, 'type'], `unrecognized type '${type}' - 'Regex', 'Prefix', 'Exact' are supported`);
    }
  });
}

function validateBackends(
  v: Violations,
  path: Path,
  backends: MeshMetricConf['backends'],
  kubernetes: boolean,
): void {
  (backends ?? []).forEach((backend, i) => {
    const backendPath = [...path, 'backend', i];
    switch (backend.type) {
      case 'Prometheus': {
        const prometheus = backend.prometheus;
        if (prometheus === undefined) {
          v.add([...backendPath, 'prometheus'], MSG.mustBeDefined);
          return;
        }
        const port = prometheus.port ?? (kubernetes ? KUBERNETES_DEFAULT_PROMETHEUS_PORT : 0);
        validPort(v, [...backendPath, 'port'], port);
        return;
      }
      case 'OpenTelemetry': {
        const otel = backend.openTelemetry;
        if (otel === undefined) {
          v.add([...backendPath, 'openTelemetry'], MSG.mustBeDefined);
          return;
        }
        const endpoint = otel.endpoint ?? '';
        const endpointPath = [...backendPath, 'openTelemetry', 'endpoint'];
        if (!isURL(endpoint)) v.add(endpointPath, 'must be a valid url');
        if (endpoint.startsWith('http://') || endpoint.startsWith('https://'))
          v.add(endpointPath, 'must not use schema');
        return;
      }
      default:
        v.add(backendPath, 'unrecognized type');
    }
  });
}
