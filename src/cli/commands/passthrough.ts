import {
  type AppendMatch,
  compilePassthrough,
  type PassthroughConnection,
  type PassthroughProtocol,
  type PassthroughSemantics,
  parsePassthroughAddress,
  resolveMeshPassthrough,
} from '../../passthrough/index.js';
import { displayIssue, displayUnreadable, escapeLines, escapeText } from '../escape.js';
import { loadPaths, maxBytesHelp, parseMaxBytes } from '../files.js';
import { type CliIO, type Command, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../types.js';

const USAGE = `Usage: mesh-policy passthrough <file|dir>... --dataplane <name> --to <host|ip>:<port> [options]

Would the dataplane's sidecar let a connection to an external destination leave the mesh?
Resolves the MeshPassthrough policies selecting the dataplane (priority + merge), compiles the
pass-through listeners and matches the connection as Envoy would (see docs/passthrough.md).

Options:
  --dataplane <name>       the Dataplane (Universal name) opening the connection
  --to <host|ip>:<port>    destination; IPv6 in brackets ([2001:db8::1]:443). A host name needs
                           --address (mesh-policy does no DNS) and is used as SNI / Host
  --address <ip>           the destination IP when --to names a host
  --protocol <p>           tcp | tls | http | http2 | grpc (default: tls with --sni, http with
                           --host, else tls for a host on port 443, http for another host, tcp
                           for an IP)
  --sni <name>             TLS server name (implies --protocol tls; needs tls)
  --host <value>           HTTP Host / :authority (implies --protocol http; needs http, http2 or
                           grpc; default: <host>[:<port> unless 80])
  --path <path>            HTTP path (default /; only kuma-2.8 semantics routes by it)
  --semantics <s>          documented (default: Kong's documentation, Kuma >= 2.9.3) | kuma-2.8
                           (Kuma 2.8.8 exactly)
${maxBytesHelp(27)}
  --json                   machine-readable output

Exit codes: 0 the connection is allowed out; 1 it is denied; 2 usage error (bad option, unreadable
path, unknown dataplane, malformed destination). Invalid documents, and files over --max-bytes
(not read), are left out with a warning.`;

const VALUE_OPTIONS = [
  '--dataplane',
  '--to',
  '--address',
  '--protocol',
  '--sni',
  '--host',
  '--path',
  '--semantics',
  '--max-bytes',
];
const PROTOCOLS: readonly string[] = ['tcp', 'tls', 'http', 'http2', 'grpc'];

interface Args {
  paths: string[];
  values: Record<string, string>;
  json: boolean;
}

function parseArgs(argv: readonly string[]): Args | string {
  const args: Args = { paths: [], values: {}, json: false };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] ?? '';
    if (!raw.startsWith('--')) {
      args.paths.push(raw);
      continue;
    }
    if (raw === '--json') {
      args.json = true;
      continue;
    }
    const eq = raw.indexOf('=');
    const name = eq > 0 ? raw.slice(0, eq) : raw;
    if (!VALUE_OPTIONS.includes(name)) return `unknown option '${raw}'`;
    const value = eq > 0 ? raw.slice(eq + 1) : argv[++i];
    if (value === undefined) return `option '${name}' needs a value`;
    args.values[name] = value;
  }
  if (args.paths.length === 0) return 'no files or directories given';
  if (args.values['--dataplane'] === undefined) return 'missing --dataplane';
  if (args.values['--to'] === undefined) return 'missing --to';
  return args;
}

/** Splits `host:port` / `[v6]:port`. */
function splitDestination(to: string): { host: string; port: number } | string {
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(to);
  const m = bracketed ?? /^([^:[\]]+):(\d+)$/.exec(to);
  const port = Number(m?.[2]);
  if (
    m === null ||
    !Number.isInteger(port) ||
    port < 1 ||
    port > 65535 ||
    // Brackets hold an IPv6 literal only (as in a URL), never a name or an IPv4 address.
    (bracketed !== null && parsePassthroughAddress(m[1] as string)?.family !== 'ipv6')
  )
    return `malformed --to '${to}' (expected <host|ip>:<port>, IPv6 as [addr]:port)`;
  return { host: m[1] as string, port };
}

function buildConnection(args: Args): PassthroughConnection | string {
  const v = args.values;
  const dest = splitDestination(v['--to'] as string);
  if (typeof dest === 'string') return dest;
  const isIp = parsePassthroughAddress(dest.host) !== undefined;
  const address = isIp ? dest.host : v['--address'];
  if (address === undefined)
    return `--to names a host (${dest.host}): give its IP with --address (mesh-policy does no DNS)`;
  if (parsePassthroughAddress(address) === undefined) return `--address '${address}' is not an IP literal`;
  const name = isIp ? undefined : dest.host;
  const sni = v['--sni'];
  const hostOption = v['--host'];
  const given = v['--protocol'];
  if (given !== undefined && !PROTOCOLS.includes(given))
    return `--protocol must be one of ${PROTOCOLS.join(', ')}`;
  if (sni !== undefined && hostOption !== undefined)
    return '--sni (TLS) and --host (HTTP) describe different protocols: give one of them';
  const protocol = (given ??
    (sni !== undefined
      ? 'tls'
      : hostOption !== undefined
        ? 'http'
        : name === undefined
          ? 'tcp'
          : dest.port === 443
            ? 'tls'
            : 'http')) as PassthroughProtocol;
  // Never drop what the user asked for silently: a name for another protocol is a usage error.
  if (sni !== undefined && protocol !== 'tls') return `--sni needs --protocol tls (got ${protocol})`;
  if (hostOption !== undefined && (protocol === 'tls' || protocol === 'tcp'))
    return `--host needs --protocol http, http2 or grpc (got ${protocol})`;
  const conn: PassthroughConnection = { address, port: dest.port, protocol };
  if (protocol === 'tls') {
    const serverName = sni ?? name;
    if (serverName !== undefined) conn.sni = serverName;
  } else if (protocol !== 'tcp') {
    const host =
      hostOption ?? (name !== undefined ? (dest.port === 80 ? name : `${name}:${dest.port}`) : undefined);
    if (host !== undefined) conn.host = host;
    if (v['--path'] !== undefined) conn.path = v['--path'];
  }
  return conn;
}

