/** Indexes built once per resource set and shared by every inspected dataplane. */
import type { MeshResource } from '../models/index.js';
import type { PolicyValidationResult } from '../targetref/index.js';
import { servedServices } from './dataplane.js';
import type {
  ReadonlyDataplane as Dataplane,
  ReadonlyLegacyPolicy as LegacyPolicy,
  ReadonlyResource as Resource,
  ReadonlyTargetRefPolicy as TargetRefPolicy,
} from './readonly.js';
import { isReadonlyDataplane, isReadonlyLegacyPolicy, isReadonlyTargetRefPolicy } from './readonly.js';

/** The per-mesh indexes shared by every dataplane of that mesh. */
export interface MeshIndex {
  mesh: string;
  meshResource: MeshResource | undefined;
  legacy: Map<string, LegacyTypeIndex>;
  targetRef: Map<string, TargetRefTypeIndex>;
  /** MeshGateways, MeshHTTPRoutes, MeshExternalServices: context targetRef matching needs. */
  context: Resource[];
  /** targetRef validation results, computed once per policy on first use. */
  validation: Map<TargetRefPolicy, PolicyValidationResult>;
}

/** Policies of one targetRef type in one mesh, with a prefilter by served service. */
export interface TargetRefTypeIndex {
  policies: TargetRefPolicy[];
  /** Indexes (into `policies`) of policies every dataplane must be checked against. */
  always: number[];
  /** Indexes of MeshService / MeshServiceSubset policies by targeted service name. */
  byService: Map<string, number[]>;
}

