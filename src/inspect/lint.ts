/**
 * `lintPolicies`: problems in a policy set that no single validation sees, found by inspecting
 * every dataplane of the input once (one inspector, reused) and looking at the whole picture.
 */

import { shadowedPolicies } from '../legacy/index.js';
import { MeshPolicyError } from '../models/index.js';
import { validateMeshPassthrough } from '../passthrough/index.js';
import { validatePolicy } from '../targetref/index.js';
import { admitted } from './admitted.js';
import { byMeshAndName } from './indexes.js';
import { createInspector } from './inspector.js';
import type {
  ReadonlyDataplane as Dataplane,
  ReadonlyLegacyPolicy as LegacyPolicy,
  ReadonlyResource as Resource,
  ReadonlyTargetRefPolicy as TargetRefPolicy,
} from './readonly.js';
import {
  assertReadonlyResourceList,
  isReadonlyDataplane,
  isReadonlyLegacyPolicy,
  isReadonlyTargetRefPolicy,
} from './readonly.js';
import { policyRef, refKey } from './refs.js';
import { targetRefItemUses } from './targetref-view.js';
import type {
  DataplaneReport,
  InspectOptions,
  InspectPolicyRef,
  LintFinding,
  LintSeverity,
} from './types.js';

/** Stable lint codes and their severities. */
export const LINT_CODES = {
  'legacy/shadowed': 'warning',
  'legacy/selects-nothing': 'warning',
  'targetref/selects-nothing': 'warning',
  'targetref/overridden-entry': 'warning',
  'targetref/rule-explosion': 'warning',
  'targetref/rule-budget-exceeded': 'error',
  'admission/rejected': 'error',
  'input/duplicate-identity': 'error',
  'targetref/unusable-kind': 'warning',
  'passthrough/shadowed-by-cidr': 'warning',
  'passthrough/invalid': 'error',
  'inspect/type-error': 'error',
} as const satisfies Record<string, LintSeverity>;

/** A lint code. */
export type LintCode = keyof typeof LINT_CODES;

/** Options of `lintPolicies`. */
export interface LintOptions extends InspectOptions {
  /** Called after each dataplane is inspected (for progress output). */
  onProgress?: (done: number, total: number) => void;
}

const DEFAULT_RULE_BUDGET = 4096;

function finding(code: LintCode, resource: InspectPolicyRef, message: string, path?: string): LintFinding {
  return { severity: LINT_CODES[code], code, message, resource, ...(path !== undefined ? { path } : {}) };
}

/**
 * Legacy types Kuma matches in their own subsystems (spec 00 §4.1: VirtualOutbound selectors match
 * the services of the mesh, MeshGatewayRoute selectors match builtin-gateway listener tags), not
 * by the dataplane selection the inspector reports: whether they select anything is not known here.
 */
const OWN_SUBSYSTEM: ReadonlySet<string> = new Set(['VirtualOutbound', 'MeshGatewayRoute']);

function legacyFindings(
  reports: readonly DataplaneReport[],
  dataplanes: readonly Dataplane[],
  legacy: readonly LegacyPolicy[],
  meshesWithDataplanes: ReadonlySet<string>,
  opts: Readonly<InspectOptions>,
): LintFinding[] {
  const seen = new Set<string>();
  for (const r of reports) {
    for (const t of r.types) {
      if (t.kind !== 'legacy') continue;
      for (const s of t.selections) {
        for (const p of s.applied ?? []) seen.add(`${p.type}\u0000${refKey(p)}`);
        if (s.selected !== undefined) seen.add(`${s.selected.type}\u0000${refKey(s.selected)}`);
        for (const c of s.candidates) seen.add(`${c.policy.type}\u0000${refKey(c.policy)}`);
      }
    }
  }
  const out: LintFinding[] = [];
  const shadowed = shadowedPolicies(
    dataplanes,
    legacy,
    opts.tieBreak !== undefined ? { tieBreak: opts.tieBreak } : {},
  );
  for (const s of shadowed) {
    out.push(
      finding(
        'legacy/shadowed',
        policyRef(s.policy),
        `${s.policy.type} ${s.policy.name} never wins on any dataplane of the input: ${s.shadowedBy.name} is selected instead (first seen on ${s.dataplane} ${s.target}: ${s.reason}); combine them into one policy if both should apply`,
      ),
    );
  }
  for (const p of legacy) {
    if (OWN_SUBSYSTEM.has(p.type)) continue;
    if (!meshesWithDataplanes.has(p.mesh) || seen.has(`${p.type}\u0000${refKey(p)}`)) continue;
    out.push(
      finding(
        'legacy/selects-nothing',
        policyRef(p),
        `${p.type} ${p.name} matches no dataplane of the input`,
      ),
    );
  }
  return out;
}

