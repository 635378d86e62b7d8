/** Findings about role rules that cannot do what they seem to (spec 05 §5, §12). */
import type { RoleEndpoint, RoleEndpointInput } from '../models/index.js';
import { isRbacAction } from './actions.js';
import { normalizeRuleEndpoint } from './endpoints.js';
import type { RbacRoleDefinition } from './roles.js';

/** One lint finding about a role's rule. */
export interface RbacLintFinding {
  severity: 'error' | 'warning' | 'info';
  code:
    | 'duplicate-rule'
    | 'negative-without-actions'
    | 'positive-without-actions'
    | 'negative-redundant'
    | 'positive-shadowed'
    | 'route-only-endpoint'
    | 'unreachable-endpoint'
    | 'foreign-workspace-rule';
  role: string;
  /** The role's workspace. */
  workspace: string;
  /** Kuma-style path of the rule inside the role, e.g. `endpoints[2]`. */
  path: string;
  message: string;
}

/** Only well-formed rules are linted (the loader reports the others). */
function isLintableRule(raw: unknown): raw is RoleEndpointInput {
  if (raw === null || typeof raw !== 'object') return false;
  const r = raw as Record<string, unknown>;
  return (
    typeof r.endpoint === 'string' &&
    (r.workspace === undefined || typeof r.workspace === 'string') &&
    Array.isArray(r.actions) &&
    r.actions.every((a) => isRbacAction(a))
  );
}

const ruleText = (r: RoleEndpoint): string =>
  `(${r.workspace}, ${r.endpoint}, [${r.actions.join(', ')}]${r.negative === true ? ', negative' : ''})`;

/**
 * Lints role definitions: negative rules that can never fire (no actions, every action already
 * denied at the same key, an endpoint no request reaches), positive rules fully shadowed by a
 * negative rule at the same key (a negative rule beats a positive one there whatever the role),
 * duplicate keys inside a role (Kong's primary key), rules on another workspace than the role's
 * (consulted only for requests in the role's own workspace under `'documented'`). Findings are
 * sorted by role workspace, role name and path. Invalid roles are skipped (the loader reports them).
 */
