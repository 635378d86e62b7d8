/** The MeshPassthrough part of a dataplane report: effective mode and Kuma's ordered matchers. */
import type { Dataplane } from '../models/index.js';
import { orderedMatchers } from '../passthrough/index.js';
import { matchedPolicies } from '../targetref/index.js';
import { candidatePolicies, type MeshIndex, type TargetRefTypeIndex } from './indexes.js';
import { attributeFields } from './provenance.js';
import { policyRef } from './refs.js';
import type { InspectOptions, InspectWarning, PassthroughTypeReport } from './types.js';

/**
 * Reports MeshPassthrough for one dataplane: the policies that select it (lowest priority first),
 * their merged conf, the effective mode (spec 04 §4.3) and Kuma's ordered matchers.
 */
export function inspectPassthroughType(
  dp: Dataplane,
  index: TargetRefTypeIndex | undefined,
  mesh: MeshIndex,
  opts: InspectOptions,
  warnings: InspectWarning[],
): PassthroughTypeReport {
  const type = 'MeshPassthrough';
  const candidates = index === undefined ? [] : candidatePolicies(index, dp);
  const result = matchedPolicies(type, dp, [...candidates, ...mesh.context], {
    ...(opts.includeShadow !== undefined ? { includeShadow: opts.includeShadow } : {}),
  } as never);
  const policies = result.dataplanePolicies.map(policyRef);
  for (const w of result.warnings) warnings.push({ code: 'matcher', type, message: w });
  const rule = result.singleItemRules.find((r) => r.subset.length === 0);
  const builtin = dp.networking.gateway !== undefined && dp.networking.gateway.type === 'BUILTIN';
  const transparent = dp.networking.transparentProxying !== undefined;
  const effective = policies.length > 0 && transparent && !builtin;
  if (policies.length === 0 || rule === undefined) {
    return { kind: 'passthrough', type, policies, mode: 'mesh-default', effective: false, matchers: [] };
  }
  if (!transparent) {
    warnings.push({
      code: 'passthrough-without-transparent-proxy',
      type,
      message: "policy doesn't support proxy running without transparent-proxy",
    });
  }
  const conf = (rule.conf ?? {}) as { passthroughMode?: string; appendMatch?: unknown[] };
  const set = conf.passthroughMode;
  const mode: PassthroughTypeReport['mode'] =
    set === 'All' || set === 'None' || set === 'Matched'
      ? set
      : opts.semantics === 'kuma-2.8'
        ? 'Matched'
        : 'None';
  const contributors = result.dataplanePolicies.map((p) => ({
    policy: policyRef(p),
    items: [{ conf: p.spec.default, path: 'spec.default' }],
  }));
  return {
    kind: 'passthrough',
    type,
    policies,
    mode,
    effective,
    conf: attributeFields(conf, contributors),
    matchers: mode === 'Matched' ? orderedMatchers(conf as never) : [],
  };
}
