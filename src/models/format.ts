/**
 * Kubernetes ⇄ Universal conversion (spec 00 §9).
 *
 * A Kubernetes document is recognised by `apiVersion` + `kind` + `metadata`. Namespaced kinds
 * (Dataplane, targetRef policies, MeshExternalService) get the core name `<name>.<namespace>` and
 * the `k8s.kuma.io/namespace` label; cluster-scoped kinds (legacy policies, MeshGateway, Mesh,
 * ExternalService) keep `metadata.name`. Both times become `metadata.creationTimestamp`.
 */
import { Timestamp } from './common.js';
import { MeshPolicyError, type PathSegment } from './errors.js';
import { isLegacyPolicyType } from './legacy.js';
import { isTargetRefPolicyType } from './policy.js';
import { isServiceResourceType, type RawIssue, type Resource } from './resource.js';

/** The API group/version of every Kuma CRD in 2.8. */
export const KUBERNETES_API_VERSION = 'kuma.io/v1alpha1';

/** Label carrying the mesh of a namespaced targetRef policy on Kubernetes. */
export const MESH_LABEL = 'kuma.io/mesh';
/** Label (Universal) / annotation (Kubernetes) carrying the display name. */
export const DISPLAY_NAME_LABEL = 'kuma.io/display-name';
/** Label a Kubernetes control plane sets on targetRef policies (spec 00 §7). */
export const POLICY_ROLE_LABEL = 'kuma.io/policy-role';
/** Label recording the Kubernetes namespace; its presence marks "came from Kubernetes form". */
export const NAMESPACE_LABEL = 'k8s.kuma.io/namespace';

/** A Kuma object in Kubernetes form, as `toKubernetes` produces it. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  /** Cluster-scoped kinds and Dataplane carry the mesh here. */
  mesh?: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
  };
  spec?: Record<string, unknown>;
}

/** How a kind is stored on Kubernetes. */
export type KubernetesScope = 'Namespaced' | 'Cluster';

/** Namespaced or cluster-scoped on Kubernetes; undefined for kinds without a Kubernetes form. */
export function kubernetesScope(type: string): KubernetesScope | undefined {
  if (type === 'Dataplane' || isServiceResourceType(type) || isTargetRefPolicyType(type)) return 'Namespaced';
  if (type === 'MeshGateway' || type === 'Mesh' || type === 'ExternalService' || isLegacyPolicyType(type))
    return 'Cluster';
  return undefined;
}

/** Kinds whose Kubernetes form has a top-level `mesh` field. */
function hasMeshField(type: string): boolean {
  return type !== 'Mesh' && (kubernetesScope(type) === 'Cluster' || type === 'Dataplane');
}

/** Kinds whose Universal form keeps the body under `spec` (the others inline it). */
function keepsSpec(type: string): boolean {
  return isTargetRefPolicyType(type) || isServiceResourceType(type);
}

/** True when `value` looks like a Kubernetes document (`apiVersion`, `kind` and `metadata`). */
export function isKubernetesForm(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.hasOwn(value, 'apiVersion') &&
    Object.hasOwn(value, 'kind') &&
    Object.hasOwn(value, 'metadata')
  );
}

const UNIVERSAL_META_KEYS = new Set(['type', 'mesh', 'name', 'labels', 'creationTime', 'modificationTime']);
/** ObjectMeta fields the API server adds; accepted and dropped (they do not affect resolution). */
const SERVER_METADATA_KEYS = new Set([
  'uid',
  'resourceVersion',
  'generation',
  'managedFields',
  'ownerReferences',
  'finalizers',
  'generateName',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function stringMap(
  value: unknown,
  path: PropertyKey[],
  issues: RawIssue[],
): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) {
    issues.push({ path, message: 'must be a map of strings' });
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else issues.push({ path: [...path, k], message: 'must be a string' });
  }
  return out;
}

/** The result of turning a Kubernetes document into a Universal one, before validation. */
export interface KubernetesConversion {
  /** The Universal-form document (not yet validated). */
  universal: Record<string, unknown>;
  /** Maps a path inside the Universal document back into the Kubernetes document. */
  toKubernetesPath(path: readonly PathSegment[]): PathSegment[];
  /** What the API server would have fixed silently (a defaulted or ignored namespace). */
  warnings: RawIssue[];
}

