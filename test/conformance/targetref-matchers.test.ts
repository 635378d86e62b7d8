/**
 * Replays Kuma 2.8.8's `matchers/testdata/{matchedpolicies,egressmatchedpolicies}` through
 * `matchedPolicies` / `egressMatchedPolicies` (conformance README §2.4–2.5). Cases are enumerated
 * from the files present — any directory depth, any stem — so another corpus of the same layout
 * (MESH_POLICY_CONFORMANCE_DIR) works unchanged. Goldens are compared in Go's JSON names, list
 * order included.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Dataplane,
  isTargetRefPolicyType,
  parseUniversal,
  type Resource,
  type TargetRefPolicy,
} from '../../src/models/index.js';
import { egressMatchedPolicies } from '../../src/targetref/egress.js';
import { matchedPolicies } from '../../src/targetref/matched.js';
import type { Rule } from '../../src/targetref/rules.js';
import { conformanceRoot, skipNotice } from './root.js';
import { asJson, goRule, parseKumaYaml, splitKumaDocuments, ZERO_TIME } from './targetref-kuma.js';

const root = conformanceRoot();
const matchersBase = root === undefined ? undefined : join(root, 'kuma-2.8/matchers/testdata');

/** Every `<stem>.golden.yaml` below `dir` (recursively), with its directory and stem. */
function goldens(dir: string): { dir: string; stem: string }[] {
  if (!existsSync(dir)) return [];
  const out: { dir: string; stem: string }[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...goldens(path));
    else if (entry.endsWith('.golden.yaml')) out.push({ dir, stem: entry.slice(0, -'.golden.yaml'.length) });
  }
  return out;
}

