/**
 * `diffPolicySets`: the dry-run question "which proxies does this change affect?". Both inputs
 * are inspected (one inspector each, reused for every dataplane) and the effective
 * configurations are compared leaf by leaf.
 */

import type { DeepReadonly } from '../internal/readonly.js';
import { MeshPolicyError } from '../models/index.js';
import { byMeshAndName } from './indexes.js';
import { createInspector } from './inspector.js';
import { jsonEqual, jsonLeaves } from './json.js';
import type { ReadonlyLegacyPolicy as LegacyPolicy, ReadonlyResource as Resource } from './readonly.js';
import { assertReadonlyResourceList, isReadonlyLegacyPolicy } from './readonly.js';
import { refKey, setOwn, subsetKey } from './refs.js';
import type { DataplaneReport, DiffOptions, DiffScope, InspectPolicyRef, PolicyChange } from './types.js';

/** Finds the legacy policy a report names (diff reads what the report leaves out from it). */
export type LegacyPolicyLookup = (ref: DeepReadonly<InspectPolicyRef>) => LegacyPolicy | undefined;

function legacyLookup(resources: readonly Resource[]): LegacyPolicyLookup {
  const byRef = new Map<string, LegacyPolicy>();
  for (const r of resources) if (isReadonlyLegacyPolicy(r)) byRef.set(`${r.type}\u0000${refKey(r)}`, r);
  return (ref) => byRef.get(`${ref.type}\u0000${refKey(ref)}`);
}

/**
 * The effective value of one legacy selection. On an inbound the selected policies' `sources` are
 * part of the effect (who may connect, whose requests get the fault or the limit), and for the
 * all-matching types (FaultInjection, RateLimit) every applied policy's conf is; the report
 * names those policies, so they are read from the input through `lookup`.
 */
function legacyValue(
  s: DeepReadonly<{
    scope: string;
    selected?: InspectPolicyRef;
    applied?: InspectPolicyRef[];
    conf?: unknown;
  }>,
  lookup: LegacyPolicyLookup | undefined,
): unknown {
  if (s.applied !== undefined) {
    const value: Record<string, unknown> = { policy: s.applied.map((p) => p.name) };
    if (lookup !== undefined) {
      const conf: Record<string, unknown> = {};
      const sources: Record<string, unknown> = {};
      for (const p of s.applied) {
        const policy = lookup(p);
        setOwn(conf, p.name, policy?.conf ?? null);
        if (s.scope === 'inbound') setOwn(sources, p.name, policy?.sources ?? []);
      }
      value.conf = conf;
      if (s.scope === 'inbound') value.sources = sources;
    }
    return value;
  }
  const value: Record<string, unknown> = { policy: s.selected?.name };
  if (s.conf !== undefined) value.conf = s.conf;
  if (lookup !== undefined && s.scope === 'inbound' && s.selected !== undefined)
    value.sources = lookup(s.selected)?.sources ?? [];
  return value;
}

interface EffectiveEntry {
  type: string;
  scope: DiffScope;
  key: string;
  value: unknown;
}

/** Flattens a report into its effective values, one entry per (type, scope, key). */
export function effectiveEntries(
  report: DeepReadonly<DataplaneReport>,
  lookup?: LegacyPolicyLookup,
): Map<string, EffectiveEntry> {
  const out = new Map<string, EffectiveEntry>();
  const put = (type: string, scope: DiffScope, key: string, value: unknown): void => {
    out.set(`${type}\u0000${scope}\u0000${key}`, { type, scope, key, value });
  };
  for (const t of report.types) {
    if (t.kind === 'error') put(t.type, 'proxy', '', { error: t.error.code });
    else if (t.kind === 'legacy') {
      for (const s of t.selections) {
        const policy = s.applied !== undefined ? s.applied.map((p) => p.name) : s.selected?.name;
        if (policy === undefined || (Array.isArray(policy) && policy.length === 0)) continue;
        put(t.type, s.scope === 'dataplane' ? 'proxy' : s.scope, s.key, legacyValue(s, lookup));
      }
    } else if (t.kind === 'passthrough') {
      // Where the policies have no effect (no transparent proxying, builtin gateway) nothing of
      // theirs reaches the proxy, so a change to them changes nothing there.
      if (t.policies.length > 0 && t.effective)
        put(t.type, 'passthrough', '', {
          mode: t.mode,
          matchers: t.matchers,
          ...(t.mode === 'mesh-default' ? { meshPassthrough: t.meshPassthrough } : {}),
        });
    } else {
      if (t.effective.proxy !== undefined) put(t.type, 'proxy', '', t.effective.proxy.conf);
      for (const [inbound, subsets] of Object.entries(t.effective.inbounds)) {
        for (const s of subsets) put(t.type, 'client-subset', `${inbound} ${subsetKey(s.subset)}`, s.conf);
      }
      for (const [service, conf] of Object.entries(t.effective.outbounds))
        put(t.type, 'outbound', service, conf.conf);
      for (const [listener, subsets] of Object.entries(t.effective.listeners ?? {})) {
        for (const s of subsets) put(t.type, 'listener', `${listener} ${subsetKey(s.subset)}`, s.conf);
      }
    }
  }
  return out;
}

