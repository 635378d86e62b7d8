/**
 * Admission: the checks Kuma's own validators run before a resource is stored (the admission
 * webhook on Kubernetes, the API server behind `kumactl apply` on Universal), ported from Kuma
 * 2.8.8's Go source. `loadResources` runs them on every document it decodes, so a resource the
 * loader returns is one Kuma would have accepted. Internal to models: the public entry points are
 * `loadResources`, `safeParseResource` and `admissionIssues`.
 */
import { formatPath, type Issue, MeshPolicyError } from '../errors.js';
import { type RawIssue, type Resource, validateUniversal } from '../resource.js';
import { unsafeValueIssues } from '../safety.js';
import { validateMeta } from './meta.js';
import { VALIDATORS } from './registry.js';
import { Violations } from './violations.js';

/** Kuma's selector checks of a legacy policy, for the legacy module's `validateLegacyPolicy`. */
export { legacySelectorIssues } from './legacy.js';

/** MeshPassthrough's rules on raw input, for the passthrough module's `validateMeshPassthrough`. */
export {
  type MeshPassthroughRuleOptions,
  type MeshPassthroughSemantics,
  meshPassthroughRuleIssues,
} from './meshpassthrough.js';

/** Resource types that Kuma does not store (Kong RBAC): no Kuma admission applies. */
const NOT_KUMA = new Set(['RbacRole', 'RbacAssignment', 'Workspace']);
/** Resource types without a mesh (their `mesh` is ''). */
const GLOBAL_SCOPED = new Set(['Mesh', 'ZoneIngress', 'ZoneEgress', 'HostnameGenerator']);

/** Options of the admission checks. */
export interface AdmissionOptions {
  /**
   * Check the resource name as a Universal (REST) name: Kubernetes-form documents carry names the
   * API server already checked, so the loader turns this off for them. Default true.
   */
  checkName?: boolean;
}

/** The admission violations (paths as segments) of one parsed resource, errors and warnings. */
export function admissionRawIssues(resource: Resource, options: AdmissionOptions = {}): RawIssue[] {
  if (NOT_KUMA.has(resource.type)) return [];
  const v = new Violations();
  if (options.checkName !== false)
    validateMeta(v, resource.name, GLOBAL_SCOPED.has(resource.type) ? undefined : resource.mesh);
  const validate = VALIDATORS[resource.type];
  if (validate !== undefined) validate(resource, v);
  return v.issues;
}

/**
 * Kuma's admission verdict on one resource (as `loadResources` / `parseResource` return it, or
 * built in code): the shape of its type, then every violation Kuma 2.8.8's validators report, with
 * Kuma's path and message (`severity: 'error'`), and the warnings Kuma prints for accepted
 * documents (`severity: 'warning'`). Loaded resources have passed already; this is for resources
 * built or changed in code.
 *
 * @throws MeshPolicyError `INVALID_INPUT` when `resource` is not an object.
 */
export function admissionIssues(resource: Resource, options: AdmissionOptions = {}): Issue[] {
  if (resource === null || typeof resource !== 'object' || Array.isArray(resource))
    throw new MeshPolicyError('INVALID_INPUT', 'admissionIssues: resource must be an object');
  const opts = options !== null && typeof options === 'object' ? options : {};
  // As the loader: keys that reach prototypes are refused (zod would drop them unchecked).
  const unsafe = unsafeValueIssues(resource);
  if (unsafe.length > 0)
    return unsafe.map((i) => ({ path: formatPath(i.path), message: i.message, severity: 'error' }));
  const shaped = validateUniversal(resource);
  const raw = shaped.ok ? admissionRawIssues(shaped.resource, opts) : shaped.issues;
  return raw.map((i) => ({ path: formatPath(i.path), message: i.message, severity: i.severity ?? 'error' }));
}
