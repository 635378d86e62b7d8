import { type Command, EXIT_USAGE } from '../types.js';

export const identityCommand: Command = {
  name: 'identity',
  summary: 'not implemented yet',
  usage: 'mesh-policy identity',
  async run(_args, io) {
    io.stderr('mesh-policy identity: not implemented yet\n');
    return EXIT_USAGE;
  },
};
