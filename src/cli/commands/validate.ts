import { parseArgs } from 'node:util';
import { formatIssue, type LoadIssue, resourceSetIssues } from '../../models/index.js';
import { loadPaths } from '../files.js';
import { type CliIO, type Command, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../types.js';

const USAGE = `Usage: mesh-policy validate <file|dir>... [--strict] [--namespace <ns>] [--allow-duplicate-keys] [--json]

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

Options:
  --strict                warnings also make the exit code 1
  --namespace <ns>        namespace of Kubernetes documents that name none (default "default")
  --allow-duplicate-keys  read repeated keys as Kuma does (the last value wins), without an issue
  --json                  machine-readable output on stdout
  -h, --help

Exit codes: 0 no errors (and, with --strict, no warnings); 1 some document has errors (or
warnings with --strict); 2 usage error or unreadable path.`;

/** One issue line: warnings are marked, errors are not. */
function issueLine(issue: LoadIssue): string {
  // Syntax errors already name their line (and column) in the message.
  const located = issue.line !== undefined && !/\(line \d+/.test(issue.message);
  const text = located ? `${formatIssue(issue)} (line ${issue.line})` : formatIssue(issue);
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
      values: { json?: boolean; strict?: boolean; namespace?: string; 'allow-duplicate-keys'?: boolean };
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
        },
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      io.stderr(
        `mesh-policy validate: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`,
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
    const loaded = await loadPaths(paths, {
      lines: true,
      uniqueKeys: parsed.values['allow-duplicate-keys'] !== true,
      ...(namespace !== undefined ? { namespace } : {}),
    });
    for (const u of loaded.unreadable)
      io.stderr(`mesh-policy validate: cannot read ${u.path}: ${u.message}\n`);
    const issues = [...loaded.issues, ...resourceSetIssues(loaded.resources, loaded.places)];
    const errors = issues.filter((i) => i.severity === 'error').length;
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
          resources: loaded.resourcesPerFile[f] ?? 0,
          errors: issues.filter((i) => i.source === f && i.severity === 'error').length,
          warnings: issues.filter((i) => i.source === f && i.severity === 'warning').length,
        })),
        resources: loaded.resources.length,
        byType: Object.fromEntries(sortedTypes.map((t) => [t, byType[t]])),
        errors,
        warnings,
        issues,
        unreadable: loaded.unreadable,
      };
      io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      return code;
    }

    const out: string[] = [];
    const withErrors = new Set(issues.filter((i) => i.severity === 'error').map((i) => i.source));
    const withWarnings = new Set(issues.filter((i) => i.severity === 'warning').map((i) => i.source));
    for (const file of loaded.files) {
      const n = loaded.resourcesPerFile[file] ?? 0;
      const tag = withErrors.has(file) ? 'FAIL' : withWarnings.has(file) ? 'warn' : 'ok  ';
      out.push(`${tag} ${file} (${plural(n, 'resource')})`);
    }
    if (issues.length > 0) {
      out.push('', 'Issues:');
      for (const issue of issues) out.push(issueLine(issue));
    }
    if (sortedTypes.length > 0) {
      const width = Math.max(...sortedTypes.map((t) => t.length));
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
