import { describe, expect, it } from 'vitest';
import { targetRefIncludesGateways, validatePolicy } from '../../src/targetref/validate.js';

const mt = (spec: unknown, labels: Record<string, string> = {}) => ({ type: 'MeshTimeout', labels, spec });
/** A MeshTimeout conf Kuma admits under every top-level kind (it rejects a conf without any timeout). */
const timeouts = { http: { requestTimeout: '5s' } };
/** A `to` list Kuma admits, so each case below reports only the targetRef issue it is about. */
const toMesh = [{ targetRef: { kind: 'Mesh' }, default: timeouts }];

describe('validatePolicy: top-level targetRef', () => {
  it('accepts a plain valid policy', () => {
    const r = validatePolicy(
      mt({ targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: timeouts }] }),
    );
    expect(r).toEqual({ ok: true, issues: [], warnings: [] });
  });
  it('rejects a conf without any timeout (Kuma admission)', () => {
    expect(
      validatePolicy(mt({ targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: {} }] })),
    ).toEqual({
      ok: false,
      issues: [{ path: 'spec.to[0].default', message: 'at least one timeout should be configured' }],
      warnings: [],
    });
  });
  it('kind missing / unsupported', () => {
    expect(validatePolicy(mt({ to: toMesh })).issues).toEqual([
      { path: 'spec.targetRef.kind', message: 'must be defined' },
    ]);
    expect(
      validatePolicy(mt({ targetRef: { kind: 'MeshExternalService', name: 'x' }, to: toMesh })).issues,
    ).toEqual([{ path: 'spec.targetRef.kind', message: 'value is not supported' }]);
  });
  it('role-dependent kinds: MeshHTTPRoute/MeshGateway only for system policies', () => {
    const spec = { targetRef: { kind: 'MeshHTTPRoute', name: 'r' }, to: toMesh };
    expect(validatePolicy(mt(spec)).ok).toBe(true);
    expect(validatePolicy(mt(spec, { 'kuma.io/policy-role': 'consumer' })).issues).toEqual([
      { path: 'spec.targetRef.kind', message: 'value is not supported' },
    ]);
  });
  it('MeshService without a name, with tags or proxyTypes', () => {
    const r = validatePolicy(
      mt({
        targetRef: { kind: 'MeshService', tags: { a: 'b' }, proxyTypes: ['Sidecar'] },
        to: toMesh,
      }),
    );
    expect(r.issues).toEqual([
      { path: 'spec.targetRef.tags', message: 'must not be set with kind MeshService' },
      { path: 'spec.targetRef.proxyTypes', message: 'must not be set with kind MeshService' },
      { path: 'spec.targetRef.name', message: 'must be set with kind MeshService' },
    ]);
  });
  it('Mesh with a name, MeshSubset with bad tags, bad name characters', () => {
    expect(validatePolicy(mt({ targetRef: { kind: 'Mesh', name: 'x' }, to: toMesh })).issues).toEqual([
      { path: 'spec.targetRef.name', message: 'using name with kind Mesh is not yet supported' },
    ]);
    expect(
      validatePolicy(
        mt({
          targetRef: { kind: 'MeshSubset', tags: { 'a b': '', k: '*' } },
          to: toMesh,
        }),
      ).issues,
    ).toEqual([
      {
        path: 'spec.targetRef.tags["a b"]',
        message: 'tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores',
      },
      { path: 'spec.targetRef.tags["a b"]', message: 'tag value must be non-empty' },
      {
        path: 'spec.targetRef.tags["k"]',
        message: 'tag value must consist of alphanumeric characters, dots, dashes and underscores',
      },
    ]);
    expect(
      validatePolicy(mt({ targetRef: { kind: 'MeshService', name: 'Web' }, to: toMesh })).issues,
    ).toEqual([
      {
        path: 'spec.targetRef.name',
        message: "invalid characters: must consist of lower case alphanumeric characters, '-', '.' and '_'.",
      },
    ]);
  });
  it('MeshGateway listener tags only where the policy allows them', () => {
    const withTags = { kind: 'MeshGateway', name: 'gw', tags: { listener: 'one' } };
    expect(
      validatePolicy({
        type: 'MeshTrace',
        labels: {},
        spec: { targetRef: withTags, default: { backends: [] } },
      }).issues,
    ).toEqual([{ path: 'spec.targetRef.tags', message: 'must not be set with kind MeshGateway' }]);
    expect(
      validatePolicy({
        type: 'MeshAccessLog',
        labels: {},
        spec: { targetRef: withTags, to: [{ targetRef: { kind: 'Mesh' }, default: { backends: [] } }] },
      }).ok,
    ).toBe(true);
  });
});

