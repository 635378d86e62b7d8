/**
 * `validatePolicy`: Kuma's admission verdict on one targetRef policy (the models' admission
 * checks, ported from Kuma 2.8.8's `validator.go` of each policy), plus warnings for targetRef
 * kinds Kuma accepts but cannot use on sidecars.
 */

import {
  admissionIssues,
  formatPath,
  type Issue,
  isError,
  isTargetRefPolicyType,
  type TargetRefPolicy as ModelTargetRefPolicy,
  type TargetRefPolicyType,
  targetRefPolicySpecSchema,
  unsafeValueIssues,
  zodRawIssues,
} from '../models/index.js';
import { isObject } from './input.js';
import type { ReadonlyTargetRef as TargetRef } from './readonly.js';

/** Result of `validatePolicy`: Kuma's violations, plus warnings for accepted-but-unusable refs. */
export interface PolicyValidationResult {
  ok: boolean;
  issues: Issue[];
  warnings: Issue[];
}

/** Does a top-level targetRef include gateways (Mesh / MeshSubset without a Sidecar-only `proxyTypes`, MeshGateway, MeshHTTPRoute)? */
export function targetRefIncludesGateways(top: TargetRef): boolean {
  if (!isObject(top)) return false;
  if (top.kind === 'MeshGateway' || top.kind === 'MeshHTTPRoute') return true;
  if (top.kind === 'Mesh' || top.kind === 'MeshSubset') {
    const types = top.proxyTypes ?? [];
    return types.length === 0 || types.includes('Gateway');
  }
  return false;
}

/**
 * Where Kuma 2.8.8 accepts MeshExternalService but only zone egress honours it: on sidecars the
 * policy's rules are emptied with a warning (`pkg/plugins/policies/core/rules` at 2.8.8).
 */
const UNUSABLE_ON_SIDECARS: Partial<
  Record<TargetRefPolicyType, { top?: boolean; to?: boolean; from?: boolean }>
> = {
  MeshTrafficPermission: { top: true, from: true },
  MeshTCPRoute: { to: true },
};

function unusableWarnings(type: TargetRefPolicyType, spec: Record<string, unknown>): Issue[] {
  const where = UNUSABLE_ON_SIDECARS[type];
  if (where === undefined) return [];
  const out: Issue[] = [];
  const top = spec.targetRef as { kind?: unknown } | undefined;
  if (where.top === true && top?.kind === 'MeshExternalService')
    out.push({
      path: 'spec.targetRef.kind',
      message: `MeshExternalService selects nothing on dataplanes (Kuma warns 'unsupported targetRef kind'); only zone egress honours it`,
      severity: 'warning',
    });
  for (const section of ['to', 'from'] as const) {
    if (where[section] !== true || !Array.isArray(spec[section])) continue;
    (spec[section] as unknown[]).forEach((item, i) => {
      const ref = (item as { targetRef?: { kind?: unknown } } | null)?.targetRef;
      if (ref?.kind !== 'MeshExternalService') return;
      out.push({
        path: `spec.${section}[${i}].targetRef.kind`,
        message:
          section === 'to'
            ? 'MeshExternalService is accepted but cannot be represented in rules on sidecars: Kuma empties the whole to-rule set with a warning'
            : 'MeshExternalService is accepted but only zone egress honours it: on sidecars Kuma empties all from-rules with a warning',
        severity: 'warning',
      });
    });
  }
  return out;
}

/**
 * Validates a targetRef policy like Kuma 2.8.8's admission webhook: the kind's spec shape, then
 * every rule of its validator (allowed top-level kinds for its role, allowed `to[]` / `from[]`
 * kinds, required and forbidden sections and fields, values), with Kuma's paths and messages.
 * The same checks `loadResources` runs (`admissionIssues`); this entry point takes a bare
 * `{ type, labels, spec }` and does not check the name. Kinds accepted by Kuma but unusable on
 * sidecars (MeshExternalService in MeshTrafficPermission / MeshTCPRoute) produce warnings. Never
 * throws: a caller passing unparsed JavaScript gets issues.
 */
export function validatePolicy(resource: {
  readonly type: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly spec?: unknown;
}): PolicyValidationResult {
  const fail = (found: Issue[]): PolicyValidationResult => ({ ok: false, issues: found, warnings: [] });
  // Callers in plain JavaScript may pass anything: check the shape before reading it.
  if (resource === null || typeof resource !== 'object')
    return fail([{ path: '', message: 'must be an object' }]);
  if (typeof resource.type !== 'string') return fail([{ path: 'type', message: 'must be a string' }]);
  if (!isTargetRefPolicyType(resource.type))
    return fail([{ path: 'type', message: `"${resource.type}" is not a targetRef policy type` }]);
  const rawSpec = resource.spec;
  if (rawSpec === null || typeof rawSpec !== 'object' || Array.isArray(rawSpec))
    return fail([{ path: 'spec', message: 'must be an object' }]);
  const labels = resource.labels;
  if (labels !== undefined && (labels === null || typeof labels !== 'object' || Array.isArray(labels)))
    return fail([{ path: 'labels', message: 'must be an object' }]);
  // As the loader: keys that reach prototypes are refused (zod would drop them unchecked).
  const unsafe = unsafeValueIssues(rawSpec);
  if (unsafe.length > 0)
    return fail(unsafe.map((i) => ({ path: formatPath(['spec', ...i.path]), message: i.message })));
  const parsed = targetRefPolicySpecSchema(resource.type).safeParse(rawSpec);
  if (!parsed.success)
    return fail(
      zodRawIssues(parsed.error).map((i) => ({ path: formatPath(['spec', ...i.path]), message: i.message })),
    );
  const policy = {
    type: resource.type,
    mesh: 'default',
    name: 'policy',
    labels: { ...(labels ?? {}) },
    spec: parsed.data,
  } as ModelTargetRefPolicy; // a fresh object: the parsed spec is a copy
  const all = admissionIssues(policy, { checkName: false });
  const issues = all.filter(isError).map(({ severity: _s, ...i }) => i);
  const warnings = [
    ...all.filter((i) => !isError(i)),
    ...unusableWarnings(resource.type, rawSpec as Record<string, unknown>),
  ];
  return { ok: issues.length === 0, issues, warnings };
}
