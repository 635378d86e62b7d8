/**
 * The resource set as Kuma would hold it, shared by inspect and lint.
 */
import { admissionIssues, lastAppliedResources, type Resource as ModelResource } from '../models/index.js';
import type { ReadonlyResource as Resource } from './readonly.js';
import type { InspectWarning } from './types.js';

const GLOBAL = new Set(['Mesh', 'ZoneIngress', 'ZoneEgress', 'HostnameGenerator']);

/**
 * Resources as Kuma would hold them: those its admission rejects are left out (a Dataplane is
 * kept, so it can still be inspected, with the warning), and of several with one identity the
 * last one is kept. Returns the warnings that say so, keyed by mesh ('' = every mesh).
 */
export function admitted(resources: readonly Resource[]): {
  resources: Resource[];
  warnings: Map<string, InspectWarning[]>;
} {
  const warnings = new Map<string, InspectWarning[]>();
  const warn = (r: Resource, w: InspectWarning): void => {
    const mesh = GLOBAL.has(r.type) ? '' : r.mesh;
    const list = warnings.get(mesh);
    if (list === undefined) warnings.set(mesh, [w]);
    else list.push(w);
  };
  const ref = (r: Resource) => ({ type: r.type, mesh: r.mesh, name: r.name });
  const kept: Resource[] = [];
  for (const r of resources) {
    // The models' checks only read (they are typed with the mutable resource types).
    const errors = admissionIssues(r as ModelResource).filter((i) => i.severity === 'error');
    if (errors.length > 0) {
      const first = errors[0]!;
      warn(r, {
        code: 'not-admitted',
        type: r.type,
        policy: ref(r),
        ...(first.path !== '' ? { path: first.path } : {}),
        message: `${r.type === 'Dataplane' ? 'kept, but' : 'left out:'} Kuma's admission rejects it: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : ''}`,
      });
      if (r.type !== 'Dataplane') continue;
    }
    kept.push(r);
  }
  const deduped = lastAppliedResources(kept as ModelResource[]);
  for (const group of deduped.duplicates) {
    const r = group[group.length - 1]!;
    warn(r, {
      code: 'duplicate-identity',
      type: r.type,
      policy: ref(r),
      message: `${r.type} "${r.name}" is given ${group.length} times: the last one is used, as a later apply replaces an earlier one`,
    });
  }
  return { resources: deduped.resources, warnings };
}
