import { type Command, EXIT_USAGE } from '../types.js';

export const lintCommand: Command = {
  name: 'lint',
  summary: 'not implemented yet',
  usage: 'mesh-policy lint',
  async run(_args, io) {
    io.stderr('mesh-policy lint: not implemented yet\n');
    return EXIT_USAGE;
  },
};
