/**
 * Validation of legacy policies and dataplanes as Kuma's validators bound them (spec 00 §4.1,
 * §2.6; open question Q1: empty selectors are rejected). Selection itself stays lenient and
 * behaves as spec 01 describes for inputs these checks reject.
 *
 * The selector rules of a policy are Kuma's own, run by the models' admission checks
 * (`legacySelectorIssues`); this module adds the checks of raw input those never see (lists that
 * are not lists, tag values that are not strings) and keeps its historical wording for a few of
 * Kuma's messages.
 */
import { compareBytes } from '../internal/compare.js';
import { legacySelectorIssues } from '../models/admission/index.js';
import {
  formatPath,
  type Issue,
  isLegacyPolicyType,
  LEGACY_SELECTOR_SHAPE,
  type LegacyPolicyType,
  MapKey,
  type PathSegment,
} from '../models/index.js';
import { compileDataplane, IssueSink, inboundInterfaceOf, interfaceId } from './core.js';
import { SERVICE_TAG } from './tag-selector.js';
import type { LegacyDataplaneLike } from './types.js';

type SelectorField = 'sources' | 'destinations' | 'selectors';
const FIELD_ORDER: readonly SelectorField[] = ['sources', 'destinations', 'selectors'];
const PROTOCOL_MESSAGE = 'must contain tag "kuma.io/protocol" with one of: http, http2, grpc';

/** Result of a legacy validation. */
export interface LegacyValidationResult {
  readonly ok: boolean;
  readonly issues: Issue[];
}

/** An issue with what orders it: field, selector index, then its place within the selector. */
interface Ranked {
  readonly issue: Issue;
  readonly field: number;
  readonly index: number;
  /** 0: the list, 1: the selector, 2: one tag (by `key`), 3: the selector's required tags. */
  readonly rank: number;
  readonly key: string;
}

/** A selector list as Kuma's checks read it, and the raw-input issues found on the way. */
function readSelectors(
  field: SelectorField,
  value: unknown,
  out: Ranked[],
): { selectors: { match: Record<string, string> }[]; skip: Set<number>; empty: Set<number> } | undefined {
  const f = FIELD_ORDER.indexOf(field);
  const add = (path: readonly PathSegment[], message: string, index: number, rank: number, key = '') =>
    out.push({ issue: { path: formatPath([field, ...path]), message }, field: f, index, rank, key });
  if (value === undefined || value === null) return { selectors: [], skip: new Set(), empty: new Set() };
  if (!Array.isArray(value)) {
    add([], 'must be a list of selectors', -1, 0);
    return undefined;
  }
  const skip = new Set<number>();
  const empty = new Set<number>();
  const selectors = value.map((entry: unknown, i) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      add([i], 'a selector must be an object with a `match` map', i, 1);
      skip.add(i);
      return { match: {} };
    }
    const match = (entry as { match?: unknown }).match;
    if (match !== undefined && match !== null && (typeof match !== 'object' || Array.isArray(match))) {
      add([i, 'match'], 'must be a map of tags', i, 1);
      skip.add(i);
      return { match: {} };
    }
    const tags = Object.entries((match ?? {}) as Record<string, unknown>);
    if (tags.length === 0) empty.add(i);
    for (const [k, v] of tags)
      if (typeof v !== 'string') add([i, 'match', k], 'tag value must be a string', i, 2, k);
    // A value of the wrong type still names its tag: Kuma's rules see a valid placeholder.
    return { match: Object.fromEntries(tags.map(([k, v]) => [k, typeof v === 'string' ? v : '*'])) };
  });
  return { selectors, skip, empty };
}

/** Kuma's message as this module words it (undefined: not reported here). */
function reword(
  type: string,
  message: string,
  emptySelector: boolean,
): { message: string; rank: number } | undefined {
  if (message === 'must have at least one element') return { message, rank: 0 };
  if (message === 'must have at least one tag') return { message, rank: 1 };
  if (message === `must consist of exactly one tag "${SERVICE_TAG}"`)
    return emptySelector ? { message: 'must have at least one tag', rank: 1 } : undefined;
  if (emptySelector) return undefined;
  if (message === `mandatory tag "${SERVICE_TAG}" is missing`)
    return { message: `must contain tag "${SERVICE_TAG}"`, rank: 3 };
  if (message === 'protocol must be specified' || message.startsWith('must be one of the ['))
    return { message: PROTOCOL_MESSAGE, rank: 3 };
  if (/^tag ".*" is not allowed$/s.test(message))
    return { message: `only "${SERVICE_TAG}" is supported in destinations of ${type}`, rank: 2 };
  if (message.startsWith('tag value must consist of'))
    return {
      message:
        'tag value must consist of alphanumeric characters, dots, dashes, slashes, colons and underscores, or be "*"',
      rank: 2,
    };
  return { message, rank: 2 };
}

/**
 * Checks a legacy policy's selectors (or a MeshGateway's) the way Kuma's validators bound them:
 * non-empty `sources`/`destinations` (or `selectors`, which only ProxyTemplate may leave empty),
 * selectors with at least one tag, valid tag names and values, the mandatory `kuma.io/service`
 * tag, service-only destinations for outbound policy kinds, the protocol of FaultInjection
 * destinations; and string tag values. The `conf` is not checked (`loadResources` does, with
 * Kuma's admission). Never throws.
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
  let fields: readonly SelectorField[] = [];
  if (isLegacyPolicyType(type))
    fields =
      LEGACY_SELECTOR_SHAPE[type as LegacyPolicyType] === 'selectors'
        ? ['selectors']
        : ['sources', 'destinations'];
  else if (type === 'MeshGateway') fields = ['selectors'];
  else issues.push({ path: 'type', message: `"${type}" is not a legacy policy type` });
  const ranked: Ranked[] = [];
  const spec: Partial<Record<SelectorField, { match: Record<string, string> }[]>> = {};
  const read = new Map<SelectorField, { skip: Set<number>; empty: Set<number> }>();
  for (const field of fields) {
    const r = readSelectors(field, p[field], ranked);
    if (r === undefined) continue;
    if (p[field] !== undefined && p[field] !== null) spec[field] = r.selectors;
    read.set(field, r);
  }
  for (const raw of legacySelectorIssues(type, spec)) {
    const [field, index, , tag] = raw.path;
    const seen = read.get(field as SelectorField);
    const i = typeof index === 'number' ? index : -1;
    if (seen === undefined || seen.skip.has(i)) continue;
    const worded = reword(type, raw.message, seen.empty.has(i));
    if (worded === undefined) continue;
    // A required tag is reported at its selector; the other issues at their tag, by name.
    const selectorLevel = worded.rank === 3;
    const path = (selectorLevel ? raw.path.slice(0, 3) : raw.path).map((s) =>
      s instanceof MapKey ? s.key : s,
    );
    ranked.push({
      issue: { path: formatPath(path), message: worded.message },
      field: FIELD_ORDER.indexOf(field as SelectorField),
      index: i,
      rank: worded.rank,
      key: !selectorLevel && tag instanceof MapKey ? tag.key : '',
    });
  }
  ranked.sort(
    (a, b) => a.field - b.field || a.index - b.index || a.rank - b.rank || compareBytes(a.key, b.key),
  );
  for (const r of ranked) issues.push(r.issue);
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
