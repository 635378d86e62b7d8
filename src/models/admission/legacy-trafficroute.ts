/**
 * TrafficRoute `conf` admission (Kuma 2.8.8 `pkg/core/resources/apis/mesh/traffic_route_validator.go`).
 */
import type { TrafficRouteConf } from '../legacy.js';
import { isEmptyList, oneofCase } from './legacy-util.js';
import { sortedKeys, validateSelector } from './tags.js';
import { key, type Path, type Violations } from './violations.js';

type Http = NonNullable<TrafficRouteConf['http']>[number];
type Split = NonNullable<TrafficRouteConf['split']>[number];
type Match = NonNullable<Http['match']>;
type Modify = NonNullable<Http['modify']>;
type StringMatcher = NonNullable<Match['path']>;
type Headers = NonNullable<Modify['requestHeaders']>;

const DESTINATION_RULES = { requireAtLeastOneTag: true, requireService: true } as const;

export function validateTrafficRouteConf(v: Violations, conf: TrafficRouteConf | undefined): void {
  if (conf === undefined) {
    v.add(['conf'], 'cannot be empty');
    return;
  }
  splitAndDestination(v, ['conf'], conf.split, conf.destination);
  (conf.http ?? []).forEach((http, i) => {
    validateHttp(v, ['conf', 'http', i], http);
  });
  loadBalancer(v, conf.loadBalancer);
}

function validateHttp(v: Violations, path: Path, http: Http): void {
  httpMatch(v, [...path, 'match'], http.match);
  if (http.modify !== undefined) httpModify(v, [...path, 'modify'], http.modify, http.match);
  splitAndDestination(v, path, http.split, http.destination);
}

function httpModify(v: Violations, path: Path, modify: Modify, match: Match | undefined): void {
  if (modify.path !== undefined) {
    const p = [...path, 'path'];
    const rewrite = modify.path;
    switch (oneofCase(rewrite, ['rewritePrefix', 'regex'])) {
      case 'rewritePrefix': {
        const prefix = rewrite.rewritePrefix ?? '';
        if (prefix === '') v.add([...p, 'rewritePrefix'], 'cannot be empty');
        const matchPath = match?.path;
        const matchPrefix =
          oneofCase(matchPath, ['prefix', 'exact', 'regex']) === 'prefix' ? matchPath?.prefix : '';
        if (prefix !== '' && (matchPrefix ?? '') === '')
          v.add([...p, 'rewritePrefix'], 'can only be set when .http.match.path.prefix is not empty');
        break;
      }
      case 'regex':
        if ((rewrite.regex?.pattern ?? '') === '') v.add([...p, 'regex', 'pattern'], 'cannot be empty');
        if ((rewrite.regex?.substitution ?? '') === '')
          v.add([...p, 'regex', 'substitution'], 'cannot be empty');
        break;
      default:
        v.add(p, 'either "rewritePrefix" or "regex" has to be set');
    }
  }
  if (modify.host !== undefined) {
    const p = [...path, 'host'];
    const host = modify.host;
    switch (oneofCase(host, ['value', 'fromPath'])) {
      case 'value':
        if ((host.value ?? '') === '') v.add([...p, 'value'], 'cannot be empty');
        break;
      case 'fromPath':
        if ((host.fromPath?.pattern ?? '') === '') v.add([...p, 'fromPath', 'pattern'], 'cannot be empty');
        if ((host.fromPath?.substitution ?? '') === '')
          v.add([...p, 'fromPath', 'substitution'], 'cannot be empty');
        break;
      default:
        v.add(p, 'either "value" or "fromPath" has to be set');
    }
  }
  if (modify.requestHeaders !== undefined) headers(v, [...path, 'requestHeaders'], modify.requestHeaders);
  if (modify.responseHeaders !== undefined) headers(v, [...path, 'responseHeaders'], modify.responseHeaders);
}

