import * as fc from 'fast-check';
import type { TargetRefPolicy, TargetRefPolicyType } from '../models/index.js';
import { arbDataplane, arbMeshGateway } from './dataplane.js';
import { arbEcsControlPlaneEnv, arbIamRoleTags } from './iam.js';
import { arbLegacyPolicy, arbTargetRefPolicy } from './policies.js';
import { arbRbacAssignment, arbRbacRole } from './rbac.js';
import {
  arbExternalService,
  arbMeshExternalService,
  arbMeshResource,
  arbMeshService,
  arbWorkspace,
  arbZoneProxy,
} from './services.js';

/**
 * Which validator the mistake is aimed at: the models parser (`safeParseResource` /
 * `loadResources`), `validateMeshPassthrough` (mesh-policy/passthrough; the models reject these
 * MeshPassthrough documents too, since the loader runs Kuma's admission rules), `resolveIamIdentity`
 * (tag sets) or `validateEcsControlPlane` (control-plane environments).
 */
export type InvalidCheckedBy = 'model' | 'passthrough' | 'iam-tags' | 'ecs-control-plane';

/** A document with exactly one known mistake, and where the validator reports it. */
export interface InvalidSample<T = unknown> {
  document: T;
  /** The one Kuma-style path every issue about this document carries. */
  path: string;
  /** What was broken, for failure messages. */
  mistake: string;
  checkedBy: InvalidCheckedBy;
}

type Segment = string | number;
const REMOVE = Symbol('remove');

/** Copies `doc` and sets (or removes) the value at `segments`; never touches the input. */
function edit<T>(doc: T, segments: readonly Segment[], value: unknown): T {
  const copy = structuredClone(doc) as unknown;
  let node = copy as Record<string | number, unknown>;
  segments.slice(0, -1).forEach((s, i) => {
    // Missing containers (an absent `appendMatch`) are created so the mistake has a place to live.
    if (typeof node[s] !== 'object' || node[s] === null)
      node[s] = typeof segments[i + 1] === 'number' ? [] : {};
    node = node[s] as Record<string | number, unknown>;
  });
  const last = segments[segments.length - 1] as Segment;
  if (value === REMOVE) delete node[last];
  else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
  return copy as T;
}

function path(segments: readonly Segment[]): string {
  return segments.reduce<string>(
    (out, s) => (typeof s === 'number' ? `${out}[${s}]` : out === '' ? s : `${out}.${s}`),
    '',
  );
}

interface Mistake<T> {
  mistake: string;
  applies: (doc: T) => boolean;
  segments: (doc: T) => Segment[];
  value: unknown;
  checkedBy?: InvalidCheckedBy;
  /** Path reported, when it differs from the edited location. */
  reported?: (doc: T) => string;
}

function twin<T>(valid: fc.Arbitrary<T>, mistakes: readonly Mistake<T>[]): fc.Arbitrary<InvalidSample<T>> {
  return fc.tuple(valid, fc.nat()).map(([doc, pick]) => {
    const usable = mistakes.filter((m) => m.applies(doc));
    const m = usable[pick % usable.length] as Mistake<T>;
    const segments = m.segments(doc);
    return {
      document: edit(doc, segments, m.value),
      path: m.reported?.(doc) ?? path(segments),
      mistake: m.mistake,
      checkedBy: m.checkedBy ?? 'model',
    };
  });
}

const always = (): boolean => true;

/** Dataplanes with one mistake each (port out of range, missing address, unknown field, …). */
export function arbInvalidDataplane(): fc.Arbitrary<InvalidSample> {
  return twin(arbDataplane(), [
    {
      mistake: 'inbound port above 65535',
      applies: (d) => (d.networking.inbound?.length ?? 0) > 0,
      segments: () => ['networking', 'inbound', 0, 'port'],
      value: 70000,
    },
    {
      mistake: 'inbound state not in the enum',
      applies: (d) => (d.networking.inbound?.length ?? 0) > 0,
      segments: () => ['networking', 'inbound', 0, 'state'],
      value: 'Up',
    },
    {
      mistake: 'missing networking.address',
      applies: always,
      segments: () => ['networking', 'address'],
      value: REMOVE,
    },
    {
      mistake: 'unknown networking field',
      applies: always,
      segments: () => ['networking', 'bogus'],
      value: true,
    },
    { mistake: 'empty name', applies: always, segments: () => ['name'], value: '' },
    {
      mistake: 'creationTime is not RFC 3339',
      applies: always,
      segments: () => ['creationTime'],
      value: 'yesterday',
    },
    {
      mistake: 'gateway type not in the enum',
      applies: (d) => d.networking.gateway !== undefined,
      segments: () => ['networking', 'gateway', 'type'],
      value: 'SIDECAR',
    },
  ]) as fc.Arbitrary<InvalidSample>;
}

