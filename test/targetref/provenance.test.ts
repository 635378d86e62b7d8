import { describe, expect, it } from 'vitest';
import { prioritySortKey } from '../../src/targetref/priority.js';
import { explainConf, explainMerge } from '../../src/targetref/provenance.js';
import type { RuleItem } from '../../src/targetref/rules.js';

const origin = (name: string) => ({ type: 'MeshTimeout', mesh: 'default', name, labels: {} });

describe('explainMerge', () => {
  it('attributes each leaf to the conf that last changed it', () => {
    const [e] = explainMerge('MeshTimeout', [
      {
        conf: { idleTimeout: '20s', http: { requestTimeout: '10s' } },
        origin: origin('default'),
        path: 'spec.to[0]',
      },
      { conf: { http: { requestTimeout: '15s' } }, origin: origin('override'), path: 'spec.to[1]' },
    ]);
    expect(e?.conf).toEqual({ idleTimeout: '20s', http: { requestTimeout: '15s' } });
    expect(e?.fields.map((f) => [f.pointer, f.value, f.origin?.name, f.path])).toEqual([
      ['/idleTimeout', '20s', 'default', 'spec.to[0]'],
      ['/http/requestTimeout', '15s', 'override', 'spec.to[1]'],
    ]);
  });

  it('appended list entries belong to the conf that appended them', () => {
    const [e] = explainMerge('MeshPassthrough', [
      { conf: { appendMatch: [{ type: 'Domain', value: 'a.com' }] } },
      { conf: { appendMatch: [{ type: 'Domain', value: 'b.com' }] } },
    ]);
    const owners = Object.fromEntries(e?.fields.map((f) => [f.pointer, f.index]) ?? []);
    expect(owners).toEqual({
      '/appendMatch/0/type': 0,
      '/appendMatch/0/value': 0,
      '/appendMatch/1/type': 1,
      '/appendMatch/1/value': 1,
    });
  });
});

describe('explainConf', () => {
  it('explains the rule computeConf uses, with item indexes', () => {
    const items: RuleItem[] = [
      { subset: [], conf: { action: 'Allow' }, origin: origin('c'), path: 'spec.from[0]' },
      {
        subset: [{ key: 'team', value: 'b' }],
        conf: { action: 'Deny' },
        origin: origin('a'),
        path: 'spec.from[0]',
      },
    ];
    const x = explainConf(items, { team: 'b' }, { withNegations: true, type: 'MeshTrafficPermission' });
    expect(x?.conf).toEqual({ action: 'Deny' });
    expect(x?.contributors.map((c) => c.item)).toEqual([0, 1]);
    expect(x?.fields).toEqual([
      { pointer: '/action', value: 'Deny', index: 1, origin: origin('a'), path: 'spec.from[0]' },
    ]);
    expect(explainConf(items, {}, { withNegations: true })).toBeUndefined();
  });
});

describe('explainConf: priority sort keys', () => {
  it('gives every contributor the sort key its item carries, in merge order', () => {
    const mk = (name: string, kind: 'Mesh' | 'MeshService', action: string) => ({
      type: 'MeshTrafficPermission',
      mesh: 'default',
      name,
      labels: {},
      spec: { targetRef: kind === 'Mesh' ? { kind } : { kind, name: 'backend' } },
      action,
    });
    const items: RuleItem[] = [
      mk('mesh-wide', 'Mesh', 'Deny'),
      mk('backend-only', 'MeshService', 'Allow'),
    ].map((p) => ({
      subset: [],
      conf: { action: p.action },
      origin: { type: p.type, mesh: p.mesh, name: p.name, labels: {} },
      path: 'spec.from[0]',
      sortKey: prioritySortKey(p),
    }));
    const x = explainConf(items, {}, { withNegations: true, type: 'MeshTrafficPermission' });
    expect(x?.conf).toEqual({ action: 'Allow' });
    expect(x?.contributors.map((c) => [c.origin.name, c.sortKey?.kind, c.sortKey?.kindOrder])).toEqual([
      ['mesh-wide', 'Mesh', 1],
      ['backend-only', 'MeshService', 4],
    ]);
  });
});
