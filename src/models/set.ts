/**
 * Checks that need the whole input, not one document: two resources with the same identity (Kuma
 * stores one object per identity, so a later apply replaces the earlier), and resources of a mesh
 * that the input's Meshes do not define.
 */
import { type LoadIssue, MeshPolicyError } from './errors.js';
import { assertResourceList, type Resource } from './resource.js';

/** Where a resource was read from (what `loadResources` reports in `LoadResult.places`). */
export interface ResourcePlace {
  source?: string;
  /** Zero-based index of the document inside its source. */
  document?: number;
  /** 1-based line where the document starts. */
  line?: number;
}

/** Types that belong to no mesh: their identity is (type, name). */
const GLOBAL_TYPES = new Set([
  'Mesh',
  'ZoneIngress',
  'ZoneEgress',
  'HostnameGenerator',
  'RbacRole',
  'RbacAssignment',
  'Workspace',
]);
/** Types that are not Kuma resources: no mesh check. */
const NOT_KUMA = new Set(['RbacRole', 'RbacAssignment', 'Workspace']);

const NAMESPACE_LABEL = 'k8s.kuma.io/namespace';

/**
 * The identity Kuma (or Kubernetes) stores a resource under: type, mesh and name on Universal;
 * kind, namespace and name on Kubernetes (the core name `<name>.<namespace>` already carries the
 * namespace, and a Kubernetes object has one identity whatever its mesh label says).
 */
export function resourceIdentity(r: Pick<Resource, 'type' | 'mesh' | 'name' | 'labels'>): string {
  if (r === null || typeof r !== 'object' || typeof r.type !== 'string' || typeof r.name !== 'string')
    throw new MeshPolicyError(
      'INVALID_INPUT',
      'resourceIdentity: a resource with a string type and name is required',
    );
  const ns = r.labels?.[NAMESPACE_LABEL];
  const kubernetes = typeof ns === 'string' && ns !== '' && r.name.endsWith(`.${ns}`);
  const scope = GLOBAL_TYPES.has(r.type) || kubernetes ? '' : r.mesh;
  return `${r.type}\u0000${scope}\u0000${r.name}`;
}

function describe(r: Pick<Resource, 'type' | 'mesh' | 'name'>): string {
  return GLOBAL_TYPES.has(r.type) ? `${r.type} "${r.name}"` : `${r.type} "${r.name}" in mesh "${r.mesh}"`;
}

function where(p: ResourcePlace | undefined): string {
  if (p === undefined) return 'another input';
  const parts = [p.source ?? '<input>', ...(p.document !== undefined ? [String(p.document)] : [])];
  return `${parts.join(':')}${p.line !== undefined ? ` (line ${p.line})` : ''}`;
}

function placed(
  p: ResourcePlace | undefined,
  issue: Omit<LoadIssue, 'source' | 'document' | 'line'>,
): LoadIssue {
  return {
    ...issue,
    ...(p?.source !== undefined ? { source: p.source } : {}),
    ...(p?.document !== undefined ? { document: p.document } : {}),
    ...(p?.line !== undefined ? { line: p.line } : {}),
  };
}

/**
 * Set-level issues of a resource list (`places[i]` says where `resources[i]` came from):
 * - an `error` for every resource whose identity an earlier one already has, naming both places
 *   (Kuma would keep only the last one applied);
 * - a `warning` for every mesh-scoped resource whose mesh no Mesh of the input defines, when the
 *   input defines at least one Mesh (Kuma refuses resources of a mesh that does not exist).
 * Issues come in input order. O(n) in the number of resources.
 */
export function resourceSetIssues(
  resources: readonly Resource[],
  places: readonly (ResourcePlace | undefined)[] = [],
): LoadIssue[] {
  assertResourceList(resources, 'resourceSetIssues: resources');
  if (places == null) places = [];
  if (!Array.isArray(places))
    throw new MeshPolicyError('INVALID_INPUT', 'resourceSetIssues: places must be an array');
  const out: LoadIssue[] = [];
  const first = new Map<string, number>();
  const meshes = new Set<string>();
  for (const r of resources) if (r.type === 'Mesh') meshes.add(r.name);
  resources.forEach((r, i) => {
    const id = resourceIdentity(r);
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, i);
    else
      out.push(
        placed(places[i], {
          path: 'name',
          message: `duplicate ${describe(r)}: also defined at ${where(places[earlier])}; Kuma keeps only the one applied last`,
          severity: 'error',
        }),
      );
    if (meshes.size > 0 && !GLOBAL_TYPES.has(r.type) && !NOT_KUMA.has(r.type) && !meshes.has(r.mesh))
      out.push(
        placed(places[i], {
          path: 'mesh',
          message: `mesh "${r.mesh}" is not defined by any Mesh of the input (Kuma refuses resources of a mesh that does not exist)`,
          severity: 'warning',
        }),
      );
  });
  return out;
}

/**
 * The resources Kuma would end up storing when `resources` are applied in order: for each
 * identity, the last one (at the position of the first). Also returns the identities that
 * repeated.
 */
export function lastAppliedResources<R extends Resource>(
  resources: readonly R[],
): { resources: R[]; duplicates: R[][] } {
  assertResourceList(resources, 'lastAppliedResources: resources');
  const groups = new Map<string, R[]>();
  for (const r of resources) {
    const id = resourceIdentity(r);
    const g = groups.get(id);
    if (g === undefined) groups.set(id, [r]);
    else g.push(r);
  }
  const out: R[] = [];
  const duplicates: R[][] = [];
  const emitted = new Set<string>();
  for (const r of resources) {
    const id = resourceIdentity(r);
    if (emitted.has(id)) continue;
    emitted.add(id);
    const g = groups.get(id)!;
    out.push(g[g.length - 1]!);
    if (g.length > 1) duplicates.push(g);
  }
  return { resources: out, duplicates };
}
