import { z } from 'zod';
import { StringLike, Tags } from '../common.js';

/**
 * One RFC 6902 operation applied to an Envoy resource rendered as JSON: Kuma 2.8.8's
 * `JsonPatchBlock` (`api/common/v1alpha1/jsonpatch.go`). `op`, `path`, `value` and `from` are
 * checked by the admission step with Kuma's messages (an unknown `op`, a missing `value` for
 * `add`), so the schema only fixes their JSON types; `value` is any JSON value.
 */
export const MeshProxyPatchJsonPatch = z.strictObject({
  op: StringLike.optional(),
  path: StringLike.optional(),
  value: z.json().optional(),
  from: StringLike.optional(),
});
export type MeshProxyPatchJsonPatch = z.infer<typeof MeshProxyPatchJsonPatch>;

// `operation` is checked by Kuma's validator ("invalid operation. Available operations: …"), and
// `value` is Envoy YAML the validator parses: both are plain strings here.
const body = {
  operation: StringLike.optional(),
  value: StringLike.optional(),
  jsonPatches: z.array(MeshProxyPatchJsonPatch).optional(),
};

/** `ClusterMod`: a modification of an Envoy Cluster. */
export const MeshProxyPatchClusterMod = z.strictObject({
  match: z.strictObject({ origin: StringLike.optional(), name: StringLike.optional() }).optional(),
  ...body,
});

/** `ListenerMod`: a modification of an Envoy Listener. */
export const MeshProxyPatchListenerMod = z.strictObject({
  match: z
    .strictObject({ origin: StringLike.optional(), name: StringLike.optional(), tags: Tags.optional() })
    .optional(),
  ...body,
});

const filterMatch = z.strictObject({
  origin: StringLike.optional(),
  name: StringLike.optional(),
  listenerName: StringLike.optional(),
  listenerTags: Tags.optional(),
});

/** `NetworkFilterMod`: a modification of a network filter of an Envoy Listener. */
export const MeshProxyPatchNetworkFilterMod = z.strictObject({ match: filterMatch.optional(), ...body });

/** `HTTPFilterMod`: a modification of an HTTP filter of an HTTP connection manager. */
export const MeshProxyPatchHTTPFilterMod = z.strictObject({ match: filterMatch.optional(), ...body });

/** `VirtualHostMod`: a modification of an Envoy VirtualHost of a route configuration. */
export const MeshProxyPatchVirtualHostMod = z.strictObject({
  match: z
    .strictObject({
      origin: StringLike.optional(),
      name: StringLike.optional(),
      routeConfigurationName: StringLike.optional(),
    })
    .optional(),
  ...body,
});

/**
 * One entry of `default.appendModifications` (Kuma 2.8.8's `Modification`): Kuma's validator
 * requires exactly one member to be set.
 */
export const MeshProxyPatchModification = z.strictObject({
  cluster: MeshProxyPatchClusterMod.optional(),
  listener: MeshProxyPatchListenerMod.optional(),
  networkFilter: MeshProxyPatchNetworkFilterMod.optional(),
  httpFilter: MeshProxyPatchHTTPFilterMod.optional(),
  virtualHost: MeshProxyPatchVirtualHostMod.optional(),
});
export type MeshProxyPatchModification = z.infer<typeof MeshProxyPatchModification>;

/**
 * `spec.default` of a MeshProxyPatch: Kuma 2.8.8's `Conf`
 * (`pkg/plugins/policies/meshproxypatch/api/v1alpha1/meshproxypatch.go`).
 */
export const MeshProxyPatchConf = z.strictObject({
  appendModifications: z.array(MeshProxyPatchModification).optional(),
});
export type MeshProxyPatchConf = z.infer<typeof MeshProxyPatchConf>;