/** Kuma's REST-form documents: fields the REST form does not know (e.g. `metadata`) are ignored. */
function loadDocs(file: string): Resource[] {
  const out: Resource[] = [];
  for (const text of splitKumaDocuments(readFileSync(file, 'utf8'))) {
    const doc = parseKumaYaml(text) as Record<string, unknown> | null;
    if (doc === null || typeof doc !== 'object') continue;
    const { metadata: _ignored, ...rest } = doc;
    const parsed = parseUniversal(rest);
    if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.issues)}`);
    out.push(parsed.resource);
  }
  return out;
}

/** The policy type Kuma's test passes: the single policy type in the file besides routes/gateways. */
function policyTypeOf(resources: readonly Resource[], dir: string): string {
  const types = new Set(
    resources.map((r) => r.type).filter((t) => isTargetRefPolicyType(t) && t !== 'MeshHTTPRoute'),
  );
  if (types.size === 1) return [...types][0] as string;
  if (types.size === 0 && resources.some((r) => r.type === 'MeshHTTPRoute')) return 'MeshHTTPRoute';
  if (dir.endsWith('fromrules')) return 'MeshTrafficPermission';
  if (dir.endsWith('meshgateways')) return 'MeshAccessLog';
  throw new Error(`cannot tell the policy type of ${dir}`);
}

type Section = 'dataplanepolicies' | 'fromrules' | 'torules' | 'meshgateways';

/** Which part of the result a golden holds: by directory name, else by the golden's shape. */
function goldenShape(dir: string, golden: unknown): Section {
  const name = dir.split(/[\\/]/).pop() ?? '';
  if (name === 'dataplanepolicies' || name === 'fromrules' || name === 'torules' || name === 'meshgateways') {
    return name;
  }
  const g = (golden ?? {}) as Record<string, unknown>;
  if ('items' in g) return 'dataplanepolicies';
  if ('FromRules' in g || 'ToRules' in g) return 'meshgateways';
  if (Array.isArray(g.Rules)) return 'torules';
  if ('Rules' in g) return 'fromrules';
  throw new Error(`cannot tell what the golden of ${dir} holds`);
}

const goRules = (rules: readonly Rule[]) => rules.map(goRule);
function goRuleMap(map: Readonly<Record<string, readonly Rule[]>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(map)) out[key] = goRules(map[key] ?? []);
  return out;
}

/** A matched policy in Kuma's REST list form. */
function restItem(p: TargetRefPolicy): Record<string, unknown> {
  const item: Record<string, unknown> = {
    type: p.type,
    mesh: p.mesh,
    name: p.name,
    creationTime: p.creationTime ?? ZERO_TIME,
    modificationTime: p.modificationTime ?? ZERO_TIME,
    spec: p.spec,
  };
  if (Object.keys(p.labels).length > 0) item.labels = p.labels;
  return item;
}

const hasDir = (sub: string): boolean => matchersBase !== undefined && existsSync(join(matchersBase, sub));
const dpCases = matchersBase === undefined ? [] : goldens(join(matchersBase, 'matchedpolicies'));
const egressCases = matchersBase === undefined ? [] : goldens(join(matchersBase, 'egressmatchedpolicies'));

describe.skipIf(root === undefined)('Kuma 2.8.8 matchers: MatchedPolicies', () => {
  if (root === undefined) skipNotice();
  it.skipIf(!hasDir('matchedpolicies'))('finds cases when the directory exists', () => {
    expect(dpCases.length).toBeGreaterThan(0);
  });
  for (const c of dpCases) {
    const name = relative(matchersBase as string, join(c.dir, c.stem));
    it(name, () => {
      const dataplane = loadDocs(join(c.dir, `${c.stem}.dataplane.yaml`))[0] as Dataplane;
      const resources = loadDocs(join(c.dir, `${c.stem}.policies.yaml`));
      const golden = parseKumaYaml(readFileSync(join(c.dir, `${c.stem}.golden.yaml`), 'utf8'));
      const type = policyTypeOf(resources, c.dir);
      const result = matchedPolicies(type, dataplane, resources);
      const section = goldenShape(c.dir, golden);
      let actual: unknown;
      if (section === 'dataplanepolicies') {
        actual = { items: result.dataplanePolicies.map(restItem), next: null, total: 0 };
      } else if (section === 'fromrules') {
        actual = { Rules: goRuleMap(result.fromRules) };
      } else if (section === 'torules') {
        actual = { Rules: goRules(result.toRules) };
      } else {
        actual = {
          FromRules: goRuleMap(result.gatewayRules.fromRules),
          ToRules: {
            ByListener: goRuleMap(result.gatewayRules.toRules.byListener),
            ByListenerAndHostname: goRuleMap(result.gatewayRules.toRules.byListenerAndHostname),
          },
        };
      }
      expect(asJson(actual)).toEqual(golden);
    });
  }
});

describe.skipIf(root === undefined)('Kuma 2.8.8 matchers: EgressMatchedPolicies', () => {
  if (root === undefined) skipNotice();
  it.skipIf(!hasDir('egressmatchedpolicies'))('finds cases when the directory exists', () => {
    expect(egressCases.length).toBeGreaterThan(0);
  });
  for (const c of egressCases) {
    const name = relative(matchersBase as string, join(c.dir, c.stem));
    it(name, () => {
      const resources = loadDocs(join(c.dir, `${c.stem}.policies.yaml`));
      const esFile = join(c.dir, `${c.stem}.es.yaml`);
      const mesFile = join(c.dir, `${c.stem}.mes.yaml`);
      let tags: Record<string, string> = {};
      const extra: Resource[] = [];
      if (existsSync(esFile)) {
        const es = loadDocs(esFile)[0] as Resource & { tags: Record<string, string> };
        tags = es.tags;
      } else if (existsSync(mesFile)) {
        const mes = loadDocs(mesFile);
        extra.push(...mes);
        tags = { ...(mes[0]?.labels ?? {}) };
      }
      const golden = parseKumaYaml(readFileSync(join(c.dir, `${c.stem}.golden.yaml`), 'utf8'));
      const type = policyTypeOf(resources, c.dir);
      const result = egressMatchedPolicies(type, tags, [...resources, ...extra]);
      expect(asJson({ Rules: goRuleMap(result.fromRules) })).toEqual(golden);
    });
  }
});
