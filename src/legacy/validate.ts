/**
 * Validation of legacy policies and dataplanes as Kuma's validators bound them (spec 00 §4.1,
 * §2.6; open question Q1: empty selectors are rejected). Selection itself stays lenient and
 * behaves as spec 01 describes for inputs these checks reject.
 */
import {
  formatPath,
  type Issue,
  isLegacyPolicyType,
  LEGACY_SELECTOR_SHAPE,
  type LegacyPolicyType,
} from '../models/index.js';
import { compileDataplane, IssueSink, inboundInterfaceOf, interfaceId } from './core.js';
import { MATCH_ALL_TAG_VALUE, SERVICE_TAG } from './tag-selector.js';
import type { LegacyDataplaneLike } from './types.js';

const hasOwn = Object.prototype.hasOwnProperty;
const TAG_VALUE = /^[a-zA-Z0-9.\-_:/]*$/;
const SERVICE_ONLY_DESTINATIONS = new Set([
  'TrafficRoute',
  'TrafficLog',
  'HealthCheck',
  'CircuitBreaker',
  'Retry',
  'Timeout',
]);
const SERVICE_REQUIRED_IN_SOURCES = SERVICE_ONLY_DESTINATIONS;
const SERVICE_REQUIRED_IN_SELECTORS = new Set(['ProxyTemplate', 'MeshGatewayRoute', 'MeshGateway']);
const FAULT_PROTOCOLS = new Set(['http', 'http2', 'grpc']);

/** Result of a legacy validation. */
export interface LegacyValidationResult {
  readonly ok: boolean;
  readonly issues: Issue[];
}

function checkSelectors(
  type: string,
  field: 'sources' | 'destinations' | 'selectors',
  value: unknown,
  issues: Issue[],
): void {
  const at = (path: readonly PropertyKey[], message: string) =>
    issues.push({ path: formatPath([field, ...path]), message });
  if (value === undefined || value === null) {
    if (!(type === 'ProxyTemplate' && field === 'selectors')) at([], 'must have at least one element');
    return;
  }
  if (!Array.isArray(value)) {
    at([], 'must be a list of selectors');
    return;
  }
  if (value.length === 0 && !(type === 'ProxyTemplate' && field === 'selectors')) {
    at([], 'must have at least one element');
  }
  value.forEach((entry: unknown, i) => {
    const match =
      typeof entry === 'object' && entry !== null ? (entry as { match?: unknown }).match : undefined;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      at([i], 'a selector must be an object with a `match` map');
      return;
    }
    if (match !== undefined && (typeof match !== 'object' || match === null || Array.isArray(match))) {
      at([i, 'match'], 'must be a map of tags');
      return;
    }
    const tags = (match ?? {}) as Record<string, unknown>;
    const keys = Object.keys(tags);
    if (keys.length === 0) at([i, 'match'], 'must have at least one tag');
    for (const key of keys) {
      const v = tags[key];
      if (key === '') at([i, 'match'], 'tag name must be non-empty');
      if (typeof v !== 'string') {
        at([i, 'match', key], 'tag value must be a string');
      } else if (v !== MATCH_ALL_TAG_VALUE && !TAG_VALUE.test(v)) {
        at(
          [i, 'match', key],
          'tag value must consist of alphanumeric characters, dots, dashes, slashes, colons and underscores, or be "*"',
        );
      } else if (v === '') {
        at([i, 'match', key], 'tag value must be non-empty');
      }
    }
    if (keys.length === 0) return;
    const needsService =
      (field === 'sources' && SERVICE_REQUIRED_IN_SOURCES.has(type)) ||
      (field === 'selectors' && SERVICE_REQUIRED_IN_SELECTORS.has(type));
    if (needsService && !hasOwn.call(tags, SERVICE_TAG))
      at([i, 'match'], `must contain tag "${SERVICE_TAG}"`);
    if (field === 'destinations' && SERVICE_ONLY_DESTINATIONS.has(type)) {
      for (const key of keys) {
        if (key !== SERVICE_TAG)
          at([i, 'match', key], `only "${SERVICE_TAG}" is supported in destinations of ${type}`);
      }
      if (!hasOwn.call(tags, SERVICE_TAG)) at([i, 'match'], `must contain tag "${SERVICE_TAG}"`);
    }
    if (field === 'destinations' && type === 'FaultInjection') {
      const p = tags['kuma.io/protocol'];
      if (!hasOwn.call(tags, 'kuma.io/protocol') || typeof p !== 'string' || !FAULT_PROTOCOLS.has(p)) {
        at([i, 'match'], 'must contain tag "kuma.io/protocol" with one of: http, http2, grpc');
      }
    }
  });
}

