/**
 * ExternalService admission (Kuma 2.8.8 `pkg/core/resources/apis/mesh/external_service_validator.go`
 * and `pkg/core/resources/apis/system/validators.go` for the TLS data sources).
 */

import { isIP, splitHostPort } from '../../internal/go-net.js';
import { goQuote, parseGoInt } from '../../internal/go-strconv.js';
import { isDNSName } from '../../internal/govalidator.js';
import type { ExternalServiceNetworking } from '../external-service.js';
import type { ExternalService } from '../resource.js';
import { oneofCase } from './legacy-util.js';
import { allowedValuesHint, PROTOCOL_TAG, SERVICE_TAG, validatePort, validateTags } from './tags.js';
import { key, type Path, type Violations } from './violations.js';

type Tls = NonNullable<ExternalServiceNetworking['tls']>;
type DataSource = NonNullable<Tls['caCert']>;

/** Kuma's `SupportedProtocols`, and what `ParseProtocol` reads (case-insensitively). */
const SUPPORTED_PROTOCOLS = ['grpc', 'http', 'http2', 'kafka', 'tcp'];
const KNOWN_PROTOCOLS = new Set([...SUPPORTED_PROTOCOLS, 'tls']);

export function validateExternalService(r: ExternalService, v: Violations): void {
  // Before admission `networking` and `tags` may be missing (Kuma reports it below).
  const networking = r.networking as ExternalServiceNetworking | undefined;
  const tags = r.tags as Readonly<Record<string, string>> | undefined;
  validateNetworking(v, networking);
  const protocol = tags?.[PROTOCOL_TAG];
  if (
    tags !== undefined &&
    Object.hasOwn(tags, PROTOCOL_TAG) &&
    !KNOWN_PROTOCOLS.has((protocol ?? '').toLowerCase())
  )
    v.add(
      ['tags', key(PROTOCOL_TAG)],
      `tag ${goQuote(PROTOCOL_TAG)} has an invalid value ${goQuote(protocol ?? '')}. ${allowedValuesHint(...SUPPORTED_PROTOCOLS)}`,
    );
  validateTags(v, ['tags'], tags, { requireService: true });
  const service = tags !== undefined && Object.hasOwn(tags, SERVICE_TAG) ? (tags[SERVICE_TAG] ?? '') : '';
  if (service !== '' && splitHostPort(networking?.address ?? '')?.host === service)
    v.add(['tags', key(SERVICE_TAG)], 'cannot be the same as networking.address');
}

function validateNetworking(v: Violations, networking: ExternalServiceNetworking | undefined): void {
  const path = ['networking'];
  if (networking === undefined) v.add(path, 'should have networking');
  else validateAddress(v, [...path, 'address'], networking.address ?? '');
  const tls = networking?.tls;
  if (tls?.serverName === '') v.add([...path, 'tls', 'serverName'], 'cannot be empty');
  dataSource(v, [...path, 'tls', 'caCert'], tls?.caCert);
  dataSource(v, [...path, 'tls', 'clientCert'], tls?.clientCert);
  dataSource(v, [...path, 'tls', 'clientKey'], tls?.clientKey);
}

function validateAddress(v: Violations, path: Path, address: string): void {
  if (address === '') {
    v.add(path, "address can't be empty");
    return;
  }
  const split = splitHostPort(address);
  if (split === undefined) v.add(path, 'unable to parse address');
  const host = split?.host ?? '';
  if (!isIP(host) && !isDNSName(host)) v.add(path, 'address has to be a valid IP address or a domain name');
  const port = parseGoInt(split?.port ?? '', false, 32);
  if (port === undefined || port === 'range') v.add(path, 'unable to parse port in address');
  // On overflow Go's ParseUint returns the largest uint32 (out of the port range too).
  validatePort(v, path, port === undefined ? 0 : port === 'range' ? 4294967295 : Number(port));
}

/** The decoded length of a base64 value. */
function base64Length(text: string): number {
  const s = text.replace(/[\r\n]/g, '');
  return (s.length / 4) * 3 - (s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0);
}

/** `system.ValidateDataSource`: a data source, when present, names something. */
function dataSource(v: Violations, path: Path, ds: DataSource | undefined): void {
  if (ds === undefined) return;
  const set = oneofCase(ds, ['secret', 'file', 'inline', 'inlineString']);
  const value = set === undefined ? '' : (ds[set] ?? '');
  const empty = set === 'inline' ? base64Length(value) === 0 : value === '';
  if (empty) v.add(path, 'data source cannot be empty');
}