/** How Kubernetes-form documents are read (spec 00 §9, §11 R1). */
export interface KubernetesReadOptions {
  /** The control plane's system namespace (default `kong-mesh-system`). */
  systemNamespace?: string;
  /**
   * Add the `kuma.io/policy-role` label a Kubernetes control plane would add to targetRef policies
   * that have none: `system` in the system namespace, otherwise `consumer` (only `to`) or
   * `workload-owner` (anything else). Default false: the document's labels are kept as written.
   */
  policyRoleLabels?: boolean;
  /** Reject targetRef policies outside the system namespace, as seed 003 describes (default false). */
  strictPolicyNamespace?: boolean;
  /**
   * The namespace of a namespaced document that names none, like `kubectl apply -n` (default
   * `default`). Such a document loads with a warning.
   */
  namespace?: string;
}

/** The default system namespace of a Kong Mesh control plane. */
export const DEFAULT_SYSTEM_NAMESPACE = 'kong-mesh-system';

/** The role label a Kubernetes CP derives for a targetRef policy (spec 00 §7). */
function derivedPolicyRole(namespace: string, spec: unknown, systemNamespace: string): string {
  if (namespace === systemNamespace) return 'system';
  const s = isRecord(spec) ? spec : {};
  const hasTo = Array.isArray(s.to) && s.to.length > 0;
  const hasFrom = Array.isArray(s.from) && s.from.length > 0;
  return hasTo && !hasFrom ? 'consumer' : 'workload-owner';
}

/**
 * Converts a Kubernetes document into an (unvalidated) Universal document, reporting problems
 * of the Kubernetes envelope itself with paths into the Kubernetes document.
 */
