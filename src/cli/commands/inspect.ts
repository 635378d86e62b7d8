import { type Command, EXIT_USAGE } from '../types.js';

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'not implemented yet',
  usage: 'mesh-policy inspect',
  async run(_args, io) {
    io.stderr('mesh-policy inspect: not implemented yet\n');
    return EXIT_USAGE;
  },
};
