/**
 * Mesh admission (Kuma 2.8.8 `pkg/core/resources/apis/mesh/mesh_validator.go`). The backend
 * `conf` readers and the Prometheus check it shares with Dataplane are in ./backend-conf.ts.
 *
 * Not ported: the CA-plugin checks Kuma's mesh manager runs on create/update
 * (`pkg/core/managers/apis/mesh/mesh_validator.go`), which need the installed CA plugins.
 */

import { splitHostPort } from '../../internal/go-net.js';
import { goQuote } from '../../internal/go-strconv.js';
import { goUrlPort, parseGoRequestUri } from '../../internal/go-url.js';
import type { MeshSpec } from '../mesh.js';
import type { MeshResource } from '../resource.js';
import { readConf, validatePrometheusConfig } from './backend-conf.js';
import { allowedValuesHint, validatePort, validateSelector } from './tags.js';
import type { Path, Violations } from './violations.js';

/** Kuma's `ParseDuration` (`mesh_helpers.go`): `0`, or digits with one of y w d h m s ms. */
const KUMA_DURATION = /^(?:0|\d+(?:y|w|d|h|m|s|ms))$/;

type Mtls = NonNullable<MeshSpec['mtls']>;
type Logging = NonNullable<MeshSpec['logging']>;
type Tracing = NonNullable<MeshSpec['tracing']>;
type Metrics = NonNullable<MeshSpec['metrics']>;
type Constraints = NonNullable<MeshSpec['constraints']>;

export function validateMesh(r: MeshResource, v: Violations): void {
  const spec = r as unknown as MeshSpec;
  if (spec.mtls !== undefined) validateMtls(v, spec.mtls);
  if (spec.logging !== undefined) validateLogging(v, spec.logging);
  if (spec.tracing !== undefined) validateTracing(v, spec.tracing);
  if (spec.metrics !== undefined) validateMetrics(v, spec.metrics);
  if (spec.constraints !== undefined) validateConstraints(v, spec.constraints);
  if (spec.routing?.zoneEgress === true && (spec.mtls?.enabledBackend ?? '') === '')
    v.add(['mtls'], 'has to be set when zoneEgress enabled');
}

function validateMtls(v: Violations, mtls: Mtls): void {
  const backends = mtls.backends ?? [];
  if (backends.length > 1) v.add(['mtls', 'backends'], 'cannot have more than 1 backends');
  const used = new Set<string>();
  backends.forEach((backend, i) => {
    uniqueBackendName(v, ['mtls', 'backends', i, 'name'], backend.name ?? '', used);
  });
  const enabled = mtls.enabledBackend ?? '';
  if (enabled !== '' && !used.has(enabled))
    v.add(['mtls', 'enabledBackend'], 'has to be set to one of the backends in the mesh');
  for (const backend of backends) {
    if (backend.dpCert !== undefined && !KUMA_DURATION.test(backend.dpCert.rotation?.expiration ?? ''))
      // Kuma reports this one at a literal, lower-case path.
      v.add(['mtls', 'dpcert', 'rotation', 'expiration'], 'has to be a valid format');
  }
}

function uniqueBackendName(v: Violations, path: Path, name: string, used: Set<string>): void {
  if (used.has(name)) v.add(path, `${goQuote(name)} name is already used for another backend`);
  used.add(name);
}

function validateLogging(v: Violations, logging: Logging): void {
  const used = new Set<string>();
  (logging.backends ?? []).forEach((backend, i) => {
    const path = ['logging', 'backends', i];
    if ((backend.name ?? '') === '') v.add([...path, 'name'], 'cannot be empty');
    switch (backend.type ?? '') {
      case 'file': {
        const read = readConf(backend.conf, { path: 'string' });
        if (!read.ok) v.add([...path, 'config'], `could not parse config: ${read.error}`);
        else if ((read.value.path ?? '') === '') v.add([...path, 'config', 'path'], 'cannot be empty');
        break;
      }
      case 'tcp': {
        const read = readConf(backend.conf, { address: 'string' });
        if (!read.ok) {
          v.add([...path, 'config'], `could not parse config: ${read.error}`);
          break;
        }
        const address = (read.value.address as string | undefined) ?? '';
        if (address === '') {
          v.add([...path, 'config', 'address'], 'cannot be empty');
          break;
        }
        const split = splitHostPort(address);
        if (split === undefined || split.host === '' || split.port === '')
          v.add([...path, 'config', 'address'], 'has to be in format of HOST:PORT');
        break;
      }
      default:
        v.add([...path, 'type'], 'unknown backend type. Available backends: "tcp", "file"');
    }
    uniqueBackendName(v, [...path, 'name'], backend.name ?? '', used);
  });
  const def = logging.defaultBackend ?? '';
  if (def !== '' && !used.has(def))
    v.add(['logging', 'defaultBackend'], 'has to be set to one of the logging backend in mesh');
}