/**
 * Estimated number of subsets Kuma's rule builder enumerates for the from items (and the to
 * items, when they use two or more tag keys) of `policies`: per key, one of its values or none.
 */
export function estimateRuleSubsets(policies: readonly TargetRefPolicy[], section: 'to' | 'from'): number {
  if (!Array.isArray(policies))
    throw new MeshPolicyError('INVALID_INPUT', 'estimateRuleSubsets: policies must be an array');
  const values = new Map<string, Set<string>>();
  for (const p of policies) {
    // An entry without a spec (untyped callers) has no items to count.
    for (const item of (section === 'to' ? p?.spec?.to : p?.spec?.from) ?? []) {
      const ref = item.targetRef;
      const tags: [string, string][] = Object.entries(ref.tags ?? {});
      if ((ref.kind === 'MeshService' || ref.kind === 'MeshServiceSubset') && ref.name !== undefined)
        tags.push(['kuma.io/service', ref.name]);
      for (const [k, v] of tags) {
        const s = values.get(k);
        if (s === undefined) values.set(k, new Set([v]));
        else s.add(v);
      }
    }
  }
  if (section === 'to' && values.size <= 1) return [...values.values()].reduce((n, s) => n + s.size, 1);
  let product = 1;
  for (const s of values.values()) product *= s.size + 1;
  return product;
}

function ruleExplosion(targetRef: readonly TargetRefPolicy[], budget: number): LintFinding[] {
  const groups = new Map<string, TargetRefPolicy[]>();
  for (const p of targetRef) {
    const k = `${p.mesh}\u0000${p.type}`;
    const g = groups.get(k);
    if (g === undefined) groups.set(k, [p]);
    else g.push(p);
  }
  const out: LintFinding[] = [];
  for (const list of groups.values()) {
    for (const section of ['from', 'to'] as const) {
      const n = estimateRuleSubsets(list, section);
      if (n <= budget) continue;
      const first = [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))[0]!;
      out.push(
        finding(
          'targetref/rule-explosion',
          policyRef(first),
          `the ${section} items of the ${list.length} ${first.type} policies of mesh ${first.mesh} may generate about ${n} rule subsets (budget ${budget}) for a proxy they all select`,
        ),
      );
    }
  }
  return out;
}

interface PassthroughEntry {
  policy: TargetRefPolicy;
  index: number;
  type: string;
  value: string;
  port: number | undefined;
}

function passthroughEntries(p: TargetRefPolicy): PassthroughEntry[] {
  const conf = p.spec.default as { appendMatch?: unknown } | undefined;
  const list = Array.isArray(conf?.appendMatch) ? conf.appendMatch : [];
  const out: PassthroughEntry[] = [];
  list.forEach((e: unknown, index: number) => {
    if (typeof e !== 'object' || e === null) return;
    const m = e as { type?: unknown; value?: unknown; port?: unknown };
    if (typeof m.type !== 'string' || typeof m.value !== 'string') return;
    out.push({
      policy: p,
      index,
      type: m.type,
      value: m.value,
      port: typeof m.port === 'number' ? m.port : undefined,
    });
  });
  return out;
}