/** MeshGateways with one mistake each. */
export function arbInvalidMeshGateway(): fc.Arbitrary<InvalidSample> {
  return twin(arbMeshGateway(), [
    {
      mistake: 'listener port 0',
      applies: always,
      segments: () => ['conf', 'listeners', 0, 'port'],
      value: 0,
    },
    {
      mistake: 'listener protocol not in the enum',
      applies: always,
      segments: () => ['conf', 'listeners', 0, 'protocol'],
      value: 'FTP',
    },
    { mistake: 'no selectors', applies: always, segments: () => ['selectors'], value: [] },
  ]) as fc.Arbitrary<InvalidSample>;
}

/**
 * TargetRef policies with one mistake each. Mistakes marked `checkedBy: 'passthrough'` are
 * MeshPassthrough rules that `validateMeshPassthrough` reports under both semantics: a Domain entry
 * with protocol tcp, an IP with a leading zero, a Mesh targetRef without `proxyTypes`. Kuma 2.8.8's
 * admission has the same rules, so the models reject these documents too, at the same path.
 */
export function arbInvalidTargetRefPolicy(type?: TargetRefPolicyType): fc.Arbitrary<InvalidSample> {
  const conf = (p: TargetRefPolicy): Record<string, unknown> | undefined =>
    p.spec.default as Record<string, unknown> | undefined;
  const matchCount = (p: TargetRefPolicy): number =>
    ((conf(p)?.appendMatch as unknown[] | undefined) ?? []).length;
  const mistakes: Mistake<TargetRefPolicy>[] = [
    {
      mistake: 'top-level kind unknown',
      applies: always,
      segments: () => ['spec', 'targetRef', 'kind'],
      value: 'MeshWorkload',
    },
    { mistake: 'unknown spec field', applies: always, segments: () => ['spec', 'bogus'], value: {} },
    {
      mistake: 'label value is an object',
      applies: always,
      segments: () => ['labels', 'team'],
      value: { a: 1 },
    },
    {
      mistake: 'to[0] kind unknown',
      applies: (p) => (p.spec.to?.length ?? 0) > 0,
      segments: () => ['spec', 'to', 0, 'targetRef', 'kind'],
      value: 'Everything',
    },
    {
      mistake: 'from[0] kind unknown',
      applies: (p) => (p.spec.from?.length ?? 0) > 0,
      segments: () => ['spec', 'from', 0, 'targetRef', 'kind'],
      value: 'Everything',
    },
    {
      mistake: 'MeshTimeout duration unparsable',
      applies: (p) => p.type === 'MeshTimeout' && (p.spec.to?.length ?? 0) > 0,
      segments: () => ['spec', 'to', 0, 'default', 'idleTimeout'],
      value: 'soon',
    },
    {
      mistake: 'MeshTrafficPermission action not in the enum',
      applies: (p) => p.type === 'MeshTrafficPermission' && (p.spec.from?.length ?? 0) > 0,
      segments: () => ['spec', 'from', 0, 'default', 'action'],
      value: 'Permit',
    },
    {
      mistake: 'MeshPassthrough mode not in the enum',
      applies: (p) => p.type === 'MeshPassthrough',
      segments: () => ['spec', 'default', 'passthroughMode'],
      value: 'Some',
    },
    {
      mistake: 'MeshPassthrough match type not in the enum',
      applies: (p) => p.type === 'MeshPassthrough' && matchCount(p) > 0,
      segments: () => ['spec', 'default', 'appendMatch', 0, 'type'],
      value: 'Hostname',
    },
    {
      mistake: 'MeshPassthrough Domain entry with protocol tcp (D1)',
      applies: (p) => p.type === 'MeshPassthrough',
      segments: (p) => ['spec', 'default', 'appendMatch', matchCount(p)],
      value: { type: 'Domain', value: 'tcp-domain.example.com', port: 443, protocol: 'tcp' },
      checkedBy: 'passthrough',
      reported: (p) => `spec.default.appendMatch[${matchCount(p)}].protocol`,
    },
    {
      mistake: 'MeshPassthrough IP with a leading zero (I1)',
      applies: (p) => p.type === 'MeshPassthrough',
      segments: (p) => ['spec', 'default', 'appendMatch', matchCount(p)],
      value: { type: 'IP', value: '010.0.0.1', port: 5432, protocol: 'tcp' },
      checkedBy: 'passthrough',
      reported: (p) => `spec.default.appendMatch[${matchCount(p)}].value`,
    },
    {
      mistake: 'MeshPassthrough targetRef without proxyTypes (T7)',
      applies: (p) => p.type === 'MeshPassthrough',
      segments: () => ['spec', 'targetRef', 'proxyTypes'],
      value: REMOVE,
      checkedBy: 'passthrough',
    },
  ];
  // A MeshPassthrough without a `default` gets an empty one first, so the appended entry has a home.
  const base = arbTargetRefPolicy(type).map((p) =>
    p.type === 'MeshPassthrough' && p.spec.default === undefined
      ? { ...p, spec: { ...p.spec, default: {} } }
      : p,
  );
  return twin(base, mistakes) as fc.Arbitrary<InvalidSample>;
}

