/** Indexes built once per resource set and shared by every inspected dataplane. */
import {
  type Dataplane,
  isDataplane,
  isLegacyPolicy,
  isTargetRefPolicy,
  type LegacyPolicy,
  type MeshResource,
  type Resource,
  type TargetRefPolicy,
} from '../models/index.js';
import type { PolicyValidationResult } from '../targetref/index.js';
import { servedServices } from './dataplane.js';

/** The per-mesh indexes shared by every dataplane of that mesh. */
export interface MeshIndex {
  mesh: string;
  meshResource: MeshResource | undefined;
  legacy: Map<string, LegacyPolicy[]>;
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
    if (list !== undefined) picked.push(...list);
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
  for (const r of resources) {
    if (isDataplane(r)) {
      dataplanes.push(r);
      meshOf(r.mesh);
    } else if (isLegacyPolicy(r)) {
      types.add(r.type);
      const m = meshOf(r.mesh);
      const list = m.legacy.get(r.type);
      if (list === undefined) m.legacy.set(r.type, [r]);
      else list.push(r);
    } else if (isTargetRefPolicy(r)) {
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
  for (const [m, lists] of targetRefLists) {
    for (const [type, list] of lists) m.targetRef.set(type, indexTargetRef(list));
  }
  dataplanes.sort(byMeshAndName);
  return { meshes, dataplanes, types: [...types].sort() };
}
