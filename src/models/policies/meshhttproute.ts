/**
 * MeshHTTPRoute `to[]` items, after Kuma 2.8.8 `pkg/plugins/policies/meshhttproute/api/v1alpha1/meshhttproute.go`
 * (JSON field names) and `api/common/v1alpha1` (`BackendRef`, `HeaderMatch`). The schemas only
 * check shapes, JSON types and the enums of Kuma's OpenAPI schema; every rule Kuma's validator
 * (`validation.go`) applies — absolute paths, precise hostnames, duplicate names, which targetRef
 * kinds are allowed, backendRefs required under a MeshGateway — is the admission check's
 * (`src/models/admission/meshhttproute.ts`), which reports Kuma's paths and messages.
 */
import { z } from 'zod';
import { StringLike } from '../common.js';
import { TargetRef } from '../targetref.js';
import { PolicyHeaderMatch, PolicyPort } from './common.js';

/**
 * `common_api.BackendRef` as Kuma 2.8.8 types it: a targetRef plus `weight` (`*uint`, OpenAPI
 * minimum 0) and `port` (`*uint32`, no range). Shared by MeshHTTPRoute and MeshTCPRoute.
 */
export const MeshRouteBackendRef = z.strictObject({
  ...TargetRef.shape,
  weight: z.number().int().min(0).optional(),
  port: z.number().int().min(0).optional(),
});
export type MeshRouteBackendRef = z.infer<typeof MeshRouteBackendRef>;

/** `PathMatch`: the path of a request (`value` is checked by the admission check). */
const PathMatch = z.strictObject({
  type: z.enum(['Exact', 'PathPrefix', 'RegularExpression']),
  value: z.string().min(1, 'cannot be empty'),
});

/** `QueryParamsMatch`. */
const QueryParamsMatch = z.strictObject({
  type: z.enum(['Exact', 'RegularExpression']),
  name: z.string().min(1, 'cannot be empty'),
  value: StringLike,
});

/** One MeshHTTPRoute match (path, method, query parameters, headers — all ANDed). */
export const MeshHTTPRouteMatch = z.strictObject({
  path: PathMatch.optional(),
  method: z.enum(['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE']).optional(),
  queryParams: z.array(QueryParamsMatch).optional(),
  headers: z.array(PolicyHeaderMatch).optional(),
});
export type MeshHTTPRouteMatch = z.infer<typeof MeshHTTPRouteMatch>;

/** `HeaderKeyValue` of a header modifier. */
const HeaderKeyValue = z.strictObject({ name: z.string().min(1, 'cannot be empty'), value: StringLike });

/** `HeaderModifier` (request or response). */
const HeaderModifier = z.strictObject({
  set: z.array(HeaderKeyValue).optional(),
  add: z.array(HeaderKeyValue).optional(),
  remove: z.array(z.string()).optional(),
});

/** `PathRewrite` of a redirect or URL rewrite. */
const PathRewrite = z.strictObject({
  type: z.enum(['ReplaceFullPath', 'ReplacePrefixMatch']),
  replaceFullPath: z.string().optional(),
  replacePrefixMatch: z.string().optional(),
});

/** `RequestRedirect`. `hostname` is a precise hostname, checked by the admission check. */
const RequestRedirect = z.strictObject({
  scheme: z.enum(['http', 'https']).optional(),
  hostname: z.string().optional(),
  path: PathRewrite.optional(),
  port: PolicyPort.optional(),
  statusCode: z
    .union([z.literal(301), z.literal(302), z.literal(303), z.literal(307), z.literal(308)])
    .optional(),
});

/** `URLRewrite`. */
const URLRewrite = z.strictObject({
  hostname: z.string().optional(),
  path: PathRewrite.optional(),
  hostToBackendHostname: z.boolean().optional(),
});

/** `RequestMirror`: `backendRef` is checked (kind and name) by the admission check. */
const RequestMirror = z.strictObject({
  percentage: z.union([z.number().int(), z.string()]).optional(),
  backendRef: MeshRouteBackendRef.optional(),
});

/**
 * A MeshHTTPRoute filter. `type` says which member applies; that the member is present is the
 * admission check's (`requestRedirect: must be defined`).
 */
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
  requestRedirect: RequestRedirect.optional(),
  urlRewrite: URLRewrite.optional(),
  requestMirror: RequestMirror.optional(),
});
export type MeshHTTPRouteFilter = z.infer<typeof MeshHTTPRouteFilter>;

/**
 * The `default` of a MeshHTTPRoute rule (`RuleConf`): what is merged per matches key, and the
 * type of a merged MeshHTTPRoute conf.
 */
export const MeshHTTPRouteConf = z.strictObject({
  filters: z.array(MeshHTTPRouteFilter).optional(),
  backendRefs: z.array(MeshRouteBackendRef).optional(),
});
export type MeshHTTPRouteConf = z.infer<typeof MeshHTTPRouteConf>;

/** The same schema as `MeshHTTPRouteConf` (earlier name). */
export const MeshHTTPRouteRuleConf = MeshHTTPRouteConf;
export type MeshHTTPRouteRuleConf = MeshHTTPRouteConf;

/**
 * One MeshHTTPRoute rule: `matches` and the `default` applied to them. Kuma's OpenAPI schema
 * requires both, but its validator (and its own table tests) read an absent one as Go's zero
 * value, so both are optional here; an empty `matches` list is still refused (`minItems: 1`).
 */
export const MeshHTTPRouteRule = z.strictObject({
  matches: z.array(MeshHTTPRouteMatch).min(1).optional(),
  default: MeshHTTPRouteConf.optional(),
});
export type MeshHTTPRouteRule = z.infer<typeof MeshHTTPRouteRule>;

/** A MeshHTTPRoute `to[]` item (an absent targetRef is reported by the admission check). */
export const MeshHTTPRouteTo = z.strictObject({
  targetRef: TargetRef.optional(),
  hostnames: z.array(z.string()).optional(),
  rules: z.array(MeshHTTPRouteRule).optional(),
});
export type MeshHTTPRouteTo = z.infer<typeof MeshHTTPRouteTo>;
