import { describe, expect, it } from 'vitest';
import {
  authorizeIamProxy,
  checkDataplaneClaim,
  type IamIdentity,
  resolveIamIdentity,
} from '../../src/identity/index.js';
import type { Dataplane } from '../../src/models/index.js';

const ACCOUNT = '111122223333';
const R1 = { 'kuma.io/type': 'dataplane', 'kuma.io/mesh': 'default', 'kuma.io/service': 'demo-app' };

function dataplane(mesh: string, services: string[], name = 'demo-app-1'): Dataplane {
  return {
    type: 'Dataplane',
    mesh,
    name,
    labels: {},
    networking: {
      address: '10.0.0.1',
      inbound: services.map((s, i) => ({ port: 8080 + i, tags: { 'kuma.io/service': s } })),
    },
  };
}

function identityOf(tags: Record<string, string>): IamIdentity {
  const r = resolveIamIdentity(tags);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.identity;
}

describe('resolveIamIdentity (spec 06 §3, seed 001)', () => {
  it('example 1: R1 from an authorised account', () => {
    const r = resolveIamIdentity(R1, { accountId: ACCOUNT, authorizedAccountIds: [ACCOUNT] });
    expect(r).toEqual({
      ok: true,
      identity: { type: 'dataplane', mesh: 'default', service: 'demo-app', accountId: ACCOUNT },
      issues: [],
    });
  });

  it('example 2: an account that is not authorised (T1)', () => {
    const r = resolveIamIdentity(R1, { accountId: '999999999999', authorizedAccountIds: [ACCOUNT] });
    expect(r).toEqual({
      ok: false,
      issues: [
        { path: 'accountId', message: 'AWS account "999999999999" is not authorized', severity: 'error' },
      ],
    });
  });

  it('T1: missing account id, empty list fails closed, account taken from the role ARN', () => {
    expect(resolveIamIdentity(R1, { authorizedAccountIds: [ACCOUNT] }).issues).toEqual([
      { path: 'accountId', message: 'AWS account id is required', severity: 'error' },
    ]);
    expect(resolveIamIdentity(R1, { accountId: ACCOUNT, authorizedAccountIds: [] }).ok).toBe(false);
    const r = resolveIamIdentity(R1, {
      roleArn: `arn:aws:iam::${ACCOUNT}:role/demo-app-task`,
      authorizedAccountIds: [ACCOUNT],
    });
    expect(r.ok && r.identity.accountId).toBe(ACCOUNT);
  });

  it('example 3: dataplane without kuma.io/mesh (T4)', () => {
    expect(resolveIamIdentity({ 'kuma.io/type': 'dataplane' })).toEqual({
      ok: false,
      issues: [
        {
          path: 'tags["kuma.io/mesh"]',
          message: 'tag "kuma.io/mesh" is required when "kuma.io/type" is "dataplane"',
          severity: 'error',
        },
      ],
    });
  });

  it('example 4: the type is case-sensitive (T3)', () => {
    expect(resolveIamIdentity({ 'kuma.io/type': 'Dataplane', 'kuma.io/mesh': 'default' }).issues).toEqual([
      {
        path: 'tags["kuma.io/type"]',
        message: 'must be one of ["dataplane", "ingress", "egress"], got "Dataplane"',
        severity: 'error',
      },
    ]);
  });

  it('T2: kuma.io/type is required; all rules run and issues come in order', () => {
    const r = resolveIamIdentity({ team: 'x' }, { accountId: '1', authorizedAccountIds: [ACCOUNT] });
    expect(r.issues.map((i) => i.path)).toEqual(['accountId', 'tags["kuma.io/type"]']);
    expect(r.issues[1]?.message).toBe('tag "kuma.io/type" is required');
  });

  it('T5: an empty kuma.io/service is an error', () => {
    const r = resolveIamIdentity({ 'kuma.io/type': 'dataplane', 'kuma.io/mesh': 'm', 'kuma.io/service': '' });
    expect(r.issues).toEqual([
      { path: 'tags["kuma.io/service"]', message: 'tag value must be non-empty', severity: 'error' },
    ]);
  });

  it('T6/T7: zone proxy roles ignore mesh/service with a warning; other tags are ignored', () => {
    const r = resolveIamIdentity({
      'kuma.io/type': 'egress',
      'kuma.io/mesh': 'default',
      'kuma.io/service': 'x',
      'kuma.io/zone': 'z',
    });
    expect(r).toEqual({
      ok: true,
      identity: { type: 'egress' },
      issues: [
        { path: 'tags["kuma.io/mesh"]', message: 'ignored for kuma.io/type "egress"', severity: 'warning' },
        {
          path: 'tags["kuma.io/service"]',
          message: 'ignored for kuma.io/type "egress"',
          severity: 'warning',
        },
      ],
    });
  });

  it('accepts the [{Key, Value}] list iam:GetRole returns', () => {
    const r = resolveIamIdentity([
      { Key: 'kuma.io/type', Value: 'dataplane' },
      { Key: 'kuma.io/mesh', Value: 'default' },
    ]);
    expect(r).toEqual({ ok: true, identity: { type: 'dataplane', mesh: 'default' }, issues: [] });
  });

  it('a comma in kuma.io/service is not a list separator (Q2)', () => {
    const r = resolveIamIdentity({
      'kuma.io/type': 'dataplane',
      'kuma.io/mesh': 'm',
      'kuma.io/service': 'a,b',
    });
    expect(r.ok && r.identity.service).toBe('a,b');
  });

  it('hostile tags become issues, never exceptions', () => {
    const bad: unknown[] = [
      null,
      42,
      'x',
      { 'kuma.io/type': 7 },
      [{ Key: 1 }],
      JSON.parse('{"__proto__":{"a":1}}'),
    ];
    for (const tags of bad) {
      const r = resolveIamIdentity(tags as Record<string, string>);
      expect(r.ok).toBe(false);
      expect(r.issues.length).toBeGreaterThan(0);
    }
    expect(({} as Record<string, unknown>).a).toBeUndefined();
  });
});

