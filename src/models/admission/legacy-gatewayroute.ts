/**
 * MeshGatewayRoute `conf` admission (Kuma 2.8.8 `pkg/core/resources/apis/mesh/gateway_route_validator.go`).
 * Kuma names some fields by their proto names here (`query_parameters`, `request_header`,
 * `status_code`) and reports a path match problem at `matches[i].value`; both are reproduced.
 */
import type { MeshGatewayRouteConf } from '../legacy.js';
import { faultPercentage } from './legacy-conf.js';
import { oneofCase } from './legacy-util.js';
import { validatePort, validateSelector } from './tags.js';
import type { Path, Violations } from './violations.js';

type HttpRoute = NonNullable<MeshGatewayRouteConf['http']>;
type Rule = NonNullable<HttpRoute['rules']>[number];
type Match = NonNullable<Rule['matches']>[number];
type Filter = NonNullable<Rule['filters']>[number];
type Backend = NonNullable<Rule['backends']>[number];
type Header = { readonly name?: string; readonly value?: string };

const CANNOT_BE_EMPTY = 'cannot be empty';
const FILTERS = ['requestHeader', 'mirror', 'redirect', 'rewrite', 'responseHeader'] as const;

export function validateMeshGatewayRouteConf(v: Violations, conf: MeshGatewayRouteConf | undefined): void {
  const path = ['conf'];
  const route = oneofCase(conf, ['tcp', 'http']);
  if (route === undefined) v.add(path, CANNOT_BE_EMPTY);
  // TCP routes have no checks.
  if (route !== 'http' || conf?.http === undefined) return;
  const rules = conf.http.rules ?? [];
  if (rules.length === 0) {
    v.add([...path, 'http', 'rules'], CANNOT_BE_EMPTY);
    return;
  }
  rules.forEach((rule, i) => {
    validateRule(v, [...path, 'http', 'rules', i], rule);
  });
}

const is = (value: string | number | undefined, name: string, number: number): boolean =>
  value === name || value === number;

function validateRule(v: Violations, path: Path, rule: Rule): void {
  const matches = rule.matches ?? [];
  if (matches.length === 0) {
    v.add([...path, 'matches'], CANNOT_BE_EMPTY);
    return;
  }
  let hasPrefixMatch = false;
  matches.forEach((match, i) => {
    validateMatch(v, [...path, 'matches', i], match);
    if (match.path !== undefined && is(match.path.match, 'PREFIX', 1)) hasPrefixMatch = true;
  });
  // Kuma drops the host-rewrite filters before checking the others, so the indexes of the
  // remaining filters count only those.
  const all = rule.filters ?? [];
  let rewriteHostToBackendHostname = false;
  const filters = all.filter((f) => {
    if (oneofCase(f, FILTERS) === 'rewrite' && f.rewrite?.hostToBackendHostname === true) {
      rewriteHostToBackendHostname = true;
      return false;
    }
    return true;
  });
  let hasRedirect = false;
  filters.forEach((f, i) => {
    if (oneofCase(f, FILTERS) === 'redirect') hasRedirect = true;
    validateFilter(v, [...path, 'filters', i], f, hasPrefixMatch, rewriteHostToBackendHostname);
  });
  if (hasRedirect && all.length !== 1) {
    v.add([...path, 'filters'], 'redirects cannot be used with other filters');
    return;
  }
  const backends = rule.backends ?? [];
  if (backends.length === 0 && !hasRedirect) v.add([...path, 'backends'], CANNOT_BE_EMPTY);
  if (backends.length > 0 && hasRedirect)
    v.add([...path, 'backends'], 'must be empty when using redirect filters');
  backends.forEach((b, i) => {
    validateBackend(v, [...path, 'backends', i], b);
  });
}

