/**
 * MeshExternalService admission (Kuma 2.8.8
 * `pkg/core/resources/apis/meshexternalservice/api/v1alpha1/validator.go`).
 *
 * Kuma reads absent non-pointer fields as Go zero values: a missing `match.port` is port 0 and a
 * missing `match.protocol` is "", both rejected. On Kubernetes the API server first fills the
 * CRD defaults (`match.protocol: tcp`, `subjectAltNames[].type: Exact`), so a resource loaded from
 * Kubernetes form (it carries the `k8s.kuma.io/namespace` label) is checked with them filled.
 */
import { isIP } from '../../internal/go-net.js';
import { isDNSName } from '../../internal/govalidator.js';
import type { Resource } from '../resource.js';
import type { MeshExternalServiceSpec } from '../services.js';
import { maxLength } from './checks.js';
import { MSG, oneOfMessage, type Path, type Violations } from './violations.js';

type Tls = NonNullable<MeshExternalServiceSpec['tls']>;
type Endpoint = NonNullable<MeshExternalServiceSpec['endpoints']>[number];

const MATCH_PROTOCOLS = ['tcp', 'grpc', 'http', 'http2'];
const TLS_VERSIONS = ['TLSAuto', 'TLS10', 'TLS11', 'TLS12', 'TLS13'];
const TLS_VERSION_ORDER: Readonly<Record<string, number>> = { TLS10: 0, TLS11: 1, TLS12: 2, TLS13: 3 };
const VERIFICATION_MODES = ['SkipSAN', 'SkipCA', 'SkipAll', 'Secured'];
const SAN_MATCH_TYPES = ['Prefix', 'Exact'];
const PORT_MSG = 'port must be a valid (1-65535)';
const NAMESPACE_LABEL = 'k8s.kuma.io/namespace';

export function validateMeshExternalService(r: Resource, v: Violations): void {
  maxLength(v, ['name'], r.name, 63);
  const fromKubernetes = r.labels !== undefined && Object.hasOwn(r.labels, NAMESPACE_LABEL);
  const spec = ((r as { spec?: MeshExternalServiceSpec }).spec ?? {}) as MeshExternalServiceSpec;
  validateMatch(v, ['spec', 'match'], spec.match, fromKubernetes);
  // With an extension, endpoints and tls are the extension's to validate.
  if (spec.extension === undefined) {
    if (spec.endpoints !== undefined) validateEndpoints(v, ['spec', 'endpoints'], spec.endpoints);
    if (spec.tls !== undefined) validateTls(v, ['spec', 'tls'], spec.tls, fromKubernetes);
  } else if ((spec.extension.type ?? '') === '') {
    v.add(['spec', 'extension', 'type'], MSG.mustNotBeEmpty);
  }
}

function validateMatch(
  v: Violations,
  path: Path,
  match: MeshExternalServiceSpec['match'],
  fromKubernetes: boolean,
): void {
  const type = match?.type;
  if (type !== undefined && type !== 'HostnameGenerator')
    v.add([...path, 'type'], `unrecognized type '${type}' - only 'HostnameGenerator' is supported`);
  const port = match?.port ?? 0;
  if (port === 0 || port > 65535) v.add([...path, 'port'], PORT_MSG);
  // A negative port passes Kuma's validator but not its OpenAPI schema (minimum 1).
  else if (port < 0) v.add([...path, 'port'], 'in body should be greater than or equal to 1');
  const protocol = match?.protocol ?? (fromKubernetes && match !== undefined ? 'tcp' : '');
  if (!MATCH_PROTOCOLS.includes(protocol))
    v.add([...path, 'protocol'], oneOfMessage('protocol', '', 'must be', MATCH_PROTOCOLS));
}

