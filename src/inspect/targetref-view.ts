/** The targetRef part of a dataplane report: matched policies, rules, effective confs, provenance. */
import {
  isTargetRefPolicyType,
  POLICY_SECTIONS,
  type RouteItem,
  type TargetRefPolicyType,
} from '../models/index.js';
import {
  confWithKubernetesDefaults,
  type MatchedPoliciesOptions,
  matchedPolicies,
  type Rule,
  type RuleContributor,
  validatePolicy,
} from '../targetref/index.js';
import { candidatePolicies, type MeshIndex, type TargetRefTypeIndex } from './indexes.js';
import { attributeFields, type ContributingItem, type Contribution } from './provenance.js';
import type {
  ReadonlyDataplane as Dataplane,
  ReadonlyTargetRef as TargetRef,
  ReadonlyTargetRefPolicy as TargetRefPolicy,
} from './readonly.js';
import { policyRef, refKey, setOwn } from './refs.js';
import type {
  ClientSubsetConf,
  EffectiveConf,
  InspectedDataplane,
  InspectOptions,
  InspectPolicyRef,
  InspectRule,
  InspectWarning,
  TargetRefTypeReport,
} from './types.js';

type Subset = InspectRule['subset'];

/** Kuma's `containsElement` (spec 03 §3.2): does this rule subset apply to the element? */
export function subsetContainsElement(subset: Subset, element: Record<string, string>): boolean {
  if (subset.length === 0) return true;
  const keys = Object.keys(element);
  if (keys.length === 0) return false;
  let seen = false;
  for (const t of subset) {
    const v = Object.hasOwn(element, t.key) ? element[t.key] : undefined;
    if (v === undefined) {
      if (t.not !== true) return false;
      continue;
    }
    seen = true;
    if (t.not === true ? v === t.value : v !== t.value) return false;
  }
  return seen || subset.every((t) => t.not === true);
}

/** The positive tags an item's targetRef stands for (spec 03 §3.1); undefined when not a subset. */
function itemSubset(ref: TargetRef | undefined): Subset | undefined {
  if (ref === undefined) return undefined;
  const tags = Object.entries(ref.tags ?? {}).map(([key, value]) => ({ key, value }));
  switch (ref.kind) {
    case 'Mesh':
      return [];
    case 'MeshSubset':
      return tags;
    case 'MeshService':
      return [{ key: 'kuma.io/service', value: ref.name ?? '' }];
    case 'MeshServiceSubset':
      return [{ key: 'kuma.io/service', value: ref.name ?? '' }, ...tags];
    default:
      return undefined;
  }
}

/** Kuma's `IsSubset` for a positive item subset (spec 03 §3.3). */
function itemCovers(item: Subset, rule: Subset): boolean {
  for (const t of item) {
    const same = rule.filter((r) => r.key === t.key);
    if (same.length === 0) return false;
    if (!same.every((r) => r.not !== true && r.value === t.value)) return false;
  }
  return true;
}

/** Contributors of each reported rule (not part of the JSON report). */
const ruleContributors = new WeakMap<InspectRule, readonly RuleContributor[]>();

function toRule(rule: Rule): InspectRule {
  const subset: Subset = rule.subset.map((t) =>
    t.not === true ? { key: t.key, value: t.value, not: true } : { key: t.key, value: t.value },
  );
  const out: InspectRule = { subset, conf: rule.conf, origin: rule.origin.map(policyRef) };
  ruleContributors.set(out, rule.contributors);
  return out;
}

function toRuleMap(map: Readonly<Record<string, readonly Rule[]>>): Record<string, InspectRule[]> {
  const out: Record<string, InspectRule[]> = {};
  for (const key of Object.keys(map).sort()) setOwn(out, key, (map[key] ?? []).map(toRule));
  return out;
}

/** The conf an item path (`spec.to[1]`, `spec.from[0]`, `spec.default`) points at in a policy. */

function itemConf(policy: TargetRefPolicy, path: string | undefined): unknown {
  if (path === undefined) return undefined;
  if (path === 'spec.default') return confWithKubernetesDefaults(policy.type, policy, policy.spec.default);
  const m = /^spec\.(to|from)\[(\d+)\]/.exec(path);
  if (m === null) return undefined;
  const list = m[1] === 'to' ? policy.spec.to : policy.spec.from;
  const item = list?.[Number(m[2])];
  if (item === undefined) return undefined;
  if ('default' in item) return confWithKubernetesDefaults(policy.type, policy, item.default);
  const route = item as RouteItem;
  return { rules: route.rules, hostnames: route.hostnames };
}

