/**
 * Type tests (checked by `npm run typecheck`, which compiles test/; `expectTypeOf` is a no-op at
 * run time): confs are typed by policy kind, from the kind's conf schema to `computeConf`.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  type ConfOf,
  type Dataplane,
  type LoadIssue,
  type MeshHTTPRouteRule,
  type MeshTimeoutConf,
  type MeshTrafficPermissionConf,
  parseResource,
  type Severity,
} from '../../src/models/index.js';
import { computeConf, type MatchedPolicies, matchedPolicies, type Rule } from '../../src/targetref/index.js';

const dp = parseResource({
  type: 'Dataplane',
  name: 'web-1',
  networking: { address: '10.0.0.1', inbound: [{ port: 80, tags: { 'kuma.io/service': 'web' } }] },
}) as Dataplane;

describe('confs are typed by kind', () => {
  it('ConfOf maps a kind to its conf schema type', () => {
    expectTypeOf<ConfOf<'MeshTimeout'>>().toEqualTypeOf<MeshTimeoutConf>();
    expectTypeOf<ConfOf<'MeshTrafficPermission'>>().toEqualTypeOf<MeshTrafficPermissionConf>();
    expectTypeOf<ConfOf<'MeshHTTPRoute'>>().toEqualTypeOf<{
      rules?: MeshHTTPRouteRule[];
      hostnames?: string[];
    }>();
    // @ts-expect-error not a targetRef kind
    expectTypeOf<ConfOf<'TrafficPermission'>>();
  });

  it('matchedPolicies and computeConf carry the kind through', () => {
    const timeouts = matchedPolicies('MeshTimeout', dp, []);
    expectTypeOf(timeouts).toEqualTypeOf<MatchedPolicies<'MeshTimeout'>>();
    expectTypeOf(timeouts.toRules).toEqualTypeOf<Rule<MeshTimeoutConf>[]>();
    const conf = computeConf(timeouts.toRules, { 'kuma.io/service': 'backend' });
    expectTypeOf(conf).toEqualTypeOf<MeshTimeoutConf | undefined>();
    expectTypeOf(conf?.http?.requestTimeout).toEqualTypeOf<string | undefined>();
    // A type only known at run time keeps `unknown` confs.
    const any = matchedPolicies('MeshTimeout' as string, dp, []);
    expectTypeOf(any.toRules).toEqualTypeOf<Rule<unknown>[]>();
  });

  it('loader issues always carry a severity', () => {
    expectTypeOf<LoadIssue['severity']>().toEqualTypeOf<Severity>();
    expectTypeOf<Severity>().toEqualTypeOf<'error' | 'warning'>();
  });
});
