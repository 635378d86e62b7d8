import {
  authorizeIamProxy,
  type IdentityIssue,
  lintEcsDataplane,
  type PresentedProxy,
  type ResolveIamIdentityOptions,
  resolveIamIdentity,
} from '../../identity/index.js';
import { type Dataplane, type Issue, loadResourceBytes, type Resource } from '../../models/index.js';
import { displayIssue, displayPath, displayUnreadable, escapeLines, escapeText } from '../escape.js';
import { maxBytesHelp, parseMaxBytes, readNamedFile, tooLargeIssue } from '../files.js';
import { type CliIO, type Command, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../types.js';

const USAGE = `Usage: mesh-policy identity --tags k=v[,k=v...] [options]

Decides which Kuma identity an ECS task's IAM role tags grant (see docs/identity.md) and, with
--dataplane, whether that identity may run the Dataplane / ZoneIngress / ZoneEgress in the file
and whether a Dataplane works without transparent proxying.

Options:
  --tags k=v,...                   IAM role tags (repeatable; a value cannot contain a comma)
  --account-id <id>                the role's AWS account
  --authorized-account-ids <ids>   KMESH_AWSIAM_AUTHORIZEDACCOUNTIDS (comma-separated)
  --dataplane <file>               YAML/JSON with the proxy resource (first Dataplane, ZoneIngress or
                                   ZoneEgress; other documents are used for the ECS lint)
  --name <name>                    pick the proxy resource with this name in the file
  --contacted <svc,...>            services the task contacts (each needs an outbound)
${maxBytesHelp(35)}
  --json                           machine-readable output

Exit codes: 0 identity granted (and claim accepted, no ECS lint errors); 1 identity rejected,
claim rejected or ECS lint errors (a file over --max-bytes is an error of the file, not read);
2 usage error (bad option, malformed tag, unreadable file, no proxy resource in the file).`;

interface Args {
  tags: [string, string][];
  accountId?: string;
  authorized?: string[];
  dataplane?: string;
  name?: string;
  contacted?: string[];
  maxBytes?: string;
  json: boolean;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function parseArgs(argv: readonly string[]): Args | string {
  const args: Args = { tags: [], json: false };
  let sawTags = false;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] ?? '';
    const eq = raw.indexOf('=');
    const name = raw.startsWith('--') && eq > 0 ? raw.slice(0, eq) : raw;
    const inline = raw.startsWith('--') && eq > 0 ? raw.slice(eq + 1) : undefined;
    if (name === '--json') {
      args.json = true;
      continue;
    }
    const takesValue = [
      '--tags',
      '--account-id',
      '--authorized-account-ids',
      '--dataplane',
      '--name',
      '--contacted',
      '--max-bytes',
    ].includes(name);
    if (!takesValue) return `unknown option '${raw}'`;
    const value = inline ?? argv[++i];
    if (value === undefined) return `option '${name}' needs a value`;
    switch (name) {
      case '--tags':
        sawTags = true;
        for (const pair of list(value)) {
          const at = pair.indexOf('=');
          if (at <= 0) return `malformed tag '${pair}' (expected key=value)`;
          args.tags.push([pair.slice(0, at), pair.slice(at + 1)]);
        }
        break;
      case '--account-id':
        args.accountId = value;
        break;
      case '--authorized-account-ids':
        args.authorized = list(value);
        break;
      case '--dataplane':
        args.dataplane = value;
        break;
      case '--name':
        args.name = value;
        break;
      case '--max-bytes':
        args.maxBytes = value;
        break;
      default:
        args.contacted = list(value);
    }
  }
  if (!sawTags) return 'missing --tags';
  return args;
}

const PROXY_KINDS = new Set(['Dataplane', 'ZoneIngress', 'ZoneEgress']);

function isPresentedProxy(r: Resource): r is Resource & PresentedProxy {
  return PROXY_KINDS.has(r.type);
}

/**
 * Loads the file (a regular file of at most `maxBytes`, or a link to one); the proxy resources are
 * its Dataplanes, ZoneIngresses and ZoneEgresses in file order.
 */
async function loadProxyFile(
  path: string,
  maxBytes: number,
): Promise<{ resources: Resource[]; proxies: PresentedProxy[]; issues: Issue[] } | string> {
  const read = await readNamedFile(path, maxBytes);
  if (!read.ok && 'unreadable' in read) return displayUnreadable({ path, message: read.unreadable });
  if (!read.ok) return { resources: [], proxies: [], issues: [tooLargeIssue(path, read.tooLarge, maxBytes)] };
  const loaded = loadResourceBytes(read.bytes, { source: path, maxBytes });
  return {
    resources: loaded.resources,
    proxies: loaded.resources.filter(isPresentedProxy),
    issues: loaded.issues,
  };
}

