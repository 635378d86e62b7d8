/**
 * MeshGateway admission (Kuma 2.8.8 `pkg/core/resources/apis/mesh/gateway_validator.go`).
 */
import type { z } from 'zod';
import type { GatewayListener, MeshGatewaySpec } from '../gateway.js';
import type { MeshGateway } from '../resource.js';
import {
  DOMAIN,
  PROTOCOL_TAG,
  SERVICE_TAG,
  selectorKeyNotInSet,
  validatePort,
  validateSelector,
  validateSelectors,
} from './tags.js';
import type { Path, Violations } from './violations.js';

/** The MeshGateway fields as decoded (before admission, `conf` may be unset). */
type Spec = z.infer<typeof MeshGatewaySpec>;

/** Tags that describe a Dataplane itself, which a gateway's or listener's tags may not use. */
const RESERVED_TAGS = selectorKeyNotInSet(
  'kuma.io/external-service-name',
  PROTOCOL_TAG,
  SERVICE_TAG,
  'kuma.io/zone',
);

export function validateMeshGateway(r: MeshGateway, v: Violations): void {
  const spec = r as Spec;
  const listeners = spec.conf?.listeners ?? [];
  const selectors = spec.selectors.map((s) => (s.match === undefined ? {} : { match: s.match }));
  validateSelectors(v, ['selectors'], selectors, {
    requireAtLeastOneSelector: true,
    requireAtMostOneSelector: listeners.some((l) => l.crossMesh === true),
    requireAtLeastOneTag: true,
    requireService: true,
  });
  validateSelector(v, ['tags'], spec.tags, { extraKey: [RESERVED_TAGS] });
  if (spec.conf === undefined) {
    v.add(['conf'], 'cannot be empty');
    return;
  }
  const path = ['conf', 'listeners'];
  if (listeners.length === 0) v.add(path, 'cannot be empty');
  listeners.forEach((l, i) => {
    validateListener(v, [...path, i], l);
  });
  validateListenerCollapsibility(v, path, listeners);
}

/** Kuma's `ValidateHostname`: `*`, `*.<domain>` or `<domain>`, at most 253 characters. */
function validateHostname(v: Violations, path: Path, hostname: string): void {
  if (hostname === '*') return;
  if (new TextEncoder().encode(hostname).length > 253) v.add(path, 'must be at most 253 characters');
  if (hostname.startsWith('*.')) {
    if (!DOMAIN.test(hostname.slice(2))) v.add(path, 'invalid wildcard domain');
    return;
  }
  if (!DOMAIN.test(hostname)) v.add(path, 'invalid hostname');
}

function validateListener(v: Violations, path: Path, l: GatewayListener): void {
  const hostname = l.hostname ?? '';
  if (hostname !== '') validateHostname(v, [...path, 'hostname'], hostname);
  validatePort(v, [...path, 'port'], l.port);
  const protocol = l.protocol ?? 'NONE';
  const crossMesh = l.crossMesh === true;
  const tls = l.tls;
  if (protocol === 'NONE') v.add([...path, 'protocol'], 'cannot be empty');
  else if (protocol === 'HTTPS') {
    if (crossMesh) v.add([...path, 'protocol'], 'protocol is not supported with crossMesh');
    else if (tls === undefined) v.add([...path, 'tls'], 'cannot be empty');
    else if (tls.mode === 'PASSTHROUGH')
      v.add([...path, 'tls', 'mode'], 'mode is not supported on HTTPS listeners');
  }
  if (tls !== undefined && !crossMesh) {
    const mode = tls.mode ?? 'NONE';
    const certificates = tls.certificates ?? [];
    if (mode === 'NONE') v.add([...path, 'tls', 'mode'], 'cannot be empty');
    else if (mode === 'TERMINATE') {
      if (certificates.length === 0)
        v.add([...path, 'tls', 'certificates'], 'cannot be empty in TLS termination mode');
      else if (certificates.length > 2)
        v.add([...path, 'tls', 'certificates'], 'cannot have more than 2 certificates');
    }
  }
  if (
    tls !== undefined &&
    crossMesh &&
    ((tls.mode ?? 'NONE') !== 'NONE' || (tls.certificates ?? []).length > 0)
  )
    v.add([...path, 'tls'], 'must be empty with crossMesh');
  validateSelector(v, [...path, 'tags'], l.tags, { extraKey: [RESERVED_TAGS] });
}

/**
 * Kuma's `validateListenerCollapsibility`: listeners sharing a port must share a protocol, have
 * distinct hostnames (empty reads as `*`) and agree on their connection limit. Kuma walks Go maps
 * here, so the order of these violations is not fixed; ports are taken in first-seen order.
 */
function validateListenerCollapsibility(
  v: Violations,
  path: Path,
  listeners: readonly GatewayListener[],
): void {
  interface PortInfo {
    protocols: Map<string, number[]>;
    hostnames: Map<string, number[]>;
    limits: Set<number>;
    limited: number[];
  }
  const ports = new Map<number, PortInfo>();
  listeners.forEach((l, i) => {
    let info = ports.get(l.port);
    if (info === undefined) {
      info = { protocols: new Map(), hostnames: new Map(), limits: new Set(), limited: [] };
      ports.set(l.port, info);
    }
    const push = (m: Map<string, number[]>, k: string): void => {
      m.set(k, [...(m.get(k) ?? []), i]);
    };
    push(info.protocols, l.protocol ?? 'NONE');
    push(info.hostnames, (l.hostname ?? '') === '' ? '*' : (l.hostname ?? ''));
    const limit = l.resources?.connectionLimit ?? 0;
    if (limit !== 0) {
      info.limited.push(i);
      info.limits.add(limit);
    }
  });
  for (const info of ports.values()) {
    if (info.protocols.size <= 1) continue;
    for (const indexes of info.protocols.values())
      for (const i of indexes) v.add([...path, i], 'protocol conflicts with other listeners on this port');
  }
  for (const info of ports.values())
    for (const indexes of info.hostnames.values()) {
      if (indexes.length <= 1) continue;
      for (const i of indexes) v.add([...path, i], 'multiple listeners for hostname on this port');
    }
  for (const info of ports.values()) {
    if (info.limits.size <= 1) continue;
    for (const i of info.limited)
      v.add([...path, i, 'resources', 'connectionLimit'], 'conflicting values for this port');
  }
}
