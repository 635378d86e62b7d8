import type { DeepReadonly } from '../internal/readonly.js';
import {
  error,
  type IdentityCheckResult,
  type IdentityIssue,
  isRecord,
  own,
  result,
  warning,
} from './util.js';

/** Authenticator types a Kuma 2.8 CP accepts for data plane proxies (`dpServer.authn.dpProxy.type`). */
export const DP_PROXY_AUTHN_TYPES = ['serviceAccountToken', 'dpToken', 'none', 'aws-iam'] as const;
/** Authenticator types a Kuma 2.8 CP accepts for zone proxies (`dpServer.authn.zoneProxy.type`). */
export const ZONE_PROXY_AUTHN_TYPES = ['serviceAccountToken', 'zoneToken', 'none', 'aws-iam'] as const;

/** The environment variables of seed 001 (and the pre-2.7 names that are no longer read). */
export const ECS_ENV = {
  dpProxyType: 'KUMA_DP_SERVER_AUTHN_DP_PROXY_TYPE',
  zoneProxyType: 'KUMA_DP_SERVER_AUTHN_ZONE_PROXY_TYPE',
  reloadableTokens: 'KUMA_DP_SERVER_AUTHN_ENABLE_RELOADABLE_TOKENS',
  authorizedAccountIds: 'KMESH_AWSIAM_AUTHORIZEDACCOUNTIDS',
  legacyAuthType: 'KUMA_DP_SERVER_AUTH_TYPE',
  legacyUseTokenPath: 'KUMA_DP_SERVER_AUTH_USE_TOKEN_PATH',
} as const;

/**
 * The control-plane settings ECS workload identity depends on (spec 06 §2), in Kuma's config
 * structure. Absent fields take the CP's defaults (`dpToken` / `zoneToken`, reloadable tokens off,
 * no authorised account).
 */
export interface EcsAuthConfig {
  dpServer?: {
    authn?: {
      dpProxy?: { type?: string };
      zoneProxy?: { type?: string };
      enableReloadableTokens?: boolean;
    };
  };
  awsIam?: { authorizedAccountIds?: string[] };
}

/**
 * An environment in any of the shapes a CI job has at hand: a plain map (`process.env`), a
 * CloudFormation `Environment` list (`[{ Name, Value }]`) or an ECS task-definition list
 * (`[{ name, value }]`).
 */
export type EcsEnvironment =
  | Readonly<Record<string, string | undefined>>
  | readonly { readonly Name: string; readonly Value?: unknown }[]
  | readonly { readonly name: string; readonly value?: unknown }[];

export interface EcsControlPlaneOptions {
  /** Whether zone ingress/egress tasks authenticate with IAM too (C2). Default `'aws-iam'` (seed 001). */
  readonly zoneProxies?: 'aws-iam' | 'other';
  /** Force how the input is read; by default a value with `dpServer` or `awsIam` is the typed form. */
  readonly form?: 'env' | 'config';
}

/** The outcome of `validateEcsControlPlane`: issues, and the settings as read (when readable). */
export interface EcsControlPlaneResult extends IdentityCheckResult {
  config: EcsAuthConfig;
}

const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);
const ACCOUNT_ID = /^\d{12}$/;

const MSG_DP = 'must be "aws-iam" to authenticate data plane proxies with the ECS task IAM role';
const MSG_ZONE = 'must be "aws-iam" to authenticate zone proxies with the ECS task IAM role';
const MSG_LEGACY =
  'not read by Kong Mesh 2.7+; use KUMA_DP_SERVER_AUTHN_DP_PROXY_TYPE / KUMA_DP_SERVER_AUTHN_ZONE_PROXY_TYPE / KUMA_DP_SERVER_AUTHN_ENABLE_RELOADABLE_TOKENS';

/** The effective dp-proxy authenticator type of a config (empty = the Universal default `dpToken`). */
export function effectiveDpProxyAuthnType(config: DeepReadonly<EcsAuthConfig>): string {
  const t = config?.dpServer?.authn?.dpProxy?.type; // untyped callers may pass null: the default
  return t === undefined || t === '' ? 'dpToken' : t;
}

/** The effective zone-proxy authenticator type of a config (empty = the Universal default `zoneToken`). */
export function effectiveZoneProxyAuthnType(config: DeepReadonly<EcsAuthConfig>): string {
  const t = config?.dpServer?.authn?.zoneProxy?.type; // untyped callers may pass null: the default
  return t === undefined || t === '' ? 'zoneToken' : t;
}