describe('validatePolicy: sections and to/from kinds', () => {
  it('at least one of to/from; required to / from lists', () => {
    expect(validatePolicy(mt({ targetRef: { kind: 'Mesh' } })).issues).toEqual([
      { path: 'spec', message: "at least one of 'from', 'to' has to be defined" },
    ]);
    expect(
      validatePolicy({ type: 'MeshRetry', labels: {}, spec: { targetRef: { kind: 'Mesh' } } }).issues,
    ).toEqual([{ path: 'spec.to', message: 'needs at least one item' }]);
    expect(
      validatePolicy({ type: 'MeshTrafficPermission', labels: {}, spec: { targetRef: { kind: 'Mesh' } } })
        .issues,
    ).toEqual([{ path: 'spec.from', message: 'needs at least one item' }]);
  });
  it('to kinds depend on the top-level kind', () => {
    const bad = validatePolicy(
      mt({
        targetRef: { kind: 'MeshGateway', name: 'gw' },
        to: [{ targetRef: { kind: 'MeshService', name: 'x' }, default: timeouts }],
      }),
    );
    expect(bad.issues).toEqual([{ path: 'spec.to[0].targetRef.kind', message: 'value is not supported' }]);
    const ok = validatePolicy(
      mt({
        targetRef: { kind: 'Mesh' },
        to: [{ targetRef: { kind: 'MeshService', name: 'x' }, default: timeouts }],
      }),
    );
    expect(ok.ok).toBe(true);
  });
  it('MeshTimeout from with a MeshHTTPRoute top-level is forbidden', () => {
    const r = validatePolicy(
      mt({ targetRef: { kind: 'MeshHTTPRoute', name: 'r' }, from: [{ targetRef: { kind: 'Mesh' } }] }),
    );
    expect(r.issues).toEqual([{ path: 'spec.from', message: 'must not be defined' }]);
  });
  it('MeshFaultInjection: from needs proxyTypes [Sidecar] (a bare Mesh includes gateways)', () => {
    const from = [{ targetRef: { kind: 'Mesh' }, default: {} }];
    expect(
      validatePolicy({ type: 'MeshFaultInjection', labels: {}, spec: { targetRef: { kind: 'Mesh' }, from } })
        .issues,
    ).toEqual([{ path: 'spec.from', message: 'must not be defined' }]);
    expect(
      validatePolicy({
        type: 'MeshFaultInjection',
        labels: {},
        spec: { targetRef: { kind: 'Mesh', proxyTypes: ['Sidecar'] }, from },
      }).ok,
    ).toBe(true);
    expect(
      validatePolicy({
        type: 'MeshFaultInjection',
        labels: {},
        spec: { targetRef: { kind: 'Mesh', proxyTypes: ['Sidecar'] }, to: [{ targetRef: { kind: 'Mesh' } }] },
      }).issues,
    ).toEqual([{ path: 'spec.to', message: 'must not be defined' }]);
  });
  it('MeshTrafficPermission accepts MeshExternalService but warns', () => {
    const r = validatePolicy({
      type: 'MeshTrafficPermission',
      labels: {},
      spec: {
        targetRef: { kind: 'Mesh' },
        from: [{ targetRef: { kind: 'MeshExternalService', name: 'x' }, default: { action: 'Allow' } }],
      },
    });
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.path)).toEqual(['spec.from[0].targetRef.kind']);
  });
  it('MeshPassthrough proxyTypes rule (spec 03 §8.1 ‡)', () => {
    const v = (proxyTypes?: string[]) =>
      validatePolicy({
        type: 'MeshPassthrough',
        labels: {},
        spec: { targetRef: { kind: 'Mesh', ...(proxyTypes ? { proxyTypes } : {}) }, default: {} },
      }).issues;
    const msg = [
      {
        path: 'spec.targetRef.proxyTypes',
        message: 'proxyTypes needs to be set, currently only Sidecar is supported',
      },
    ];
    expect(v()).toEqual(msg);
    expect(v(['Sidecar'])).toEqual([]);
    expect(v(['Sidecar', 'Gateway'])).toEqual([]);
    expect(v(['Gateway'])).toEqual([]);
  });
  it('rejects unknown types and non-object specs without throwing', () => {
    expect(validatePolicy({ type: 'Nope', spec: {} }).ok).toBe(false);
    expect(validatePolicy({ type: 'MeshTimeout', spec: null }).issues).toEqual([
      { path: 'spec', message: 'must be an object' },
    ]);
    expect(validatePolicy({ type: 'MeshTimeout', spec: JSON.parse('{"__proto__": {"x": 1}}') }).ok).toBe(
      false,
    );
  });
});