function cidrShadows(entries: readonly PassthroughEntry[], seen: Set<string>, out: LintFinding[]): void {
  for (const d of entries) {
    if (d.type !== 'Domain' || d.port === undefined) continue;
    const cidr = entries.find((e) => (e.type === 'CIDR' || e.type === 'IP') && e.port === d.port);
    if (cidr === undefined) continue;
    const id = `${refKey(d.policy)}\u0000${d.index}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(
      finding(
        'passthrough/shadowed-by-cidr',
        policyRef(d.policy),
        `Domain ${d.value} on port ${d.port} is shadowed by ${cidr.type} ${cidr.value} on the same port${
          cidr.policy === d.policy ? '' : ` (policy ${cidr.policy.name})`
        }: traffic to the domain is matched by destination address first and may not match at all`,
        `spec.default.appendMatch[${d.index}]`,
      ),
    );
  }
}

/**
 * Lints a policy set against the dataplanes it contains. Findings (stable `code`, `severity`):
 * `legacy/shadowed` (a legacy policy that no dataplane ever selects), `targetref/selects-nothing`,
 * `targetref/overridden-entry` (a `to`/`from` entry whose every field is overridden wherever it
 * applies), `targetref/rule-explosion` (estimated subsets above the rule budget),
 * `targetref/rule-budget-exceeded` and `inspect/type-error` (a type that failed for a dataplane),
 * `passthrough/shadowed-by-cidr` (a Domain entry behind an IP/CIDR entry on the same port).
 * Sorted by severity, code, resource and path.
 */
export function lintPolicies(
  resources: readonly Resource[],
  opts: Readonly<LintOptions> = {},
): LintFinding[] {
  opts ??= {}; // untyped callers may pass null
  assertReadonlyResourceList(resources, 'resources');
  const { onProgress, ...options } = opts;
  // Judge what Kuma would hold: rejected documents are reported once, then left out.
  const input = admitted(resources);
  const kept = input.resources;
  const inspector = createInspector(kept, options);
  const reports = inspector.inspectAll(onProgress);
  // Sorted like the inspector's, so "first seen on" in shadow messages does not follow input order.
  const dataplanes = (kept.filter(isReadonlyDataplane) as Dataplane[]).sort(byMeshAndName);
  const meshes = new Set(dataplanes.map((d) => d.mesh));
  const legacy = kept.filter(isReadonlyLegacyPolicy) as LegacyPolicy[];
  const targetRef = kept.filter(isReadonlyTargetRefPolicy) as TargetRefPolicy[];
  const out: LintFinding[] = [];

  for (const w of [...input.warnings.values()].flat()) {
    if (w.policy === undefined) continue;
    const code: LintCode = w.code === 'not-admitted' ? 'admission/rejected' : 'input/duplicate-identity';
    out.push(finding(code, w.policy, w.message, w.path));
  }
  for (const f of legacyFindings(reports, dataplanes, legacy, meshes, options)) out.push(f);
  for (const f of admissionFindings(targetRef, options)) out.push(f);

  const matched = new Set<string>();
  // (mesh, type) pairs that failed somewhere: their policies' reach is unknown, so not judged
  const failed = new Set<string>();
  const items = new Map<
    string,
    { policy: InspectPolicyRef; item: string; participated: boolean; contributed: boolean }
  >();
  for (const r of reports) {
    for (const t of r.types) {
      if (t.kind === 'error') {
        failed.add(`${r.dataplane.mesh}\u0000${t.type}`);
        const code: LintCode =
          t.error.code === 'RULE_BUDGET_EXCEEDED' ? 'targetref/rule-budget-exceeded' : 'inspect/type-error';
        out.push(
          finding(
            code,
            { type: 'Dataplane', mesh: r.dataplane.mesh, name: r.dataplane.name },
            `${t.type}: ${t.error.message}`,
          ),
        );
        continue;
      }
      if (t.kind === 'legacy') continue;
      for (const p of t.policies) matched.add(`${p.type}\u0000${refKey(p)}`);
      if (t.kind !== 'targetref') continue;
      for (const u of targetRefItemUses(t)) {
        if (u.item === 'spec.default') continue;
        const id = `${u.policy.type}\u0000${refKey(u.policy)}\u0000${u.item}`;
        const acc = items.get(id);
        if (acc === undefined) items.set(id, { ...u });
        else {
          acc.participated ||= u.participated;
          acc.contributed ||= u.contributed;
        }
      }
    }
  }
  for (const p of targetRef) {
    if (!meshes.has(p.mesh) || p.type === 'MeshHTTPRoute' || failed.has(`${p.mesh}\u0000${p.type}`)) continue;
    if (!matched.has(`${p.type}\u0000${refKey(p)}`)) {
      out.push(
        finding(
          'targetref/selects-nothing',
          policyRef(p),
          `${p.type} ${p.name} selects no dataplane of the input`,
          p.spec.targetRef !== undefined ? 'spec.targetRef' : undefined,
        ),
      );
    }
  }
  for (const u of items.values()) {
    if (u.participated && !u.contributed) {
      out.push(
        finding(
          'targetref/overridden-entry',
          u.policy,
          `every field of this entry is overridden by higher-priority policies wherever it applies`,
          u.item,
        ),
      );
    }
  }

  for (const f of ruleExplosion(targetRef, options.ruleBudget ?? DEFAULT_RULE_BUDGET)) out.push(f);

  const seen = new Set<string>();
  const passthrough = targetRef.filter((p) => p.type === 'MeshPassthrough');
  for (const p of passthrough) cidrShadows(passthroughEntries(p), seen, out);
  const byRef = new Map(passthrough.map((p) => [refKey(p), p]));
  for (const r of reports) {
    for (const t of r.types) {
      if (t.kind !== 'passthrough' || t.policies.length < 2) continue;
      const entries = t.policies.flatMap((ref) => {
        const p = byRef.get(refKey(ref));
        return p === undefined ? [] : passthroughEntries(p);
      });
      cidrShadows(entries, seen, out);
    }
  }
  return sortFindings(out);
}

/**
 * What lint adds to admission for policies Kuma accepted: targetRef kinds Kuma accepts but cannot
 * use on sidecars (`validatePolicy` warnings) and, for MeshPassthrough, the chosen semantics'
 * validation where it is stricter than Kuma 2.8.8's admission.
 */
function admissionFindings(
  policies: readonly TargetRefPolicy[],
  opts: Readonly<InspectOptions>,
): LintFinding[] {
  const out: LintFinding[] = [];
  for (const p of policies) {
    if (p.type === 'MeshPassthrough') {
      const v = validateMeshPassthrough(p, { semantics: opts.semantics ?? 'documented' });
      for (const i of v.issues) out.push(finding('passthrough/invalid', policyRef(p), i.message, i.path));
      continue;
    }
    const v = validatePolicy(p);
    for (const i of v.warnings) out.push(finding('targetref/unusable-kind', policyRef(p), i.message, i.path));
  }
  return out;
}

const SEVERITY_ORDER: Record<LintSeverity, number> = { error: 0, warning: 1, info: 2 };

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Errors first, then by code, resource (type, mesh, name) and path. */
export function sortFindings(findings: LintFinding[]): LintFinding[] {
  return findings.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      cmp(a.code, b.code) ||
      cmp(a.resource.type, b.resource.type) ||
      cmp(a.resource.mesh, b.resource.mesh) ||
      cmp(a.resource.name, b.resource.name) ||
      cmp(a.path ?? '', b.path ?? '') ||
      cmp(a.message, b.message),
  );
}
