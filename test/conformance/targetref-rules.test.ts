/**
 * Replays Kuma 2.8.8's `rules/testdata/rules/{from,to,single}` goldens (conformance README §2.1–2.3)
 * against buildFromRules / buildToRules / buildSingleItemRules. Cases are enumerated from the
 * `*.input.yaml` files present, so a larger directory of the same layout works unchanged.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFromRules, buildSingleItemRules, buildToRules } from '../../src/targetref/rule-sets.js';
import { conformanceRoot, skipNotice } from './root.js';
import { asJson, goRule, parseKumaYaml, restPolicy, splitKumaDocuments } from './targetref-kuma.js';

const root = conformanceRoot();
const base = root === undefined ? undefined : join(root, 'kuma-2.8/rules/testdata/rules');

function cases(dir: string): string[] {
  if (base === undefined || !existsSync(join(base, dir))) return [];
  return readdirSync(join(base, dir))
    .filter((f) => f.endsWith('.input.yaml'))
    .map((f) => f.slice(0, -'.input.yaml'.length))
    .filter((stem) => existsSync(join(base, dir, `${stem}.golden.yaml`)))
    .sort();
}

function load(dir: string, stem: string) {
  const text = readFileSync(join(base as string, dir, `${stem}.input.yaml`), 'utf8');
  const docs = splitKumaDocuments(text).map((d) => parseKumaYaml(d) as Record<string, unknown>);
  const golden = parseKumaYaml(readFileSync(join(base as string, dir, `${stem}.golden.yaml`), 'utf8')) as {
    Rules: unknown;
  };
  return { policies: docs.map(restPolicy), golden };
}

const suite = root === undefined ? describe.skip : describe;
if (root === undefined) skipNotice();

suite('conformance: Kuma 2.8.8 rules/testdata/rules', () => {
  it.skipIf(base === undefined || !existsSync(base))('finds cases when the rules directory exists', () => {
    expect(cases('from').length + cases('to').length + cases('single').length).toBeGreaterThan(0);
  });

  describe('from', () => {
    if (cases('from').length === 0) it.skip('no cases in this corpus', () => {});
    for (const stem of cases('from')) {
      it(stem, () => {
        const { policies, golden } = load('from', stem);
        const type = policies[0]?.type ?? '';
        const rules = buildFromRules(type, { '127.0.0.1:80': policies }, { applyKubernetesDefaults: false });
        const actual = Object.fromEntries(Object.entries(rules).map(([k, rs]) => [k, rs.map(goRule)]));
        expect(asJson(actual)).toEqual(golden.Rules);
      });
    }
  });

  describe('to', () => {
    if (cases('to').length === 0) it.skip('no cases in this corpus', () => {});
    for (const stem of cases('to')) {
      it(stem, () => {
        const { policies, golden } = load('to', stem);
        const routes = policies.filter((p) => p.type === 'MeshHTTPRoute');
        const others = policies.filter((p) => p.type !== 'MeshHTTPRoute');
        const type = others[0]?.type ?? routes[0]?.type ?? '';
        const rules = buildToRules(type, others, routes, { applyKubernetesDefaults: false });
        expect(asJson(rules.map(goRule))).toEqual(golden.Rules);
      });
    }
  });

  describe('single', () => {
    if (cases('single').length === 0) it.skip('no cases in this corpus', () => {});
    for (const stem of cases('single')) {
      it(stem, () => {
        const { policies, golden } = load('single', stem);
        const type = policies[0]?.type ?? '';
        const rules = buildSingleItemRules(type, policies, { applyKubernetesDefaults: false });
        expect(asJson(rules.map(goRule))).toEqual(golden.Rules);
      });
    }
  });
});
