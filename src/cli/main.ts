import { diffCommand } from './commands/diff.js';
import { identityCommand } from './commands/identity.js';
import { inspectCommand } from './commands/inspect.js';
import { lintCommand } from './commands/lint.js';
import { passthroughCommand } from './commands/passthrough.js';
import { rbacCommand } from './commands/rbac.js';
import { validateCommand } from './commands/validate.js';
import { escapeText } from './escape.js';
import { type CliIO, type Command, EXIT_OK, EXIT_USAGE } from './types.js';

export const COMMANDS: readonly Command[] = [
  validateCommand,
  inspectCommand,
  lintCommand,
  diffCommand,
  passthroughCommand,
  rbacCommand,
  identityCommand,
];

function help(): string {
  const width = COMMANDS.reduce((w, c) => Math.max(w, c.name.length), 0);
  return [
    'Usage: mesh-policy <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'mesh-policy <command> --help' for a command's options.",
    '',
  ].join('\n');
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr(`mesh-policy: unknown command '${escapeText(name)}'\n\n${help()}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return EXIT_OK;
  }
  return command.run(rest, io);
}