function contributions(
  rule: InspectRule,
  policies: readonly TargetRefPolicy[],
  byKey: ReadonlyMap<string, TargetRefPolicy>,
  section: 'single' | 'to' | 'from',
): Contribution[] {
  const known = ruleContributors.get(rule);
  if (known !== undefined && known.length > 0) {
    return known.map((c) => {
      const p = byKey.get(refKey(c.origin));
      const path = c.path ?? (section === 'single' ? 'spec.default' : `spec.${section}`);
      const conf = p === undefined ? undefined : itemConf(p, c.path);
      return { policy: policyRef(c.origin), items: [{ conf, path: itemPath(path) }] };
    });
  }
  const origins = new Set(rule.origin.map(refKey));
  const out: Contribution[] = [];
  for (const p of policies) {
    if (!origins.has(refKey(p))) continue;
    const items: ContributingItem[] = [];
    if (section === 'single')
      items.push({ conf: confWithKubernetesDefaults(p.type, p, p.spec.default), path: 'spec.default' });
    else {
      const list = (section === 'to' ? p.spec.to : p.spec.from) ?? [];
      const viaRoute = p.spec.targetRef?.kind === 'MeshHTTPRoute';
      list.forEach((item, i) => {
        const s = itemSubset(item.targetRef);
        if (!viaRoute && s !== undefined && !itemCovers(s, rule.subset)) return;
        if ('default' in item)
          items.push({
            conf: confWithKubernetesDefaults(p.type, p, item.default),
            path: `spec.${section}[${i}].default`,
          });
        else {
          const route = item as RouteItem;
          items.push({
            conf: { rules: route.rules, hostnames: route.hostnames },
            path: `spec.${section}[${i}]`,
          });
        }
      });
    }
    out.push({ policy: policyRef(p), items });
  }
  return out;
}

/** How one policy item was used on one dataplane: did it take part in a rule, did it set a field? */
export interface TargetRefItemUse {
  policy: InspectPolicyRef;
  /** `spec.to[0]`, `spec.from[1]`, `spec.default`. */
  item: string;
  participated: boolean;
  contributed: boolean;
}

const itemUses = new WeakMap<TargetRefTypeReport, TargetRefItemUse[]>();

/** Item usage recorded while building a report (used by lint; not part of the JSON report). */
export function targetRefItemUses(report: TargetRefTypeReport): readonly TargetRefItemUse[] {
  return itemUses.get(report) ?? [];
}

function firstMatching(
  rules: readonly InspectRule[],
  element: Record<string, string>,
): InspectRule | undefined {
  return rules.find((r) => subsetContainsElement(r.subset, element));
}

/** Options of `matchedPolicies` the inspector forwards. */
export function matchOptions(opts: Readonly<InspectOptions>): MatchedPoliciesOptions {
  const out: MatchedPoliciesOptions = {};
  if (opts.includeShadow !== undefined) out.includeShadow = opts.includeShadow;
  if (opts.ruleBudget !== undefined) out.maxSubsets = opts.ruleBudget;
  return out;
}

/**
 * Reports one targetRef policy type for one dataplane. Throws what `matchedPolicies` throws (the
 * caller turns it into a per-type error entry).
 */
