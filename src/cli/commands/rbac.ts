import { type Command, EXIT_USAGE } from '../types.js';

export const rbacCommand: Command = {
  name: 'rbac',
  summary: 'not implemented yet',
  usage: 'mesh-policy rbac',
  async run(_args, io) {
    io.stderr('mesh-policy rbac: not implemented yet\n');
    return EXIT_USAGE;
  },
};
