import { z } from 'zod';
import { Labels, type ResourceMeta, StringLike, Timestamp } from './common.js';
import { DataplaneSpec } from './dataplane.js';
import { formatPath, type Issue, MeshPolicyError, type PathSegment, type Severity } from './errors.js';
import { ExternalServiceFields } from './external-service.js';
import { MeshGatewaySpec } from './gateway.js';
import {
  isLegacyPolicyType,
  type LegacyPolicySpec,
  type LegacyPolicyType,
  LegacyPolicySpec as LegacySpecSchema,
  legacyConfSchema,
} from './legacy.js';
import { MeshFields, ZoneEgressFields, ZoneIngressFields } from './mesh.js';
import { targetRefPolicySpecSchema } from './policies/index.js';
import { isTargetRefPolicyType, type TargetRefPolicySpec, type TargetRefPolicyType } from './policy.js';
import {
  type RbacAssignmentSpec as RbacAssignmentFields,
  RbacAssignmentSpec,
  type RbacRoleSpec as RbacRoleFields,
  RbacRoleSpec,
  WorkspaceSpec,
} from './rbac.js';
import { serviceResourceFields } from './services.js';

/** A Dataplane in Universal form. */
export interface Dataplane extends ResourceMeta, DataplaneSpec {
  type: 'Dataplane';
}

/** A MeshGateway in Universal form. */
export interface MeshGateway extends ResourceMeta, MeshGatewaySpec {
  type: 'MeshGateway';
}

/** A legacy source/destination (or selectors) policy in Universal form: fields inlined. */
export interface LegacyPolicy<T extends LegacyPolicyType = LegacyPolicyType>
  extends ResourceMeta,
    LegacyPolicySpec {
  type: T;
}

/** A targetRef policy in Universal form: everything under `spec`. */
export interface TargetRefPolicy<T extends TargetRefPolicyType = TargetRefPolicyType> extends ResourceMeta {
  type: T;
  spec: TargetRefPolicySpec;
}

/** A legacy ExternalService (used by zone-egress matching). */
export interface ExternalService extends ResourceMeta {
  type: 'ExternalService';
  networking: { address: string; tls?: Record<string, unknown> };
  tags: Record<string, string>;
}

/** A MeshExternalService (2.8 experimental resource, referenced by display name). */
export interface MeshExternalService extends ResourceMeta {
  type: 'MeshExternalService';
  spec: Record<string, unknown>;
}

/** A MeshService (2.8 experimental resource; body kept as written under `spec`). */
export interface MeshServiceResource extends ResourceMeta {
  type: 'MeshService';
  spec: Record<string, unknown>;
}

/** A MeshMultiZoneService (body kept as written under `spec`). */
export interface MeshMultiZoneServiceResource extends ResourceMeta {
  type: 'MeshMultiZoneService';
  spec: Record<string, unknown>;
}

/** A HostnameGenerator (not mesh-scoped: `mesh` is always ''). */
export interface HostnameGeneratorResource extends ResourceMeta {
  type: 'HostnameGenerator';
  spec: Record<string, unknown>;
}

/** A Mesh. Its `mesh` field equals its name. Only the passthrough switch matters to resolution. */
export interface MeshResource extends ResourceMeta {
  type: 'Mesh';
  networking?: { outbound?: { passthrough?: boolean } };
  [key: string]: unknown;
}

/** A zone ingress proxy (not mesh-scoped: `mesh` is always ''). Only its kind matters to resolution. */
export interface ZoneIngress extends ResourceMeta {
  type: 'ZoneIngress';
  zone?: string;
  networking?: Record<string, unknown>;
  availableServices?: Record<string, unknown>[];
}

/** A zone egress proxy (not mesh-scoped: `mesh` is always ''). */
export interface ZoneEgress extends ResourceMeta {
  type: 'ZoneEgress';
  zone?: string;
  networking?: Record<string, unknown>;
}

/** A Kong Gateway RBAC role (not a Kuma resource: `mesh` is always ''). */
export interface RbacRole extends ResourceMeta, RbacRoleFields {
  type: 'RbacRole';
}
/** Roles assigned to one user (admin) in one workspace. */
export interface RbacAssignment extends ResourceMeta, RbacAssignmentFields {
  type: 'RbacAssignment';
}
/** A Kong workspace. */
export interface Workspace extends ResourceMeta {
  type: 'Workspace';
}

