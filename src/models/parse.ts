import { admissionRawIssues } from './admission/index.js';
import { formatPath, type Issue, MeshPolicyError, type PathSegment } from './errors.js';
import { isKubernetesForm, type KubernetesReadOptions, kubernetesToUniversalDocument } from './format.js';
import { protoJsonName } from './protojson.js';
import { type RawIssue, type Resource, validateUniversal } from './resource.js';
import { DEFAULT_MAX_DEPTH, unsafeValueIssues } from './safety.js';

/** Options of `parseResource` / `safeParseResource`. */
export interface ParseOptions {
  /** Maximum nesting depth of a document (default 100). */
  maxDepth?: number;
  /** How Kubernetes-form documents are read (system namespace, derived role labels, strictness). */
  kubernetes?: KubernetesReadOptions;
}

/**
 * Result of `safeParseResource`: the resource with Kuma's warnings about it (deprecations, …),
 * or the issues (errors, and any warnings found with them) that kept it out.
 */
export type SafeParseResult =
  | { ok: true; resource: Resource; warnings: Issue[] }
  | { ok: false; issues: Issue[] };

/** Children of these keys are user maps (tag names), never proto field names. */
const MAP_KEYS = new Set(['tags', 'labels', 'listenerTags']);

/**
 * Kuma's protobuf-JSON reader accepts snake_case field names (`transparent_proxying`) on
 * Dataplanes; we accept both and emit lowerCamelCase (spec 00 §2.1). Numeric enum values are read
 * by the Dataplane schema (./protojson.ts `pbEnum`).
 */
