/**
 * The rule-set builders of spec 03 §5: from-rules per inbound, to-rules (with the MeshHTTPRoute
 * rule-matches expansion of §5.3) and single-item rules. Policies arrive already sorted by
 * priority (lowest first); item order is merge order.
 */

import type { DeepReadonly } from '../internal/readonly.js';
import { displayName, isTargetRefPolicyType, MeshPolicyError, POLICY_SECTIONS } from '../models/index.js';
import { mergeSpecFor } from '../models/policies/merge-specs.js';
import { invalidArgument, isObject, labelsOf, metaView } from './input.js';
import { isJsonObject, type JsonObject, own } from './json.js';
import { applyKubernetesDefaults, type MergeOptions } from './merge.js';
import { prioritySortKey } from './priority.js';
import type {
  ReadonlyTargetRef as TargetRef,
  ReadonlyTargetRefPolicy as TargetRefPolicy,
} from './readonly.js';
import { buildRules, type Rule, type RuleItem, type RuleOrigin } from './rules.js';
import { base64, sha256, utf8 } from './sha256.js';
import { RULE_MATCHES_HASH_TAG, SERVICE_TAG, type Subset, subsetFromTargetRef } from './subset.js';

/** Options shared by the rule-set builders. */
export interface RuleSetOptions extends MergeOptions {
  /** See `BuildRulesOptions.maxSubsets` (default 4096). */
  maxSubsets?: number;
  /**
   * Fill Kubernetes CRD defaults into confs before merging (spec 03 §7.2.1). Default: per policy,
   * true when it carries the `k8s.kuma.io/namespace` label (it was loaded from Kubernetes form).
   */
  applyKubernetesDefaults?: boolean;
}

/** The origin entry of a policy (its metadata, without the spec). */
export function ruleOriginOf(
  policy: Pick<TargetRefPolicy, 'type' | 'mesh' | 'name' | 'labels' | 'creationTime' | 'modificationTime'>,
): RuleOrigin {
  if (!isObject(policy)) throw invalidArgument('ruleOriginOf', 'policy must be an object');
  const o: RuleOrigin = {
    type: policy.type,
    mesh: policy.mesh,
    name: policy.name,
    labels: { ...labelsOf(policy) },
  };
  if (policy.creationTime !== undefined) o.creationTime = policy.creationTime;
  if (policy.modificationTime !== undefined) o.modificationTime = policy.modificationTime;
  return o;
}

const isKubernetesForm = (p: Pick<TargetRefPolicy, 'labels'>): boolean =>
  Object.hasOwn(labelsOf(p), 'k8s.kuma.io/namespace');

/**
 * A policy item's conf as the merge sees it: with the Kubernetes CRD defaults of its kind when the
 * policy is in Kubernetes form (or `opts.applyKubernetesDefaults` says so), else as written.
 * Explanations use it too, so a defaulted field is attributed to the policy whose defaults set it.
 */
export function withDefaults(
  type: string,
  policy: TargetRefPolicy,
  conf: unknown,
  opts: Readonly<Pick<RuleSetOptions, 'applyKubernetesDefaults'>> = {},
): unknown {
  if (!isObject(policy)) throw invalidArgument('confWithKubernetesDefaults', 'policy must be an object');
  const on = opts?.applyKubernetesDefaults ?? isKubernetesForm(policy);
  return on ? applyKubernetesDefaults(type, conf) : conf;
}

/** A policy's spec, tolerating hand-built policies without one. */
function specOf(p: TargetRefPolicy): TargetRefPolicy['spec'] {
  return isJsonObject(p.spec) ? p.spec : {};
}

/** A section list, tolerating non-array values in hand-built input. */
function listOf<T>(v: readonly T[] | undefined): readonly T[] {
  return Array.isArray(v) ? v : [];
}

function hasSection(type: string, section: 'to' | 'from' | 'single'): boolean {
  return isTargetRefPolicyType(type) ? POLICY_SECTIONS[type][section] : true;
}

/**
 * The conf a `to[]` entry contributes (spec 03 §2 `defaultOf`): `default`, except MeshHTTPRoute
 * (`{rules: reversed rules, hostnames}`) and MeshTCPRoute (its first rule, or a rule sending all
 * traffic to the entry's target with weight 1).
 */