function validateMatch(v: Violations, path: Path, match: Match): void {
  const headers = match.headers ?? [];
  const query = match.queryParameters ?? [];
  if (
    match.path === undefined &&
    (match.method === undefined || is(match.method, 'NONE', 0)) &&
    headers.length === 0 &&
    query.length === 0
  )
    v.add(path, CANNOT_BE_EMPTY);
  const p = match.path;
  if (p !== undefined) {
    const value = p.value ?? '';
    if (is(p.match, 'REGEX', 2)) {
      if (value === '') v.add([...path, 'value'], CANNOT_BE_EMPTY);
    } else if (!(is(p.match, 'PREFIX', 1) && value === '/') && !value.startsWith('/')) {
      v.add([...path, 'value'], 'must be an absolute path');
    }
  }
  headers.forEach((h, i) => {
    const hp = [...path, 'headers', i];
    if ((h.name ?? '') === '') v.add([...hp, 'name'], CANNOT_BE_EMPTY);
    const value = h.value ?? '';
    if (is(h.match, 'ABSENT', 2) || is(h.match, 'PRESENT', 3)) {
      if (value !== '') v.add([...hp, 'value'], 'cannot be set');
    } else if (value === '') v.add([...hp, 'value'], CANNOT_BE_EMPTY);
  });
  query.forEach((q, i) => {
    const qp = [...path, 'query_parameters', i];
    if ((q.name ?? '') === '') v.add([...qp, 'name'], CANNOT_BE_EMPTY);
    if ((q.value ?? '') === '') v.add([...qp, 'value'], CANNOT_BE_EMPTY);
  });
}

function validateFilter(
  v: Violations,
  path: Path,
  filter: Filter,
  hasPrefixMatch: boolean,
  rewriteHostToBackendHostname: boolean,
): void {
  switch (oneofCase(filter, FILTERS)) {
    case 'requestHeader': {
      const r = filter.requestHeader ?? {};
      const rp = [...path, 'request_header'];
      const set = r.set ?? [];
      const add = r.add ?? [];
      const remove = r.remove ?? [];
      if (set.length === 0 && add.length === 0 && remove.length === 0) v.add(rp, CANNOT_BE_EMPTY);
      headerChanges(v, [...rp, 'set'], set, rewriteHostToBackendHostname);
      headerChanges(v, [...rp, 'add'], add, rewriteHostToBackendHostname);
      remove.forEach((name, i) => {
        if (name === '') v.add([...rp, 'remove', i], CANNOT_BE_EMPTY);
      });
      break;
    }
    case 'redirect': {
      const r = filter.redirect ?? {};
      const rp = [...path, 'redirect'];
      const port = r.port ?? 0;
      if (port > 0) validatePort(v, [...rp, 'port'], port);
      const status = r.statusCode ?? 0;
      if (status < 300 || status > 308) v.add([...rp, 'status_code'], 'must be in the range [300, 308]');
      break;
    }
    case 'mirror': {
      const m = filter.mirror ?? {};
      faultPercentage(v, [...path, 'mirror'], m.percentage);
      validateBackend(v, [...path, 'mirror', 'backend'], m.backend);
      break;
    }
    case 'rewrite':
      if (
        oneofCase(filter.rewrite, ['replaceFull', 'replacePrefixMatch']) === 'replacePrefixMatch' &&
        !hasPrefixMatch
      )
        v.add([...path, 'rewrite', 'replacePrefixMatch'], 'cannot be used without a match on path prefix');
      break;
    // Response header filters have no checks.
  }
}

function headerChanges(
  v: Violations,
  path: Path,
  headers: readonly Header[],
  rewriteHostToBackendHostname: boolean,
): void {
  headers.forEach((h, i) => {
    const name = h.name ?? '';
    if (name === ':authority' || name === 'Host' || name === 'host') {
      if (rewriteHostToBackendHostname)
        v.add(
          [...path, i],
          `cannot modify '${name}' header, when route has set 'rewrite.host_to_backend_hostname' option`,
        );
    } else if (name === '') v.add([...path, i, 'name'], CANNOT_BE_EMPTY);
    if ((h.value ?? '') === '') v.add([...path, i, 'value'], CANNOT_BE_EMPTY);
  });
}

function validateBackend(v: Violations, path: Path, backend: Backend | undefined): void {
  if (backend === undefined) {
    v.add(path, CANNOT_BE_EMPTY);
    return;
  }
  validateSelector(v, path, backend.destination, { requireAtLeastOneTag: true, requireService: true });
}
