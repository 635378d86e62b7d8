/** The MeshPassthrough part of a dataplane report: effective mode and Kuma's ordered matchers. */

import { orderedMatchers } from '../passthrough/index.js';
import { confWithKubernetesDefaults, matchedPolicies } from '../targetref/index.js';
import { candidatePolicies, type MeshIndex, type TargetRefTypeIndex } from './indexes.js';
import { attributeFields } from './provenance.js';
import type {
  ReadonlyDataplane as Dataplane,
  ReadonlyTargetRefPolicy as TargetRefPolicy,
} from './readonly.js';
import { policyRef } from './refs.js';
import { matchOptions } from './targetref-view.js';
import type {
  EffectiveConf,
  FieldProvenance,
  InspectOptions,
  InspectWarning,
  PassthroughTypeReport,
} from './types.js';

/**
 * Reports MeshPassthrough for one dataplane: the policies that select it (lowest priority first),
 * their merged conf, the effective mode (spec 04 §4.3) and Kuma's ordered matchers.
 */
export function inspectPassthroughType(
  dp: Dataplane,
  index: TargetRefTypeIndex | undefined,
  mesh: MeshIndex,
  opts: Readonly<InspectOptions>,
  warnings: InspectWarning[],
): PassthroughTypeReport {
  const type = 'MeshPassthrough';
  const candidates = index === undefined ? [] : candidatePolicies(index, dp);
  const result = matchedPolicies(type, dp, [...candidates, ...mesh.context], matchOptions(opts));
  const policies = result.dataplanePolicies.map(policyRef);
  for (const w of result.warnings) warnings.push({ code: 'matcher', type, message: w });
  const rule = result.singleItemRules.find((r) => r.subset.length === 0);
  const builtin = dp.networking.gateway !== undefined && dp.networking.gateway.type === 'BUILTIN';
  const transparent = dp.networking.transparentProxying !== undefined;
  const effective = policies.length > 0 && transparent && !builtin;
  const meshPassthrough = mesh.meshResource?.networking?.outbound?.passthrough !== false;
  if (policies.length === 0 || rule === undefined) {
    return {
      kind: 'passthrough',
      type,
      policies,
      mode: 'mesh-default',
      meshPassthrough,
      effective: false,
      matchers: [],
    };
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
  // Unset: the semantics' default; a value outside the enum: the mesh flag decides (spec 04 §3.5).
  const mode: PassthroughTypeReport['mode'] =
    set === 'All' || set === 'None' || set === 'Matched'
      ? set
      : set !== undefined
        ? 'mesh-default'
        : opts.semantics === 'kuma-2.8'
          ? 'Matched'
          : 'None';
  const contributors = result.dataplanePolicies.map((p) => ({
    policy: policyRef(p),
    items: [{ conf: confWithKubernetesDefaults(p.type, p, p.spec.default), path: 'spec.default' }],
  }));
  return {
    kind: 'passthrough',
    type,
    policies,
    mode,
    meshPassthrough,
    effective,
    conf: perEntry(attributeFields(conf, contributors), conf, result.dataplanePolicies),
    matchers: mode === 'Matched' ? orderedMatchers(conf as never) : [],
  };
}

/**
 * `appendMatch` lists are concatenated across policies (spec 04 §4.2), so instead of one field
 * for the whole list, each merged entry `appendMatch[i]` names the policy it came from.
 */
function perEntry(
  e: EffectiveConf,
  conf: { appendMatch?: unknown[] },
  policies: readonly TargetRefPolicy[],
): EffectiveConf {
  const merged = Array.isArray(conf.appendMatch) ? conf.appendMatch : [];
  const origins: { policy: TargetRefPolicy; index: number }[] = [];
  for (const p of policies) {
    const own = (p.spec.default as { appendMatch?: unknown } | undefined)?.appendMatch;
    if (!Array.isArray(own)) continue;
    for (let index = 0; index < own.length; index++) origins.push({ policy: p, index });
  }
  if (origins.length !== merged.length) return e;
  const fields: FieldProvenance[] = [];
  for (const f of e.fields) {
    if (f.path !== 'appendMatch') {
      fields.push(f);
      continue;
    }
    merged.forEach((value, i) => {
      const o = origins[i]!;
      fields.push({
        path: `appendMatch[${i}]`,
        value,
        setBy: policyRef(o.policy),
        item: `spec.default.appendMatch[${o.index}]`,
      });
    });
  }
  return { conf: e.conf, fields };
}