export function toItemConf(type: string, item: unknown): unknown {
  if (!isJsonObject(item)) return undefined;
  const mode = mergeSpecFor(type).toItemConf ?? 'default';
  if (mode === 'httpRoute') {
    const rules = own(item, 'rules');
    const out: JsonObject = {};
    if (Array.isArray(rules)) out.rules = [...rules].reverse();
    const hostnames = own(item, 'hostnames');
    if (hostnames !== undefined) out.hostnames = hostnames;
    return out;
  }
  if (mode === 'tcpRoute') {
    const rules = own(item, 'rules');
    if (Array.isArray(rules) && rules.length > 0) return rules[0];
    const ref = own(item, 'targetRef');
    return { default: { backendRefs: [{ ...(isJsonObject(ref) ? ref : {}), weight: 1 }] } };
  }
  return own(item, 'default');
}

function policyItems(
  type: string,
  policy: TargetRefPolicy,
  section: 'to' | 'from',
  opts: RuleSetOptions,
): RuleItem[] {
  const spec = specOf(policy);
  const list = section === 'to' ? spec.to : spec.from;
  if (!Array.isArray(list)) return [];
  const origin = ruleOriginOf(policy);
  const sortKey = prioritySortKey(policy);
  return list.map((entry, i) => {
    const path = `spec.${section}[${i}]`;
    if (!isJsonObject(entry as unknown)) {
      throw new MeshPolicyError('INVALID_INPUT', 'policy item must be an object', [
        { path, message: 'must be an object' },
      ]);
    }
    const subset = subsetAt(entry.targetRef, `${path}.targetRef`);
    const raw = section === 'to' ? toItemConf(type, entry) : own(entry as unknown as JsonObject, 'default');
    return { subset, conf: withDefaults(type, policy, raw, opts), origin, path, sortKey };
  });
}

/** The subset of an item's targetRef; input errors carry the item's full Kuma path. */
function subsetAt(ref: TargetRef | undefined, path: string): Subset {
  if (ref === undefined || ref === null) {
    throw new MeshPolicyError('INVALID_INPUT', 'policy item without a targetRef', [
      { path, message: 'must be defined' },
    ]);
  }
  try {
    return subsetFromTargetRef(ref);
  } catch (e) {
    // `can't represent <Kind> as tags` stays as it is: its message is Kuma's warning text.
    if (!(e instanceof MeshPolicyError) || e.code !== 'INVALID_INPUT') throw e;
    const message = e.message.split('\n')[0] ?? e.message;
    throw new MeshPolicyError(
      e.code,
      message,
      e.issues.map((i) => ({
        ...i,
        path: `${path}${i.path.startsWith('targetRef') ? i.path.slice('targetRef'.length) : `.${i.path}`}`,
      })),
    );
  }
}

/**
 * From-rules per inbound (spec 03 §5.1): for each key, the `from[]` items of its policies (sorted,
 * lowest priority first) built with negations. Every key of `byInbound` is present in the result;
 * kinds without `from` give `{}`. Throws `MeshPolicyError` (`can't represent <Kind> as tags`,
 * `RULE_BUDGET_EXCEEDED`, …) — Kuma then drops the whole rule set with a warning.
 */