/** Every resource mesh-policy understands, normalised to the Universal form. */
export type Resource =
  | Dataplane
  | MeshGateway
  | LegacyPolicy
  | TargetRefPolicy
  | ExternalService
  | MeshExternalService
  | MeshServiceResource
  | MeshMultiZoneServiceResource
  | HostnameGeneratorResource
  | MeshResource
  | ZoneIngress
  | ZoneEgress
  | RbacRole
  | RbacAssignment
  | Workspace;

export type ResourceType = Resource['type'];

/** Narrows a resource to a Dataplane. */
export const isDataplane = (r: Resource): r is Dataplane => r?.type === 'Dataplane';
/** Narrows a resource to a MeshGateway. */
export const isMeshGateway = (r: Resource): r is MeshGateway => r?.type === 'MeshGateway';
/** Narrows a resource to a legacy policy. */
export const isLegacyPolicy = (r: Resource): r is LegacyPolicy => isLegacyPolicyType(r?.type);
/** Narrows a resource to a targetRef policy. */
export const isTargetRefPolicy = (r: Resource): r is TargetRefPolicy => isTargetRefPolicyType(r?.type);

/** The metadata fields of the Universal form (validated the same way for every type). */
const UniversalMeta = {
  type: z.string(),
  mesh: z.string().optional(),
  name: StringLike.pipe(z.string().min(1, 'cannot be empty')),
  labels: Labels.optional(),
  creationTime: Timestamp.optional(),
  modificationTime: Timestamp.optional(),
};

/** The zod schema of a resource type in Universal form (undefined for unknown types). */
export function universalResourceSchema(type: string): z.ZodType | undefined {
  // Schemas are built once per type: zod compiles a schema on first use, which is costly.
  if (schemaCache.has(type)) return schemaCache.get(type);
  const schema = buildUniversalSchema(type);
  schemaCache.set(type, schema);
  return schema;
}

const schemaCache = new Map<string, z.ZodType | undefined>();

/**
 * How long (ms) validating documents of one type may take before its schema is compiled with
 * `z.compile`. A compiled schema runs generated code first and falls back to zod's own parser when
 * that code rejects the input, so values and issues are the same (zod's README: "error reporting
 * stays identical"); it validates several times faster, but generating the code costs about this
 * much per type. Compiling once this much time has been spent costs at most twice the best choice
 * in hindsight: a few documents never pay for it, a large input does early.
 */
const COMPILE_AFTER_MS = 10;
/**
 * The most one document counts towards `COMPILE_AFTER_MS`: the first parses of a schema set it up
 * and a garbage collection may pause one, which says nothing about the next documents.
 */
const MAX_COUNTED_MS = 0.25;

/** The schema `validateUniversal` runs for a type, and the time spent running it uncompiled. */
interface Parser {
  schema: z.ZodType;
  /** Milliseconds spent in the uncompiled schema; undefined once compiled (or never to be). */
  spent: number | undefined;
}

const parsers = new Map<string, Parser>();

function parserOf(type: string, schema: z.ZodType): Parser {
  let parser = parsers.get(type);
  if (parser === undefined) {
    // `jitless` (no `new Function`, e.g. under a CSP): zod's own parser only.
    parser = { schema, spent: z.config().jitless === true ? undefined : 0 };
    parsers.set(type, parser);
  }
  return parser;
}

/** `schema.safeParse(input)`, compiling the type's schema once it has cost enough time. */
function parseTimed(parser: Parser, input: unknown) {
  if (parser.spent === undefined) return parser.schema.safeParse(input, REPORT_INPUT);
  const started = performance.now();
  const parsed = parser.schema.safeParse(input, REPORT_INPUT);
  parser.spent += Math.min(performance.now() - started, MAX_COUNTED_MS);
  if (parser.spent >= COMPILE_AFTER_MS) {
    parser.schema = z.compile(parser.schema);
    parser.spent = undefined;
  }
  return parsed;
}

const REPORT_INPUT = { reportInput: true } as const;

function buildUniversalSchema(type: string): z.ZodType | undefined {
  if (type === 'Dataplane') return z.strictObject({ ...UniversalMeta, ...DataplaneSpec.shape });
  if (type === 'MeshGateway') return z.strictObject({ ...UniversalMeta, ...MeshGatewaySpec.shape });
  if (isLegacyPolicyType(type))
    return z.strictObject({ ...UniversalMeta, ...LegacySpecSchema.shape, conf: legacyConfSchema(type) });
  if (isTargetRefPolicyType(type))
    return z.strictObject({ ...UniversalMeta, spec: targetRefPolicySpecSchema(type) });
  if (type === 'ExternalService') return z.strictObject({ ...UniversalMeta, ...ExternalServiceFields });
  if (isServiceResourceType(type))
    return z.strictObject({ ...UniversalMeta, ...serviceResourceFields(type) });
  if (type === 'Mesh') return z.strictObject({ ...UniversalMeta, ...MeshFields });
  if (type === 'ZoneIngress') return z.strictObject({ ...UniversalMeta, ...ZoneIngressFields });
  if (type === 'ZoneEgress') return z.strictObject({ ...UniversalMeta, ...ZoneEgressFields });
  if (type === 'RbacRole') return z.strictObject({ ...UniversalMeta, ...RbacRoleSpec.shape });
  if (type === 'RbacAssignment') return z.strictObject({ ...UniversalMeta, ...RbacAssignmentSpec.shape });
  if (type === 'Workspace') return z.strictObject({ ...UniversalMeta, ...WorkspaceSpec.shape });
  return undefined;
}