function validateTracing(v: Violations, tracing: Tracing): void {
  const used = new Set<string>();
  (tracing.backends ?? []).forEach((backend, i) => {
    const path = ['tracing', 'backends', i];
    if ((backend.name ?? '') === '') v.add([...path, 'name'], 'cannot be empty');
    const sampling = backend.sampling ?? 0;
    if (sampling < 0 || sampling > 100) v.add([...path, 'sampling'], 'has to be in [0.0 - 100.0] range');
    switch (backend.type ?? '') {
      case 'zipkin':
        validateZipkin(v, [...path, 'config'], backend.conf);
        break;
      case 'datadog':
        validateDatadog(v, [...path, 'config'], backend.conf);
        break;
      default:
        v.add([...path, 'type'], 'unknown backend type. Available backends: "zipkin", "datadog"');
    }
    uniqueBackendName(v, [...path, 'name'], backend.name ?? '', used);
  });
  const def = tracing.defaultBackend ?? '';
  if (def !== '' && !used.has(def))
    v.add(['tracing', 'defaultBackend'], 'has to be set to one of the tracing backend in mesh');
}

function validateDatadog(v: Violations, path: Path, conf: unknown): void {
  const read = readConf(conf, { address: 'string', port: 'uint32', splitService: 'bool' });
  if (!read.ok) {
    v.add(path, `could not parse config: ${read.error}`);
    return;
  }
  if ((read.value.address ?? '') === '') v.add([...path, 'address'], 'cannot be empty');
  validatePort(v, [...path, 'port'], read.value.port as number | undefined);
}

function validateZipkin(v: Violations, path: Path, conf: unknown): void {
  const read = readConf(conf, {
    url: 'string',
    traceId128bit: 'bool',
    apiVersion: 'string',
    sharedSpanContext: 'boolValue',
  });
  if (!read.ok) {
    v.add(path, `could not parse config: ${read.error}`);
    return;
  }
  const apiVersion = (read.value.apiVersion as string | undefined) ?? '';
  if (apiVersion !== '' && !['httpJsonV1', 'httpJson', 'httpProto'].includes(apiVersion))
    v.add(
      [...path, 'apiVersion'],
      `has invalid value. ${allowedValuesHint('httpJsonV1', 'httpJson', 'httpProto')}`,
    );
  const url = (read.value.url as string | undefined) ?? '';
  if (url === '') {
    v.add([...path, 'url'], 'cannot be empty');
    return;
  }
  const uri = parseGoRequestUri(url);
  if (uri === undefined) v.add([...path, 'url'], 'invalid URL');
  else if (goUrlPort(uri) === '') v.add([...path, 'url'], 'port has to be explicitly specified');
}

function validateMetrics(v: Violations, metrics: Metrics): void {
  const used = new Set<string>();
  (metrics.backends ?? []).forEach((backend, i) => {
    const path = ['metrics', 'backends', i];
    uniqueBackendName(v, [...path, 'name'], backend.name ?? '', used);
    if ((backend.type ?? '') !== 'prometheus')
      v.add([...path, 'type'], 'unknown backend type. Available backends: "prometheus"');
    else validatePrometheusConfig(v, [...path, 'conf'], backend.conf);
  });
  const enabled = metrics.enabledBackend ?? '';
  if (enabled !== '' && !used.has(enabled))
    v.add(['metrics', 'enabledBackend'], 'has to be set to one of the backends in the mesh');
}

function validateConstraints(v: Violations, constraints: Constraints): void {
  const dpp = constraints.dataplaneProxy;
  if (dpp === undefined) return;
  const path = ['constraints', 'dataplaneProxy'];
  (dpp.requirements ?? []).forEach((rule, i) => {
    validateSelector(v, [...path, 'requirements', i, 'tags'], rule.tags, { requireAtLeastOneTag: true });
  });
  (dpp.restrictions ?? []).forEach((rule, i) => {
    validateSelector(v, [...path, 'restrictions', i, 'tags'], rule.tags, { requireAtLeastOneTag: true });
  });
}