function leafMap(value: unknown): Map<string, unknown> {
  const m = new Map<string, unknown>();
  const leaves = jsonLeaves(value);
  if (leaves.length === 0 && value !== undefined) m.set('', value);
  for (const l of leaves) m.set(l.path, l.value);
  return m;
}

/**
 * The changes between two reports of the same dataplane, sorted. With the resource sets the
 * reports were made from, legacy inbound sources and all-matching confs are compared too.
 */
export function diffReports(
  before: DeepReadonly<DataplaneReport>,
  after: DeepReadonly<DataplaneReport>,
  inputs: { readonly before?: readonly Resource[]; readonly after?: readonly Resource[] } = {},
): PolicyChange[] {
  if (!isReport(before) || !isReport(after))
    throw new MeshPolicyError('INVALID_INPUT', 'diffReports: before and after must be DataplaneReports');
  inputs ??= {}; // untyped callers may pass null
  if (inputs.before !== undefined) assertReadonlyResourceList(inputs.before, 'diffReports: inputs.before');
  if (inputs.after !== undefined) assertReadonlyResourceList(inputs.after, 'diffReports: inputs.after');
  return diffEntries(
    before,
    after,
    inputs.before === undefined ? undefined : legacyLookup(inputs.before),
    inputs.after === undefined ? undefined : legacyLookup(inputs.after),
  );
}

/** The shape `diffEntries` reads: an object with a `dataplane` object and a `types` array. */
function isReport(r: DeepReadonly<DataplaneReport>): boolean {
  return Array.isArray(r?.types) && r.dataplane !== null && typeof r.dataplane === 'object';
}

function diffEntries(
  before: DeepReadonly<DataplaneReport>,
  after: DeepReadonly<DataplaneReport>,
  lookupBefore: LegacyPolicyLookup | undefined,
  lookupAfter: LegacyPolicyLookup | undefined,
): PolicyChange[] {
  const dataplane = { mesh: after.dataplane.mesh, name: after.dataplane.name };
  const a = effectiveEntries(before, lookupBefore);
  const b = effectiveEntries(after, lookupAfter);
  const changes: PolicyChange[] = [];
  for (const id of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(id);
    const y = b.get(id);
    const e = (x ?? y)!;
    const lx = x === undefined ? new Map<string, unknown>() : leafMap(x.value);
    const ly = y === undefined ? new Map<string, unknown>() : leafMap(y.value);
    for (const path of [...new Set([...lx.keys(), ...ly.keys()])].sort()) {
      const vx = lx.get(path);
      const vy = ly.get(path);
      if (lx.has(path) && ly.has(path) && jsonEqual(vx, vy)) continue;
      changes.push({
        dataplane,
        type: e.type,
        scope: e.scope,
        key: e.key,
        path,
        ...(lx.has(path) ? { before: vx } : {}),
        ...(ly.has(path) ? { after: vy } : {}),
      });
    }
  }
  return changes;
}

/**
 * For every dataplane of either input, which effective values change from `before` to `after`:
 * per policy type, scope (proxy, inbound, outbound, client subset, passthrough), key and field
 * path, with the old and new values. A dataplane present on one side only is one change with
 * scope `dataplane`. Sorted by mesh, dataplane, type, scope, key, path; empty when nothing changes.
 */
export function diffPolicySets(
  before: readonly Resource[],
  after: readonly Resource[],
  opts: Readonly<DiffOptions> = {},
): PolicyChange[] {
  opts ??= {}; // untyped callers may pass null
  if (!Array.isArray(before) || !Array.isArray(after)) {
    throw new MeshPolicyError('INVALID_INPUT', 'diffPolicySets expects two resource arrays');
  }
  assertReadonlyResourceList(before, 'before');
  assertReadonlyResourceList(after, 'after');
  const { onProgress, ...options } = opts;
  const ib = createInspector(before, options);
  const ia = createInspector(after, options);
  const lb = legacyLookup(before);
  const la = legacyLookup(after);
  const all = new Map<string, { mesh: string; name: string }>();
  for (const d of [...ib.dataplanes, ...ia.dataplanes]) all.set(`${d.mesh}\u0000${d.name}`, d);
  const inB = new Set(ib.dataplanes.map((d) => `${d.mesh}\u0000${d.name}`));
  const inA = new Set(ia.dataplanes.map((d) => `${d.mesh}\u0000${d.name}`));
  const list = [...all.values()].sort(byMeshAndName);
  const changes: PolicyChange[] = [];
  let done = 0;
  for (const d of list) {
    const id = `${d.mesh}\u0000${d.name}`;
    if (!inB.has(id))
      changes.push({ dataplane: d, type: '', scope: 'dataplane', key: '', path: '', after: 'present' });
    else if (!inA.has(id))
      changes.push({ dataplane: d, type: '', scope: 'dataplane', key: '', path: '', before: 'present' });
    else
      for (const c of diffEntries(
        ib.inspect(d.name, { mesh: d.mesh }),
        ia.inspect(d.name, { mesh: d.mesh }),
        lb,
        la,
      ))
        changes.push(c);
    onProgress?.(++done, list.length);
  }
  return changes;
}