/** Resource types `parseResource` accepts. */
export const KNOWN_RESOURCE_TYPES: readonly string[] = [
  'Dataplane',
  'MeshGateway',
  'ExternalService',
  'MeshExternalService',
  'MeshService',
  'MeshMultiZoneService',
  'HostnameGenerator',
  'Mesh',
  'ZoneIngress',
  'ZoneEgress',
  'RbacRole',
  'RbacAssignment',
  'Workspace',
];

/** An issue whose path is still a list of segments (before formatting / re-rooting). */
export interface RawIssue {
  path: PathSegment[];
  message: string;
  /** Absent means `error`. */
  severity?: Severity;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
  object: 'an object',
  array: 'a list',
  record: 'a map',
};

function describeInput(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  return typeof input === 'object' ? 'an object' : typeof input;
}

/** Rewrites zod's generic messages into Kuma-like ones; messages we wrote are kept. */
function zodMessage(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  const generic = /^(Invalid input|Invalid option|Too big|Too small)/.test(issue.message);
  if (!generic) return issue.message;
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && input === undefined)
    return 'must be defined';
  if (issue.code === 'invalid_type')
    return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected} (got ${describeInput(input)})`;
  if (issue.code === 'invalid_value')
    return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'too_big' && (issue.origin === 'number' || issue.origin === 'int'))
    return `must be at most ${issue.maximum}`;
  if (issue.code === 'too_small' && (issue.origin === 'number' || issue.origin === 'int'))
    return `must be at least ${issue.minimum}`;
  if (issue.code === 'invalid_union' && input === null) return 'must not be null';
  if (issue.code === 'too_small' && issue.origin === 'array')
    return `must have at least ${issue.minimum} element${issue.minimum === 1 ? '' : 's'}`;
  if (issue.code === 'invalid_union') return 'has an invalid value';
  return issue.message;
}

/**
 * The entry check of `zodRawIssues`/`zodIssues` for plain JavaScript callers: `error` must carry an
 * `issues` array; a null prefix reads as none.
 */
function zodArgs(
  fn: string,
  error: z.ZodError,
  prefix: readonly PropertyKey[] | null,
): readonly PropertyKey[] {
  if (!Array.isArray(error?.issues))
    throw new MeshPolicyError('INVALID_INPUT', `${fn}: error must be a ZodError (with an issues array)`);
  if (prefix == null) return [];
  if (!Array.isArray(prefix)) throw new MeshPolicyError('INVALID_INPUT', `${fn}: prefix must be an array`);
  return prefix;
}

/** Converts zod issues into raw issues (one per unknown key, Kuma's "unknown field"). */
export function zodRawIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): RawIssue[] {
  const pre = zodArgs('zodRawIssues', error, prefix);
  const out: RawIssue[] = [];
  // zod reports a number beyond ±2^53 twice (the safe-integer bound, then the field's own
  // bound); the field's bound is the one worth reading.
  const bounded = new Set(
    error.issues
      .filter((i) => (i.code === 'too_big' || i.code === 'too_small') && i.origin === 'number')
      .map((i) => JSON.stringify(i.path.map(String))),
  );
  for (const issue of error.issues) {
    if (
      (issue.code === 'too_big' || issue.code === 'too_small') &&
      issue.origin === 'int' &&
      bounded.has(JSON.stringify(issue.path.map(String)))
    )
      continue;
    const path = [...pre, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...path, key], message: 'unknown field' });
    } else {
      out.push({ path, message: zodMessage(issue) });
    }
  }
  return out;
}

/** Converts zod issues into mesh-policy issues with Kuma-style paths. */
export function zodIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): Issue[] {
  zodArgs('zodIssues', error, prefix);
  return zodRawIssues(error, prefix).map((i) => ({ path: formatPath(i.path), message: i.message }));
}

/** Resources that belong to no mesh (their `mesh` is normalised to ''). */
const UNSCOPED_TYPES = new Set([
  'RbacRole',
  'RbacAssignment',
  'Workspace',
  'ZoneIngress',
  'ZoneEgress',
  'HostnameGenerator',
]);

/** Resource (not policy) types whose body is kept under `spec`, as written. */
export const SERVICE_RESOURCE_TYPES: readonly string[] = [
  'MeshExternalService',
  'MeshService',
  'MeshMultiZoneService',
  'HostnameGenerator',
];

/** True for MeshExternalService, MeshService, MeshMultiZoneService and HostnameGenerator. */
export function isServiceResourceType(type: string): boolean {
  return SERVICE_RESOURCE_TYPES.includes(type);
}

/** Types whose Universal (REST) form keeps the body under `spec` (new-style resources). */
function hasSpecForm(type: string): boolean {
  return isTargetRefPolicyType(type) || isServiceResourceType(type);
}

/**
 * Validates one decoded document in Universal form and returns raw issues (paths as segments),
 * so a caller that converted the document from another form can re-root them.
 */
export function validateUniversal(
  value: unknown,
): { ok: true; resource: Resource } | { ok: false; issues: RawIssue[] } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, issues: [{ path: [], message: 'a resource must be an object' }] };
  }
  let input = value as Record<string, unknown>;
  const type = input.type;
  if (type === undefined) return { ok: false, issues: [{ path: ['type'], message: 'must be defined' }] };
  if (typeof type !== 'string')
    return { ok: false, issues: [{ path: ['type'], message: 'must be a string' }] };
  const schema = universalResourceSchema(type);
  if (schema === undefined)
    return { ok: false, issues: [{ path: ['type'], message: `unknown resource type "${type}"` }] };
  if (hasSpecForm(type) && Object.hasOwn(input, 'metadata')) {
    // Kuma's REST decoder reads only type/mesh/name/labels/times/spec of new-style resources and
    // ignores a `metadata:` block (conformance egressmatchedpolicies/mes/fromrules/01.mes.yaml).
    const { metadata: _ignored, ...rest } = input;
    input = rest;
  }
  const parsed = parseTimed(parserOf(type, schema), input);
  if (!parsed.success) return { ok: false, issues: zodRawIssues(parsed.error) };
  const data = parsed.data as Record<string, unknown>;
  const scoped = !UNSCOPED_TYPES.has(type);
  const mesh =
    type === 'Mesh' ? String(data.name) : scoped ? ((data.mesh as string | undefined) ?? 'default') : '';
  // `data` is zod's fresh output: set the normalised fields in place (same key order as a copy).
  data.mesh = mesh;
  data.labels = (data.labels as Record<string, string> | undefined) ?? {};
  return { ok: true, resource: data as unknown as Resource };
}

/** Parses one already-decoded document in Universal form (Kubernetes form: see `format.ts`). */
export function parseUniversal(
  value: unknown,
): { ok: true; resource: Resource } | { ok: false; issues: Issue[] } {
  const result = validateUniversal(value);
  if (result.ok) return result;
  return { ok: false, issues: result.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
}

/** Throws `MeshPolicyError` unless `value` is a valid resource. */
export function assertResource(
  result: { ok: true; resource: Resource } | { ok: false; issues: Issue[] },
): Resource {
  if (result === null || typeof result !== 'object')
    throw new MeshPolicyError('INVALID_INPUT', 'assertResource: result must be a parse result object');
  if (result.ok) return result.resource;
  const issues: unknown = result.issues;
  throw new MeshPolicyError('INVALID_RESOURCE', 'invalid resource', Array.isArray(issues) ? issues : []);
}

/**
 * Checks what an untyped caller may get wrong about a resource list: it must be an array whose
 * entries are objects with a string `type` (what the loader produces). Throws
 * `MeshPolicyError('INVALID_INPUT')` naming `what` (and the entry), e.g. `lintPolicies: resources`.
 */
export function assertResourceList(value: unknown, what: string): asserts value is readonly Resource[] {
  if (!Array.isArray(value)) throw new MeshPolicyError('INVALID_INPUT', `${what} must be an array`);
  const i = value.findIndex(
    (r: unknown) => r === null || typeof r !== 'object' || typeof (r as { type?: unknown }).type !== 'string',
  );
  if (i >= 0)
    throw new MeshPolicyError('INVALID_INPUT', `${what}[${i}] must be a resource (an object with a type)`, [
      { path: `[${i}]`, message: 'must be a resource (an object with a type)' },
    ]);
}