export function kubernetesToUniversalDocument(
  value: Record<string, unknown>,
  opts: KubernetesReadOptions | null = {},
): { ok: true; conversion: KubernetesConversion } | { ok: false; issues: RawIssue[] } {
  if (value === null || typeof value !== 'object')
    return { ok: false, issues: [{ path: [], message: 'must be an object' }] };
  opts ??= {};
  const issues: RawIssue[] = [];
  const kind = value.kind;
  if (typeof kind !== 'string')
    return { ok: false, issues: [{ path: ['kind'], message: 'must be a string' }] };
  const scope = kubernetesScope(kind);
  if (scope === undefined) {
    return {
      ok: false,
      issues: [{ path: ['kind'], message: `unknown resource type "${kind}" (no Kubernetes form)` }],
    };
  }
  if (value.apiVersion !== KUBERNETES_API_VERSION)
    issues.push({ path: ['apiVersion'], message: `must be "${KUBERNETES_API_VERSION}"` });
  for (const key of Object.keys(value)) {
    if (key === 'apiVersion' || key === 'kind' || key === 'metadata' || key === 'spec') continue;
    if (key === 'mesh' && hasMeshField(kind)) continue;
    issues.push({ path: [key], message: 'unknown field' });
  }
  const metadata = value.metadata;
  if (!isRecord(metadata)) {
    issues.push({ path: ['metadata'], message: 'must be an object' });
    return { ok: false, issues };
  }
  for (const key of Object.keys(metadata)) {
    if (['name', 'namespace', 'labels', 'annotations', 'creationTimestamp'].includes(key)) continue;
    if (SERVER_METADATA_KEYS.has(key)) continue;
    issues.push({ path: ['metadata', key], message: 'unknown field' });
  }
  const name = metadata.name;
  if (name === undefined) issues.push({ path: ['metadata', 'name'], message: 'must be defined' });
  else if (typeof name !== 'string' || name === '')
    issues.push({ path: ['metadata', 'name'], message: 'must be a non-empty string' });
  const warnings: RawIssue[] = [];
  let namespace = metadata.namespace;
  if (scope === 'Namespaced') {
    if (namespace === undefined || namespace === null) {
      // kubectl apply puts such a document into the current (or -n) namespace.
      namespace = typeof opts.namespace === 'string' && opts.namespace !== '' ? opts.namespace : 'default';
      warnings.push({
        path: ['metadata', 'namespace'],
        message: `namespace not set: ${kind} is namespaced, using namespace "${namespace as string}" (option namespace, CLI --namespace)`,
        severity: 'warning',
      });
    } else if (typeof namespace !== 'string' || namespace === '')
      issues.push({ path: ['metadata', 'namespace'], message: 'must be a non-empty string' });
  } else if (namespace !== undefined) {
    // The API server ignores metadata.namespace on cluster-scoped kinds.
    warnings.push({
      path: ['metadata', 'namespace'],
      message: `ignored: ${kind} is cluster-scoped (the API server drops the namespace)`,
      severity: 'warning',
    });
    namespace = undefined;
  }
  const labels = stringMap(metadata.labels, ['metadata', 'labels'], issues) ?? {};
  const annotations = stringMap(metadata.annotations, ['metadata', 'annotations'], issues) ?? {};
  let created: string | undefined;
  if (metadata.creationTimestamp !== undefined && metadata.creationTimestamp !== null) {
    const t = Timestamp.safeParse(metadata.creationTimestamp);
    if (t.success) created = t.data;
    else issues.push({ path: ['metadata', 'creationTimestamp'], message: 'must be an RFC 3339 timestamp' });
  }
  const spec = value.spec;
  if (spec !== undefined && !isRecord(spec)) issues.push({ path: ['spec'], message: 'must be an object' });
  if (issues.length > 0) return { ok: false, issues: [...warnings, ...issues] };

  const k8sName = name as string;
  const derived: Record<string, string> = { ...labels };
  derived[DISPLAY_NAME_LABEL] = annotations[DISPLAY_NAME_LABEL] ?? k8sName;
  if (scope === 'Namespaced' && derived[NAMESPACE_LABEL] === undefined)
    derived[NAMESPACE_LABEL] = namespace as string;
  if (isTargetRefPolicyType(kind)) {
    const systemNamespace = opts.systemNamespace ?? DEFAULT_SYSTEM_NAMESPACE;
    if (opts.strictPolicyNamespace === true && namespace !== systemNamespace) {
      return {
        ok: false,
        issues: [
          {
            path: ['metadata', 'namespace'],
            message: `policies must be in the control plane's namespace "${systemNamespace}" (strictPolicyNamespace)`,
          },
        ],
      };
    }
    if (opts.policyRoleLabels === true && derived[POLICY_ROLE_LABEL] === undefined)
      derived[POLICY_ROLE_LABEL] = derivedPolicyRole(namespace as string, spec, systemNamespace);
  }

  const universal: Record<string, unknown> = { type: kind };
  if (keepsSpec(kind)) universal.mesh = labels[MESH_LABEL] ?? 'default';
  else if (kind !== 'Mesh' && value.mesh !== undefined) universal.mesh = value.mesh;
  universal.name = scope === 'Namespaced' ? `${k8sName}.${namespace as string}` : k8sName;
  universal.labels = derived;
  if (created !== undefined) {
    universal.creationTime = created;
    universal.modificationTime = created;
  }
  const body = (spec as Record<string, unknown> | undefined) ?? {};
  if (keepsSpec(kind)) {
    if (spec !== undefined) universal.spec = body;
  } else {
    for (const [k, v] of Object.entries(body)) {
      if (UNIVERSAL_META_KEYS.has(k)) {
        issues.push({ path: ['spec', k], message: 'unknown field' });
        continue;
      }
      Object.defineProperty(universal, k, { value: v, enumerable: true, writable: true, configurable: true });
    }
    if (issues.length > 0) return { ok: false, issues: [...warnings, ...issues] };
  }

  const toKubernetesPath = (path: readonly PathSegment[]): PathSegment[] => {
    const [head, ...rest] = path;
    switch (head) {
      case undefined:
        return [];
      case 'type':
        return ['kind', ...rest];
      case 'name':
        return ['metadata', 'name', ...rest];
      case 'labels':
        return ['metadata', 'labels', ...rest];
      case 'creationTime':
      case 'modificationTime':
        return ['metadata', 'creationTimestamp', ...rest];
      case 'mesh':
        return keepsSpec(kind) ? ['metadata', 'labels', MESH_LABEL, ...rest] : ['mesh', ...rest];
      case 'spec':
        return keepsSpec(kind) ? [...path] : ['spec', ...path];
      default:
        return ['spec', ...path];
    }
  };
  return { ok: true, conversion: { universal, toKubernetesPath, warnings } };
}

