import { formatPath, type Issue, RBAC_ACTIONS, type RoleEndpoint } from '../models/index.js';
import { rbacActionMask } from './actions.js';
import type { RbacCandidate } from './endpoints.js';
import {
  buildRuleIndex,
  candidatesOf,
  decide,
  hasControl,
  indexKeys,
  isDecision,
  prepareRequest,
  type RbacDecisionMeta,
  type RbacTrace,
} from './evaluate.js';
import { describeValue } from './text.js';
import type { RbacDecision, RbacExplanation, RbacOptions, RbacRequest, RbacSemantics } from './types.js';
import { checkRbacOptions } from './validate.js';

/** Validates a flat rule list; never throws, whatever the value. */
export function roleEndpointIssues(rules: unknown, prefix: readonly PropertyKey[] = []): Issue[] {
  // A prefix that is not a list (null included) reads as none.
  if (!Array.isArray(prefix as unknown)) prefix = [];
  if (!Array.isArray(rules)) return [{ path: formatPath(prefix), message: 'must be a list of rules' }];
  const issues: Issue[] = [];
  rules.forEach((rule: unknown, i) => {
    const at = (...p: PropertyKey[]): string => formatPath([...prefix, i, ...p]);
    if (rule === null || typeof rule !== 'object') {
      issues.push({ path: at(), message: 'must be an object' });
      return;
    }
    const r = rule as Record<string, unknown>;
    if (typeof r.workspace !== 'string' || r.workspace === '')
      issues.push({ path: at('workspace'), message: "must be a workspace name or '*'" });
    else if (hasControl(r.workspace))
      issues.push({ path: at('workspace'), message: 'must not contain control characters' });
    if (typeof r.endpoint !== 'string' || r.endpoint === '')
      issues.push({ path: at('endpoint'), message: "must be a path or '*'" });
    if (!Array.isArray(r.actions)) issues.push({ path: at('actions'), message: 'must be a list of actions' });
    else
      r.actions.forEach((a: unknown, j) => {
        if (typeof a !== 'string' || !(RBAC_ACTIONS as readonly string[]).includes(a))
          issues.push({
            path: at('actions', j),
            message: `unknown action ${JSON.stringify(describeValue(a))}`,
          });
      });
    if (r.negative !== undefined && typeof r.negative !== 'boolean')
      issues.push({ path: at('negative'), message: 'must be a boolean' });
  });
  return issues;
}

function run(
  rules: readonly RoleEndpoint[],
  request: RbacRequest,
  opts: RbacOptions,
  trace?: RbacTrace,
  meta?: RbacDecisionMeta,
): RbacDecision {
  const checked = checkRbacOptions(opts);
  const issues = [...checked.issues, ...roleEndpointIssues(rules, ['rules'])];
  if (issues.length > 0) return { allowed: false, reason: 'invalid-input', issues };
  opts = checked.options;
  const semantics = opts.semantics ?? 'documented';
  // Kong's unit fixtures feed bare keys (`bar`) under the Kong semantics; rules are compared as given.
  const prepared = prepareRequest(request, semantics, opts, semantics === 'documented');
  if (isDecision(prepared)) return prepared;
  const index = buildRuleIndex(rules.map((rule) => ({ rule, mask: rbacActionMask(rule.actions) })));
  const candidates = candidatesOf(prepared, indexKeys(index));
  if (meta !== undefined) meta.prepared = { request: prepared.request, candidates };
  return decide(index, prepared, candidates, semantics, trace, meta);
}

/**
 * Decides an Admin API request against a flat list of rules (spec 05 §4): rules are compared
 * with the request's candidate endpoints exactly as given (no §1.3 normalisation). Returns
 * `{ allowed, reason, decidedBy?, tier? }`; invalid rules or requests give a deny with
 * `reason: 'invalid-input'` and `issues`, never an allow. Default semantics: `'documented'`.
 */
export function authorizeEndpoint(
  rules: readonly RoleEndpoint[],
  request: RbacRequest,
  opts: RbacOptions = {},
): RbacDecision {
  return run(rules, request, opts);
}

/** Like `authorizeEndpoint`, with every candidate and every rule key that was looked at. */
export function explainEndpoint(
  rules: readonly RoleEndpoint[],
  request: RbacRequest,
  opts: RbacOptions = {},
): RbacExplanation {
  const semantics = checkRbacOptions(opts).options.semantics ?? 'documented';
  const trace: RbacTrace = [];
  const meta: RbacDecisionMeta = {};
  const decision = run(rules, request, opts, trace, meta);
  return explanation(decision, meta.form, semantics, request, trace, {}, meta.prepared);
}

/** Assembles an explanation (shared with the engine). */
export function explanation(
  decision: RbacDecision,
  form: RbacExplanation['endpointForm'] | undefined,
  semantics: RbacSemantics,
  request: RbacRequest,
  trace: RbacTrace,
  extra: Partial<Pick<RbacExplanation, 'decidedByRole' | 'roles'>> = {},
  known?: { request: RbacRequest; candidates: readonly RbacCandidate[] },
): RbacExplanation {
  let stripped = known?.request;
  let candidates = known?.candidates;
  if (stripped === undefined || candidates === undefined) {
    const prepared = prepareRequest(request, semantics, {});
    stripped = isDecision(prepared) ? request : prepared.request;
    candidates = isDecision(prepared) ? [] : candidatesOf(prepared);
  }
  const out: RbacExplanation = {
    allowed: decision.allowed,
    reason: decision.reason,
    semantics,
    request: { ...stripped },
    candidates: candidates.map((c) => ({ endpoint: c.endpoint, form: c.form })),
    lookedAt: trace,
    summary: summarise(decision, request, extra.decidedByRole?.name),
  };
  if (decision.decidedBy !== undefined) out.decidedBy = decision.decidedBy;
  if (decision.tier !== undefined) out.tier = decision.tier;
  if (decision.issues !== undefined) out.issues = decision.issues;
  if (extra.decidedByRole !== undefined) out.decidedByRole = extra.decidedByRole;
  if (extra.roles !== undefined) out.roles = extra.roles;
  if (form !== undefined) out.endpointForm = form;
  return out;
}

function summarise(d: RbacDecision, request: RbacRequest, role: string | undefined): string {
  const verdict = d.allowed ? 'allowed' : 'denied';
  const r = (request ?? {}) as Partial<Record<keyof RbacRequest, unknown>>;
  const what = `${describeValue(r.action)} ${describeValue(r.endpoint)} in workspace ${describeValue(r.workspace)}`;
  if (d.tier === undefined) return `${what}: ${verdict} (${d.reason})`;
  const rule = d.decidedBy;
  const ruleText =
    rule === undefined
      ? ''
      : ` by ${rule.negative === true ? 'negative ' : ''}rule (${rule.workspace}, ${rule.endpoint}, [${rule.actions.join(', ')}])${role !== undefined ? ` of role ${role}` : ''}`;
  return `${what}: ${verdict} (${d.reason}) at tier ${d.tier.level} (${d.tier.workspace}, ${d.tier.endpoint})${ruleText}`;
}
