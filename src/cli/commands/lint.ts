import { lintPolicies } from '../../inspect/index.js';
import { escapeLines } from '../escape.js';
import { renderLintFindings } from '../render.js';
import {
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
import { type Command, EXIT_FINDINGS, EXIT_OK } from '../types.js';

const usage = `Usage: mesh-policy lint <file|dir>... [--strict] [options]

Finds problems in a policy set against the dataplanes it contains: legacy policies that never win
(and which policy shadows them), targetRef policies that select nothing, to/from entries that are
overridden wherever they apply, rule-explosion risk, MeshPassthrough Domain entries shadowed by a
CIDR on the same port, and policy types that fail for a dataplane.

Options:
  --strict                     also fail on warnings
${LIBRARY_OPTIONS_HELP}

Exit codes: 0 no errors (warnings allowed unless --strict); 1 errors (or warnings with --strict),
including invalid documents; 2 usage error.`;

/** `mesh-policy lint`: findings over a policy set; exit 1 on errors (or warnings with --strict). */
export const lintCommand: Command = {
  name: 'lint',
  summary: 'find shadowed, unused, overridden and risky policies',
  usage,
  run: (args, io) =>
    runWithUsage(io, usage, async () => {
      const { values, positionals } = parseCommandArgs(args, {
        ...LIBRARY_OPTIONS,
        strict: { type: 'boolean' },
      });
      const opts = libraryOptions(values);
      const { resources, issues } = await loadCommandInputs(positionals, io, 'input', maxBytesOption(values));
      const progress = progressReporter(io, 'linting');
      const findings = lintPolicies(resources, { ...opts, onProgress: progress.onProgress });
      progress.done();
      if (values.json === true) io.stdout(toJson({ findings, invalidDocuments: issues }));
      else io.stdout(escapeLines(renderLintFindings(findings)));
      const errors = findings.some((f) => f.severity === 'error') || issues.length > 0;
      const warnings = findings.some((f) => f.severity === 'warning');
      return errors || (values.strict === true && warnings) ? EXIT_FINDINGS : EXIT_OK;
    }),
};
