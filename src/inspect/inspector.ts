/**
 * `createInspector` indexes a resource set once (per mesh: dataplanes by name, policies by type,
 * the MeshGateways / MeshHTTPRoutes that targetRef matching needs, a by-service index of
 * MeshService-targeted policies) and then answers "what applies to dataplane D?" for as many
 * dataplanes as asked, reusing those structures.
 */
import { isLegacyPolicyType, MeshPolicyError } from '../models/index.js';
import { admitted } from './admitted.js';
import { describeDataplane } from './dataplane.js';
import { buildMeshIndexes, legacyTypeIndex } from './indexes.js';
import { inspectLegacyType } from './legacy-view.js';
import { inspectPassthroughType } from './passthrough-view.js';
import type { ReadonlyDataplane as Dataplane, ReadonlyResource as Resource } from './readonly.js';
import { assertReadonlyResourceList } from './readonly.js';
import { inspectTargetRefType } from './targetref-view.js';
import type { DataplaneReport, InspectOptions, InspectWarning, PolicyTypeReport } from './types.js';

/** An inspector bound to one resource set. */
export interface Inspector {
  /** Every dataplane of the input, sorted by mesh then name. */
  readonly dataplanes: readonly { mesh: string; name: string }[];
  /** Every policy type present in the input, sorted. */
  readonly policyTypes: readonly string[];
  /** Report for one dataplane (throws `MeshPolicyError` NOT_FOUND / INVALID_INPUT). */
  inspect(name: string, opts?: { mesh?: string }): DataplaneReport;
  /** Report for every dataplane, in `dataplanes` order; `onProgress(done, total)` after each. */
  inspectAll(onProgress?: (done: number, total: number) => void): DataplaneReport[];
  /** The normalised options this inspector was built with. */
  readonly options: Readonly<InspectOptions>;
  /**
   * What was wrong with the input as a whole: resources left out because Kuma's admission would
   * have rejected them (`not-admitted`) and identities given more than once (`duplicate-identity`:
   * the last one is used, as a later apply replaces an earlier one). Each report repeats the ones
   * of its mesh.
   */
  readonly warnings: readonly InspectWarning[];
}

function freezeWarning(w: InspectWarning): void {
  if (w.policy !== undefined) Object.freeze(w.policy);
  Object.freeze(w);
}

/**
 * A type's report when building it threw. Only `MeshPolicyError` (an answer the library gives on
 * purpose: the rule budget, Kuma 2.8.8's merge failure, …) becomes an `error` entry; anything else
 * is a defect of the library and propagates, so tests see it (a write to a frozen input, for one).
 */
function failure(type: string, error: unknown): PolicyTypeReport {
  if (error instanceof MeshPolicyError)
    return { kind: 'error', type, error: { code: error.code, message: error.message } };
  throw error;
}

/**
 * Compiles `resources` once (policy indexes per mesh and type) and returns an inspector that
 * reports on any number of their dataplanes. Inputs are never mutated; reports are plain JSON.
 */