function camelizeProto(
  value: unknown,
  path: PropertyKey[],
  issues: RawIssue[],
  renames: Map<string, string>,
  parentKey?: string,
): unknown {
  if (Array.isArray(value))
    return value.map((v, i) => camelizeProto(v, [...path, i], issues, renames, parentKey));
  if (value === null || typeof value !== 'object') return value;
  if (parentKey !== undefined && MAP_KEYS.has(parentKey)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const camel = protoJsonName(key);
    if (camel !== key && Object.hasOwn(value, camel)) {
      issues.push({ path: [...path, key], message: `set twice (as ${key} and ${camel})` });
      continue;
    }
    if (camel !== key) renames.set(pathKey([...path, camel]), key);
    Object.defineProperty(out, camel, {
      value: camelizeProto(v, [...path, camel], issues, renames, camel),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

const pathKey = (path: readonly PathSegment[]): string => JSON.stringify(path.map(String));

/**
 * True when `camelizeProto` would change `value`: a key it renames, or an object it does not copy
 * as is (a Date, an object without `Object.prototype`). Most documents need no change, and are then
 * not copied.
 */
function needsCamelize(value: unknown, parentKey?: string): boolean {
  if (Array.isArray(value)) {
    for (const item of value) if (needsCamelize(item, parentKey)) return true;
    return false;
  }
  if (value === null || typeof value !== 'object') return false;
  if (parentKey !== undefined && MAP_KEYS.has(parentKey)) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype) return true;
  for (const key of Object.keys(value)) {
    if (key.includes('_') && protoJsonName(key) !== key) return true;
    if (needsCamelize((value as Record<string, unknown>)[key], key)) return true;
  }
  return false;
}

/**
 * Camelizes a Dataplane's networking; `renames` maps each renamed (camelCase) path to the key as
 * written, so issues can point at `service_port` when that is what the document says. Returns
 * `doc` itself when nothing needs renaming.
 */
function normalizeDataplane(
  doc: Record<string, unknown>,
  issues: RawIssue[],
  renames: Map<string, string>,
): Record<string, unknown> {
  if (doc.type !== 'Dataplane' || doc.networking === undefined || !needsCamelize(doc.networking)) return doc;
  return { ...doc, networking: camelizeProto(doc.networking, ['networking'], issues, renames) };
}

/** Rewrites a path through the camelized document into the keys as written. */
function asWritten(path: readonly PathSegment[], renames: Map<string, string>): PathSegment[] {
  if (renames.size === 0) return [...path];
  return path.map((seg, i) => renames.get(pathKey(path.slice(0, i + 1))) ?? seg);
}

/** How issue paths through the validated (Universal, camelized) document map back to the input. */
interface PathMap {
  renames: Map<string, string>;
  /** Into the Kubernetes document, when the input was one. */
  toKubernetes: ((path: readonly PathSegment[]) => PathSegment[]) | undefined;
}

function writtenPath(path: readonly PathSegment[], map: PathMap): PathSegment[] {
  const written = asWritten(path, map.renames);
  return map.toKubernetes === undefined ? written : map.toKubernetes(written);
}

/** The issues with their paths as written (`severity` kept). */
function writtenIssues(issues: readonly RawIssue[], map: PathMap): RawIssue[] {
  const out: RawIssue[] = [];
  for (const i of issues) out.push({ ...i, path: writtenPath(i.path, map) });
  return out;
}

const failed = (issues: RawIssue[]): { ok: false; issues: RawIssue[] } => ({ ok: false, issues });

/**
 * Like `safeParseResource`, with issue paths still as segments (used by the loader to locate
 * issues in the source text).
 */
export function safeParseResourceRaw(
  value: unknown,
  opts: ParseOptions = {},
): { ok: true; resource: Resource; warnings: RawIssue[] } | { ok: false; issues: RawIssue[] } {
  try {
    // Plain-JavaScript callers may pass null as options.
    if (opts === null || typeof opts !== 'object') opts = {};
    const unsafe = unsafeValueIssues(value, opts.maxDepth ?? DEFAULT_MAX_DEPTH);
    if (unsafe.length > 0) return failed(unsafe);
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      return failed([{ path: [], message: 'a resource must be an object' }]);
    let doc = value as Record<string, unknown>;
    const map: PathMap = { renames: new Map(), toKubernetes: undefined };
    let kubernetes = false;
    let envelope: RawIssue[] = [];
    if (!Object.hasOwn(doc, 'type') && isKubernetesForm(doc)) {
      kubernetes = true;
      const converted = kubernetesToUniversalDocument(doc, opts.kubernetes);
      if (!converted.ok) return failed(converted.issues);
      envelope = converted.conversion.warnings;
      doc = converted.conversion.universal;
      map.toKubernetes = converted.conversion.toKubernetesPath;
    }
    const pre: RawIssue[] = [];
    doc = normalizeDataplane(doc, pre, map.renames);
    if (pre.length > 0)
      return failed(pre.map((i) => ({ path: writtenPath(i.path, map), message: i.message })));
    const result = validateUniversal(doc);
    if (!result.ok) return failed([...envelope, ...writtenIssues(result.issues, map)]);
    // Kubernetes names were checked by the API server (and carry `.<namespace>` here).
    const admission = admissionRawIssues(result.resource, { checkName: !kubernetes });
    const issues = admission.length === 0 ? admission : writtenIssues(admission, map);
    for (const i of issues) if (i.severity !== 'warning') return failed([...envelope, ...issues]);
    return {
      ok: true,
      resource: result.resource,
      warnings: envelope.length === 0 ? issues : [...envelope, ...issues],
    };
  } catch (error) {
    // Defensive: a bug must surface as an issue, never as a foreign exception.
    return {
      ok: false,
      issues: [
        { path: [], message: `internal error: ${error instanceof Error ? error.message : String(error)}` },
      ],
    };
  }
}

/**
 * Validates one decoded document (Universal or Kubernetes form) and normalises it to the
 * Universal form. Never throws: problems come back as issues whose paths point into the document
 * as written (`spec.to[0].targetRef.kind`, `metadata.name`).
 */
export function safeParseResource(value: unknown, opts: ParseOptions = {}): SafeParseResult {
  const result = safeParseResourceRaw(value, opts);
  const issue = (i: RawIssue): Issue => ({
    path: formatPath(i.path),
    message: i.message,
    severity: i.severity ?? 'error',
  });
  if (result.ok) return { ok: true, resource: result.resource, warnings: result.warnings.map(issue) };
  return { ok: false, issues: result.issues.map(issue) };
}

/**
 * Parses one decoded document (Universal or Kubernetes form) into a normalised resource.
 *
 * @throws MeshPolicyError `INVALID_RESOURCE` with the issues when the document is invalid.
 */
export function parseResource(value: unknown, opts: ParseOptions = {}): Resource {
  const result = safeParseResource(value, opts);
  if (result.ok) return result.resource;
  throw new MeshPolicyError('INVALID_RESOURCE', 'invalid resource', result.issues);
}

/**
 * Converts a Kubernetes-form object into the normalised Universal resource (spec 00 §9).
 *
 * @throws MeshPolicyError `INVALID_INPUT` when `k8sObject` is not in Kubernetes form,
 *   `INVALID_RESOURCE` when it is invalid (paths point into the Kubernetes document).
 */
export function toUniversal(k8sObject: unknown, opts: ParseOptions = {}): Resource {
  if (!isKubernetesForm(k8sObject) || Object.hasOwn(k8sObject, 'type'))
    throw new MeshPolicyError(
      'INVALID_INPUT',
      'not a Kubernetes object (apiVersion, kind and metadata expected)',
      [{ path: '', message: 'not a Kubernetes object (apiVersion, kind and metadata expected)' }],
    );
  return parseResource(k8sObject, opts);
}