/** Legacy policies with one mistake each. */
export function arbInvalidLegacyPolicy(): fc.Arbitrary<InvalidSample> {
  return twin(arbLegacyPolicy(), [
    {
      mistake: 'selector match is a string',
      applies: always,
      segments: (p) => [p.sources !== undefined ? 'sources' : 'selectors', 0, 'match'],
      value: 'web',
    },
    { mistake: 'unknown top-level field', applies: always, segments: () => ['bogus'], value: 1 },
    {
      mistake: 'modificationTime is not RFC 3339',
      applies: always,
      segments: () => ['modificationTime'],
      value: '2024-13-45',
    },
  ]) as fc.Arbitrary<InvalidSample>;
}

/** RBAC roles and assignments with one mistake each. */
export function arbInvalidRbacResource(): fc.Arbitrary<InvalidSample> {
  const role = twin(arbRbacRole(), [
    {
      mistake: 'unknown action',
      applies: always,
      segments: () => ['endpoints', 0, 'actions', 0],
      value: 'execute',
    },
    {
      mistake: 'empty rule workspace',
      applies: always,
      segments: () => ['endpoints', 0, 'workspace'],
      value: '',
    },
    {
      mistake: 'negative is a string',
      applies: always,
      segments: () => ['endpoints', 0, 'negative'],
      value: 'yes',
    },
  ]);
  const assignment = twin(arbRbacAssignment(), [
    { mistake: 'empty user', applies: always, segments: () => ['user'], value: '' },
    { mistake: 'roles is a string', applies: always, segments: () => ['roles'], value: 'admin' },
  ]);
  return fc.oneof(role, assignment) as fc.Arbitrary<InvalidSample>;
}

/** ExternalService, MeshExternalService, MeshService, Mesh, zone proxies and workspaces with one mistake each. */
export function arbInvalidOtherResource(): fc.Arbitrary<InvalidSample> {
  const external = twin(arbExternalService(), [
    {
      mistake: 'no networking.address',
      applies: always,
      segments: () => ['networking', 'address'],
      value: REMOVE,
    },
    { mistake: 'tags is a list', applies: always, segments: () => ['tags'], value: ['kuma.io/service'] },
  ]);
  const meshExternal = twin(arbMeshExternalService(), [
    { mistake: 'spec is a string', applies: always, segments: () => ['spec'], value: 'external' },
  ]);
  const meshService = twin(arbMeshService(), [
    { mistake: 'unknown top-level field', applies: always, segments: () => ['ports'], value: [] },
  ]);
  const mesh = twin(arbMeshResource(), [
    {
      mistake: 'passthrough is a string',
      applies: always,
      segments: () => ['networking', 'outbound', 'passthrough'],
      value: 'yes',
    },
    { mistake: 'mtls is a list', applies: always, segments: () => ['mtls'], value: [] },
  ]);
  const zone = twin(arbZoneProxy(), [
    { mistake: 'zone is a number', applies: always, segments: () => ['zone'], value: 5 },
  ]);
  const workspace = twin(arbWorkspace(), [
    { mistake: 'unknown field', applies: always, segments: () => ['endpoints'], value: [] },
  ]);
  return fc.oneof(external, meshExternal, meshService, mesh, zone, workspace) as fc.Arbitrary<InvalidSample>;
}

