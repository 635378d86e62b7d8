/** What a command may touch: the CLI is the only module that does I/O, and only through this. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is a terminal (progress output is shown only then). */
  stderrIsTTY: boolean;
  /** Current working directory, for resolving relative paths in messages. */
  cwd: string;
}

/** One `mesh-policy <name>` sub-command. `run` returns the process exit code. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}

/** Exit codes shared by every command. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