describe('support matrix', () => {
  it('includesGateways (spec 03 §8.1 †)', () => {
    expect(targetRefIncludesGateways({ kind: 'Mesh' })).toBe(true);
    expect(targetRefIncludesGateways({ kind: 'Mesh', proxyTypes: ['Sidecar'] })).toBe(false);
    expect(targetRefIncludesGateways({ kind: 'MeshSubset', proxyTypes: ['Gateway'] })).toBe(true);
    expect(targetRefIncludesGateways({ kind: 'MeshHTTPRoute', name: 'r' })).toBe(true);
    expect(targetRefIncludesGateways({ kind: 'MeshService', name: 'r' })).toBe(false);
  });
});

describe('validatePolicy: MeshHTTPRoute hostnames', () => {
  it('hostnames only with a MeshGateway top-level targetRef', () => {
    const to = [{ targetRef: { kind: 'MeshService', name: 'web' }, hostnames: ['a.example.com'], rules: [] }];
    expect(
      validatePolicy({ type: 'MeshHTTPRoute', labels: {}, spec: { targetRef: { kind: 'Mesh' }, to } }).issues,
    ).toEqual([{ path: 'spec.to[0].hostnames', message: 'must not be defined' }]);
    const gw = [{ targetRef: { kind: 'Mesh' }, hostnames: ['a.example.com'], rules: [] }];
    expect(
      validatePolicy({
        type: 'MeshHTTPRoute',
        labels: {},
        spec: { targetRef: { kind: 'MeshGateway', name: 'edge' }, to: gw },
      }).ok,
    ).toBe(true);
  });
});

describe('validatePolicy: roles and MeshGateway listener tags', () => {
  it('consumer MeshAccessLog may target a MeshGateway listener (same kinds for every role)', () => {
    const targetRef = { kind: 'MeshGateway', name: 'edge', tags: { listener: 'one' } };
    const consumer = { 'kuma.io/policy-role': 'consumer' };
    expect(
      validatePolicy({
        type: 'MeshAccessLog',
        labels: consumer,
        spec: { targetRef, to: [{ targetRef: { kind: 'Mesh' }, default: { backends: [] } }] },
      }).ok,
    ).toBe(true);
    expect(
      validatePolicy({ type: 'MeshTimeout', labels: consumer, spec: { targetRef, to: toMesh } }).issues,
    ).toEqual([{ path: 'spec.targetRef.kind', message: 'value is not supported' }]);
  });
});

describe('validatePolicy: unparsed input from JavaScript callers', () => {
  const call = (v: unknown) => validatePolicy(v as Parameters<typeof validatePolicy>[0]);

  it('null, a non-string type and a non-object spec are issues, not exceptions', () => {
    expect(call(null).issues).toEqual([{ path: '', message: 'must be an object' }]);
    expect(call({ type: { kind: 'x' }, spec: {} }).issues).toEqual([
      { path: 'type', message: 'must be a string' },
    ]);
    expect(call({ type: 'MeshTimeout', spec: [] }).issues).toEqual([
      { path: 'spec', message: 'must be an object' },
    ]);
    expect(call({ type: 'MeshTimeout', labels: 'x', spec: {} }).issues).toEqual([
      { path: 'labels', message: 'must be an object' },
    ]);
  });

  it('a spec of the wrong shape gets the schema issues with their Kuma paths', () => {
    const r = call({
      type: 'MeshTimeout',
      spec: { targetRef: { kind: 'Mesh', proxyTypes: 'Sidecar' }, to: [{ targetRef: { kind: 'Mesh' } }] },
    });
    expect(r.ok).toBe(false);
    expect(r.issues.map((i) => i.path)).toEqual(['spec.targetRef.proxyTypes']);
    const conf = call({
      type: 'MeshTimeout',
      spec: {
        targetRef: { kind: 'Mesh' },
        to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: 5 } }],
      },
    });
    expect(conf.issues.map((i) => i.path)).toEqual(['spec.to[0].default.idleTimeout']);
  });
});
