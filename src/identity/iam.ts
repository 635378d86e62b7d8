import type { DeepReadonly } from '../internal/readonly.js';
import {
  type EcsAuthConfig,
  type EcsEnvironment,
  ecsAuthConfigFromEnv,
  effectiveDpProxyAuthnType,
  effectiveZoneProxyAuthnType,
} from './control-plane.js';
import type { ReadonlyDataplane as Dataplane } from './readonly.js';
import {
  error,
  type IdentityCheckResult,
  type IdentityIssue,
  isRecord,
  keyPath,
  own,
  result,
  warning,
} from './util.js';

/** The proxy kinds an IAM role may authorise (`kuma.io/type`). */
export const IAM_PROXY_TYPES = ['dataplane', 'ingress', 'egress'] as const;
export type IamProxyType = (typeof IAM_PROXY_TYPES)[number];

/** The identity an ECS task's IAM role grants (spec 06 §3). */
export interface IamIdentity {
  type: IamProxyType;
  /** Required for `dataplane`. */
  mesh?: string;
  /** When set, the only `kuma.io/service` the proxy may expose (spec 06 §4 A3). */
  service?: string;
  /** The AWS account the role belongs to, when known. */
  accountId?: string;
}

/** IAM role tags: a map, or the `[{ Key, Value }]` list that `iam:GetRole` / `list-role-tags` return. */
export type IamRoleTags =
  | Readonly<Record<string, string>>
  | readonly { readonly Key: string; readonly Value: string }[];

export interface ResolveIamIdentityOptions {
  /** The (verified) account of the role. */
  accountId?: string;
  /** The role ARN; its account is used when `accountId` is not given. */
  roleArn?: string;
  /** `KMESH_AWSIAM_AUTHORIZEDACCOUNTIDS`. When given, the role's account must be listed (T1). */
  authorizedAccountIds?: readonly string[];
}

export type ResolveIamIdentityResult =
  | { ok: true; identity: IamIdentity; issues: IdentityIssue[] }
  | { ok: false; issues: IdentityIssue[] };

/** A zone proxy resource as presented by a zone ingress/egress task (only its kind matters here). */
export interface ZoneProxyResource {
  readonly type: 'ZoneIngress' | 'ZoneEgress';
  readonly name?: string;
  readonly [key: string]: unknown;
}

/** What a proxy presents to the control plane. */
export type PresentedProxy = Dataplane | ZoneProxyResource;

export interface AuthorizeIamProxyOptions {
  /** The CP's settings; when given, A0 checks that IAM authentication is configured for this kind. */
  readonly controlPlane?: DeepReadonly<EcsAuthConfig> | EcsEnvironment;
}

const TAG_TYPE = 'kuma.io/type';
const TAG_MESH = 'kuma.io/mesh';
const TAG_SERVICE = 'kuma.io/service';

const KIND_OF_TYPE: Record<IamProxyType, string> = {
  dataplane: 'Dataplane',
  ingress: 'ZoneIngress',
  egress: 'ZoneEgress',
};

/** Reads tags in either accepted shape; malformed entries become issues, later keys win. */
function readTags(input: unknown, issues: IdentityIssue[]): Map<string, string> {
  const tags = new Map<string, string>();
  if (Array.isArray(input)) {
    input.forEach((entry: unknown, i) => {
      const key = own(entry, 'Key');
      const value = own(entry, 'Value');
      if (typeof key !== 'string') issues.push(error(`tags[${i}].Key`, 'must be a string'));
      else if (typeof value !== 'string')
        issues.push(error(keyPath('tags', key), 'tag value must be a string'));
      else tags.set(key, value);
    });
  } else if (isRecord(input)) {
    for (const key of Object.keys(input)) {
      const value = input[key];
      if (typeof value !== 'string') issues.push(error(keyPath('tags', key), 'tag value must be a string'));
      else tags.set(key, value);
    }
  } else {
    issues.push(error('tags', 'must be a map of tag values or a list of { Key, Value }'));
  }
  return tags;
}

