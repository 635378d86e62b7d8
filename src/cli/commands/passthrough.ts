import { type Command, EXIT_USAGE } from '../types.js';

export const passthroughCommand: Command = {
  name: 'passthrough',
  summary: 'not implemented yet',
  usage: 'mesh-policy passthrough',
  async run(_args, io) {
    io.stderr('mesh-policy passthrough: not implemented yet\n');
    return EXIT_USAGE;
  },
};
