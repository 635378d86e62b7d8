import { describe, expect, it } from 'vitest';
import { loadResources, MeshPolicyError } from '../../src/index.js';
import { compilePassthrough, resolveMeshPassthrough } from '../../src/passthrough/index.js';
import { deepFreeze } from './helpers.js';

const dataplane = (extra = '') => `
type: Dataplane
mesh: default
name: web
networking:
  address: 10.0.0.5
  inbound:
    - port: 8080
      tags: { kuma.io/service: web, team: a }
${extra}`;
const tp = `  transparentProxying:
    redirectPortInbound: 15006
    redirectPortOutbound: 15001`;

const policy = (name: string, targetRef: string, conf: string) => `
type: MeshPassthrough
mesh: default
name: ${name}
spec:
  targetRef: ${targetRef}
  default: ${conf}`;

const E1 = '{ type: Domain, value: a.com, port: 443, protocol: tls }';
const E2 = '{ type: IP, value: 1.1.1.1, port: 80, protocol: tcp }';

function load(...docs: string[]) {
  const { resources, issues } = loadResources(docs.join('\n---\n'));
  expect(issues).toEqual([]);
  return deepFreeze(resources);
}

describe('resolveMeshPassthrough — spec 04 §4.4 worked example', () => {
  const base = policy(
    'base',
    '{ kind: Mesh, proxyTypes: [Sidecar] }',
    `{ passthroughMode: Matched, appendMatch: [${E1}] }`,
  );
  const teamA = policy(
    'team-a',
    '{ kind: MeshSubset, tags: { team: a }, proxyTypes: [Sidecar] }',
    `{ appendMatch: [${E2}] }`,
  );
  const lock = policy(
    'aaa-lock',
    '{ kind: MeshSubset, tags: { team: a }, proxyTypes: [Sidecar] }',
    '{ passthroughMode: None }',
  );

  it('sorts by priority (Mesh < MeshSubset, names descending) and merges', () => {
    const r = resolveMeshPassthrough('web', load(dataplane(tp), lock, teamA, base));
    expect(r?.policies.map((p) => p.name)).toEqual(['base', 'team-a', 'aaa-lock']);
    expect(r?.conf).toEqual({
      passthroughMode: 'None',
      appendMatch: [
        { type: 'Domain', value: 'a.com', port: 443, protocol: 'tls' },
        { type: 'IP', value: '1.1.1.1', port: 80, protocol: 'tcp' },
      ],
    });
    expect(r?.modeFrom?.name).toBe('aaa-lock');
    expect(r?.origins.map((o) => o.policy.name)).toEqual(['base', 'team-a']);
    expect(
      compilePassthrough(r?.conf, r?.compileOptions).match({ address: '1.1.1.1', port: 80 }).reason,
    ).toBe('passthrough-none');
  });
  it('without aaa-lock: Matched with both entries', () => {
    const r = resolveMeshPassthrough('web', load(base, teamA, dataplane(tp)));
    const c = compilePassthrough(r?.conf, r?.compileOptions);
    const hit = c.match({ address: '1.1.1.1', port: 80 });
    expect(hit.entryIndex).toBe(1);
    expect(r?.origins[hit.entryIndex ?? -1]?.policy.name).toBe('team-a');
  });
  it('without a mode anywhere: kuma-2.8 behaves as Matched, documented as None', () => {
    const noMode = policy('base', '{ kind: Mesh, proxyTypes: [Sidecar] }', `{ appendMatch: [${E1}] }`);
    const resources = load(noMode, teamA, dataplane(tp));
    for (const [semantics, reason] of [
      ['kuma-2.8', 'matched'],
      ['documented', 'passthrough-none'],
    ] as const) {
      const r = resolveMeshPassthrough('web', resources, { semantics });
      expect(
        compilePassthrough(r?.conf, r?.compileOptions).match({ address: '1.1.1.1', port: 80 }).reason,
      ).toBe(reason);
    }
  });
  it("no transparent proxying: the policy matches but has no effect, with Kuma's warning", () => {
    const r = resolveMeshPassthrough('web', load(base, dataplane()));
    expect(r?.effective).toBe(false);
    expect(r?.warnings).toContain("policy doesn't support proxy running without transparent-proxy");
    expect(compilePassthrough(r?.conf, r?.compileOptions).match({ address: '9.9.9.9', port: 1 }).reason).toBe(
      'not-intercepted',
    );
  });
  it('no policy: the mesh passthrough flag decides; unknown dataplane → undefined', () => {
    const closed = 'type: Mesh\nname: default\nnetworking: { outbound: { passthrough: false } }';
    const r = resolveMeshPassthrough('web', load(dataplane(tp), closed));
    expect(r?.conf).toBeUndefined();
    expect(compilePassthrough(r?.conf, r?.compileOptions).match({ address: '9.9.9.9', port: 1 }).reason).toBe(
      'passthrough-none',
    );
    expect(resolveMeshPassthrough('nope', load(dataplane(tp)))).toBeUndefined();
  });
});