export interface ToKubernetesOptions {
  /**
   * Namespace for a namespaced resource whose core name carries none (a Universal name without
   * `.`). Default `kong-mesh-system`, the namespace seed 003 asks policies to live in.
   */
  namespace?: string;
}

/**
 * Converts a normalised resource into its Kubernetes form (spec 00 §9, reverse direction): the
 * core name is split at the last `.` for namespaced kinds, `kuma.io/display-name` moves to an
 * annotation (only when it differs from `metadata.name`), the mesh goes to the `kuma.io/mesh`
 * label (targetRef policies) or the `mesh` field. Kubernetes → Universal → Kubernetes is the
 * identity for documents this function produced.
 *
 * @throws MeshPolicyError `UNSUPPORTED` for kinds without a Kubernetes form (RBAC documents).
 */
export function toKubernetes(resource: Resource, opts: ToKubernetesOptions | null = {}): KubernetesObject {
  if (resource === null || typeof resource !== 'object')
    throw new MeshPolicyError('INVALID_INPUT', 'toKubernetes: resource must be an object');
  if (typeof resource.name !== 'string' || typeof resource.type !== 'string')
    throw new MeshPolicyError('INVALID_INPUT', 'toKubernetes: resource must have a string type and name');
  opts ??= {};
  const type = resource.type;
  const scope = kubernetesScope(type);
  if (scope === undefined)
    throw new MeshPolicyError('UNSUPPORTED', `${type} has no Kubernetes form`, [
      { path: 'type', message: `${type} has no Kubernetes form` },
    ]);
  const labels: Record<string, string> = { ...resource.labels };
  let name = resource.name;
  let namespace: string | undefined;
  if (scope === 'Namespaced') {
    const nsLabel = labels[NAMESPACE_LABEL];
    const dot = name.lastIndexOf('.');
    if (nsLabel !== undefined && name.endsWith(`.${nsLabel}`) && name.length > nsLabel.length + 1) {
      namespace = nsLabel;
      name = name.slice(0, name.length - nsLabel.length - 1);
    } else if (dot > 0 && dot < name.length - 1) {
      namespace = name.slice(dot + 1);
      name = name.slice(0, dot);
    } else {
      namespace = nsLabel ?? opts.namespace ?? 'kong-mesh-system';
    }
    if (labels[NAMESPACE_LABEL] === namespace) delete labels[NAMESPACE_LABEL];
  }
  const display = labels[DISPLAY_NAME_LABEL];
  delete labels[DISPLAY_NAME_LABEL];
  if (keepsSpec(type) && resource.mesh !== '') labels[MESH_LABEL] = resource.mesh;
  const metadata: KubernetesObject['metadata'] = { name };
  if (namespace !== undefined) metadata.namespace = namespace;
  if (Object.keys(labels).length > 0) metadata.labels = sortKeys(labels);
  if (display !== undefined && display !== '' && display !== name)
    metadata.annotations = { [DISPLAY_NAME_LABEL]: display };
  if (resource.creationTime !== undefined) metadata.creationTimestamp = resource.creationTime;
  const out: KubernetesObject = { apiVersion: KUBERNETES_API_VERSION, kind: type, metadata };
  if (hasMeshField(type)) {
    // Key order: apiVersion, kind, mesh, metadata, spec (the order kubectl shows).
    const { metadata: m, ...head } = out;
    Object.assign(out, head, { mesh: resource.mesh });
    delete (out as Partial<KubernetesObject>).metadata;
    out.metadata = m;
  }
  const source = resource as unknown as Record<string, unknown>;
  if (keepsSpec(type)) {
    if (source.spec !== undefined) out.spec = source.spec as Record<string, unknown>;
  } else {
    const spec: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(source)) if (!UNIVERSAL_META_KEYS.has(k)) spec[k] = v;
    out.spec = spec;
  }
  return out;
}

function sortKeys(map: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(map).sort()) out[k] = map[k]!;
  return out;
}
