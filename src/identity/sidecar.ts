import {
  error,
  type IdentityCheckResult,
  type IdentityIssue,
  isRecord,
  own,
  result,
  warning,
} from './util.js';

/**
 * The sidecar container as a CI job sees it: the `kuma-dp` arguments (an ECS `command` list or one
 * shell-like string) or the container definition itself (`{ command, environment }`).
 */
export type EcsSidecarContainer =
  | string
  | readonly string[]
  | {
      readonly command?: readonly string[] | string;
      readonly environment?:
        | readonly { readonly name: string; readonly value?: string }[]
        | readonly { readonly Name: string; readonly Value?: string }[]
        | Readonly<Record<string, string>>;
    };

/** Splits a command line on whitespace, honouring single and double quotes (no other shell syntax). */
function splitCommand(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | undefined;
  let started = false;
  for (const ch of text) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) out.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (started) out.push(current);
  return out;
}

/** Every `--flag=value` or `--flag value` occurrence, with its value and argument index. */
function flags(args: readonly string[], name: string): { value: string; index: number }[] {
  const found: { value: string; index: number }[] = [];
  args.forEach((arg, i) => {
    if (arg === name) found.push({ value: args[i + 1] ?? '', index: i });
    else if (arg.startsWith(`${name}=`)) found.push({ value: arg.slice(name.length + 1), index: i });
  });
  return found;
}

/** The occurrence of a flag that takes effect (the last one, as with kuma-dp's flag parser). */
function flag(args: readonly string[], name: string): { value: string; index: number } | undefined {
  return flags(args, name).at(-1);
}

const PROXY_TYPE_OF_KIND: Record<string, string> = {
  Dataplane: 'dataplane',
  ZoneIngress: 'ingress',
  ZoneEgress: 'egress',
};

/**
 * Checks a `kuma-dp` sidecar container for IAM authentication (spec 06 §5, rules S1–S3):
 * `--auth-type=aws` must be set, `--proxy-type` must match the presented resource's kind, and a
 * data plane token is reported as ignored. Issue paths point into the container definition
 * (`command[3]`, `environment[0]`). Never throws.
 */
export function lintEcsSidecar(
  container: EcsSidecarContainer,
  resource?: { readonly type: string },
): IdentityCheckResult {
  const issues: IdentityIssue[] = [];
  const commandIn: unknown =
    typeof container === 'string' || Array.isArray(container) ? container : own(container, 'command');
  let args: string[] = [];
  if (typeof commandIn === 'string') args = splitCommand(commandIn);
  else if (Array.isArray(commandIn)) {
    commandIn.forEach((a: unknown, i) => {
      if (typeof a === 'string') args.push(a);
      else issues.push(error(`command[${i}]`, 'must be a string'));
    });
  } else if (commandIn !== undefined)
    issues.push(error('command', 'must be a list of arguments or a string'));

  const auth = flag(args, '--auth-type');
  if (auth === undefined || auth.value !== 'aws') {
    issues.push(
      error(
        auth === undefined ? 'command' : `command[${auth.index}]`,
        'kuma-dp must run with --auth-type=aws to use the ECS task IAM role',
      ),
    );
  }
  const kind = own(resource, 'type');
  if (typeof kind === 'string' && Object.hasOwn(PROXY_TYPE_OF_KIND, kind)) {
    const proxyType = flag(args, '--proxy-type');
    // Only an absent flag means the default; `--proxy-type=` (or a trailing `--proxy-type`) is no type.
    const value = proxyType === undefined ? 'dataplane' : proxyType.value;
    if (value !== PROXY_TYPE_OF_KIND[kind]) {
      issues.push(
        error(
          proxyType === undefined ? 'command' : `command[${proxyType.index}]`,
          `--proxy-type ${JSON.stringify(value)} does not match a ${kind} resource`,
        ),
      );
    }
  }
  const tokenFlags = [...flags(args, '--dataplane-token-file'), ...flags(args, '--dataplane-token')].sort(
    (a, b) => a.index - b.index,
  );
  for (const token of tokenFlags)
    issues.push(warning(`command[${token.index}]`, 'dataplane token is ignored when --auth-type=aws'));

  const env =
    typeof container === 'string' || Array.isArray(container) ? undefined : own(container, 'environment');
  const TOKEN_ENV = 'KUMA_DATAPLANE_RUNTIME_TOKEN';
  if (Array.isArray(env)) {
    env.forEach((entry: unknown, i) => {
      if ((own(entry, 'name') ?? own(entry, 'Name')) === TOKEN_ENV)
        issues.push(warning(`environment[${i}]`, 'dataplane token is ignored when --auth-type=aws'));
    });
  } else if (isRecord(env) && Object.hasOwn(env, TOKEN_ENV)) {
    issues.push(warning(`environment.${TOKEN_ENV}`, 'dataplane token is ignored when --auth-type=aws'));
  }
  return result(issues);
}
