/**
 * MeshHTTPRoute admission (Kuma 2.8.8 `pkg/plugins/policies/meshhttproute/api/v1alpha1/validation.go`).
 */
import { isSloppyIP } from '../../internal/go-net.js';
import { policyRole } from '../common.js';
import type { TargetRefPolicy } from '../resource.js';
import { DOMAIN, type TargetRefInput, validateTargetRef } from './tags.js';
import { MSG, mustHaveAtLeastOne, type Path, type Violations } from './violations.js';

/** Kuma's `metadata.UnresolvedBackendServiceTag`: a backend name that may break the name rule. */
const UNRESOLVED_BACKEND = 'kuma.io/unresolved-backend';

// The spec as the checks read it (the loader's zod schema has already checked the shape).

interface Match {
  readonly path?: { readonly type?: string; readonly value?: string };
  readonly queryParams?: readonly { readonly name?: string }[];
  readonly headers?: readonly { readonly type?: string; readonly value?: string }[];
}

interface HeaderModifier {
  readonly set?: readonly { readonly name?: string }[];
  readonly add?: readonly { readonly name?: string }[];
  readonly remove?: readonly string[];
}

interface Rewrite {
  readonly hostname?: string;
  readonly path?: { readonly replacePrefixMatch?: string };
  readonly hostToBackendHostname?: boolean;
}

interface Filter {
  readonly type?: string;
  readonly requestHeaderModifier?: HeaderModifier;
  readonly responseHeaderModifier?: HeaderModifier;
  readonly requestRedirect?: Rewrite;
  readonly urlRewrite?: Rewrite;
  readonly requestMirror?: { readonly backendRef?: TargetRefInput };
}

interface Rule {
  readonly matches?: readonly Match[];
  readonly default?: {
    readonly filters?: readonly Filter[];
    readonly backendRefs?: readonly TargetRefInput[];
  };
}

interface To {
  readonly targetRef?: TargetRefInput;
  readonly hostnames?: readonly string[];
  readonly rules?: readonly Rule[];
}

interface Spec {
  readonly targetRef?: TargetRefInput;
  readonly to?: readonly To[];
}

export function validateMeshHTTPRoute(r: TargetRefPolicy<'MeshHTTPRoute'>, v: Violations): void {
  const spec = r.spec as Spec;
  const top = spec.targetRef ?? {};
  const topKind = top.kind ?? '';
  const system = policyRole(r) === 'system';
  validateTargetRef(v, ['spec', 'targetRef'], top, {
    supportedKinds: system
      ? ['Mesh', 'MeshGateway', 'MeshSubset', 'MeshService', 'MeshServiceSubset']
      : ['Mesh', 'MeshSubset', 'MeshService', 'MeshServiceSubset'],
    gatewayListenerTagsAllowed: system,
  });
  (spec.to ?? []).forEach((to, i) => {
    const path: Path = ['spec', 'to', i];
    validateTargetRef(v, [...path, 'targetRef'], to.targetRef, {
      supportedKinds: topKind === 'MeshGateway' ? ['Mesh'] : ['MeshService'],
    });
    for (const [j, rule] of (to.rules ?? []).entries()) validateRule(v, [...path, 'rules', j], rule, topKind);
    // Hostnames narrow a gateway listener; any other top-level kind has none.
    if (topKind !== 'MeshGateway' && (to.hostnames ?? []).length > 0)
      v.add([...path, 'hostnames'], MSG.mustNotBeDefined);
  });
}

function validateRule(v: Violations, path: Path, rule: Rule, topKind: string): void {
  const matches = rule.matches ?? [];
  for (const [i, match] of matches.entries()) validateMatch(v, [...path, 'matches', i], match);
  const conf = rule.default ?? {};
  const confPath: Path = [...path, 'default'];
  if (conf.filters !== undefined)
    for (const [i, filter] of conf.filters.entries())
      validateFilter(v, [...confPath, 'filters', i], filter, matches, topKind);
  validateBackendRefs(v, [...confPath, 'backendRefs'], conf.backendRefs ?? [], conf.filters ?? [], topKind);
}

function validateMatch(v: Violations, path: Path, match: Match): void {
  const pm = match.path;
  if (pm !== undefined) {
    const value = pm.value ?? '';
    const at: Path = [...path, 'path', 'value'];
    if (pm.type === 'PathPrefix' && value !== '/') {
      if (value.endsWith('/'))
        v.add(
          at,
          'does not need a trailing slash because only a `/`-separated prefix or an entire path is matched',
        );
      if (!value.startsWith('/')) v.add(at, 'must be an absolute path');
    } else if (pm.type === 'Exact' && !value.startsWith('/')) {
      v.add(at, 'must be an absolute path');
    }
  }
  // Every repeat of a query parameter name after the first is reported.
  const seen = new Set<string>();
  (match.queryParams ?? []).forEach((q, i) => {
    const name = q.name ?? '';
    if (seen.has(name)) v.add([...path, 'queryParams', i, 'name'], `multiple entries for name ${name}`);
    seen.add(name);
  });
  (match.headers ?? []).forEach((h, i) => {
    const type = h.type ?? 'Exact';
    if ((type === 'Present' || type === 'Absent') && (h.value ?? '') !== '')
      v.add([...path, 'headers', i, 'value'], MSG.mustNotBeDefined);
  });
}