function describeEntry(e: AppendMatch): string {
  return `${e.type} ${e.value}${e.port !== undefined ? ` port ${e.port}` : ' (all ports)'} ${e.protocol ?? ''}`.trim();
}

export const passthroughCommand: Command = {
  name: 'passthrough',
  summary: "would a dataplane's sidecar let a connection leave the mesh (MeshPassthrough)",
  usage: USAGE,
  async run(argv, io: CliIO) {
    const args = parseArgs(argv);
    if (typeof args === 'string') {
      io.stderr(`mesh-policy passthrough: ${escapeText(args)}\n\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    const semantics = args.values['--semantics'] ?? 'documented';
    if (semantics !== 'documented' && semantics !== 'kuma-2.8') {
      io.stderr(`mesh-policy passthrough: --semantics must be documented or kuma-2.8\n`);
      return EXIT_USAGE;
    }
    const conn = buildConnection(args);
    if (typeof conn === 'string') {
      io.stderr(`mesh-policy passthrough: ${escapeText(conn)}\n`);
      return EXIT_USAGE;
    }
    const maxBytes = parseMaxBytes(args.values['--max-bytes']);
    if (typeof maxBytes === 'string') {
      io.stderr(`mesh-policy passthrough: ${escapeText(maxBytes)}\n\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    const loaded = await loadPaths(args.paths, { maxBytes });
    if (loaded.unreadable.length > 0) {
      for (const u of loaded.unreadable) io.stderr(`mesh-policy passthrough: ${displayUnreadable(u)}\n`);
      return EXIT_USAGE;
    }
    for (const issue of loaded.issues) io.stderr(`warning: ${displayIssue(issue)}\n`);
    const dataplane = args.values['--dataplane'] as string;
    const resolved = resolveMeshPassthrough(dataplane, loaded.resources, {
      semantics: semantics as PassthroughSemantics,
    });
    if (resolved === undefined) {
      io.stderr(
        `mesh-policy passthrough: no Dataplane named '${escapeText(dataplane)}' in the given files\n`,
      );
      return EXIT_USAGE;
    }
    const compiled = compilePassthrough(resolved.conf, resolved.compileOptions);
    const explanation = compiled.explain(conn);
    const result = explanation.result;
    const origin = result.entryIndex !== undefined ? resolved.origins[result.entryIndex]?.policy : undefined;
    if (args.json) {
      const report = {
        dataplane,
        semantics,
        connection: conn,
        allowed: result.allowed,
        reason: result.reason,
        ...(result.entry !== undefined ? { entry: result.entry, entryIndex: result.entryIndex } : {}),
        ...(origin !== undefined ? { policy: origin } : {}),
        ...(result.chain !== undefined ? { chain: result.chain } : {}),
        ...(result.httpStatus !== undefined ? { httpStatus: result.httpStatus } : {}),
        policies: resolved.policies,
        mode: compiled.mode,
        issues: compiled.issues,
        warnings: resolved.warnings,
        entries: explanation.entries.map((e) => ({
          ...e,
          ...(resolved.origins[e.index] !== undefined ? { policy: resolved.origins[e.index]?.policy } : {}),
        })),
      };
      io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      const lines: string[] = [];
      const target = `${conn.address}:${conn.port} (${conn.protocol ?? 'tcp'}${conn.sni !== undefined ? `, sni ${conn.sni}` : ''}${conn.host !== undefined ? `, host ${conn.host}` : ''})`;
      lines.push(`${result.allowed ? 'allowed' : 'denied'}: ${dataplane} → ${target}`);
      lines.push(
        `  reason:   ${result.reason}${result.httpStatus !== undefined ? ` (HTTP ${result.httpStatus})` : ''}`,
      );
      if (result.entry !== undefined)
        lines.push(`  entry:    appendMatch[${result.entryIndex}] ${describeEntry(result.entry)}`);
      if (origin !== undefined) lines.push(`  policy:   ${origin.displayName} (mesh ${origin.mesh})`);
      if (result.chain !== undefined) lines.push(`  chain:    ${result.chain}`);
      lines.push(
        `  policies: ${resolved.policies.length === 0 ? '(none — mesh passthrough flag decides)' : resolved.policies.map((p) => p.displayName).join(' < ')}`,
      );
      lines.push(`  mode:     ${compiled.mode}   semantics: ${semantics}`);
      for (const issue of compiled.issues) lines.push(`  issue:    ${displayIssue(issue)}`);
      for (const w of resolved.warnings) lines.push(`  warning:  ${w}`);
      const skipped = explanation.entries.filter((e) => e.outcome === 'skipped');
      if (skipped.length > 0) {
        lines.push('  skipped entries:');
        for (const e of skipped) lines.push(`    [${e.index}] ${describeEntry(e.entry)}: ${e.reason}`);
      }
      io.stdout(`${escapeLines(lines.join('\n'))}\n`);
    }
    return result.allowed ? EXIT_OK : EXIT_FINDINGS;
  },
};
