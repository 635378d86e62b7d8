/**
 * Replays Kuma 2.8.8's `matchers/testdata/matchedpolicies` cases through `inspectDataplane`: the
 * report's matched policies and rules must equal the goldens. Cases are enumerated from the files
 * present (any stem, any subset of directories), so another corpus of the same layout given by
 * MESH_POLICY_CONFORMANCE_DIR works unchanged.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { InspectRule, TargetRefTypeReport } from '../../src/inspect/index.js';
import { diffPolicySets, inspectDataplane, lintPolicies } from '../../src/inspect/index.js';
import { loadResources, type Resource } from '../../src/models/index.js';
import { conformanceRoot, skipNotice } from './root.js';

const root = conformanceRoot();
const base = root === undefined ? undefined : join(root, 'kuma-2.8/matchers/testdata/matchedpolicies');

interface Case {
  dir: string;
  stem: string;
}

function cases(): Case[] {
  if (base === undefined || !existsSync(base)) return [];
  const out: Case[] = [];
  for (const dir of readdirSync(base).sort()) {
    const path = join(base, dir);
    let files: string[];
    try {
      files = readdirSync(path);
    } catch {
      continue;
    }
    for (const f of files.sort()) {
      if (!f.endsWith('.dataplane.yaml')) continue;
      const stem = f.slice(0, -'.dataplane.yaml'.length);
      if (files.includes(`${stem}.policies.yaml`) && files.includes(`${stem}.golden.yaml`))
        out.push({ dir, stem });
    }
  }
  return out;
}

function load(file: string): Resource[] {
  const { resources, issues } = loadResources(readFileSync(file, 'utf8'), { source: file });
  // Kuma admits every fixture; some carry its deprecation warnings (e.g. MeshService in `from`).
  expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  return resources;
}

const identity = (r: { type: string; mesh: string; name: string }) =>
  `${r.type}\u0000${r.mesh}\u0000${r.name}`;

/**
 * Kuma's matcher test hands every policy of the fixture to the matcher, even two with one identity
 * (`delegated`); a store, and so the inspector, holds only the last of them. To replay the golden,
 * every earlier duplicate gets a unique name (`<name>-dup<i>`, greater than `<name>`, so at equal
 * priority it still orders before the later one: names descending) and the report's names are
 * mapped back.
 */
function uniqueIdentities(policies: readonly Resource[]): {
  policies: Resource[];
  duplicated: Set<string>;
  restore: <T>(report: T) => T;
} {
  const last = new Map<string, number>();
  policies.forEach((p, i) => {
    last.set(identity(p), i);
  });
  const original = new Map<string, string>();
  const duplicated = new Set<string>();
  const renamed = policies.map((p, i) => {
    if (last.get(identity(p)) === i) return p;
    duplicated.add(identity(p));
    const copy = { ...p, name: `${p.name}-dup${i}` };
    original.set(identity(copy), p.name);
    return copy;
  });
  const restore = <T>(report: T): T =>
    JSON.parse(JSON.stringify(report), (_k, v: unknown) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
      const ref = v as { type?: unknown; mesh?: unknown; name?: unknown };
      if (typeof ref.type !== 'string' || typeof ref.mesh !== 'string' || typeof ref.name !== 'string')
        return v;
      const name = original.get(identity(ref as { type: string; mesh: string; name: string }));
      return name === undefined ? v : { ...ref, name };
    }) as T;
  return { policies: renamed, duplicated, restore };
}

/** The policy type Kuma's test passes to MatchedPolicies for this directory / file. */
function policyType(dir: string, policies: readonly Resource[]): string {
  if (dir === 'fromrules') return 'MeshTrafficPermission';
  if (dir === 'meshgateways') return 'MeshAccessLog';
  const types = [...new Set(policies.map((p) => p.type))].filter((t) => t !== 'MeshGateway');
  const main = types.filter((t) => t !== 'MeshHTTPRoute');
  return main[0] ?? types[0] ?? 'MeshHTTPRoute';
}

type GoldenTag = { Key: string; Value: string; Not?: boolean };
type GoldenRule = {
  Subset: GoldenTag[] | null;
  Conf: unknown;
  Origin: { type: string; mesh?: string; name: string }[] | null;
};

