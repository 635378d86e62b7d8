/**
 * The MeshPassthrough that applies to one dataplane (spec 04 §2, §4): the policies selecting it
 * in the targetRef module's priority order, their conf merged by that module (appendMatch
 * concatenated, later mode wins), where each merged entry came from, and the proxy facts
 * `compilePassthrough` needs.
 */
import { displayName, MeshPolicyError, type Resource, type TargetRefPolicy } from '../models/index.js';
import { matchedPolicies } from '../targetref/index.js';
import type { MeshPassthroughConf, PassthroughCompileOptions, PassthroughOptions } from './types.js';

/** Options of `resolveMeshPassthrough`. */
export interface ResolvePassthroughOptions extends PassthroughOptions {
  /** Include `kuma.io/effect: shadow` policies (default false). */
  includeShadow?: boolean;
  /** Fill Kubernetes CRD defaults per policy before merging (spec 04 §1.4). */
  applyKubernetesDefaults?: boolean;
}

/** Which policy contributed a merged `appendMatch` entry. */
export interface PassthroughEntryOrigin {
  index: number;
  policy: { mesh: string; name: string; displayName: string };
}

/** The resolved MeshPassthrough of a dataplane. */
export interface ResolvedPassthrough {
  /** Selecting policies, lowest priority first (merge order). */
  policies: { mesh: string; name: string; displayName: string }[];
  /** Merged conf; undefined when no MeshPassthrough selects the dataplane. */
  conf: MeshPassthroughConf | undefined;
  /** The policy each merged `appendMatch` entry came from. */
  origins: PassthroughEntryOrigin[];
  /** The policy whose `passthroughMode` won, when one set it. */
  modeFrom?: { mesh: string; name: string; displayName: string };
  /** Whether the policy has any effect on this proxy (spec 04 §2.3). */
  effective: boolean;
  /** Kuma's warnings (matching, and "no transparent proxy"). */
  warnings: string[];
  /** Proxy facts for `compilePassthrough`. */
  compileOptions: PassthroughCompileOptions;
}

function ref(p: TargetRefPolicy): { mesh: string; name: string; displayName: string } {
  return { mesh: p.mesh, name: p.name, displayName: displayName(p) };
}

function ownConf(p: TargetRefPolicy): Record<string, unknown> | undefined {
  const conf = p.spec.default;
  return conf !== null && typeof conf === 'object' && !Array.isArray(conf)
    ? (conf as Record<string, unknown>)
    : undefined;
}

/**
 * Resolves the MeshPassthrough of the dataplane named `dataplaneName` among `resources`
 * (selection, priority and merge by the targetref module; spec 04 §4). Never mutates its input.
 * Returns undefined when the dataplane does not exist.
 */
export function resolveMeshPassthrough(
  dataplaneName: string,
  resources: readonly Resource[],
  opts: ResolvePassthroughOptions = {},
): ResolvedPassthrough | undefined {
  if (!Array.isArray(resources))
    throw new MeshPolicyError('INVALID_INPUT', 'resources must be an array', [
      { path: 'resources', message: 'must be an array' },
    ]);
  const bad = resources.findIndex((r) => r === null || typeof r !== 'object');
  if (bad >= 0)
    throw new MeshPolicyError('INVALID_INPUT', 'resources must be objects', [
      { path: `resources[${bad}]`, message: 'must be an object' },
    ]);
  const dp = resources.find((r) => r.type === 'Dataplane' && r.name === dataplaneName);
  if (dp === undefined || dp.type !== 'Dataplane') return undefined;
  const sameMesh = resources.filter((r) => r.mesh === dp.mesh);
  const matched = matchedPolicies('MeshPassthrough', dp, sameMesh, {
    ...(opts.includeShadow !== undefined ? { includeShadow: opts.includeShadow } : {}),
    ...(opts.applyKubernetesDefaults !== undefined
      ? { applyKubernetesDefaults: opts.applyKubernetesDefaults }
      : {}),
  });
  const policies = matched.dataplanePolicies;
  const rule = matched.singleItemRules.find((r) => r.subset.length === 0) ?? matched.singleItemRules[0];
  const conf = policies.length === 0 ? undefined : ((rule?.conf ?? {}) as MeshPassthroughConf);

  const origins: PassthroughEntryOrigin[] = [];
  let modeFrom: TargetRefPolicy | undefined;
  for (const p of policies) {
    const own = ownConf(p);
    const list = own?.appendMatch;
    if (Array.isArray(list))
      for (let i = 0; i < list.length; i++) origins.push({ index: origins.length, policy: ref(p) });
    // A Kubernetes-form policy's `default` gets the CRD default `passthroughMode: None` before the
    // merge (spec 04 §1.4), so it sets the mode even when it omits it (same rule as targetref).
    const k8sDefaults =
      opts.applyKubernetesDefaults ??
      (p.labels !== undefined && Object.hasOwn(p.labels, 'k8s.kuma.io/namespace'));
    if (
      (own?.passthroughMode !== undefined && own.passthroughMode !== null) ||
      (own !== undefined && k8sDefaults)
    )
      modeFrom = p;
  }
  const mergedLength = Array.isArray(conf?.appendMatch) ? conf.appendMatch.length : 0;

  const net = dp.networking;
  const tp = net.transparentProxying;
  const builtin = net.gateway?.type === 'BUILTIN';
  const transparentProxy = tp !== undefined && !builtin;
  const family = tp?.ipFamilyMode ?? 'UnSpecified';
  const ipv6Listener =
    tp !== undefined &&
    family !== 'IPv4' &&
    !(family === 'UnSpecified' && (tp.redirectPortInboundV6 ?? 0) === 0);
  const mesh = resources.find((r) => r.type === 'Mesh' && r.name === dp.mesh);
  const meshPassthrough = mesh?.type === 'Mesh' ? mesh.networking?.outbound?.passthrough !== false : true;
  const warnings = [...matched.warnings];
  if (policies.length > 0 && tp === undefined)
    warnings.push("policy doesn't support proxy running without transparent-proxy");
  return {
    policies: policies.map(ref),
    conf,
    origins: origins.length === mergedLength ? origins : [],
    ...(modeFrom !== undefined ? { modeFrom: ref(modeFrom) } : {}),
    effective: policies.length > 0 && transparentProxy,
    warnings,
    compileOptions: {
      ...(opts.semantics !== undefined ? { semantics: opts.semantics } : {}),
      meshPassthrough,
      transparentProxy,
      ipv6Listener,
    },
  };
}