/** Normalises the accepted environment shapes into a name → value map (own keys only). */
function readEnv(input: unknown, issues: IdentityIssue[]): Map<string, string> {
  const env = new Map<string, string>();
  const put = (name: string, value: unknown, path: string): void => {
    if (value === undefined || value === null) return;
    if (typeof value === 'string') env.set(name, value);
    else if (typeof value === 'number' || typeof value === 'boolean') env.set(name, String(value));
    else issues.push(error(path, 'must be a string'));
  };
  if (Array.isArray(input)) {
    input.forEach((entry: unknown, i) => {
      const name = own(entry, 'Name') ?? own(entry, 'name');
      if (typeof name !== 'string' || name === '') {
        issues.push(error(`[${i}]`, 'environment entry must have a Name'));
        return;
      }
      const value = Object.hasOwn(entry as object, 'Value') ? own(entry, 'Value') : own(entry, 'value');
      put(name, value, name);
    });
  } else if (isRecord(input)) {
    for (const name of Object.keys(input)) put(name, input[name], name);
  } else {
    issues.push(
      error('', 'control-plane settings must be an environment map, an environment list or a config object'),
    );
  }
  return env;
}

/**
 * Reads the seed-001 environment variables into a typed `EcsAuthConfig`. Values that cannot be read
 * (a non-boolean `…_ENABLE_RELOADABLE_TOKENS`) are left out of the config and reported as issues.
 */
export function ecsAuthConfigFromEnv(env: EcsEnvironment): {
  config: EcsAuthConfig;
  issues: IdentityIssue[];
} {
  const issues: IdentityIssue[] = [];
  const vars = readEnv(env, issues);
  return { config: configFromVars(vars, issues), issues };
}

function configFromVars(vars: Map<string, string>, issues: IdentityIssue[]): EcsAuthConfig {
  const authn: NonNullable<NonNullable<EcsAuthConfig['dpServer']>['authn']> = {};
  const dp = vars.get(ECS_ENV.dpProxyType);
  if (dp !== undefined) authn.dpProxy = { type: dp };
  const zone = vars.get(ECS_ENV.zoneProxyType);
  if (zone !== undefined) authn.zoneProxy = { type: zone };
  const reload = vars.get(ECS_ENV.reloadableTokens);
  if (reload !== undefined) {
    if (GO_TRUE.has(reload)) authn.enableReloadableTokens = true;
    else if (GO_FALSE.has(reload)) authn.enableReloadableTokens = false;
    else issues.push(error(ECS_ENV.reloadableTokens, `invalid boolean ${JSON.stringify(reload)}`));
  }
  const config: EcsAuthConfig = { dpServer: { authn } };
  const ids = vars.get(ECS_ENV.authorizedAccountIds);
  if (ids !== undefined) {
    config.awsIam = {
      authorizedAccountIds: ids
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    };
  }
  return config;
}

/** Reads the typed form defensively (hostile input must yield issues, never a crash). */
function readConfig(input: unknown, issues: IdentityIssue[]): EcsAuthConfig {
  const authnIn = own(own(input, 'dpServer'), 'authn');
  const authn: NonNullable<NonNullable<EcsAuthConfig['dpServer']>['authn']> = {};
  const typeAt = (key: 'dpProxy' | 'zoneProxy'): string | undefined => {
    const t = own(own(authnIn, key), 'type');
    if (t === undefined || t === null) return undefined;
    if (typeof t === 'string') return t;
    issues.push(error(`dpServer.authn.${key}.type`, 'must be a string'));
    return undefined;
  };
  const dp = typeAt('dpProxy');
  if (dp !== undefined) authn.dpProxy = { type: dp };
  const zone = typeAt('zoneProxy');
  if (zone !== undefined) authn.zoneProxy = { type: zone };
  const reload = own(authnIn, 'enableReloadableTokens');
  if (typeof reload === 'boolean') authn.enableReloadableTokens = reload;
  else if (reload !== undefined && reload !== null)
    issues.push(error('dpServer.authn.enableReloadableTokens', 'must be a boolean'));
  const config: EcsAuthConfig = { dpServer: { authn } };
  const ids = own(own(input, 'awsIam'), 'authorizedAccountIds');
  if (Array.isArray(ids)) {
    const list: string[] = [];
    ids.forEach((id: unknown, i) => {
      if (typeof id === 'string') list.push(id);
      else issues.push(error(`awsIam.authorizedAccountIds[${i}]`, 'must be a string'));
    });
    config.awsIam = { authorizedAccountIds: list };
  } else if (ids !== undefined && ids !== null) {
    issues.push(error('awsIam.authorizedAccountIds', 'must be a list of AWS account ids'));
  }
  return config;
}