describe('seed 000: gateways are not supported', () => {
  it('a builtin gateway gets no effect from a policy that admits Gateway through the T7 quirk', () => {
    const gw = `
type: Dataplane
mesh: default
name: edge
networking:
  address: 10.0.0.9
  gateway: { type: BUILTIN, tags: { kuma.io/service: edge } }
`;
    const p = policy('gw', '{ kind: Mesh, proxyTypes: [Gateway] }', '{ passthroughMode: None }');
    const r = resolveMeshPassthrough('edge', load(gw, p));
    expect(r?.effective).toBe(false);
    expect(compilePassthrough(r?.conf, r?.compileOptions).match({ address: '1.1.1.1', port: 1 }).reason).toBe(
      'not-intercepted',
    );
  });
});

describe('Kubernetes-form policies get the CRD defaults before the merge (spec 04 §1.4)', () => {
  const k8sPolicy = (name: string, targetRef: string, conf: string) => `
apiVersion: kuma.io/v1alpha1
kind: MeshPassthrough
metadata: { name: ${name}, namespace: kuma-system, labels: { kuma.io/mesh: default } }
spec:
  targetRef: ${targetRef}
  default: ${conf}`;
  it('a higher-priority policy that only appends entries resets the mode to None, and modeFrom names it', () => {
    const resources = load(
      dataplane(tp),
      k8sPolicy(
        'base',
        '{ kind: Mesh, proxyTypes: [Sidecar] }',
        `{ passthroughMode: Matched, appendMatch: [${E2}] }`,
      ),
      k8sPolicy(
        'team-a',
        '{ kind: MeshSubset, tags: { team: a }, proxyTypes: [Sidecar] }',
        `{ appendMatch: [${E1}] }`,
      ),
    );
    const r = resolveMeshPassthrough('web', resources);
    expect(r?.policies.map((p) => p.displayName)).toEqual(['base', 'team-a']);
    expect(r?.conf?.passthroughMode).toBe('None');
    expect(r?.modeFrom?.displayName).toBe('team-a');
    // Without the CRD defaults the first policy's mode stands.
    const universal = resolveMeshPassthrough('web', resources, { applyKubernetesDefaults: false });
    expect(universal?.conf?.passthroughMode).toBe('Matched');
    expect(universal?.modeFrom?.displayName).toBe('base');
  });
});

describe('malformed resources', () => {
  it('raise MeshPolicyError, never a TypeError', () => {
    for (const resources of [null, 5, [null], [load(dataplane(tp))[0], 'x']])
      expect(() => resolveMeshPassthrough('web', resources as never)).toThrow(MeshPolicyError);
  });
});

describe('large policies never overflow the stack (no spread of large arrays)', () => {
  it('a policy with 200,000 entries resolves and compiles', () => {
    const [dp, small] = load(dataplane(tp), policy('big', '{ kind: Mesh, proxyTypes: [Sidecar] }', '{}'));
    const appendMatch: { type: 'IP'; value: string; protocol: 'tcp'; port: number }[] = [];
    for (let i = 0; i < 200_000; i++)
      appendMatch.push({
        type: 'IP',
        value: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
        protocol: 'tcp',
        port: 443,
      });
    if (dp === undefined || small?.type !== 'MeshPassthrough') throw new Error('fixture');
    const big = {
      ...small,
      spec: { ...small.spec, default: { passthroughMode: 'Matched' as const, appendMatch } },
    };
    const r = resolveMeshPassthrough('web', [dp, big]);
    expect(r?.conf?.appendMatch).toHaveLength(200_000);
    expect(r?.origins).toHaveLength(200_000);
    expect(r?.origins[199_999]?.policy.name).toBe('big');
    const c = compilePassthrough(r?.conf, r?.compileOptions);
    expect(c.match({ address: '10.3.13.63', port: 443 })).toMatchObject({
      allowed: true,
      entryIndex: 199_999,
    });
  }, 60_000);
});