function validateEndpoints(v: Violations, path: Path, endpoints: readonly Endpoint[]): void {
  endpoints.forEach((endpoint, i) => {
    const address = endpoint.address ?? '';
    const port = endpoint.port;
    const ip = isIP(address);
    const unix = isValidUnixPath(address);
    const dns = isDNSName(address);
    if (ip) {
      if (port === undefined) v.add([...path, i, 'port'], `${MSG.mustBeDefined} when endpoint is an IP`);
      else if (port === 0 || port > 65535) v.add([...path, i, 'port'], PORT_MSG);
    }
    if (unix && port !== undefined)
      v.add([...path, i, 'port'], `${MSG.mustNotBeDefined} when endpoint is a unix path`);
    if (dns && port === undefined)
      v.add([...path, i, 'port'], `${MSG.mustBeDefined} when endpoint is a hostname`);
    if (!(ip || dns || unix))
      v.add([...path, i, 'address'], 'address has to be a valid IP or hostname or a unix path');
    // Ports the validator lets through but Kuma's OpenAPI schema (1–65535) rejects.
    if (port !== undefined && !(ip && (port === 0 || port > 65535))) {
      if (port < 1) v.add([...path, i, 'port'], 'in body should be greater than or equal to 1');
      else if (port > 65535) v.add([...path, i, 'port'], 'in body should be less than or equal to 65535');
    }
  });
}

function validateTls(v: Violations, path: Path, tls: Tls, fromKubernetes: boolean): void {
  if (tls.version !== undefined) validateVersion(v, [...path, 'version'], tls.version);
  const verification = tls.verification;
  if (verification === undefined) return;
  const vp = [...path, 'verification'];
  if (verification.serverName !== undefined && !isDNSName(verification.serverName))
    v.add([...vp, 'serverName'], 'must be a valid DNS name');
  if (verification.mode !== undefined && !VERIFICATION_MODES.includes(verification.mode))
    v.add([...vp, 'mode'], oneOfMessage('mode', '', 'must be', VERIFICATION_MODES));
  (verification.subjectAltNames ?? []).forEach((san, i) => {
    const type = san.type ?? (fromKubernetes ? 'Exact' : '');
    if (!SAN_MATCH_TYPES.includes(type))
      v.add([...vp, 'subjectAltNames', i, 'type'], oneOfMessage('type', '', 'must be', SAN_MATCH_TYPES));
  });
  if (verification.clientCert !== undefined && verification.clientKey === undefined)
    v.add([...vp, 'clientKey'], `${MSG.mustBeDefined} when clientCert is defined`);
  if (verification.clientCert === undefined && verification.clientKey !== undefined)
    v.add([...vp, 'clientCert'], `${MSG.mustBeDefined} when clientKey is defined`);
}

function validateVersion(v: Violations, path: Path, version: NonNullable<Tls['version']>): void {
  let specificMin = false;
  let specificMax = false;
  const { min, max } = version;
  if (min !== undefined) {
    if (!TLS_VERSIONS.includes(min))
      v.add([...path, 'min'], oneOfMessage('min', '', 'must be', TLS_VERSIONS));
    else specificMin = min !== 'TLSAuto';
  }
  if (max !== undefined) {
    if (!TLS_VERSIONS.includes(max))
      v.add([...path, 'max'], oneOfMessage('max', '', 'must be', TLS_VERSIONS));
    else specificMax = max !== 'TLSAuto';
  }
  if (
    specificMin &&
    specificMax &&
    (TLS_VERSION_ORDER[min as string] ?? 0) > (TLS_VERSION_ORDER[max as string] ?? 0)
  )
    v.add([...path, 'min'], 'min version must be lower than max');
}

/**
 * Kuma's `isValidUnixPath`: `unix://` then (up to a further `unix://`) a path as govalidator's
 * `IsUnixFilePath` accepts it, which is any text without a NUL character.
 */
function isValidUnixPath(s: string): boolean {
  if (!s.startsWith('unix://')) return false;
  const file = s.split('unix://')[1] ?? '';
  return !file.includes('\u0000');
}
