import { type Command, EXIT_USAGE } from '../types.js';

export const diffCommand: Command = {
  name: 'diff',
  summary: 'not implemented yet',
  usage: 'mesh-policy diff',
  async run(_args, io) {
    io.stderr('mesh-policy diff: not implemented yet\n');
    return EXIT_USAGE;
  },
};