function proxyName(p: PresentedProxy): string {
  return typeof p.name === 'string' ? p.name : '(unnamed)';
}

function renderIssue(i: IdentityIssue): string {
  const about = i.resource === undefined ? '' : ` (${i.resource.type} ${i.resource.mesh}/${i.resource.name})`;
  return `  ${i.severity.padEnd(7)} ${displayIssue(i)}${about}`;
}

async function run(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.stderr(`mesh-policy identity: ${escapeText(args)}\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const maxBytes = parseMaxBytes(args.maxBytes);
  if (typeof maxBytes === 'string') {
    io.stderr(`mesh-policy identity: ${escapeText(maxBytes)}\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const opts: ResolveIamIdentityOptions = {};
  if (args.accountId !== undefined) opts.accountId = args.accountId;
  if (args.authorized !== undefined) opts.authorizedAccountIds = args.authorized;
  const identity = resolveIamIdentity(Object.fromEntries(args.tags), opts);

  let proxy: PresentedProxy | undefined;
  let resources: Resource[] = [];
  let fileIssues: Issue[] = [];
  if (args.dataplane !== undefined) {
    const loaded = await loadProxyFile(args.dataplane, maxBytes);
    if (typeof loaded === 'string') {
      io.stderr(`mesh-policy identity: ${loaded}\n`);
      return EXIT_USAGE;
    }
    resources = loaded.resources;
    fileIssues = loaded.issues;
    proxy = loaded.proxies.find((c) => args.name === undefined || c.name === args.name);
    if (proxy === undefined) {
      io.stderr(
        `mesh-policy identity: no ${args.name === undefined ? '' : `'${escapeText(args.name)}' `}Dataplane, ZoneIngress or ZoneEgress in ${displayPath(args.dataplane)}\n`,
      );
      for (const i of fileIssues) io.stderr(`  ${displayIssue(i)}\n`);
      return EXIT_USAGE;
    }
  }

  const claim = proxy !== undefined && identity.ok ? authorizeIamProxy(identity.identity, proxy) : undefined;
  const lint =
    proxy !== undefined && proxy.type === 'Dataplane'
      ? lintEcsDataplane(
          proxy as Dataplane,
          resources,
          args.contacted ? { contactedServices: args.contacted } : {},
        )
      : undefined;
  const failed = !identity.ok || claim?.ok === false || lint?.ok === false || fileIssues.length > 0;

  if (args.json) {
    const out = {
      ok: !failed,
      identity: identity.ok ? identity.identity : null,
      identityIssues: identity.issues,
      ...(proxy !== undefined ? { proxy: { type: proxy.type, name: proxy.name ?? null } } : {}),
      ...(claim !== undefined ? { claim } : {}),
      ...(lint !== undefined ? { ecsLint: lint } : {}),
      ...(fileIssues.length > 0 ? { fileIssues } : {}),
    };
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    return failed ? EXIT_FINDINGS : EXIT_OK;
  }

  const lines: string[] = [];
  if (identity.ok) {
    const id = identity.identity;
    const parts = [`type=${id.type}`];
    if (id.mesh !== undefined) parts.push(`mesh=${id.mesh}`);
    // kuma.io/service restricts dataplane roles only; a zone proxy role has no service (T6).
    if (id.type === 'dataplane') parts.push(`service=${id.service ?? '(any)'}`);
    if (id.accountId !== undefined) parts.push(`account=${id.accountId}`);
    lines.push(`identity: ${parts.join(' ')}`);
  } else {
    lines.push('identity: rejected');
  }
  for (const i of identity.issues) lines.push(renderIssue(i));
  for (const i of fileIssues) lines.push(`  error   ${displayIssue(i)}`);
  if (proxy !== undefined) {
    const what = `${proxy.type} ${proxyName(proxy)}`;
    if (claim === undefined) lines.push(`claim ${what}: not checked (no identity)`);
    else {
      lines.push(`claim ${what}: ${claim.ok ? 'accepted' : 'rejected'}`);
      for (const i of claim.issues) lines.push(renderIssue(i));
    }
  }
  if (lint !== undefined) {
    const errors = lint.issues.filter((i) => i.severity === 'error').length;
    const warnings = lint.issues.length - errors;
    lines.push(`ECS lint: ${errors} error(s), ${warnings} warning(s)`);
    for (const i of lint.issues) lines.push(renderIssue(i));
  }
  io.stdout(`${escapeLines(lines.join('\n'))}\n`);
  return failed ? EXIT_FINDINGS : EXIT_OK;
}

export const identityCommand: Command = {
  name: 'identity',
  summary: 'which identity an ECS task IAM role grants, and whether it may run a dataplane',
  usage: USAGE,
  run,
};