function headers(v: Violations, path: Path, h: Headers): void {
  (h.add ?? []).forEach((add, i) => {
    headerName(v, [...path, 'add', i, 'name'], add.name ?? '');
    if ((add.value ?? '') === '') v.add([...path, 'add', i, 'value'], 'cannot be empty');
  });
  (h.remove ?? []).forEach((remove, i) => {
    headerName(v, [...path, 'remove', i, 'name'], remove.name ?? '');
  });
}

function headerName(v: Violations, path: Path, name: string): void {
  if (name === '') {
    v.add(path, 'cannot be empty');
    return;
  }
  if (name.startsWith(':') || name === 'host' || name === 'Host')
    v.add(path, 'host header and HTTP/2 pseudo-headers are not allowed to be modified');
}

function splitAndDestination(
  v: Violations,
  path: Path,
  split: readonly Split[] | undefined,
  destination: Readonly<Record<string, string>> | undefined,
): void {
  const hasSplit = !isEmptyList(split);
  if (!hasSplit && destination === undefined) v.add(path, 'requires either "destination" or "split"');
  if (hasSplit && destination !== undefined)
    v.add(path, '"split" cannot be defined at the same time as "destination"');
  if (hasSplit) validateSplit(v, [...path, 'split'], split ?? []);
  if (destination !== undefined)
    validateSelector(v, [...path, 'destination'], destination, DESTINATION_RULES);
}

function validateSplit(v: Violations, path: Path, split: readonly Split[]): void {
  // Kuma adds the weights as uint32 (wrapping around).
  let total = 0;
  split.forEach((entry, i) => {
    if (entry.weight === undefined) v.add([...path, i, 'weight'], 'needs to be defined');
    total = (total + (entry.weight ?? 0)) % 2 ** 32;
    validateSelector(v, [...path, i, 'destination'], entry.destination, DESTINATION_RULES);
  });
  if (total === 0) v.add(path, 'there must be at least one split entry with weight above 0');
}

function httpMatch(v: Violations, path: Path, match: Match | undefined): void {
  if (match?.path === undefined && match?.method === undefined && match?.headers === undefined) {
    v.add(path, 'must be present and contain at least one of the elements: "method", "path" or "headers"');
    return;
  }
  if (match.method !== undefined) stringMatcher(v, [...path, 'method'], match.method);
  if (match.path !== undefined) stringMatcher(v, [...path, 'path'], match.path);
  const hs = match.headers;
  if (hs === undefined) return;
  const names = sortedKeys(hs);
  if (names.length === 0) v.add([...path, 'headers'], 'must contain at least one element');
  for (const name of names) {
    const p = [...path, 'headers', key(name)];
    if (name === '') v.add(p, 'cannot be empty');
    stringMatcher(v, p, hs[name] ?? {});
  }
}

function stringMatcher(v: Violations, path: Path, matcher: StringMatcher): void {
  switch (oneofCase(matcher, ['prefix', 'exact', 'regex'])) {
    case 'exact':
      break;
    case 'prefix':
      if ((matcher.prefix ?? '') === '') v.add([...path, 'prefix'], 'cannot be empty');
      break;
    case 'regex':
      if ((matcher.regex ?? '') === '') v.add([...path, 'regex'], 'cannot be empty');
      break;
    default:
      v.add(path, 'cannot be empty. Available options: "exact", "split" or "regex"');
  }
}

const HASH_FUNCTIONS = new Set(['XX_HASH', 'MURMUR_HASH_2']);

function loadBalancer(v: Violations, lb: TrafficRouteConf['loadBalancer']): void {
  const path = ['conf', 'loadBalancer'];
  switch (oneofCase(lb, ['roundRobin', 'leastRequest', 'ringHash', 'random', 'maglev'])) {
    case 'leastRequest':
      if (lb?.leastRequest?.choiceCount === 1)
        v.add([...path, 'leastRequest', 'choiceCount'], 'value must be greater than or equal to 2');
      break;
    case 'ringHash':
      if (!HASH_FUNCTIONS.has(lb?.ringHash?.hashFunction ?? ''))
        v.add([...path, 'ringHash', 'hashFunction'], 'must have a valid hash function');
      break;
  }
}
