import { describe, expect, it } from 'vitest';
import { ecsAuthConfigFromEnv, validateEcsControlPlane } from '../../src/identity/index.js';

const SEED_ENV = [
  { Name: 'KUMA_DP_SERVER_AUTHN_DP_PROXY_TYPE', Value: 'aws-iam' },
  { Name: 'KUMA_DP_SERVER_AUTHN_ZONE_PROXY_TYPE', Value: 'aws-iam' },
  { Name: 'KUMA_DP_SERVER_AUTHN_ENABLE_RELOADABLE_TOKENS', Value: 'true' },
  { Name: 'KMESH_AWSIAM_AUTHORIZEDACCOUNTIDS', Value: '111122223333' },
];

describe('validateEcsControlPlane (spec 06 §2)', () => {
  it("the seed's CloudFormation environment has no issues, and reads into the typed config", () => {
    const r = validateEcsControlPlane(SEED_ENV);
    expect(r.issues).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.config).toEqual({
      dpServer: {
        authn: { dpProxy: { type: 'aws-iam' }, zoneProxy: { type: 'aws-iam' }, enableReloadableTokens: true },
      },
      awsIam: { authorizedAccountIds: ['111122223333'] },
    });
    // The same settings as an env map, as an ECS task-definition list, and in typed form.
    const map = Object.fromEntries(SEED_ENV.map((e) => [e.Name, e.Value]));
    expect(validateEcsControlPlane(map).ok).toBe(true);
    expect(validateEcsControlPlane(SEED_ENV.map((e) => ({ name: e.Name, value: e.Value }))).ok).toBe(true);
    expect(validateEcsControlPlane(r.config).issues).toEqual([]);
  });

  it('an empty environment breaks C1–C4, each at its variable', () => {
    expect(validateEcsControlPlane({}).issues).toEqual([
      {
        path: 'KUMA_DP_SERVER_AUTHN_DP_PROXY_TYPE',
        message: 'must be "aws-iam" to authenticate data plane proxies with the ECS task IAM role',
        severity: 'error',
      },
      {
        path: 'KUMA_DP_SERVER_AUTHN_ZONE_PROXY_TYPE',
        message: 'must be "aws-iam" to authenticate zone proxies with the ECS task IAM role',
        severity: 'error',
      },
      { path: 'KUMA_DP_SERVER_AUTHN_ENABLE_RELOADABLE_TOKENS', message: 'must be true', severity: 'error' },
      {
        path: 'KMESH_AWSIAM_AUTHORIZEDACCOUNTIDS',
        message: 'must list at least one AWS account id',
        severity: 'error',
      },
    ]);
  });

  it('typed form reports dotted config paths', () => {
    expect(validateEcsControlPlane({ dpServer: {} }).issues.map((i) => i.path)).toEqual([
      'dpServer.authn.dpProxy.type',
      'dpServer.authn.zoneProxy.type',
      'dpServer.authn.enableReloadableTokens',
      'awsIam.authorizedAccountIds',
    ]);
    const r = validateEcsControlPlane({
      dpServer: {
        authn: { dpProxy: { type: 'aws-iam' }, zoneProxy: { type: 'aws-iam' }, enableReloadableTokens: true },
      },
      awsIam: { authorizedAccountIds: ['111122223333', '12'] },
    });
    expect(r.issues).toEqual([
      {
        path: 'awsIam.authorizedAccountIds[1]',
        message: '"12" is not a valid AWS account id (12 digits)',
        severity: 'error',
      },
    ]);
  });

  it('C3: Go booleans', () => {
    const base = { ...Object.fromEntries(SEED_ENV.map((e) => [e.Name, e.Value])) };
    for (const v of ['1', 't', 'T', 'TRUE', 'true', 'True'])
      expect(validateEcsControlPlane({ ...base, KUMA_DP_SERVER_AUTHN_ENABLE_RELOADABLE_TOKENS: v }).ok).toBe(
        true,
      );
    for (const v of ['0', 'f', 'F', 'FALSE', 'false', 'False'])
      expect(
        validateEcsControlPlane({ ...base, KUMA_DP_SERVER_AUTHN_ENABLE_RELOADABLE_TOKENS: v }).issues,
      ).toEqual([
        { path: 'KUMA_DP_SERVER_AUTHN_ENABLE_RELOADABLE_TOKENS', message: 'must be true', severity: 'error' },
      ]);
    expect(
      validateEcsControlPlane({ ...base, KUMA_DP_SERVER_AUTHN_ENABLE_RELOADABLE_TOKENS: 'yes' }).issues,
    ).toEqual([
      {
        path: 'KUMA_DP_SERVER_AUTHN_ENABLE_RELOADABLE_TOKENS',
        message: 'invalid boolean "yes"',
        severity: 'error',
      },
    ]);
  });

  it('C4: comma-separated, trimmed, empty entries ignored, each 12 digits', () => {
    const base = Object.fromEntries(SEED_ENV.map((e) => [e.Name, e.Value]));
    const read = ecsAuthConfigFromEnv({
      ...base,
      KMESH_AWSIAM_AUTHORIZEDACCOUNTIDS: ' 111122223333, ,444455556666,',
    });
    expect(read.config.awsIam?.authorizedAccountIds).toEqual(['111122223333', '444455556666']);
    expect(
      validateEcsControlPlane({ ...base, KMESH_AWSIAM_AUTHORIZEDACCOUNTIDS: ' , ' }).issues[0]?.message,
    ).toBe('must list at least one AWS account id');
    expect(validateEcsControlPlane({ ...base, KMESH_AWSIAM_AUTHORIZEDACCOUNTIDS: 'acct-1' }).issues).toEqual([
      {
        path: 'KMESH_AWSIAM_AUTHORIZEDACCOUNTIDS',
        message: '"acct-1" is not a valid AWS account id (12 digits)',
        severity: 'error',
      },
    ]);
  });

  it('C5: an unknown authenticator type is a start-up error; C2 is optional with zoneProxies: other', () => {
    const base = Object.fromEntries(SEED_ENV.map((e) => [e.Name, e.Value]));
    expect(validateEcsControlPlane({ ...base, KUMA_DP_SERVER_AUTHN_DP_PROXY_TYPE: 'aws' }).issues).toEqual([
      {
        path: 'KUMA_DP_SERVER_AUTHN_DP_PROXY_TYPE',
        message: 'unable to choose authenticator of "aws"',
        severity: 'error',
      },
    ]);
    expect(
      validateEcsControlPlane({ ...base, KUMA_DP_SERVER_AUTHN_ZONE_PROXY_TYPE: 'dpToken' }).issues[0]
        ?.message,
    ).toBe('unable to choose authenticator of "dpToken"');
    const zoneTokens = { ...base, KUMA_DP_SERVER_AUTHN_ZONE_PROXY_TYPE: 'zoneToken' };
    expect(validateEcsControlPlane(zoneTokens).ok).toBe(false);
    expect(validateEcsControlPlane(zoneTokens, { zoneProxies: 'other' }).ok).toBe(true);
  });

  it('C6: pre-2.7 variable names are warned about', () => {
    const base = Object.fromEntries(SEED_ENV.map((e) => [e.Name, e.Value]));
    const r = validateEcsControlPlane({
      ...base,
      KUMA_DP_SERVER_AUTH_TYPE: 'aws-iam',
      KUMA_DP_SERVER_AUTH_USE_TOKEN_PATH: 'true',
    });
    expect(r.ok).toBe(true);
    expect(r.issues.map((i) => [i.path, i.severity])).toEqual([
      ['KUMA_DP_SERVER_AUTH_TYPE', 'warning'],
      ['KUMA_DP_SERVER_AUTH_USE_TOKEN_PATH', 'warning'],
    ]);
  });

  it('hostile input yields issues', () => {
    for (const v of [
      null,
      3,
      'x',
      [1],
      [{ Name: 'A', Value: {} }],
      { dpServer: 5 },
      { awsIam: { authorizedAccountIds: [1] } },
    ])
      expect(validateEcsControlPlane(v as never).ok).toBe(false);
  });
});