export function lintRoles(roles: readonly RbacRoleDefinition[]): RbacLintFinding[] {
  const findings: RbacLintFinding[] = [];
  type Entry = { role: RbacRoleDefinition; rule: RoleEndpoint; path: string; index: number };
  // Rule keys are pairs (workspace, endpoint): nested maps, never a joined string.
  const byKey = new Map<string, Map<string, Entry[]>>();
  if (!Array.isArray(roles)) return findings;
  for (const role of roles) {
    if (role === null || typeof role !== 'object' || !Array.isArray(role.endpoints)) continue;
    if (typeof role.name !== 'string' || (role.workspace !== undefined && typeof role.workspace !== 'string'))
      continue;
    const roleWs = role.workspace ?? 'default';
    const seen = new Map<string, Map<string, number>>();
    (role.endpoints as readonly unknown[]).forEach((raw: unknown, index: number) => {
      if (!isLintableRule(raw)) return;
      const rule: RoleEndpoint = {
        ...raw,
        workspace: raw.workspace ?? roleWs,
        endpoint: normalizeRuleEndpoint(raw.endpoint),
      };
      const path = `endpoints[${index}]`;
      const add = (severity: RbacLintFinding['severity'], code: RbacLintFinding['code'], message: string) =>
        findings.push({ severity, code, role: role.name, workspace: roleWs, path, message });
      const dup = inner(seen, rule.workspace).get(rule.endpoint);
      if (dup !== undefined)
        add(
          'error',
          'duplicate-rule',
          `${ruleText(rule)} has the same workspace and endpoint as endpoints[${dup}]`,
        );
      else inner(seen, rule.workspace).set(rule.endpoint, index);
      const lists = inner(byKey, rule.workspace);
      let list = lists.get(rule.endpoint);
      if (list === undefined) {
        list = [];
        lists.set(rule.endpoint, list);
      }
      list.push({ role, rule, path, index });
      const negative = rule.negative === true;
      if (rule.actions.length === 0)
        add(
          'warning',
          negative ? 'negative-without-actions' : 'positive-without-actions',
          negative
            ? `negative rule ${ruleText(rule)} lists no action: it never denies anything ('kong' only treats an all-empty key as a deny)`
            : `rule ${ruleText(rule)} lists no action: it grants nothing and denies every action at its key`,
        );
      // Generalisation replaces segments from the right, so a real path reaches only rules whose
      // wildcards form a suffix of whole '*' segments; '/a/*/b' and '/a/*/b/*' need the route name.
      const segments = rule.endpoint.split('/');
      const firstStar = segments.findIndex((s) => s.includes('*'));
      if (rule.endpoint !== '*' && firstStar >= 0 && segments.slice(firstStar + 1).some((s) => s !== '*'))
        add(
          'info',
          'route-only-endpoint',
          `${ruleText(rule)} has a wildcard before its last segment: it matches only through the request's route name (spec 05 §3)`,
        );
      if (rule.endpoint !== '*' && segments.some((s) => s.includes('*') && s !== '*'))
        add(
          'warning',
          'unreachable-endpoint',
          `${ruleText(rule)}: '*' inside a segment never matches a real request path`,
        );
      if (rule.workspace !== '*' && rule.workspace !== roleWs && roleWs !== 'default')
        add(
          negative ? 'warning' : 'info',
          'foreign-workspace-rule',
          `${ruleText(rule)} names workspace ${rule.workspace} but the role lives in ${roleWs}: under 'documented' semantics the role is consulted only for requests in ${roleWs}${negative ? ', so this negative rule can never fire there' : ''}`,
        );
    });
  }
  // Per key: which actions the negative rules list, overall and per role (counts, so that "the
  // others" of one negative rule are found without comparing every pair — linear per key).
  for (const entries of [...byKey.values()].flatMap((m) => [...m.values()])) {
    const negatives = entries.filter((e) => e.rule.negative === true);
    if (negatives.length === 0) continue;
    const all = new Map<string, number>();
    const byRole = new Map<RbacRoleDefinition, Map<string, number>>();
    const namesByRole = new Map<RbacRoleDefinition, Entry[]>();
    for (const n of negatives) {
      let counts = byRole.get(n.role);
      if (counts === undefined) {
        counts = new Map();
        byRole.set(n.role, counts);
        namesByRole.set(n.role, []);
      }
      namesByRole.get(n.role)?.push(n);
      for (const a of new Set(n.rule.actions)) {
        all.set(a, (all.get(a) ?? 0) + 1);
        counts.set(a, (counts.get(a) ?? 0) + 1);
      }
    }
    for (const e of entries) {
      // A negative rule is redundant only next to one of its own role: other roles may not be held.
      const negative = e.rule.negative === true;
      const own = new Set<string>(e.rule.actions);
      const roleCounts = byRole.get(e.role);
      const others = (a: string, counts: Map<string, number> | undefined): number =>
        (counts?.get(a) ?? 0) - (negative && own.has(a) ? 1 : 0);
      const deniedElsewhere = (a: string): boolean => others(a, negative ? roleCounts : all) > 0;
      if (e.rule.actions.length === 0 || !e.rule.actions.every(deniedElsewhere)) continue;
      const roleWs = e.role.workspace ?? 'default';
      const certain = e.rule.actions.every((a) => others(a, roleCounts) > 0);
      const pool = negative ? (namesByRole.get(e.role) ?? []) : negatives;
      const by = nameOthers(pool, e);
      findings.push({
        severity: certain ? 'warning' : 'info',
        role: e.role.name,
        workspace: roleWs,
        path: e.path,
        ...(negative
          ? {
              code: 'negative-redundant' as const,
              message: `negative rule ${ruleText(e.rule)} can never fire on its own: ${by} already deny${certain ? '' : ' (for users holding those roles)'} every action it lists at the same key`,
            }
          : {
              code: 'positive-shadowed' as const,
              message: `rule ${ruleText(e.rule)} is fully shadowed by the negative rule(s) ${by} at the same key${certain ? '' : ' for users holding those roles'}: a negative rule wins there whatever the role`,
            }),
      });
    }
  }
  return findings.sort(
    (a, b) =>
      cmp(a.workspace, b.workspace) || cmp(a.role, b.role) || cmpPath(a.path, b.path) || cmp(a.code, b.code),
  );
}

/** The inner map of `outer` at `key`, created when missing. */
function inner<V>(outer: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let m = outer.get(key);
  if (m === undefined) {
    m = new Map();
    outer.set(key, m);
  }
  return m;
}

/** `role.path` of the other rules in `pool` (at most 10 named; a key shared by thousands stays linear). */
function nameOthers(pool: readonly { role: RbacRoleDefinition; path: string }[], self: object): string {
  const names: string[] = [];
  let more = 0;
  for (const n of pool) {
    if (n === self) continue;
    if (names.length < 10) names.push(`${n.role.name}.${n.path}`);
    else more++;
  }
  return more === 0 ? names.join(', ') : `${names.join(', ')} and ${more} more`;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const cmpPath = (a: string, b: string): number => {
  const n = (p: string) => Number(/\d+/.exec(p)?.[0] ?? 0);
  return n(a) - n(b);
};