/**
 * Checks a legacy policy (or a MeshGateway's selectors) the way Kuma's validator bounds them:
 * non-empty `sources`/`destinations` (or `selectors`, which only ProxyTemplate may leave empty),
 * selectors with at least one tag, string tag values, the mandatory `kuma.io/service` tag, and
 * service-only destinations for outbound policy kinds. Never throws.
 */
export function validateLegacyPolicy(policy: unknown): LegacyValidationResult {
  const issues: Issue[] = [];
  if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) {
    return { ok: false, issues: [{ path: '', message: 'a policy must be an object' }] };
  }
  const p = policy as Record<string, unknown>;
  const type = typeof p.type === 'string' ? p.type : '';
  if (typeof p.name !== 'string' || p.name === '')
    issues.push({ path: 'name', message: 'must be a non-empty string' });
  let shape: 'sources-destinations' | 'selectors' | undefined;
  if (isLegacyPolicyType(type)) shape = LEGACY_SELECTOR_SHAPE[type as LegacyPolicyType];
  else if (type === 'MeshGateway') shape = 'selectors';
  else issues.push({ path: 'type', message: `"${type}" is not a legacy policy type` });
  if (shape === 'sources-destinations') {
    checkSelectors(type, 'sources', p.sources, issues);
    checkSelectors(type, 'destinations', p.destinations, issues);
  } else if (shape === 'selectors') {
    checkSelectors(type, 'selectors', p.selectors, issues);
  }
  return { ok: issues.length === 0, issues };
}

/**
 * Checks the parts of a dataplane legacy selection relies on: a sidecar needs at least one
 * inbound, a delegated gateway none, a builtin gateway neither inbounds nor outbounds; tag values
 * are strings; and two inbounds with the same interface (spec 01 §9 L7, whose per-inbound results
 * collapse into one entry) are reported. Never throws.
 */
export function validateLegacyDataplane(dataplane: unknown): LegacyValidationResult {
  const sink = new IssueSink();
  const dp = compileDataplane(dataplane as LegacyDataplaneLike, sink);
  const issues = [...sink.issues];
  if (typeof dataplane === 'object' && dataplane !== null) {
    const net = (dataplane as LegacyDataplaneLike).networking;
    const gateway = net?.gateway;
    const outbounds = Array.isArray(net?.outbound) ? (net?.outbound ?? []) : [];
    if (gateway === undefined || gateway === null) {
      if (dp.inbounds.length === 0)
        issues.push({
          path: 'networking',
          message: 'has to contain at least one inbound interface or gateway',
        });
    } else if (dp.inbounds.length > 0) {
      issues.push({ path: 'networking.inbound', message: 'must be empty for a gateway' });
    } else if (gateway.type === 'BUILTIN' && outbounds.length > 0) {
      issues.push({ path: 'networking.outbound', message: 'must be empty for a builtin gateway' });
    }
    const seen = new Map<string, number>();
    dp.inbounds.forEach((ib, i) => {
      const iface = inboundInterfaceOf(dp, ib);
      const id = interfaceId(iface);
      const first = seen.get(id);
      if (first !== undefined) {
        issues.push({
          path: formatPath(['networking', 'inbound', i]),
          message: `has the same inbound interface ${iface.dataplaneIP}:${iface.dataplanePort}:${iface.workloadPort} as networking.inbound[${first}]; per-inbound legacy results keep only the later one`,
        });
      } else seen.set(id, i);
    });
  }
  return { ok: issues.length === 0, issues };
}
