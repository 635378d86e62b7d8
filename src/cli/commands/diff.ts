import { diffPolicySets } from '../../inspect/index.js';
import { escapeLines, escapeText } from '../escape.js';
import { renderPolicyChanges } from '../render.js';
import {
  CliUsageError,
  LIBRARY_OPTIONS,
  LIBRARY_OPTIONS_HELP,
  libraryOptions,
  loadCommandInputs,
  maxBytesOption,
  parseCommandArgs,
  progressReporter,
  runWithUsage,
  toJson,
} from '../render-cli.js';
import { type Command, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../types.js';

const usage = `Usage: mesh-policy diff --before <file|dir>... --after <file|dir>... [options]

Answers "which proxies does this change affect?": for every dataplane of either input, the
effective values that change (policy type, inbound / outbound / client subset, field path, old and
new value). --before and --after may be repeated; further paths after one of them belong to it.

Options:
  --before <path>              the current policy set (repeatable)
  --after <path>               the proposed policy set (repeatable)
${LIBRARY_OPTIONS_HELP}

Exit codes: 0 nothing changes; 1 some dataplane's effective configuration changes; 2 usage error
or invalid documents in either input (the comparison would not be reliable).`;

/** Splits `--before a b --after c` into the two path lists (positionals follow the last flag). */
function splitSides(args: readonly string[]): { rest: string[]; before: string[]; after: string[] } {
  const rest: string[] = [];
  const before: string[] = [];
  const after: string[] = [];
  let side: string[] | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--before' || a === '--after') {
      side = a === '--before' ? before : after;
      const v = args[i + 1];
      if (v === undefined || v.startsWith('--')) throw new CliUsageError(`${a} needs a path`);
      side.push(v);
      i++;
    } else if (a.startsWith('--before=')) {
      side = before;
      before.push(a.slice('--before='.length));
    } else if (a.startsWith('--after=')) {
      side = after;
      after.push(a.slice('--after='.length));
    } else if (a.startsWith('-')) {
      side = undefined;
      rest.push(a);
    } else if (side !== undefined) side.push(a);
    else rest.push(a);
  }
  return { rest, before, after };
}

/** `mesh-policy diff`: which dataplanes change between two policy sets; exit 1 when any does. */
export const diffCommand: Command = {
  name: 'diff',
  summary: 'which dataplanes change between two policy sets (exit 1 when any does)',
  usage,
  run: (args, io) =>
    runWithUsage(io, usage, async () => {
      const { rest, before, after } = splitSides(args);
      const { values, positionals } = parseCommandArgs(rest, LIBRARY_OPTIONS);
      if (positionals.length > 0)
        throw new CliUsageError(
          `unexpected argument "${escapeText(positionals[0] ?? '')}" (give paths after --before or --after)`,
        );
      if (before.length === 0 || after.length === 0)
        throw new CliUsageError('both --before and --after are required');
      const opts = libraryOptions(values);
      const maxBytes = maxBytesOption(values);
      const a = await loadCommandInputs(before, io, '--before', maxBytes);
      const b = await loadCommandInputs(after, io, '--after', maxBytes);
      if (a.issues.length > 0 || b.issues.length > 0) {
        io.stderr('mesh-policy diff: invalid documents (listed above): fix them before comparing\n');
        return EXIT_USAGE;
      }
      const progress = progressReporter(io, 'comparing');
      const changes = diffPolicySets(a.resources, b.resources, { ...opts, onProgress: progress.onProgress });
      progress.done();
      if (values.json === true) io.stdout(toJson(changes));
      else io.stdout(escapeLines(renderPolicyChanges(changes)));
      return changes.length > 0 ? EXIT_FINDINGS : EXIT_OK;
    }),
};
