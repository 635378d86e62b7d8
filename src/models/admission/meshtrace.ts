/**
 * MeshTrace admission (Kuma 2.8.8 `pkg/plugins/policies/meshtrace/api/v1alpha1/validator.go`).
 */

import { goUrlPort, parseGoRequestUri } from '../../internal/go-url.js';
import { isURL } from '../../internal/govalidator.js';
import { policyRole } from '../common.js';
import type { MeshTraceConf } from '../policies/meshtrace.js';
import type { TargetRefPolicy } from '../resource.js';
import { decimalOf } from './checks.js';
import { type TargetRefInput, validateTargetRef } from './tags.js';
import { MSG, mustHaveOnlyOne, type Path, type Violations } from './violations.js';

type Backend = NonNullable<MeshTraceConf['backends']>[number];

export function validateMeshTrace(r: TargetRefPolicy<'MeshTrace'>, v: Violations): void {
  const spec = r.spec as { targetRef?: TargetRefInput; default?: MeshTraceConf };
  validateTargetRef(v, ['spec', 'targetRef'], spec.targetRef, {
    supportedKinds:
      policyRole(r) === 'system'
        ? ['Mesh', 'MeshSubset', 'MeshGateway', 'MeshService', 'MeshServiceSubset']
        : ['Mesh', 'MeshSubset', 'MeshService', 'MeshServiceSubset'],
    gatewayListenerTagsAllowed: false,
  });
  validateDefault(v, ['spec', 'default'], spec.default ?? {});
}

function validateDefault(v: Violations, path: Path, conf: MeshTraceConf): void {
  const backendsPath = [...path, 'backends'];
  const backends = conf.backends;
  if (backends === undefined) v.add(backendsPath, MSG.mustBeDefined);
  const count = backends?.length ?? 0;
  // Envoy takes one tracing backend: Kuma checks the backend only when there is exactly one.
  if (count === 1 && backends?.[0] !== undefined) validateBackend(v, [...backendsPath, 0], backends[0]);
  else if (count > 1) v.add(backendsPath, 'must have zero or one backend defined');

  (conf.tags ?? []).forEach((tag, i) => {
    const tagPath = [...path, 'tags', i];
    if ((tag.name ?? '') === '') v.add([...tagPath, 'name'], MSG.mustNotBeEmpty);
    if ((tag.header !== undefined) === (tag.literal !== undefined))
      v.add(tagPath, mustHaveOnlyOne('tag', 'header', 'literal'));
  });

  const sampling = conf.sampling;
  if (sampling !== undefined) {
    validateSampling(v, [...path, 'sampling', 'client'], sampling.client);
    validateSampling(v, [...path, 'sampling', 'random'], sampling.random);
    validateSampling(v, [...path, 'sampling', 'overall'], sampling.overall);
  }
}

function validateBackend(v: Violations, path: Path, backend: Backend): void {
  switch (backend.type) {
    case 'Datadog': {
      const datadog = backend.datadog;
      if (datadog === undefined) v.add([...path, 'datadog'], MSG.mustBeDefined);
      else validateDatadogUrl(v, [...path, 'datadog', 'url'], datadog.url ?? '');
      return;
    }
    case 'Zipkin': {
      const zipkin = backend.zipkin;
      if (zipkin === undefined) v.add([...path, 'zipkin'], MSG.mustBeDefined);
      else if ((zipkin.url ?? '') === '') v.add([...path, 'zipkin', 'url'], MSG.mustNotBeEmpty);
      else if (!isURL(zipkin.url ?? '')) v.add([...path, 'zipkin', 'url'], 'must be a valid url');
      return;
    }
    case 'OpenTelemetry':
      if (backend.openTelemetry === undefined) v.add([...path, 'openTelemetry'], MSG.mustBeDefined);
      return;
    default:
      // Kuma's validator panics on a backend without a type; its OpenAPI schema (checked first)
      // requires the field.
      v.add([...path, 'type'], MSG.mustBeDefined);
  }
}

/**
 * A Datadog agent address: an `http` URL with a port in 1–65535 and nothing else. Kuma reports
 * the extra parts in Go's map order (random); they are reported here in a fixed order.
 */
function validateDatadogUrl(v: Violations, path: Path, raw: string): void {
  const url = parseGoRequestUri(raw);
  if (url === undefined) {
    v.add(path, 'must be a valid url');
    return;
  }
  if (url.scheme !== 'http') v.add(path, 'scheme must be http');
  const port = goUrlPort(url);
  if (port === '') v.add(path, `port ${MSG.mustBeDefined}`);
  else {
    const n = BigInt(port);
    if (n === 0n || n > 65535n) v.add(path, 'port must be a valid (1-65535)');
  }
  const extra: [string, boolean][] = [
    ['opaque', url.opaque !== ''],
    ['user', url.hasUser],
    ['path', url.path !== ''],
    ['query', url.rawQuery !== ''],
    ['fragment', url.fragment !== ''],
  ];
  for (const [name, present] of extra) if (present) v.add(path, `${name} ${MSG.mustNotBeDefined}`);
}

/** A sampling percentage: an integer, or a string holding a decimal number, in [0, 100]. */
function validateSampling(v: Violations, path: Path, value: number | string | undefined): void {
  if (value === undefined) return;
  const dec = decimalOf(value);
  if (dec === undefined) v.add(path, 'string is not a number');
  else if (dec < 0 || dec > 100) v.add(path, 'must be between 0 and 100');
}
