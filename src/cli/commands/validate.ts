import { type Command, EXIT_USAGE } from '../types.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'not implemented yet',
  usage: 'mesh-policy validate',
  async run(_args, io) {
    io.stderr('mesh-policy validate: not implemented yet\n');
    return EXIT_USAGE;
  },
};
