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
  expect(issues).toEqual([]);
  return resources;
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
      const policies = load(join(base, c.dir, `${c.stem}.policies.yaml`));
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
      const report = inspectDataplane(dataplane.name, [dataplane, ...policies], { types: [type] });
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
