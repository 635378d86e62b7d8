import {
  actionForMethod,
  createRbacFromResources,
  denialMessage,
  isRbacAction,
  type RbacExplanation,
  type RbacRequest,
  type RbacSemantics,
} from '../../rbac/index.js';
import { displayIssue, displayUnreadable, escapeLines, escapeText } from '../escape.js';
import { loadPaths, maxBytesHelp, parseMaxBytes } from '../files.js';
import { type CliIO, type Command, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../types.js';

const USAGE = `Usage: mesh-policy rbac <file|dir>... --user <name> --workspace <ws> --endpoint <path> --action <a> [options]

Decides whether a Kong Gateway admin may call an Admin API endpoint, from RbacRole, RbacAssignment
and Workspace documents (see docs/rbac.md), and says which rule decided and at which tier.

Options:
  --user <name>          the rbac user / admin
  --workspace <ws>       workspace of the request (default: default)
  --endpoint <path>      request path inside the workspace, e.g. /services/foo
  --action <a>           read | create | update | delete, or an HTTP method (GET, POST, ...)
  --route <name>         Kong route name, e.g. /services/:services (optional)
  --semantics <s>        documented (default, see docs/rbac.md) | kong (EE >= 3.2.1) |
                         kong-legacy (EE 0.33-3.1)
  --kong-version <v>     Kong EE version for version-dependent details (default: latest)
  --explain              list every candidate endpoint and every rule key looked at
${maxBytesHelp(25)}
  --json                 machine-readable output

Exit codes: 0 allowed; 1 denied (including invalid RBAC documents or a file over --max-bytes:
nothing is allowed then); 2 usage error (bad option, unreadable path).`;

interface Args {
  paths: string[];
  user?: string;
  workspace: string;
  endpoint?: string;
  action?: string;
  route?: string;
  semantics: RbacSemantics;
  kongVersion?: string;
  maxBytes?: string;
  explain: boolean;
  json: boolean;
}

const VALUE_OPTIONS = [
  '--user',
  '--workspace',
  '--endpoint',
  '--action',
  '--route',
  '--semantics',
  '--kong-version',
  '--max-bytes',
];

function parseArgs(argv: readonly string[]): Args | string {
  const args: Args = {
    paths: [],
    workspace: 'default',
    semantics: 'documented',
    explain: false,
    json: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] ?? '';
    if (!raw.startsWith('--')) {
      args.paths.push(raw);
      continue;
    }
    const eq = raw.indexOf('=');
    const name = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    if (name === '--json' || name === '--explain') {
      if (inline !== undefined) return `option '${name}' takes no value`;
      if (name === '--json') args.json = true;
      else args.explain = true;
      continue;
    }
    if (!VALUE_OPTIONS.includes(name)) return `unknown option '${raw}'`;
    const value = inline ?? argv[++i];
    if (value === undefined) return `option '${name}' needs a value`;
    switch (name) {
      case '--user':
        args.user = value;
        break;
      case '--workspace':
        args.workspace = value;
        break;
      case '--endpoint':
        args.endpoint = value;
        break;
      case '--action':
        args.action = value;
        break;
      case '--route':
        args.route = value;
        break;
      case '--max-bytes':
        args.maxBytes = value;
        break;
      case '--semantics':
        if (value !== 'documented' && value !== 'kong' && value !== 'kong-legacy')
          return `--semantics must be documented, kong or kong-legacy (got '${value}')`;
        args.semantics = value;
        break;
      default:
        // A bad option is a usage error (exit 2), not "invalid RBAC documents" (exit 1).
        if (!/^\d+(\.\d+)*$/.test(value))
          return `--kong-version must be a version such as 3.6.0.0 (got '${value}')`;
        args.kongVersion = value;
    }
  }
  if (args.paths.length === 0) return 'missing <file|dir>';
  if (args.user === undefined || args.user === '') return 'missing --user';
  if (args.endpoint === undefined) return 'missing --endpoint';
  if (args.action === undefined) return 'missing --action';
  if (args.workspace === '' || args.workspace === '*')
    return `--workspace must name a workspace (got '${args.workspace}')`;
  return args;
}