/** Kuma's `hasAnyMatchesWithoutPrefix`: a match without a `PathPrefix` path (none: false). */
function hasMatchWithoutPrefix(matches: readonly Match[]): boolean {
  return matches.some((m) => m.path === undefined || m.path.type !== 'PathPrefix');
}

function validateFilter(
  v: Violations,
  path: Path,
  filter: Filter,
  matches: readonly Match[],
  topKind: string,
): void {
  switch (filter.type) {
    case 'RequestHeaderModifier':
    case 'ResponseHeaderModifier': {
      const field =
        filter.type === 'RequestHeaderModifier' ? 'requestHeaderModifier' : 'responseHeaderModifier';
      const modifier = filter[field];
      if (modifier === undefined) v.add([...path, field], MSG.mustBeDefined);
      else validateHeaderModifier(v, [...path, field], modifier);
      break;
    }
    case 'RequestRedirect':
    case 'URLRewrite': {
      const field = filter.type === 'RequestRedirect' ? 'requestRedirect' : 'urlRewrite';
      const member = filter[field];
      if (member === undefined) {
        v.add([...path, field], MSG.mustBeDefined);
        break;
      }
      if (member.path?.replacePrefixMatch !== undefined && hasMatchWithoutPrefix(matches))
        v.add(
          [...path, field, 'path', 'replacePrefixMatch'],
          'can only appear if all matches match a path prefix',
        );
      validatePreciseHostname(v, [...path, field, 'hostname'], member.hostname);
      if (filter.type === 'URLRewrite' && filter.urlRewrite?.hostToBackendHostname === true) {
        const at: Path = [...path, 'urlRewrite', 'hostToBackendHostname'];
        if (topKind !== 'MeshGateway') v.add(at, 'can only be set with MeshGateway');
        if (filter.urlRewrite.hostname !== undefined) v.add(at, 'cannot be set together with hostname');
      }
      break;
    }
    case 'RequestMirror':
      if (filter.requestMirror === undefined) {
        v.add([...path, 'requestMirror'], MSG.mustBeDefined);
        break;
      }
      validateTargetRef(v, [...path, 'requestMirror', 'backendRef'], filter.requestMirror.backendRef, {
        supportedKinds: ['MeshService', 'MeshServiceSubset'],
      });
      break;
  }
}

function validateHeaderModifier(v: Violations, path: Path, m: HeaderModifier): void {
  // Go's nil slices: an absent list, not an empty one (`set: []` counts as defined).
  if (m.set === undefined && m.add === undefined && m.remove === undefined) {
    v.add(path, mustHaveAtLeastOne('set', 'add', 'remove'));
    return;
  }
  // One action per header name, across set, add and remove.
  const seen = new Set<string>();
  const use = (at: Path, name: string): void => {
    if (seen.has(name)) v.add([...at, 'name'], 'duplicate header name');
    seen.add(name);
  };
  for (const [i, h] of (m.set ?? []).entries()) use([...path, 'set', i], h.name ?? '');
  for (const [i, h] of (m.add ?? []).entries()) use([...path, 'add', i], h.name ?? '');
  for (const [i, name] of (m.remove ?? []).entries()) use([...path, 'remove', i], name);
}

const DNS1123_SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/**
 * Kuma's `validatePreciseHostname`: not an IP address (Kubernetes `IsValidIP`), else a lower-case
 * RFC 1123 subdomain of at most 253 bytes (Kubernetes `IsDNS1123Subdomain`, both violations).
 */
function validatePreciseHostname(v: Violations, path: Path, hostname: string | undefined): void {
  if (hostname === undefined) return;
  if (isSloppyIP(hostname)) {
    v.add(path, 'cannot be an IP address');
    return;
  }
  if (new TextEncoder().encode(hostname).length > 253) v.add(path, 'must be no more than 253 characters');
  if (!DOMAIN.test(hostname)) v.add(path, DNS1123_SUBDOMAIN_MESSAGE);
}

function validateBackendRefs(
  v: Violations,
  path: Path,
  refs: readonly TargetRefInput[],
  filters: readonly Filter[],
  topKind: string,
): void {
  // Under a MeshGateway a rule needs backends, unless it redirects the request.
  if (refs.length === 0 && topKind === 'MeshGateway' && !filters.some((f) => f.type === 'RequestRedirect'))
    v.add(path, MSG.mustNotBeEmpty);
  for (const [i, ref] of refs.entries())
    validateTargetRef(v, [...path, i], ref, {
      supportedKinds: ['MeshService', 'MeshServiceSubset'],
      allowedInvalidNames: [UNRESOLVED_BACKEND],
    });
}