describe('authorizeIamProxy / checkDataplaneClaim (spec 06 §4)', () => {
  const id = identityOf(R1);

  it('example 6: accepted in the right mesh with the right service', () => {
    expect(authorizeIamProxy(id, dataplane('default', ['demo-app']))).toEqual({ ok: true, issues: [] });
  });

  it('example 6: another mesh (A2)', () => {
    expect(checkDataplaneClaim(id, dataplane('prod', ['demo-app'])).issues).toEqual([
      {
        path: 'mesh',
        message: 'proxy mesh from requestor: prod is different than in IAM role tag kuma.io/mesh: default',
        severity: 'error',
      },
    ]);
  });

  it('example 6: a second service (A3)', () => {
    expect(checkDataplaneClaim(id, dataplane('default', ['demo-app', 'redis'])).issues).toEqual([
      {
        path: 'networking.inbound[1].tags["kuma.io/service"]',
        message:
          'dataplane contains tag "kuma.io/service" with value "redis" which is not allowed with this IAM role. Allowed values in IAM role are ["demo-app"]',
        severity: 'error',
      },
    ]);
  });

  it('A3: a gateway is checked through its gateway tags; no service at all is rejected', () => {
    const gw: Dataplane = {
      type: 'Dataplane',
      mesh: 'default',
      name: 'gw',
      labels: {},
      networking: { address: '10.0.0.2', gateway: { type: 'BUILTIN', tags: { 'kuma.io/service': 'edge' } } },
    };
    expect(checkDataplaneClaim(id, gw).issues.map((i) => i.path)).toEqual([
      'networking.gateway.tags["kuma.io/service"]',
    ]);
    expect(checkDataplaneClaim(id, dataplane('default', [])).issues).toEqual([
      {
        path: 'networking',
        message: 'dataplane has no tag "kuma.io/service" required by the IAM role',
        severity: 'error',
      },
    ]);
  });

  it('example 7: no service restriction lets the role claim any dataplane of its mesh (A4)', () => {
    const open = identityOf({ 'kuma.io/type': 'dataplane', 'kuma.io/mesh': 'default' });
    expect(checkDataplaneClaim(open, dataplane('default', ['redis'], 'redis-1')).ok).toBe(true);
  });

  it('example 5: ingress role presents a ZoneIngress (ok) or a Dataplane (A1)', () => {
    const ingress = identityOf({ 'kuma.io/type': 'ingress' });
    expect(authorizeIamProxy(ingress, { type: 'ZoneIngress', name: 'zi-1' }).ok).toBe(true);
    expect(authorizeIamProxy(ingress, dataplane('default', ['demo-app'])).issues).toEqual([
      {
        path: 'type',
        message: 'IAM role of kuma.io/type "ingress" cannot authenticate a Dataplane',
        severity: 'error',
      },
    ]);
    expect(authorizeIamProxy(identityOf({ 'kuma.io/type': 'egress' }), { type: 'ZoneIngress' }).ok).toBe(
      false,
    );
  });

  it('A0: the CP must authenticate this kind with aws-iam when its settings are given', () => {
    const cp = { KUMA_DP_SERVER_AUTHN_DP_PROXY_TYPE: 'aws-iam' };
    expect(authorizeIamProxy(id, dataplane('default', ['demo-app']), { controlPlane: cp }).ok).toBe(true);
    const ingress = identityOf({ 'kuma.io/type': 'ingress' });
    expect(authorizeIamProxy(ingress, { type: 'ZoneIngress' }, { controlPlane: cp }).issues).toEqual([
      {
        path: 'type',
        message: 'ZoneIngress proxies are not authenticated with aws-iam (configured: "zoneToken")',
        severity: 'error',
      },
    ]);
    const typed = { dpServer: { authn: { dpProxy: { type: 'dpToken' } } } };
    expect(
      authorizeIamProxy(id, dataplane('default', ['demo-app']), { controlPlane: typed }).issues[0]?.message,
    ).toBe('Dataplane proxies are not authenticated with aws-iam (configured: "dpToken")');
  });

  it('rejects something that is not a proxy resource', () => {
    expect(authorizeIamProxy(id, { type: 'Mesh' } as never).issues[0]?.path).toBe('type');
    expect(authorizeIamProxy(null as never, dataplane('default', ['x'])).ok).toBe(false);
  });
});