export function buildFromRules(
  type: string,
  byInbound: Readonly<Record<string, readonly TargetRefPolicy[]>>,
  options: DeepReadonly<RuleSetOptions> = {},
): Record<string, Rule[]> {
  if (!isObject(byInbound))
    throw invalidArgument('buildFromRules', 'byInbound must be an object of policy lists');
  const opts = options ?? {};
  const out: Record<string, Rule[]> = {};
  if (!hasSection(type, 'from')) return out;
  for (const key of Object.keys(byInbound)) {
    const list = byInbound[key] ?? [];
    if (!Array.isArray(list)) throw invalidArgument('buildFromRules', `byInbound[${key}] must be a list`);
    const items = list.flatMap((p) => policyItems(type, p, 'from', opts));
    const rules = buildRules(items, { ...opts, withNegations: true, type, context: `inbound ${key}` });
    Object.defineProperty(out, key, { value: rules, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * To-rules (spec 03 §5.2): the `to[]` items of the sorted policies, built without negations
 * (which still expands into negated subsets when items carry two or more tag keys). A policy whose
 * top-level targetRef is a MeshHTTPRoute contributes one item per route rule instead (§5.3),
 * resolved against `httpRoutes` (the last route with that display name in the policy's mesh wins).
 */
export function buildToRules(
  type: string,
  policies: readonly TargetRefPolicy[],
  httpRoutes: readonly TargetRefPolicy[],
  options: DeepReadonly<RuleSetOptions> = {},
): Rule[] {
  if (!Array.isArray(policies) || !Array.isArray(httpRoutes))
    throw invalidArgument('buildToRules', 'policies and httpRoutes must be lists');
  const opts = options ?? {};
  if (!hasSection(type, 'to')) return [];
  const items: RuleItem[] = [];
  for (const p of policies) {
    const own =
      specOf(p).targetRef?.kind === 'MeshHTTPRoute'
        ? routeItems(type, p, httpRoutes, opts)
        : policyItems(type, p, 'to', opts);
    for (const item of own) items.push(item);
  }
  return buildRules(items, { ...opts, withNegations: false, type, context: 'to rules' });
}

function routeItems(
  type: string,
  policy: TargetRefPolicy,
  httpRoutes: readonly TargetRefPolicy[],
  opts: RuleSetOptions,
): RuleItem[] {
  const name = specOf(policy).targetRef?.name;
  let route: TargetRefPolicy | undefined;
  for (const r of httpRoutes) {
    if (name !== undefined && r.mesh === policy.mesh && displayName(metaView(r)) === name) route = r;
  }
  if (route === undefined) throw new MeshPolicyError('NOT_FOUND', "can't resolve MeshHTTPRoute policy");
  const defaultHeaderType = opts.applyKubernetesDefaults ?? isKubernetesForm(route);
  const origin = ruleOriginOf(policy);
  const items: RuleItem[] = [];
  const routeTos = specOf(route).to;
  for (const routeTo of Array.isArray(routeTos) ? routeTos : []) {
    const rules = own(routeTo as unknown as JsonObject, 'rules');
    for (const rule of Array.isArray(rules) ? rules : []) {
      const hash = ruleMatchesHash(isJsonObject(rule) ? own(rule, 'matches') : undefined, {
        defaultHeaderType,
      });
      const kind = routeTo.targetRef?.kind;
      const subset: Subset =
        kind === 'Mesh' || kind === 'MeshSubset'
          ? [{ key: RULE_MATCHES_HASH_TAG, value: hash }]
          : [
              { key: SERVICE_TAG, value: routeTo.targetRef?.name ?? '' },
              { key: RULE_MATCHES_HASH_TAG, value: hash },
            ];
      listOf(specOf(policy).to).forEach((entry, i) => {
        items.push({
          subset: subset.map((t) => ({ ...t })),
          conf: withDefaults(type, policy, toItemConf(type, entry), opts),
          origin,
          path: `spec.to[${i}]`,
          sortKey: prioritySortKey(policy),
        });
      });
    }
  }
  return items;
}

/**
 * Single-item rules (spec 03 §5.4): each policy's `spec.default` as one item targeting `Mesh`
 * (the top-level targetRef is ignored); one rule with subset `[]`, or none without policies.
 */
export function buildSingleItemRules(
  type: string,
  policies: readonly TargetRefPolicy[],
  options: DeepReadonly<RuleSetOptions> = {},
): Rule[] {
  if (!Array.isArray(policies)) throw invalidArgument('buildSingleItemRules', 'policies must be a list');
  const opts = options ?? {};
  if (!hasSection(type, 'single')) return [];
  const items: RuleItem[] = policies.map((p) => ({
    subset: [],
    conf: withDefaults(type, p, specOf(p).default, opts),
    origin: ruleOriginOf(p),
    path: 'spec.default',
    sortKey: prioritySortKey(p),
  }));
  return buildRules(items, { ...opts, withNegations: false, type, context: 'single-item rules' });
}

/**
 * Zone-egress rules for `to`-only kinds (spec 02 §8, spec 03 §5.5): every `to[]` entry of the
 * sorted policies that `selectsItem` accepts becomes an item whose subset is the **policy's
 * top-level targetRef** (the client side) and whose conf is the entry's conf; built without
 * negations. Policies may appear several times (Kuma appends a policy once per selecting entry).
 * A top-level targetRef that cannot be a subset throws (`can't represent <Kind> as tags`).
 */
export function buildEgressToRules(
  type: string,
  policies: readonly TargetRefPolicy[],
  selectsItem: (
    policy: TargetRefPolicy,
    entry: NonNullable<TargetRefPolicy['spec']['to']>[number],
    index: number,
  ) => boolean,
  options: DeepReadonly<RuleSetOptions> = {},
): Rule[] {
  if (!Array.isArray(policies)) throw invalidArgument('buildEgressToRules', 'policies must be a list');
  if (typeof selectsItem !== 'function')
    throw invalidArgument('buildEgressToRules', 'selectsItem must be a function');
  const opts = options ?? {};
  const items: RuleItem[] = [];
  for (const p of policies) {
    const origin = ruleOriginOf(p);
    listOf(specOf(p).to).forEach((entry, i) => {
      if (!selectsItem(p, entry, i)) return;
      items.push({
        subset: subsetAt(specOf(p).targetRef, 'spec.targetRef'),
        conf: withDefaults(type, p, toItemConf(type, entry), opts),
        origin,
        path: `spec.to[${i}]`,
        sortKey: prioritySortKey(p),
      });
    });
  }
  return buildRules(items, { ...opts, withNegations: false, type, context: 'egress to rules' });
}

// ---------------------------------------------------------------------------------------------
// MeshHTTPRoute rule-matches hash (spec 03 §5.3)

/** Go `encoding/json` string quoting (HTML-safe escapes, U+2028/9 escaped, `\b`/`\f` short forms). */
export function goJsonString(s: string): string {
  if (typeof s !== 'string') throw invalidArgument('goJsonString', 's must be a string');
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i] as string;
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += ch + (s[i + 1] as string);
        i++;
      } else out += '\\ufffd';
    } else if (c >= 0xdc00 && c <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

const str = (v: unknown): string => goJsonString(v === undefined || v === null ? '' : String(v));

/** Go's encoding of a zero `QueryParamsMatch` (a `null` list element decodes to it). */
const ZERO_QUERY_PARAM = '{"type":"","name":"","value":""}';

function goJsonQueryParam(q: unknown): string {
  if (!isJsonObject(q)) return ZERO_QUERY_PARAM;
  return `{"type":${str(own(q, 'type'))},"name":${str(own(q, 'name'))},"value":${str(own(q, 'value'))}}`;
}

function goJsonHeader(h: unknown, defaultHeaderType: boolean): string {
  const hp: string[] = [];
  const obj = isJsonObject(h) ? h : {};
  // `type` is a pointer with omitempty (present when written, even as ""); `value` is a plain
  // string with omitempty (an empty value vanishes); `name` is always written.
  let t = own(obj, 'type');
  if ((t === undefined || t === null) && defaultHeaderType) t = 'Exact';
  if (t !== undefined && t !== null) hp.push(`"type":${str(t)}`);
  hp.push(`"name":${str(own(obj, 'name'))}`);
  const v = own(obj, 'value');
  if (v !== undefined && v !== null && v !== '') hp.push(`"value":${str(v)}`);
  return `{${hp.join(',')}}`;
}

/**
 * One `Match` as Go encodes it: `path` and `method` are pointers (written when present, even as
 * `""`); `queryParams` and `headers` are plain slices with omitempty, so an empty list vanishes
 * like an absent one. A `null` list element is Go's zero struct.
 */
function goJsonMatch(m: unknown, defaultHeaderType: boolean): string {
  if (!isJsonObject(m)) return '{}';
  const parts: string[] = [];
  const path = own(m, 'path');
  if (isJsonObject(path))
    parts.push(`"path":{"value":${str(own(path, 'value'))},"type":${str(own(path, 'type'))}}`);
  const method = own(m, 'method');
  if (method !== undefined && method !== null) parts.push(`"method":${str(method)}`);
  const qps = own(m, 'queryParams');
  if (Array.isArray(qps) && qps.length > 0)
    parts.push(`"queryParams":[${qps.map(goJsonQueryParam).join(',')}]`);
  const headers = own(m, 'headers');
  if (Array.isArray(headers) && headers.length > 0) {
    parts.push(`"headers":[${headers.map((h) => goJsonHeader(h, defaultHeaderType)).join(',')}]`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * Go's JSON encoding of a MeshHTTPRoute rule's `matches` (field declaration order, `omitempty`
 * respected, Go string escaping); `null` when absent.
 */
export function goJsonMatches(matches: unknown, opts: { readonly defaultHeaderType?: boolean } = {}): string {
  if (!Array.isArray(matches)) return 'null';
  const defaultHeaderType = opts?.defaultHeaderType === true;
  return `[${matches.map((m) => goJsonMatch(m, defaultHeaderType)).join(',')}]`;
}

/**
 * The `__rule-matches-hash__` tag value of a MeshHTTPRoute rule: base64(SHA-256(Go JSON of its
 * `matches`)). `defaultHeaderType` fills the Kubernetes default header match type `Exact`.
 */
export function ruleMatchesHash(
  matches: unknown,
  opts: { readonly defaultHeaderType?: boolean } = {},
): string {
  return base64(sha256(utf8(goJsonMatches(matches, opts))));
}