/** Kuma's golden rule → the report's rule shape (origins reduced to type/mesh/name). */
function fromGolden(rules: GoldenRule[] | null | undefined): InspectRule[] {
  return (rules ?? []).map((r) => ({
    subset: (r.Subset ?? []).map((t) =>
      t.Not === true ? { key: t.Key, value: t.Value, not: true } : { key: t.Key, value: t.Value },
    ),
    conf: r.Conf,
    origin: (r.Origin ?? []).map((o) => ({ type: o.type, mesh: o.mesh ?? '', name: o.name })),
  }));
}

function fromGoldenMap(map: Record<string, GoldenRule[]> | null | undefined): Record<string, InspectRule[]> {
  const out: Record<string, InspectRule[]> = {};
  for (const [k, v] of Object.entries(map ?? {})) out[k] = fromGolden(v);
  return out;
}

function json<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

const all = cases();

describe.skipIf(base === undefined)('conformance: matchers testdata through inspectDataplane', () => {
  if (base === undefined) {
    skipNotice();
    return;
  }
  it.skipIf(!existsSync(base))('finds cases when the matchers directory exists', () => {
    expect(all.length).toBeGreaterThan(0);
  });
  for (const c of all) {
    it(`${c.dir}/${c.stem}`, () => {
      const [dp] = load(join(base, c.dir, `${c.stem}.dataplane.yaml`));
      const given = load(join(base, c.dir, `${c.stem}.policies.yaml`));
      const { policies, duplicated, restore } = uniqueIdentities(given);
      const golden = parse(readFileSync(join(base, c.dir, `${c.stem}.golden.yaml`), 'utf8')) as Record<
        string,
        unknown
      >;
      expect(dp?.type).toBe('Dataplane');
      // Kuma's test hands every resource to the matcher whatever its mesh; the inspector groups
      // by mesh, so the dataplane joins the policies' mesh when the fixture mixes them.
      const meshes = [...new Set(policies.map((p) => p.mesh))];
      const dataplane = meshes.length === 1 && meshes[0] !== dp!.mesh ? { ...dp!, mesh: meshes[0]! } : dp!;
      const type = policyType(c.dir, policies);
      if (duplicated.size > 0) {
        // As given, the inspector keeps the last of each identity and says so.
        const raw = inspectDataplane(dataplane.name, [dataplane, ...given], { types: [type] });
        const warned = raw.warnings.filter((w) => w.code === 'duplicate-identity');
        expect(new Set(warned.map((w) => identity(w.policy!)))).toEqual(duplicated);
        // the renamed copies are new objects: what is left of `given` is the last of each identity
        const lastOnly = policies.filter((p) => given.includes(p));
        expect(raw.types).toEqual(
          inspectDataplane(dataplane.name, [dataplane, ...lastOnly], { types: [type] }).types,
        );
      }
      const report = restore(inspectDataplane(dataplane.name, [dataplane, ...policies], { types: [type] }));
      // lint and diff run on the same inputs: no throw, and a set diffed with itself is unchanged.
      expect(Array.isArray(lintPolicies([dataplane, ...policies]))).toBe(true);
      expect(diffPolicySets([dataplane, ...policies], [dataplane, ...policies])).toEqual([]);
      const t = report.types.find((x) => x.type === type);
      expect(t?.kind, JSON.stringify(t)).toBe('targetref');
      const tr = t as TargetRefTypeReport;
      if (c.dir === 'dataplanepolicies') {
        const items = (golden.items as { type: string; mesh?: string; name: string }[] | null) ?? [];
        expect(tr.policies).toEqual(items.map((i) => ({ type: i.type, mesh: i.mesh ?? '', name: i.name })));
      } else if (c.dir === 'fromrules') {
        expect(json(tr.fromRules)).toEqual(fromGoldenMap(golden.Rules as Record<string, GoldenRule[]>));
      } else if (c.dir === 'torules') {
        expect(json(tr.toRules)).toEqual(fromGolden(golden.Rules as GoldenRule[]));
      } else if (c.dir === 'meshgateways') {
        const g = golden as {
          FromRules?: Record<string, GoldenRule[]>;
          ToRules?: {
            ByListener?: Record<string, GoldenRule[]>;
            ByListenerAndHostname?: Record<string, GoldenRule[]>;
          };
        };
        expect(json(tr.gatewayRules)).toEqual({
          fromRules: fromGoldenMap(g.FromRules),
          toRules: {
            byListener: fromGoldenMap(g.ToRules?.ByListener),
            byListenerAndHostname: fromGoldenMap(g.ToRules?.ByListenerAndHostname),
          },
        });
      }
    });
  }
});