function render(user: string, e: RbacExplanation, explain: boolean): string {
  const lines: string[] = [];
  lines.push(`${e.allowed ? 'ALLOWED' : 'DENIED'}: ${e.summary}`);
  if (!e.allowed && e.reason !== 'invalid-input')
    lines.push(`  Kong would answer 403: ${denialMessage(user, e.request.action)}`);
  if (e.decidedBy !== undefined) {
    const r = e.decidedBy;
    lines.push(
      `  rule:  workspace=${r.workspace} endpoint=${r.endpoint} actions=[${r.actions.join(',')}]${r.negative === true ? ' negative' : ''}${e.decidedByRole !== undefined ? ` (role ${e.decidedByRole.name} of workspace ${e.decidedByRole.workspace})` : ''}`,
    );
  }
  if (e.tier !== undefined)
    lines.push(
      `  tier:  ${e.tier.level} (${e.tier.workspace}, ${e.tier.endpoint}) via ${e.endpointForm ?? '?'} endpoint`,
    );
  for (const issue of e.issues ?? []) lines.push(`  issue: ${displayIssue(issue)}`);
  if (explain) {
    lines.push(`  semantics: ${e.semantics}`);
    lines.push(`  roles: ${(e.roles ?? []).map((r) => `${r.name}@${r.workspace}`).join(', ') || '(none)'}`);
    lines.push(`  candidates: ${e.candidates.map((c) => `${c.endpoint} (${c.form})`).join(', ')}`);
    lines.push('  keys looked at:');
    if (e.lookedAt.length === 0) lines.push('    (no rule key exists among the candidates)');
    for (const k of e.lookedAt) {
      lines.push(`    tier ${k.level} (${k.workspace}, ${k.endpoint}) [${k.form}]: ${k.outcome}`);
      for (const { rule, role } of k.rules)
        lines.push(
          `      ${rule.negative === true ? '-' : '+'} [${rule.actions.join(',')}]${role !== undefined ? ` role ${role.name}@${role.workspace}` : ''}`,
        );
    }
  }
  return `${lines.join('\n')}\n`;
}

export const rbacCommand: Command = {
  name: 'rbac',
  summary:
    'decide a Kong Admin API request from RBAC roles and assignments (allowed / denied, with the deciding rule)',
  usage: USAGE,
  async run(argv: string[], io: CliIO): Promise<number> {
    const args = parseArgs(argv);
    if (typeof args === 'string') {
      io.stderr(`mesh-policy rbac: ${escapeText(args)}\n\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    const action = isRbacAction(args.action) ? args.action : actionForMethod(args.action ?? '');
    if (action === undefined) {
      io.stderr(
        `mesh-policy rbac: unknown action '${escapeText(args.action ?? '')}' (read, create, update, delete or an HTTP method)\n`,
      );
      return EXIT_USAGE;
    }
    const maxBytes = parseMaxBytes(args.maxBytes);
    if (typeof maxBytes === 'string') {
      io.stderr(`mesh-policy rbac: ${escapeText(maxBytes)}\n\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    const loaded = await loadPaths(args.paths, { maxBytes });
    if (loaded.unreadable.length > 0) {
      for (const u of loaded.unreadable) io.stderr(`mesh-policy rbac: ${displayUnreadable(u)}\n`);
      return EXIT_USAGE;
    }
    const opts = {
      semantics: args.semantics,
      ...(args.kongVersion !== undefined ? { kongVersion: args.kongVersion } : {}),
    };
    const rbacDocs = loaded.resources.filter(
      (r) => r.type === 'RbacRole' || r.type === 'RbacAssignment' || r.type === 'Workspace',
    );
    const built = createRbacFromResources(rbacDocs, opts);
    const issues = [...loaded.issues, ...(built.ok ? [] : built.issues)];
    if (!built.ok || loaded.issues.length > 0) {
      if (args.json)
        io.stdout(`${JSON.stringify({ allowed: false, reason: 'invalid-input', issues }, null, 2)}\n`);
      else {
        io.stdout('DENIED: the RBAC documents are invalid; nothing is allowed until they are fixed\n');
        for (const issue of issues) io.stdout(`  issue: ${displayIssue(issue)}\n`);
      }
      return EXIT_FINDINGS;
    }
    const request: RbacRequest = { workspace: args.workspace, endpoint: args.endpoint!, action };
    if (args.route !== undefined) request.routeName = args.route;
    const e = built.engine.explain(args.user!, request);
    if (args.json) {
      const out = args.explain
        ? e
        : {
            allowed: e.allowed,
            reason: e.reason,
            ...(e.decidedBy !== undefined ? { decidedBy: e.decidedBy } : {}),
            ...(e.decidedByRole !== undefined ? { decidedByRole: e.decidedByRole } : {}),
            ...(e.tier !== undefined ? { tier: e.tier } : {}),
            ...(e.issues !== undefined ? { issues: e.issues } : {}),
            ...(!e.allowed ? { message: denialMessage(args.user!, action) } : {}),
          };
      io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    } else io.stdout(escapeLines(render(args.user!, e, args.explain)));
    return e.allowed ? EXIT_OK : EXIT_FINDINGS;
  },
};