/** IAM role tag sets with one mistake each (checked by `resolveIamIdentity`). */
export function arbInvalidIamRoleTags(): fc.Arbitrary<InvalidSample<Record<string, string>>> {
  return fc.tuple(arbIamRoleTags(), fc.nat()).map(([{ tags }, pick]) => {
    const options: { mistake: string; key: string; value: string | typeof REMOVE; dataplaneOnly: boolean }[] =
      [
        { mistake: 'no kuma.io/type', key: 'kuma.io/type', value: REMOVE, dataplaneOnly: false },
        {
          mistake: 'kuma.io/type in the wrong case',
          key: 'kuma.io/type',
          value: 'Dataplane',
          dataplaneOnly: false,
        },
        { mistake: 'kuma.io/type unknown', key: 'kuma.io/type', value: 'sidecar', dataplaneOnly: false },
        {
          mistake: 'dataplane without kuma.io/mesh',
          key: 'kuma.io/mesh',
          value: REMOVE,
          dataplaneOnly: true,
        },
        {
          mistake: 'dataplane with an empty kuma.io/service',
          key: 'kuma.io/service',
          value: '',
          dataplaneOnly: true,
        },
      ];
    const usable = options.filter((o) => !o.dataplaneOnly || tags['kuma.io/type'] === 'dataplane');
    const o = usable[pick % usable.length] as (typeof options)[number];
    return {
      document: edit(tags, [o.key], o.value),
      path: `tags[${JSON.stringify(o.key)}]`,
      mistake: o.mistake,
      checkedBy: 'iam-tags' as const,
    };
  });
}

/** ECS control-plane environments with one mistake each (checked by `validateEcsControlPlane`). */
export function arbInvalidEcsControlPlaneEnv(): fc.Arbitrary<InvalidSample<Record<string, string>>> {
  return fc.tuple(arbEcsControlPlaneEnv(), fc.nat()).map(([env, pick]) => {
    const options: { mistake: string; key: string; value: string | typeof REMOVE }[] = [
      { mistake: 'dp proxy authenticator missing', key: 'KUMA_DP_SERVER_AUTHN_DP_PROXY_TYPE', value: REMOVE },
      {
        mistake: 'dp proxy uses data plane tokens',
        key: 'KUMA_DP_SERVER_AUTHN_DP_PROXY_TYPE',
        value: 'dpToken',
      },
      {
        mistake: 'zone proxy authenticator unknown',
        key: 'KUMA_DP_SERVER_AUTHN_ZONE_PROXY_TYPE',
        value: 'aws',
      },
      {
        mistake: 'reloadable tokens off',
        key: 'KUMA_DP_SERVER_AUTHN_ENABLE_RELOADABLE_TOKENS',
        value: 'false',
      },
      {
        mistake: 'reloadable tokens not a boolean',
        key: 'KUMA_DP_SERVER_AUTHN_ENABLE_RELOADABLE_TOKENS',
        value: 'on',
      },
      { mistake: 'no authorised account', key: 'KMESH_AWSIAM_AUTHORIZEDACCOUNTIDS', value: ' , ' },
      { mistake: 'account id is not 12 digits', key: 'KMESH_AWSIAM_AUTHORIZEDACCOUNTIDS', value: '1234' },
    ];
    const o = options[pick % options.length] as (typeof options)[number];
    return {
      document: edit(env, [o.key], o.value),
      path: o.key,
      mistake: o.mistake,
      checkedBy: 'ecs-control-plane' as const,
    };
  });
}

/**
 * Every model-level invalid twin (documents `safeParseResource` must reject at exactly `path`).
 * The MeshPassthrough twins marked `checkedBy: 'passthrough'` are among them: the loader runs
 * Kuma's MeshPassthrough admission rules, which report them at the same path.
 */
export function arbInvalidResource(): fc.Arbitrary<InvalidSample> {
  return fc.oneof(
    arbInvalidDataplane(),
    arbInvalidMeshGateway(),
    arbInvalidTargetRefPolicy(),
    arbInvalidLegacyPolicy(),
    arbInvalidRbacResource(),
    arbInvalidOtherResource(),
  );
}