/** Orders by mesh, then name. */
export function byMeshAndName(a: { mesh: string; name: string }, b: { mesh: string; name: string }): number {
  return a.mesh < b.mesh ? -1 : a.mesh > b.mesh ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function indexTargetRef(policies: TargetRefPolicy[]): TargetRefTypeIndex {
  const always: number[] = [];
  const byService = new Map<string, number[]>();
  policies.forEach((p, i) => {
    const ref = p.spec.targetRef;
    if ((ref?.kind === 'MeshService' || ref?.kind === 'MeshServiceSubset') && ref.name !== undefined) {
      const list = byService.get(ref.name);
      if (list === undefined) byService.set(ref.name, [i]);
      else list.push(i);
    } else {
      always.push(i);
    }
  });
  return { policies, always, byService };
}

/** The policies of a type that can possibly select `dp`, in input order. */
export function candidatePolicies(index: TargetRefTypeIndex, dp: Dataplane): TargetRefPolicy[] {
  const picked = [...index.always];
  for (const service of servedServices(dp)) {
    const list = index.byService.get(service);
    if (list !== undefined) for (const i of list) picked.push(i);
  }
  if (picked.length === index.policies.length) return index.policies;
  picked.sort((a, b) => a - b);
  const out: TargetRefPolicy[] = [];
  let last = -1;
  for (const i of picked) {
    if (i === last) continue;
    last = i;
    out.push(index.policies[i]!);
  }
  return out;
}

/** Groups resources by mesh and type and sorts the dataplanes by mesh then name. */
export function buildMeshIndexes(resources: readonly Resource[]): {
  meshes: Map<string, MeshIndex>;
  dataplanes: Dataplane[];
  types: string[];
} {
  const meshes = new Map<string, MeshIndex>();
  const meshOf = (mesh: string): MeshIndex => {
    let m = meshes.get(mesh);
    if (m === undefined) {
      m = {
        mesh,
        meshResource: undefined,
        legacy: new Map(),
        targetRef: new Map(),
        context: [],
        validation: new Map(),
      };
      meshes.set(mesh, m);
    }
    return m;
  };
  const dataplanes: Dataplane[] = [];
  const types = new Set<string>();
  const targetRefLists = new Map<MeshIndex, Map<string, TargetRefPolicy[]>>();
  const legacyLists = new Map<MeshIndex, Map<string, LegacyPolicy[]>>();
  for (const r of resources) {
    if (isReadonlyDataplane(r)) {
      dataplanes.push(r);
      meshOf(r.mesh);
    } else if (isReadonlyLegacyPolicy(r)) {
      types.add(r.type);
      const m = meshOf(r.mesh);
      const list = legacyLists.get(m)?.get(r.type);
      if (list !== undefined) list.push(r);
      else {
        const lists = legacyLists.get(m) ?? new Map<string, LegacyPolicy[]>();
        lists.set(r.type, [r]);
        legacyLists.set(m, lists);
      }
    } else if (isReadonlyTargetRefPolicy(r)) {
      types.add(r.type);
      const m = meshOf(r.mesh);
      let lists = targetRefLists.get(m);
      if (lists === undefined) {
        lists = new Map();
        targetRefLists.set(m, lists);
      }
      const list = lists.get(r.type);
      if (list === undefined) lists.set(r.type, [r]);
      else list.push(r);
      if (r.type === 'MeshHTTPRoute') m.context.push(r);
    } else if (r.type === 'MeshGateway' || r.type === 'MeshExternalService') {
      meshOf(r.mesh).context.push(r);
    } else if (r.type === 'Mesh') {
      meshOf(r.mesh).meshResource = r;
    }
  }
  for (const [m, lists] of legacyLists) {
    for (const [type, list] of lists) m.legacy.set(type, legacyTypeIndex(list));
  }
  for (const [m, lists] of targetRefLists) {
    for (const [type, list] of lists) m.targetRef.set(type, indexTargetRef(list));
  }
  dataplanes.sort(byMeshAndName);
  return { meshes, dataplanes, types: [...types].sort() };
}

/** Which selector list decides whether a legacy policy can apply to a dataplane. */
export type LegacySelectorField = 'sources' | 'destinations' | 'selectors';

/** Legacy policies of one type in one mesh, with prefilters by the service a selector names. */
export interface LegacyTypeIndex {
  policies: readonly LegacyPolicy[];
  byField: Map<LegacySelectorField, { always: number[]; byService: Map<string, number[]> }>;
}

/** Wraps a legacy policy list; the per-field prefilters are built on first use. */
export function legacyTypeIndex(policies: readonly LegacyPolicy[]): LegacyTypeIndex {
  return { policies, byField: new Map() };
}

/**
 * The legacy policies of a type that can match `dp` through `field`: a selector naming an exact
 * `kuma.io/service` matches only a dataplane serving it (inbound or gateway tags), so policies
 * whose every selector names another service are skipped. Input order is kept; selection results
 * are unchanged (a skipped policy could not be a candidate).
 */
export function candidateLegacyPolicies(
  index: LegacyTypeIndex,
  field: LegacySelectorField,
  dp: Dataplane,
): readonly LegacyPolicy[] {
  let f = index.byField.get(field);
  if (f === undefined) {
    const always: number[] = [];
    const byService = new Map<string, number[]>();
    index.policies.forEach((p, i) => {
      const selectors = p[field] ?? [];
      const services = new Set<string>();
      let any = selectors.length === 0;
      for (const s of selectors) {
        const v =
          s.match !== undefined && Object.hasOwn(s.match, 'kuma.io/service')
            ? s.match['kuma.io/service']
            : undefined;
        if (v === undefined || v === '*') any = true;
        else services.add(v);
      }
      if (any) always.push(i);
      else
        for (const v of services) {
          const list = byService.get(v);
          if (list === undefined) byService.set(v, [i]);
          else list.push(i);
        }
    });
    f = { always, byService };
    index.byField.set(field, f);
  }
  const picked = [...f.always];
  for (const service of servedServices(dp)) for (const i of f.byService.get(service) ?? []) picked.push(i);
  if (picked.length === index.policies.length) return index.policies;
  picked.sort((a, b) => a - b);
  const out: LegacyPolicy[] = [];
  let last = -1;
  for (const i of picked) {
    if (i === last) continue;
    last = i;
    out.push(index.policies[i]!);
  }
  return out;
}