function isTypedForm(input: unknown): boolean {
  return isRecord(input) && (Object.hasOwn(input, 'dpServer') || Object.hasOwn(input, 'awsIam'));
}

/**
 * Checks a control plane's ECS workload-identity settings (spec 06 §2, rules C1–C6). The input is
 * either its environment (a map, a CloudFormation `[{Name, Value}]` list or an ECS `[{name, value}]`
 * list; issue paths are variable names) or the typed `EcsAuthConfig` (paths are dotted config paths).
 */
export function validateEcsControlPlane(
  input: EcsEnvironment | DeepReadonly<EcsAuthConfig>,
  opts: EcsControlPlaneOptions = {},
): EcsControlPlaneResult {
  const issues: IdentityIssue[] = [];
  const form = own(opts, 'form');
  const zoneProxies = own(opts, 'zoneProxies') ?? 'aws-iam';
  const typed = form === 'env' || form === 'config' ? form === 'config' : isTypedForm(input);
  let config: EcsAuthConfig;
  let vars: Map<string, string> | undefined;
  if (typed) {
    if (!isRecord(input)) {
      issues.push(error('', 'control-plane config must be an object'));
      return { ok: false, issues, config: {} };
    }
    config = readConfig(input, issues);
  } else {
    vars = readEnv(input, issues);
    config = configFromVars(vars, issues);
  }
  const path = (envName: string, configPath: string): string => (typed ? configPath : envName);
  const authn = config.dpServer?.authn ?? {};

  // C5 before C1/C2: an unknown type stops the CP at start, which is the more fundamental problem.
  const checkType = (
    value: string | undefined,
    allowed: readonly string[],
    required: boolean,
    p: string,
    msg: string,
  ): void => {
    if (value !== undefined && value !== '' && !allowed.includes(value)) {
      issues.push(error(p, `unable to choose authenticator of ${JSON.stringify(value)}`));
    } else if (required && value !== 'aws-iam') {
      issues.push(error(p, msg));
    }
  };
  checkType(
    authn.dpProxy?.type,
    DP_PROXY_AUTHN_TYPES,
    true,
    path(ECS_ENV.dpProxyType, 'dpServer.authn.dpProxy.type'),
    MSG_DP,
  );
  checkType(
    authn.zoneProxy?.type,
    ZONE_PROXY_AUTHN_TYPES,
    zoneProxies === 'aws-iam',
    path(ECS_ENV.zoneProxyType, 'dpServer.authn.zoneProxy.type'),
    MSG_ZONE,
  );
  const reloadPath = path(ECS_ENV.reloadableTokens, 'dpServer.authn.enableReloadableTokens');
  const reloadUnreadable = issues.some((i) => i.path === reloadPath);
  if (!reloadUnreadable && authn.enableReloadableTokens !== true)
    issues.push(error(reloadPath, 'must be true'));

  const idsPath = path(ECS_ENV.authorizedAccountIds, 'awsIam.authorizedAccountIds');
  const ids = config.awsIam?.authorizedAccountIds ?? [];
  if (ids.length === 0 && !issues.some((i) => i.path.startsWith(idsPath))) {
    issues.push(error(idsPath, 'must list at least one AWS account id'));
  }
  ids.forEach((id, i) => {
    if (!ACCOUNT_ID.test(id)) {
      issues.push(
        error(
          typed ? `${idsPath}[${i}]` : idsPath,
          `${JSON.stringify(id)} is not a valid AWS account id (12 digits)`,
        ),
      );
    }
  });
  if (vars !== undefined) {
    for (const legacy of [ECS_ENV.legacyAuthType, ECS_ENV.legacyUseTokenPath]) {
      if (vars.has(legacy)) issues.push(warning(legacy, MSG_LEGACY));
    }
  }
  // Report in rule order (C1 … C6) even when a value already failed while being read.
  const order = [
    path(ECS_ENV.dpProxyType, 'dpServer.authn.dpProxy.type'),
    path(ECS_ENV.zoneProxyType, 'dpServer.authn.zoneProxy.type'),
    reloadPath,
    idsPath,
  ];
  const rank = (p: string): number => {
    const i = order.findIndex((o) => p === o || p.startsWith(`${o}[`));
    return i === -1
      ? p === ECS_ENV.legacyAuthType || p === ECS_ENV.legacyUseTokenPath
        ? order.length
        : -1
      : i;
  };
  const sorted = issues
    .map((issue, i) => ({ issue, i }))
    .sort((a, b) => rank(a.issue.path) - rank(b.issue.path) || a.i - b.i);
  return { ...result(sorted.map((x) => x.issue)), config };
}
