import { parseArgs } from 'node:util';
import { formatIssue } from '../../models/index.js';
import { loadPaths } from '../files.js';
import { type CliIO, type Command, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../types.js';

const USAGE = `Usage: mesh-policy validate <file|dir>... [--allow-duplicate-keys] [--json]

Validates Kuma / Kong Mesh resources (Universal or Kubernetes form) and Kong RBAC documents in
.yaml, .yml and .json files (directories are read recursively). Each problem is printed as
  file:document: path: message (line N)
where document is the 0-based index of the document in a multi-document file and N the line
of the offending value (or of its nearest parent) in the file.

A mapping key written twice is an issue: Kuma and kubectl keep the last value without a word,
which hides mistakes.

Options:
  --allow-duplicate-keys  read repeated keys as Kuma does (the last value wins), without an issue
  --json                  machine-readable output on stdout
  -h, --help

Exit codes: 0 every document is valid; 1 some document has issues; 2 usage error or unreadable path.`;

/** `mesh-policy validate`: schema validation of every document, with a per-type summary. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'validate resource files (Universal or Kubernetes form) and summarise them',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    let parsed: { values: { json?: boolean; 'allow-duplicate-keys'?: boolean }; positionals: string[] };
    try {
      parsed = parseArgs({
        args,
        options: { json: { type: 'boolean' }, 'allow-duplicate-keys': { type: 'boolean' } },
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
    const loaded = await loadPaths(paths, {
      lines: true,
      uniqueKeys: parsed.values['allow-duplicate-keys'] !== true,
    });
    for (const u of loaded.unreadable)
      io.stderr(`mesh-policy validate: cannot read ${u.path}: ${u.message}\n`);
    const byType: Record<string, number> = {};
    for (const r of loaded.resources) byType[r.type] = (byType[r.type] ?? 0) + 1;
    const sortedTypes = Object.keys(byType).sort();
    const code =
      loaded.unreadable.length > 0 ? EXIT_USAGE : loaded.issues.length > 0 ? EXIT_FINDINGS : EXIT_OK;

    if (parsed.values.json === true) {
      const report = {
        ok: code === EXIT_OK,
        files: loaded.files.map((f) => ({
          file: f,
          resources: loaded.resourcesPerFile[f] ?? 0,
          issues: loaded.issues.filter((i) => i.source === f).length,
        })),
        resources: loaded.resources.length,
        byType: Object.fromEntries(sortedTypes.map((t) => [t, byType[t]])),
        issues: loaded.issues,
        unreadable: loaded.unreadable,
      };
      io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      return code;
    }

    const out: string[] = [];
    const withIssues = new Set(loaded.issues.map((i) => i.source));
    for (const file of loaded.files) {
      const n = loaded.resourcesPerFile[file] ?? 0;
      const tag = withIssues.has(file) ? 'FAIL' : 'ok  ';
      out.push(`${tag} ${file} (${n} resource${n === 1 ? '' : 's'})`);
    }
    if (loaded.issues.length > 0) {
      out.push('', 'Issues:');
      for (const issue of loaded.issues) {
        // Syntax errors already name their line (and column) in the message.
        const located = issue.line !== undefined && !/\(line \d+/.test(issue.message);
        out.push(located ? `${formatIssue(issue)} (line ${issue.line})` : formatIssue(issue));
      }
    }
    if (sortedTypes.length > 0) {
      const width = Math.max(...sortedTypes.map((t) => t.length));
      out.push('', 'Resources by type:');
      for (const t of sortedTypes) out.push(`  ${t.padEnd(width)}  ${byType[t]}`);
    }
    const fileCount = loaded.files.length;
    const issueCount = loaded.issues.length;
    out.push(
      '',
      `${fileCount} file${fileCount === 1 ? '' : 's'}, ${loaded.resources.length} valid resource${loaded.resources.length === 1 ? '' : 's'}, ${issueCount} issue${issueCount === 1 ? '' : 's'}${loaded.unreadable.length > 0 ? `, ${loaded.unreadable.length} unreadable path${loaded.unreadable.length === 1 ? '' : 's'}` : ''}`,
    );
    io.stdout(`${out.join('\n')}\n`);
    return code;
  },
};