function accountFromArn(arn: unknown): string | undefined {
  if (typeof arn !== 'string') return undefined;
  const parts = arn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' && parts[4] !== '' ? parts[4] : undefined;
}

/**
 * Decides which identity an ECS task's IAM role may claim (spec 06 §3, rules T1–T7): `kuma.io/type`
 * must be `dataplane`, `ingress` or `egress`; `dataplane` needs `kuma.io/mesh`; `kuma.io/service`
 * restricts the identity; with `authorizedAccountIds` the role's account must be listed. Every
 * applicable rule runs; warnings (T6) do not make the result fail. Never throws.
 */
export function resolveIamIdentity(
  roleTags: IamRoleTags,
  opts: Readonly<ResolveIamIdentityOptions> = {},
): ResolveIamIdentityResult {
  const issues: IdentityIssue[] = [];
  const options: unknown = opts;
  const accountIdIn = own(options, 'accountId');
  const accountId = typeof accountIdIn === 'string' ? accountIdIn : accountFromArn(own(options, 'roleArn'));
  const authorized = own(options, 'authorizedAccountIds');
  if (authorized !== undefined) {
    if (accountId === undefined || accountId === '')
      issues.push(error('accountId', 'AWS account id is required'));
    else if (!Array.isArray(authorized) || !authorized.includes(accountId))
      issues.push(error('accountId', `AWS account ${JSON.stringify(accountId)} is not authorized`));
  }

  const tags = readTags(roleTags, issues);
  const typeValue = tags.get(TAG_TYPE);
  let type: IamProxyType | undefined;
  if (typeValue === undefined) {
    issues.push(error(keyPath('tags', TAG_TYPE), `tag "${TAG_TYPE}" is required`));
  } else if ((IAM_PROXY_TYPES as readonly string[]).includes(typeValue)) {
    type = typeValue as IamProxyType;
  } else {
    issues.push(
      error(
        keyPath('tags', TAG_TYPE),
        `must be one of ["dataplane", "ingress", "egress"], got ${JSON.stringify(typeValue)}`,
      ),
    );
  }

  const mesh = tags.get(TAG_MESH);
  const service = tags.get(TAG_SERVICE);
  if (type === 'dataplane') {
    if (mesh === undefined || mesh === '')
      issues.push(
        error(keyPath('tags', TAG_MESH), `tag "${TAG_MESH}" is required when "${TAG_TYPE}" is "dataplane"`),
      );
    if (service === '') issues.push(error(keyPath('tags', TAG_SERVICE), 'tag value must be non-empty'));
  } else if (type !== undefined) {
    for (const key of [TAG_MESH, TAG_SERVICE]) {
      if (tags.has(key))
        issues.push(warning(keyPath('tags', key), `ignored for ${TAG_TYPE} ${JSON.stringify(type)}`));
    }
  }

  if (type === undefined || issues.some((i) => i.severity === 'error')) return { ok: false, issues };
  const identity: IamIdentity = { type };
  if (type === 'dataplane' && mesh !== undefined) identity.mesh = mesh;
  if (type === 'dataplane' && service !== undefined) identity.service = service;
  if (accountId !== undefined && accountId !== '') identity.accountId = accountId;
  return { ok: true, identity, issues };
}

/** Text of a scalar tag value; anything else (a hostile object) is never a valid service name. */
function scalarText(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
    ? String(v)
    : '<not a string>';
}

/** Every `kuma.io/service` value a Dataplane exposes, with its Kuma path (inbounds, then gateway). */
function exposedServices(networking: unknown): { path: string; value: string }[] {
  const out: { path: string; value: string }[] = [];
  const inbound = own(networking, 'inbound');
  if (Array.isArray(inbound)) {
    inbound.forEach((ib: unknown, i) => {
      const v = own(own(ib, 'tags'), TAG_SERVICE);
      if (v !== undefined)
        out.push({ path: keyPath(`networking.inbound[${i}].tags`, TAG_SERVICE), value: scalarText(v) });
    });
  }
  const gw = own(own(own(networking, 'gateway'), 'tags'), TAG_SERVICE);
  if (gw !== undefined)
    out.push({ path: keyPath('networking.gateway.tags', TAG_SERVICE), value: scalarText(gw) });
  return out;
}

