import { z } from 'zod';
import { StringLike } from '../common.js';
import { TargetRef } from '../targetref.js';
import { PolicyBackendRef, PolicyHeaderMatch, PolicyPort } from './common.js';

/** One MeshHTTPRoute match (path, method, query parameters, headers — all ANDed). */
export const MeshHTTPRouteMatch = z.strictObject({
  path: z
    .strictObject({
      type: z.enum(['Exact', 'PathPrefix', 'RegularExpression']),
      value: z.string().min(1, 'cannot be empty'),
    })
    .optional(),
  method: z.enum(['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE']).optional(),
  queryParams: z
    .array(
      z.strictObject({
        type: z.enum(['Exact', 'RegularExpression']),
        name: z.string().min(1, 'cannot be empty'),
        value: StringLike,
      }),
    )
    .optional(),
  headers: z.array(PolicyHeaderMatch).optional(),
});
export type MeshHTTPRouteMatch = z.infer<typeof MeshHTTPRouteMatch>;

const HeaderKeyValue = z.strictObject({ name: z.string().min(1, 'cannot be empty'), value: StringLike });
const HeaderModifier = z.strictObject({
  set: z.array(HeaderKeyValue).optional(),
  add: z.array(HeaderKeyValue).optional(),
  remove: z.array(z.string()).optional(),
});
const PathRewrite = z.strictObject({
  type: z.enum(['ReplaceFullPath', 'ReplacePrefixMatch']),
  replaceFullPath: z.string().optional(),
  replacePrefixMatch: z.string().optional(),
});

/** A MeshHTTPRoute filter (`type` says which of the optional members applies). */
export const MeshHTTPRouteFilter = z.strictObject({
  type: z.enum([
    'RequestHeaderModifier',
    'ResponseHeaderModifier',
    'RequestRedirect',
    'URLRewrite',
    'RequestMirror',
  ]),
  requestHeaderModifier: HeaderModifier.optional(),
  responseHeaderModifier: HeaderModifier.optional(),
  requestRedirect: z
    .strictObject({
      scheme: z.enum(['http', 'https']).optional(),
      hostname: z.string().optional(),
      path: PathRewrite.optional(),
      port: PolicyPort.optional(),
      statusCode: z
        .union([z.literal(301), z.literal(302), z.literal(303), z.literal(307), z.literal(308)])
        .optional(),
    })
    .optional(),
  urlRewrite: z
    .strictObject({
      hostname: z.string().optional(),
      path: PathRewrite.optional(),
      hostToBackendHostname: z.boolean().optional(),
    })
    .optional(),
  requestMirror: z
    .strictObject({
      percentage: z.union([z.number(), z.string()]).optional(),
      backendRef: PolicyBackendRef,
    })
    .optional(),
});
export type MeshHTTPRouteFilter = z.infer<typeof MeshHTTPRouteFilter>;

/** The `default` of a MeshHTTPRoute rule (what is merged per matches key). */
export const MeshHTTPRouteRuleConf = z.strictObject({
  filters: z.array(MeshHTTPRouteFilter).optional(),
  backendRefs: z.array(PolicyBackendRef).optional(),
});
export type MeshHTTPRouteRuleConf = z.infer<typeof MeshHTTPRouteRuleConf>;

/** One MeshHTTPRoute rule: `matches` (≥1) and the `default` applied to them. */
export const MeshHTTPRouteRule = z.strictObject({
  matches: z.array(MeshHTTPRouteMatch).min(1),
  default: MeshHTTPRouteRuleConf,
});
export type MeshHTTPRouteRule = z.infer<typeof MeshHTTPRouteRule>;

/** A MeshHTTPRoute `to[]` item. */
export const MeshHTTPRouteTo = z.strictObject({
  targetRef: TargetRef,
  hostnames: z.array(z.string()).optional(),
  rules: z.array(MeshHTTPRouteRule).optional(),
});
export type MeshHTTPRouteTo = z.infer<typeof MeshHTTPRouteTo>;
