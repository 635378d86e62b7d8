import * as fc from 'fast-check';
import { cached } from './cache.js';
import { arbResourceName, arbServiceName, arbTagValue } from './primitives.js';

/** IAM role tags that grant an identity (spec 06 §3), with what they grant. */
export interface IamTagSample {
  tags: Record<string, string>;
  expected: { type: 'dataplane' | 'ingress' | 'egress'; mesh?: string; service?: string };
}

/**
 * Valid ECS task-role tag sets: `kuma.io/type: dataplane` with `kuma.io/mesh` and sometimes
 * `kuma.io/service`, or `ingress` / `egress` alone; plus unrelated tags the CP ignores.
 */
export function arbIamRoleTags(): fc.Arbitrary<IamTagSample> {
  const unrelated = fc
    .uniqueArray(fc.tuple(fc.constantFrom('team', 'env', 'kuma.io/zone', 'cost-center'), arbTagValue()), {
      maxLength: 2,
      selector: ([k]) => k,
    })
    .map((pairs) => Object.fromEntries(pairs));
  const dataplane = fc
    .tuple(arbResourceName(), fc.option(arbServiceName(), { nil: undefined }), unrelated)
    .map(([mesh, service, extra]): IamTagSample => {
      const tags: Record<string, string> = { ...extra, 'kuma.io/type': 'dataplane', 'kuma.io/mesh': mesh };
      if (service !== undefined) tags['kuma.io/service'] = service;
      return {
        tags,
        expected: service !== undefined ? { type: 'dataplane', mesh, service } : { type: 'dataplane', mesh },
      };
    });
  const zone = fc
    .tuple(fc.constantFrom('ingress' as const, 'egress' as const), unrelated)
    .map(([type, extra]): IamTagSample => ({ tags: { ...extra, 'kuma.io/type': type }, expected: { type } }));
  return fc.oneof({ weight: 3, arbitrary: dataplane }, { weight: 1, arbitrary: zone });
}

/** A 12-digit AWS account id. */
export function arbAwsAccountId(): fc.Arbitrary<string> {
  return cached('arbAwsAccountId', () => fc.stringMatching(/^\d{12}$/));
}

/**
 * A control-plane environment valid for ECS workload identity (seed 001): both authenticators
 * `aws-iam`, reloadable tokens on (any Go spelling of true), 1–3 authorised accounts.
 */
export function arbEcsControlPlaneEnv(): fc.Arbitrary<Record<string, string>> {
  return fc
    .tuple(
      fc.constantFrom('true', '1', 't', 'T', 'TRUE', 'True'),
      fc.uniqueArray(arbAwsAccountId(), { minLength: 1, maxLength: 3 }),
    )
    .map(([reload, ids]) => ({
      KUMA_DP_SERVER_AUTHN_DP_PROXY_TYPE: 'aws-iam',
      KUMA_DP_SERVER_AUTHN_ZONE_PROXY_TYPE: 'aws-iam',
      KUMA_DP_SERVER_AUTHN_ENABLE_RELOADABLE_TOKENS: reload,
      KMESH_AWSIAM_AUTHORIZEDACCOUNTIDS: ids.join(','),
    }));
}
