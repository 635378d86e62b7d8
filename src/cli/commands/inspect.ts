import { createInspector, type DataplaneReport } from '../../inspect/index.js';
import {
  isLegacyPolicyType,
  isTargetRefPolicyType,
  LEGACY_POLICY_TYPES,
  MeshPolicyError,
  TARGET_REF_POLICY_TYPES,
} from '../../models/index.js';
import { escapeLines } from '../escape.js';
import { renderInspectReport } from '../render.js';
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

const usage = `Usage: mesh-policy inspect <file|dir>... (--dataplane <name> | --all) [options]

Shows everything that applies to a dataplane: per policy type, the selected legacy policy with its
candidates and why, the matched targetRef policies in priority order with their rules and the
effective configuration per inbound, client subset and outbound (with the policy that set each
field), the MeshPassthrough mode and matchers, and warnings.

Options:
  --dataplane <name>           dataplane to inspect (<mesh>/<name> when the name is not unique)
  --all                        inspect every dataplane of the input
  --mesh <mesh>                mesh of the dataplane
  --type <T>                   only this policy type (repeatable; an unknown type is a usage error)
${LIBRARY_OPTIONS_HELP}

Exit codes: 0 report printed; 1 some documents were invalid or a policy type failed for a
dataplane (the rest is still reported); 2 usage error (bad option, unknown --type, unreadable path, unknown dataplane).`;

function failed(reports: readonly DataplaneReport[]): boolean {
  return reports.some((r) => r.types.some((t) => t.kind === 'error'));
}

/** `mesh-policy inspect`: everything that applies to a dataplane, with reasons. */
export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'show every policy that applies to a dataplane, with reasons',
  usage,
  run: (args, io) =>
    runWithUsage(io, usage, async () => {
      const { values, positionals } = parseCommandArgs(args, {
        ...LIBRARY_OPTIONS,
        dataplane: { type: 'string' },
        all: { type: 'boolean' },
        mesh: { type: 'string' },
        type: { type: 'string', multiple: true },
      });
      const name = values.dataplane as string | undefined;
      const all = values.all === true;
      if ((name === undefined) === !all)
        throw new CliUsageError('give exactly one of --dataplane <name> or --all');
      const opts = libraryOptions(values);
      const types = values.type as string[] | undefined;
      if (types !== undefined) {
        // A misspelt type would otherwise filter everything out and print an empty report.
        const unknown = types.filter((t) => !isLegacyPolicyType(t) && !isTargetRefPolicyType(t));
        if (unknown.length > 0)
          throw new CliUsageError(
            `unknown policy type ${unknown.map((t) => `"${t}"`).join(', ')} for --type (known: ${[
              ...LEGACY_POLICY_TYPES,
              ...TARGET_REF_POLICY_TYPES,
            ]
              .sort()
              .join(', ')})`,
          );
        opts.types = types;
      }
      const { resources, issues } = await loadCommandInputs(positionals, io, 'input', maxBytesOption(values));
      const inspector = createInspector(resources, opts);
      let reports: DataplaneReport[];
      if (all) {
        const progress = progressReporter(io, 'inspecting');
        reports = inspector.inspectAll(progress.onProgress);
        progress.done();
      } else {
        try {
          const mesh = values.mesh as string | undefined;
          reports = [inspector.inspect(name!, mesh !== undefined ? { mesh } : {})];
        } catch (error) {
          if (
            error instanceof MeshPolicyError &&
            (error.code === 'NOT_FOUND' || error.code === 'INVALID_INPUT')
          ) {
            io.stderr(`mesh-policy inspect: ${escapeLines(error.message)}\n`);
            return EXIT_USAGE;
          }
          throw error;
        }
      }
      if (values.json === true) io.stdout(toJson(all ? reports : reports[0]));
      else {
        if (reports.length === 0) io.stdout('no dataplanes in the input\n');
        io.stdout(escapeLines(reports.map(renderInspectReport).join(`\n${'='.repeat(78)}\n\n`)));
      }
      return issues.length > 0 || failed(reports) ? EXIT_FINDINGS : EXIT_OK;
    }),
};
