import { describe, expect, it } from 'vitest';
import { MeshPolicyError } from '../../src/models/index.js';
import {
  buildRules,
  computeConf,
  consistentSubsets,
  countConsistentSubsets,
  type RuleItem,
  type RuleOrigin,
  subsetIterSequence,
} from '../../src/targetref/rules.js';
import { formatSubset, type Subset, type Tag } from '../../src/targetref/subset.js';

const origin = (name: string): RuleOrigin => ({
  type: 'MeshTrafficPermission',
  mesh: 'default',
  name,
  labels: {},
});
const item = (name: string, subset: Subset, conf: unknown, path = 'spec.from[0]'): RuleItem => ({
  subset,
  conf,
  origin: origin(name),
  path,
});
const t = (key: string, value: string, not = false): Tag => ({ key, value, not });
const SVC = 'kuma.io/service';

describe('buildRules — spec 03 §4.7 worked example (negations)', () => {
  const items = [
    item('c-allow-all', [], { action: 'Allow' }),
    item('b-allow-frontend', [t(SVC, 'frontend')], { action: 'AllowWithShadowDeny' }),
    item('a-deny-team-b', [t('team', 'b')], { action: 'Deny' }),
  ];
  const rules = buildRules(items, { withNegations: true, type: 'MeshTrafficPermission' });

  it('produces the four rules in Kuma order with their origins', () => {
    expect(
      rules.map((r) => [
        formatSubset(r.subset),
        (r.conf as { action: string }).action,
        r.origin.map((o) => o.name),
      ]),
    ).toEqual([
      [`${SVC}=frontend, team=b`, 'Deny', ['a-deny-team-b', 'b-allow-frontend', 'c-allow-all']],
      [`${SVC}!=frontend, team=b`, 'Deny', ['a-deny-team-b', 'c-allow-all']],
      [`${SVC}=frontend, team!=b`, 'AllowWithShadowDeny', ['b-allow-frontend', 'c-allow-all']],
      [`${SVC}!=frontend, team!=b`, 'Allow', ['c-allow-all']],
    ]);
  });

  it('computeConf picks the first containing rule', () => {
    expect(computeConf(rules, { [SVC]: 'frontend', team: 'b' })).toEqual({ action: 'Deny' });
    expect(computeConf(rules, { [SVC]: 'frontend', team: 'a' })).toEqual({ action: 'AllowWithShadowDeny' });
    expect(computeConf(rules, { [SVC]: 'web' })).toEqual({ action: 'Allow' });
    expect(computeConf(rules, {})).toBeUndefined();
  });

  it('contributors list the merged items in merge order', () => {
    expect(rules[0]?.contributors.map((c) => c.item)).toEqual([0, 1, 2]);
  });

  it('renaming the catch-all so it sorts last makes it win everywhere', () => {
    const reordered = [items[1], items[2], item('0-allow-all', [], { action: 'Allow' })] as RuleItem[];
    const rs = buildRules(reordered, { withNegations: true, type: 'MeshTrafficPermission' });
    expect(rs.every((r) => (r.conf as { action: string }).action === 'Allow')).toBe(true);
  });
});

describe('buildRules — spec 03 §4.8 (overlapping items of one policy)', () => {
  it('later env items override the zone item', () => {
    const items = [
      item('p', [], { action: 'Allow' }, 'spec.from[0]'),
      item('p', [t('zone', 'us-east')], { action: 'Deny' }, 'spec.from[1]'),
      item('p', [t('env', 'dev')], { action: 'Allow' }, 'spec.from[2]'),
      item('p', [t('env', 'prod')], { action: 'Allow' }, 'spec.from[3]'),
    ];
    const rules = buildRules(items, { withNegations: true, type: 'MeshTrafficPermission' });
    expect(rules.map((r) => `${formatSubset(r.subset)} → ${(r.conf as { action: string }).action}`)).toEqual([
      'env=prod, zone=us-east → Allow',
      'env=dev, zone=us-east → Allow',
      'env!=dev, env!=prod, zone=us-east → Deny',
      'env=prod, zone!=us-east → Allow',
      'env=dev, zone!=us-east → Allow',
      'env!=dev, env!=prod, zone!=us-east → Allow',
    ]);
    expect(rules[0]?.origin).toHaveLength(1);
  });
});

describe('buildRules — fast path', () => {
  it('dedupes subsets, keeps the sorted form, puts the Mesh rule last', () => {
    const items = [
      item('a', [], { x: 1 }),
      item('b', [t(SVC, 'foo')], { y: 1 }),
      item('c', [t(SVC, 'foo')], { y: 2 }),
    ];
    const rules = buildRules(items, { withNegations: false });
    expect(rules.map((r) => [formatSubset(r.subset), r.conf])).toEqual([
      [`${SVC}=foo`, { x: 1, y: 2 }],
      ['*', { x: 1 }],
    ]);
  });

  it('rejects an item without a subset with a MeshPolicyError', () => {
    expect(() =>
      buildRules([{ conf: {}, origin: origin('x') } as unknown as RuleItem], { withNegations: true }),
    ).toThrow(MeshPolicyError);
  });

  it('no items, no rules', () => {
    expect(buildRules([], { withNegations: true })).toEqual([]);
    expect(buildRules([], { withNegations: false })).toEqual([]);
  });
});