export function createInspector(
  resources: readonly Resource[],
  opts: Readonly<InspectOptions> = {},
): Inspector {
  opts ??= {}; // untyped callers may pass null
  assertReadonlyResourceList(resources, 'resources');
  const input = admitted(resources);
  // The set's warnings go into every report of their mesh and into `warnings`: shared, so frozen
  // (a caller editing one report must not change the others or the inspector).
  for (const list of input.warnings.values()) for (const w of list) freezeWarning(w);
  const setWarnings = Object.freeze([...input.warnings.values()].flat());
  const { meshes, dataplanes, types } = buildMeshIndexes(input.resources);
  const wanted = Object.freeze(
    opts.types === undefined ? types : types.filter((t) => opts.types?.includes(t)),
  );
  const options: Readonly<InspectOptions> = Object.freeze({
    ...opts,
    ...(opts.types !== undefined ? { types: Object.freeze([...opts.types]) } : {}),
  });

  const report = (dp: Dataplane): DataplaneReport => {
    const index = meshes.get(dp.mesh)!;
    const summary = describeDataplane(dp);
    const warnings: InspectWarning[] = [
      ...(input.warnings.get('') ?? []),
      ...(input.warnings.get(dp.mesh) ?? []),
    ];
    const reports: PolicyTypeReport[] = [];
    for (const type of wanted) {
      try {
        const legacy = index.legacy.get(type);
        const tr = index.targetRef.get(type);
        if (type === 'MeshPassthrough') {
          reports.push(inspectPassthroughType(dp, tr, index, options, warnings));
        } else if (!isLegacyPolicyType(type)) {
          reports.push(inspectTargetRefType(type, dp, summary, tr, index, options, warnings));
        } else {
          reports.push(inspectLegacyType(type, dp, summary, legacy ?? legacyTypeIndex([]), options));
        }
      } catch (error) {
        reports.push(failure(type, error));
      }
    }
    return { dataplane: summary, types: reports, warnings };
  };

  const byName = new Map<string, Dataplane[]>();
  for (const d of dataplanes) {
    const list = byName.get(d.name);
    if (list === undefined) byName.set(d.name, [d]);
    else list.push(d);
  }
  const find = (name: string, mesh: string | undefined): Dataplane => {
    if (typeof name !== 'string' || name === '')
      throw new MeshPolicyError('INVALID_INPUT', 'a dataplane name is required');
    const slash = mesh === undefined ? name.indexOf('/') : -1;
    const found = (byName.get(name) ?? []).filter((d) => mesh === undefined || d.mesh === mesh);
    if (found.length === 0 && slash > 0) {
      const byPath = (byName.get(name.slice(slash + 1)) ?? []).filter((d) => d.mesh === name.slice(0, slash));
      if (byPath.length > 0) return byPath[0]!;
    }
    if (found.length === 0) {
      throw new MeshPolicyError(
        'NOT_FOUND',
        `dataplane "${name}" not found${mesh !== undefined ? ` in mesh "${mesh}"` : ''}`,
        [
          {
            path: '',
            message: `known dataplanes: ${dataplanes.map((d) => `${d.mesh}/${d.name}`).join(', ') || 'none'}`,
          },
        ],
      );
    }
    if (found.length > 1) {
      throw new MeshPolicyError(
        'INVALID_INPUT',
        `dataplane "${name}" exists in several meshes (${found.map((d) => d.mesh).join(', ')}): give the mesh`,
      );
    }
    return found[0]!;
  };

  return {
    dataplanes: Object.freeze(dataplanes.map((d) => Object.freeze({ mesh: d.mesh, name: d.name }))),
    policyTypes: wanted,
    options,
    warnings: setWarnings,
    inspect: (name, o = {}) => report(find(name, o.mesh ?? opts.mesh)),
    inspectAll: (onProgress) => {
      const out: DataplaneReport[] = [];
      for (const dp of dataplanes) {
        out.push(report(dp));
        onProgress?.(out.length, dataplanes.length);
      }
      return out;
    },
  };
}

/**
 * Everything that applies to one dataplane: per policy type present in the input, the legacy
 * selections with candidates and reasons, the targetRef matched policies, rules and effective
 * confs with per-field provenance, the MeshPassthrough outcome, and warnings. A `MeshPolicyError`
 * in one type (e.g. the rule budget) becomes an `error` entry for that type and the others are
 * reported; any other exception is a defect of the library and propagates.
 *
 * @throws MeshPolicyError `NOT_FOUND` when no dataplane has that name, `INVALID_INPUT` when the
 * name is ambiguous across meshes (pass `opts.mesh` or `"<mesh>/<name>"`).
 */
export function inspectDataplane(
  name: string,
  resources: readonly Resource[],
  opts: Readonly<InspectOptions> = {},
): DataplaneReport {
  return createInspector(resources, opts).inspect(name);
}