function readControlPlane(input: unknown): EcsAuthConfig {
  if (isRecord(input) && (Object.hasOwn(input, 'dpServer') || Object.hasOwn(input, 'awsIam')))
    return input as EcsAuthConfig;
  return ecsAuthConfigFromEnv(input as EcsEnvironment).config;
}

/**
 * May a proxy holding `identity` present `resource` (spec 06 §4, rules A0–A4)? The kind must match
 * the role's `kuma.io/type`, a Dataplane's mesh must equal the role's mesh, and when the role has
 * `kuma.io/service` every service the Dataplane exposes (inbounds and gateway tags) must be that
 * service. The Dataplane's name is not restricted. Never throws.
 */
export function authorizeIamProxy(
  identity: Readonly<IamIdentity>,
  resource: PresentedProxy,
  opts: AuthorizeIamProxyOptions = {},
): IdentityCheckResult {
  const issues: IdentityIssue[] = [];
  const kind = own(resource, 'type');
  if (kind !== 'Dataplane' && kind !== 'ZoneIngress' && kind !== 'ZoneEgress') {
    issues.push(error('type', 'must be "Dataplane", "ZoneIngress" or "ZoneEgress"'));
    return result(issues);
  }
  const cpIn = own(opts, 'controlPlane');
  if (cpIn !== undefined) {
    const cp = readControlPlane(cpIn);
    const configured = kind === 'Dataplane' ? effectiveDpProxyAuthnType(cp) : effectiveZoneProxyAuthnType(cp);
    if (configured !== 'aws-iam') {
      issues.push(
        error(
          'type',
          `${kind} proxies are not authenticated with aws-iam (configured: ${JSON.stringify(configured)})`,
        ),
      );
      return result(issues);
    }
  }
  const type = own(identity, 'type');
  if (typeof type !== 'string' || !(IAM_PROXY_TYPES as readonly string[]).includes(type)) {
    issues.push(error('type', 'identity has no valid kuma.io/type'));
    return result(issues);
  }
  if (KIND_OF_TYPE[type as IamProxyType] !== kind) {
    issues.push(
      error('type', `IAM role of kuma.io/type ${JSON.stringify(type)} cannot authenticate a ${kind}`),
    );
    return result(issues);
  }
  if (type !== 'dataplane') return result(issues);

  const meshIn = own(resource, 'mesh');
  const dpMesh = typeof meshIn === 'string' && meshIn !== '' ? meshIn : 'default';
  const roleMesh = own(identity, 'mesh');
  if (dpMesh !== roleMesh) {
    issues.push(
      error(
        'mesh',
        `proxy mesh from requestor: ${dpMesh} is different than in IAM role tag kuma.io/mesh: ${typeof roleMesh === 'string' ? roleMesh : ''}`,
      ),
    );
  }
  const service = own(identity, 'service');
  if (typeof service === 'string') {
    const networking = own(resource, 'networking');
    const exposed = exposedServices(networking);
    if (exposed.length === 0) {
      issues.push(error('networking', `dataplane has no tag "${TAG_SERVICE}" required by the IAM role`));
    }
    for (const { path, value } of exposed) {
      if (value !== service) {
        issues.push(
          error(
            path,
            `dataplane contains tag "${TAG_SERVICE}" with value ${JSON.stringify(value)} which is not allowed with this IAM role. Allowed values in IAM role are [${JSON.stringify(service)}]`,
          ),
        );
      }
    }
  }
  return result(issues);
}

/**
 * May this identity run this Dataplane? The issue's name for `authorizeIamProxy` (spec 06 §4):
 * mesh matches, every inbound's `kuma.io/service` equals the restricted service when one is set,
 * and the proxy type matches.
 */
export function checkDataplaneClaim(
  identity: Readonly<IamIdentity>,
  dataplane: PresentedProxy,
  opts: AuthorizeIamProxyOptions = {},
): IdentityCheckResult {
  return authorizeIamProxy(identity, dataplane, opts);
}