describe('rule-explosion budget', () => {
  it('fails loudly, naming the context and the tag count', () => {
    const items = Array.from({ length: 14 }, (_, i) => item(`p${i}`, [t(`k${i}`, 'v')], { action: 'Allow' }));
    let err: unknown;
    try {
      buildRules(items, { withNegations: true, context: 'inbound 10.0.0.1:80', maxSubsets: 4096 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MeshPolicyError);
    expect((err as MeshPolicyError).code).toBe('RULE_BUDGET_EXCEEDED');
    expect((err as MeshPolicyError).message).toContain('inbound 10.0.0.1:80');
    expect((err as MeshPolicyError).message).toContain('14 distinct tags');
  });

  it('reports the whole build: distinct tags and subsets summed over every component', () => {
    // Two components (team=a… vs team=b…: positive tags of one key conflict), 11 tags each:
    // 2^11 + 2^11 = 4096 subsets fit; one more tag tips it to 2^12 + 2^11 = 6144.
    const side = (team: string, n: number) =>
      Array.from({ length: n }, (_, i) =>
        item(`${team}${i}`, [t('team', team), t(`${team}-k${i}`, 'v')], {}),
      );
    const fits = [...side('a', 10), ...side('b', 10)];
    expect(() => buildRules(fits, { withNegations: true })).not.toThrow();
    const tips = [...side('a', 11), ...side('b', 10)];
    expect(() => buildRules(tips, { withNegations: true, context: 'inbound 10.0.0.1:80' })).toThrow(
      /inbound 10\.0\.0\.1:80: 23 distinct tags would generate 6144 subsets \(maxSubsets 4096\)/,
    );
  });

  it('does not limit the linear fast path (thousands of services in to-rules)', () => {
    const items = Array.from({ length: 5000 }, (_, i) => item(`p${i}`, [t(SVC, `svc-${i}`)], { x: i }));
    expect(buildRules([item('all', [], { x: -1 }), ...items], { withNegations: false })).toHaveLength(5001);
  });

  it('ignores a nonsensical maxSubsets (NaN, 0) and keeps the default', () => {
    const items = Array.from({ length: 3 }, (_, i) => item(`p${i}`, [t(`k${i}`, 'v')], { action: 'Allow' }));
    expect(buildRules(items, { withNegations: true, maxSubsets: Number.NaN })).toHaveLength(7);
    expect(buildRules(items, { withNegations: true, maxSubsets: 0 })).toHaveLength(7);
  });

  it('counts only consistent subsets: many values of one key are cheap', () => {
    const items = Array.from({ length: 50 }, (_, i) =>
      item(`p${i}`, [t('app', `v${i}`)], { action: 'Allow' }),
    );
    const rules = buildRules(items, { withNegations: true });
    // 50 single-value rules; the all-negated subset is covered by no item, so it has no rule.
    expect(rules).toHaveLength(50);
  });
});

describe('per-key enumeration', () => {
  it('matches the 2^N counter order of Kuma (subset-iter example)', () => {
    const tags = [t('k1', 'v1'), t('k2', 'v2'), t('k3', 'v3')];
    const seq = consistentSubsets(tags).map(formatSubset);
    expect(seq).toEqual([
      'k1!=v1, k2=v2, k3=v3',
      'k1=v1, k2!=v2, k3=v3',
      'k1!=v1, k2!=v2, k3=v3',
      'k1=v1, k2=v2, k3!=v3',
      'k1!=v1, k2=v2, k3!=v3',
      'k1=v1, k2!=v2, k3!=v3',
      'k1!=v1, k2!=v2, k3!=v3',
      'k1=v1, k2=v2, k3=v3',
    ]);
    expect(countConsistentSubsets([t('a', '1'), t('a', '2'), t('b', '1')])).toBe(6);
  });

  it('the general (non-contiguous) order agrees with a literal 2^N counter', () => {
    const tags = [t('a', '1'), t('b', '1'), t('a', '2'), t('c', '1'), t('b', '2')];
    const brute: string[] = [];
    const n = tags.length;
    for (let step = 1; step <= 1 << n; step++) {
      const c = step % (1 << n);
      const combo = tags.map((tag, i) => ({ ...tag, not: ((c >> i) & 1) === 1 }));
      const keys = [...new Set(combo.map((x) => x.key))];
      const out: Tag[] = [];
      let bad = false;
      for (const k of keys) {
        const pos = combo.filter((x) => x.key === k && !x.not);
        if (pos.length > 1) bad = true;
        else if (pos.length === 1) out.push(pos[0] as Tag);
        else out.push(...combo.filter((x) => x.key === k));
      }
      if (!bad) brute.push(formatSubset(out));
    }
    expect(subsetIterSequence(tags).map(formatSubset)).toEqual(brute);
  });
});
