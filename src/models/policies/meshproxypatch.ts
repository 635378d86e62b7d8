import { z } from 'zod';
import { Tags } from '../common.js';

/** An RFC 6902 operation applied to an Envoy resource rendered as JSON. */
export const MeshProxyPatchJsonPatch = z.strictObject({
  op: z.enum(['add', 'remove', 'replace', 'move', 'copy', 'test']),
  path: z.string(),
  value: z.unknown().optional(),
  from: z.string().optional(),
});

const AddRemovePatch = z.enum(['Add', 'Remove', 'Patch']);
const FilterOperation = z.enum(['AddFirst', 'AddLast', 'AddBefore', 'AddAfter', 'Remove', 'Patch']);
const body = {
  value: z.string().optional(),
  jsonPatches: z.array(MeshProxyPatchJsonPatch).optional(),
};
const filterMatch = z.strictObject({
  name: z.string().optional(),
  listenerName: z.string().optional(),
  listenerTags: Tags.optional(),
  origin: z.string().optional(),
});

/** One entry of `default.appendModifications`: exactly one member is expected to be set. */
export const MeshProxyPatchModification = z.strictObject({
  cluster: z
    .strictObject({
      operation: AddRemovePatch,
      match: z.strictObject({ name: z.string().optional(), origin: z.string().optional() }).optional(),
      ...body,
    })
    .optional(),
  listener: z
    .strictObject({
      operation: AddRemovePatch,
      match: z
        .strictObject({ name: z.string().optional(), origin: z.string().optional(), tags: Tags.optional() })
        .optional(),
      ...body,
    })
    .optional(),
  networkFilter: z
    .strictObject({ operation: FilterOperation, match: filterMatch.optional(), ...body })
    .optional(),
  httpFilter: z
    .strictObject({ operation: FilterOperation, match: filterMatch.optional(), ...body })
    .optional(),
  virtualHost: z
    .strictObject({
      operation: AddRemovePatch,
      match: z
        .strictObject({
          name: z.string().optional(),
          origin: z.string().optional(),
          routeConfigurationName: z.string().optional(),
        })
        .optional(),
      ...body,
    })
    .optional(),
});
export type MeshProxyPatchModification = z.infer<typeof MeshProxyPatchModification>;

/** `spec.default` of a MeshProxyPatch. */
export const MeshProxyPatchConf = z.strictObject({
  appendModifications: z.array(MeshProxyPatchModification).optional(),
});
export type MeshProxyPatchConf = z.infer<typeof MeshProxyPatchConf>;
