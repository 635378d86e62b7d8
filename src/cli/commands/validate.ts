import { parseArgs } from 'node:util';
import { type LoadIssue, resourceSetIssues } from '../../models/index.js';
import { displayIssue, displayPath, displayUnreadable, escapeText } from '../escape.js';
import { loadPaths, maxBytesHelp, parseMaxBytes } from '../files.js';
import { type CliIO, type Command, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../types.js';

const USAGE = `Usage: mesh-policy validate <file|dir>... [--strict] [--namespace <ns>] [--allow-duplicate-keys] [--max-bytes <n>] [--json]

Checks Kuma / Kong Mesh resources (Universal or Kubernetes form) and Kong RBAC documents in
.yaml, .yml and .json files (directories are read recursively) the way Kuma 2.8's admission does:
every rule of Kuma's validators for each kind, with Kuma's paths and messages. A document that
passes is one Kuma would store. Each problem is printed as
  file:document: path: message (line N)
where document is the 0-based index of the document in a multi-document file and N the line
of the offending value (or of its nearest parent) in the file. Warnings (deprecations, a
defaulted namespace, a mesh no Mesh defines) start with "warning:".

Across all the files given: two resources with the same identity (type, mesh and name; on
Kubernetes kind, namespace and name) are an error naming both places, and when the input defines
a Mesh, a resource of another mesh is a warning.

A mapping key written twice is an issue: Kuma and kubectl keep the last value without a word,
which hides mistakes.

Symbolic links to directories are never followed; a symbolic link to a file is read when it
leads to a regular file. FIFOs, devices and sockets are unreadable paths; a file larger than
--max-bytes is an issue and is not read. File names are shown with control characters escaped
(a name with one is double-quoted).

Options:
  --strict                warnings also make the exit code 1
  --namespace <ns>        namespace of Kubernetes documents that name none (default "default")
  --allow-duplicate-keys  read repeated keys as Kuma does (the last value wins), without an issue
${maxBytesHelp(26)}
  --json                  machine-readable output on stdout
  -h, --help

Exit codes: 0 no errors (and, with --strict, no warnings); 1 some document has errors, or a file
is larger than --max-bytes (or warnings with --strict); 2 usage error or unreadable path (missing,
not a regular file, a symbolic link to a directory named on the command line).`;

/** One issue line: warnings are marked, errors are not; the file name and text are escaped. */
function issueLine(issue: LoadIssue): string {
  // Syntax errors already name their line (and column) in the message.
  const located = issue.line !== undefined && !/\(line \d+/.test(issue.message);
  const text = located ? `${displayIssue(issue)} (line ${issue.line})` : displayIssue(issue);
  return issue.severity === 'warning' ? `warning: ${text}` : text;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `mesh-policy validate`: Kuma's admission checks on every document, with a per-type summary. */
export const validateCommand: Command = {
  name: 'validate',
  summary: "check resource files as Kuma's admission would (Universal or Kubernetes form)",
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    let parsed: {
      values: {
        json?: boolean;
        strict?: boolean;
        namespace?: string;
        'allow-duplicate-keys'?: boolean;
        'max-bytes'?: string;
      };
      positionals: string[];
    };
    try {
      parsed = parseArgs({
        args,
        options: {
          json: { type: 'boolean' },
          strict: { type: 'boolean' },
          namespace: { type: 'string' },
          'allow-duplicate-keys': { type: 'boolean' },
          'max-bytes': { type: 'string' },
        },
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      io.stderr(
        `mesh-policy validate: ${escapeText(error instanceof Error ? error.message : String(error))}\n\n${USAGE}\n`,
      );
      return EXIT_USAGE;
    }
    const paths = parsed.positionals;
    if (paths.length === 0) {
      io.stderr(`mesh-policy validate: no file or directory given\n\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    const namespace = parsed.values.namespace;
    if (namespace !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace)) {
      io.stderr(`mesh-policy validate: --namespace must be a Kubernetes namespace name (RFC 1123 label)\n`);
      return EXIT_USAGE;
    }
    const maxBytes = parseMaxBytes(parsed.values['max-bytes']);
    if (typeof maxBytes === 'string') {
      io.stderr(`mesh-policy validate: ${escapeText(maxBytes)}\n\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    const loaded = await loadPaths(paths, {
      lines: true,
      maxBytes,
      uniqueKeys: parsed.values['allow-duplicate-keys'] !== true,
      ...(namespace !== undefined ? { namespace } : {}),
    });
    for (const s of loaded.skipped)
      io.stderr(`mesh-policy validate: not followed: ${displayPath(s.path)} (${escapeText(s.message)})\n`);
    for (const u of loaded.unreadable) io.stderr(`mesh-policy validate: ${displayUnreadable(u)}\n`);
    const issues: LoadIssue[] = loaded.issues;
    for (const i of resourceSetIssues(loaded.resources, loaded.places)) issues.push(i);
    // Counts per file in one pass (a filter per file would be quadratic in files × issues).
    const perFile = new Map<string, { errors: number; warnings: number }>();
    let errors = 0;
    for (const i of issues) {
      if (i.severity === 'error') errors++;
      if (i.source === undefined) continue;
      const counts = perFile.get(i.source) ?? { errors: 0, warnings: 0 };
      if (i.severity === 'error') counts.errors++;
      else counts.warnings++;
      perFile.set(i.source, counts);
    }
    const warnings = issues.length - errors;
    const byType: Record<string, number> = {};
    for (const r of loaded.resources) byType[r.type] = (byType[r.type] ?? 0) + 1;
    const sortedTypes = Object.keys(byType).sort();
    const failing = errors > 0 || (parsed.values.strict === true && warnings > 0);
    const code = loaded.unreadable.length > 0 ? EXIT_USAGE : failing ? EXIT_FINDINGS : EXIT_OK;

    if (parsed.values.json === true) {
      const report = {
        ok: code === EXIT_OK,
        files: loaded.files.map((f) => ({
          file: f,
          resources: loaded.resourcesPerFile.get(f) ?? 0,
          errors: perFile.get(f)?.errors ?? 0,
          warnings: perFile.get(f)?.warnings ?? 0,
        })),
        resources: loaded.resources.length,
        byType: Object.fromEntries(sortedTypes.map((t) => [t, byType[t]])),
        errors,
        warnings,
        issues,
        unreadable: loaded.unreadable,
        skipped: loaded.skipped,
      };
      io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      return code;
    }

    const out: string[] = [];
    for (const file of loaded.files) {
      const n = loaded.resourcesPerFile.get(file) ?? 0;
      const counts = perFile.get(file);
      const tag = (counts?.errors ?? 0) > 0 ? 'FAIL' : (counts?.warnings ?? 0) > 0 ? 'warn' : 'ok  ';
      out.push(`${tag} ${displayPath(file)} (${plural(n, 'resource')})`);
    }
    if (issues.length > 0) {
      out.push('', 'Issues:');
      for (const issue of issues) out.push(issueLine(issue));
    }
    if (sortedTypes.length > 0) {
      const width = sortedTypes.reduce((w, t) => Math.max(w, t.length), 0);
      out.push('', 'Resources by type:');
      for (const t of sortedTypes) out.push(`  ${t.padEnd(width)}  ${byType[t]}`);
    }
    out.push(
      '',
      `${plural(loaded.files.length, 'file')}, ${plural(loaded.resources.length, 'valid resource')}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')}${loaded.unreadable.length > 0 ? `, ${plural(loaded.unreadable.length, 'unreadable path')}` : ''}`,
    );
    io.stdout(`${out.join('\n')}\n`);
    return code;
  },
};