export function inspectTargetRefType(
  type: string,
  dp: Dataplane,
  summary: InspectedDataplane,
  index: TargetRefTypeIndex | undefined,
  mesh: MeshIndex,
  opts: Readonly<InspectOptions>,
  warnings: InspectWarning[],
): TargetRefTypeReport {
  const candidates = index === undefined ? [] : type === 'MeshHTTPRoute' ? [] : candidatePolicies(index, dp);
  const resources = [...candidates, ...mesh.context];
  const result = matchedPolicies(type, dp, resources, matchOptions(opts));
  const policies = result.dataplanePolicies;
  for (const w of result.warnings) {
    warnings.push({
      code: w.includes('unable to resolve TargetRef') ? 'unresolvable-ref' : 'matcher',
      type,
      message: w,
    });
  }
  const singleItemRules = result.singleItemRules.map(toRule);
  const toRules = result.toRules.map(toRule);
  const fromRules = toRuleMap(result.fromRules);

  const sections = isTargetRefPolicyType(type)
    ? POLICY_SECTIONS[type as TargetRefPolicyType]
    : { to: true, from: true, single: true };
  const byKey = new Map(policies.map((p) => [refKey(p), p]));
  const setters = new Set<string>();
  const uses = new Map<string, TargetRefItemUse>();
  const use = (policy: InspectPolicyRef, item: string): TargetRefItemUse => {
    const id = `${refKey(policy)}\u0000${item}`;
    let u = uses.get(id);
    if (u === undefined) {
      u = { policy, item, participated: false, contributed: false };
      uses.set(id, u);
    }
    return u;
  };
  const attribute = (rule: InspectRule, section: 'single' | 'to' | 'from'): EffectiveConf => {
    const contributors = contributions(rule, policies, byKey, section);
    for (const c of contributors)
      for (const i of c.items) use(c.policy, itemPath(i.path)).participated = true;
    const e = attributeFields(rule.conf, contributors);
    for (const f of e.fields) {
      if (f.setBy === undefined) continue;
      setters.add(refKey(f.setBy));
      if (f.item !== undefined) use(f.setBy, itemPath(f.item)).contributed = true;
    }
    return e;
  };

  const effective: TargetRefTypeReport['effective'] = { inbounds: {}, outbounds: {} };
  if (sections.single) {
    const rule = firstMatching(singleItemRules, {});
    if (rule !== undefined) effective.proxy = attribute(rule, 'single');
  }
  for (const [key, rules] of Object.entries(fromRules)) {
    setOwn(
      effective.inbounds,
      key,
      rules.map((r): ClientSubsetConf => ({ subset: r.subset, ...attribute(r, 'from') })),
    );
  }
  for (const service of summary.outbounds) {
    const rule = firstMatching(toRules, { 'kuma.io/service': service });
    if (rule !== undefined) setOwn(effective.outbounds, service, attribute(rule, 'to'));
  }
  // Rules that apply to no listed outbound still count as contributions (transparent proxying
  // reaches services that are not listed as outbounds).
  for (const rule of toRules) attribute(rule, 'to');
  const gatewayRules: TargetRefTypeReport['gatewayRules'] =
    dp.networking.gateway?.type === 'BUILTIN'
      ? {
          fromRules: toRuleMap(result.gatewayRules.fromRules),
          toRules: {
            byListener: toRuleMap(result.gatewayRules.toRules.byListener),
            byListenerAndHostname: toRuleMap(result.gatewayRules.toRules.byListenerAndHostname),
          },
        }
      : undefined;
  if (gatewayRules !== undefined) {
    const listeners: Record<string, ClientSubsetConf[]> = {};
    for (const [key, rules] of Object.entries(gatewayRules.toRules.byListener)) {
      setOwn(
        listeners,
        key,
        rules.map((r): ClientSubsetConf => ({ subset: r.subset, ...attribute(r, 'to') })),
      );
    }
    effective.listeners = listeners;
  }

  for (const p of policies) {
    let v = mesh.validation.get(p);
    if (v === undefined) {
      v = validatePolicy(p);
      mesh.validation.set(p, v);
    }
    for (const issue of [...v.issues, ...v.warnings]) {
      // Kinds are told apart by where the issue is (a targetRef or its kind), never by its text.
      if (!/targetRef(\.kind)?$/.test(issue.path)) continue;
      warnings.push({
        code: 'kind-not-allowed',
        type,
        policy: policyRef(p),
        path: issue.path,
        message: issue.message,
      });
    }
    if (!setters.has(refKey(p))) {
      warnings.push({
        code: 'no-contribution',
        type,
        policy: policyRef(p),
        message: `${type} ${p.name} selects this proxy but sets no field of its effective configuration`,
      });
    }
  }
  const reasons = new Map(result.explanations.map((e) => [refKey(e.policy), e]));
  const report: TargetRefTypeReport = {
    kind: 'targetref',
    type,
    policies: policies.map(policyRef),
    selection: policies.map((p) => {
      const e = reasons.get(refKey(p));
      const entry = { policy: policyRef(p), reason: e?.reason ?? '', inbounds: [...(e?.inbounds ?? [])] };
      return e === undefined ? entry : { ...entry, sortKey: { ...e.sortKey } };
    }),
    singleItemRules,
    toRules,
    fromRules,
    ...(gatewayRules !== undefined ? { gatewayRules } : {}),
    effective,
  };
  itemUses.set(report, [...uses.values()]);
  return report;
}

/** `spec.to[1].default` → `spec.to[1]`. */
function itemPath(path: string): string {
  return path.endsWith('.default') && path !== 'spec.default' ? path.slice(0, -'.default'.length) : path;
}
