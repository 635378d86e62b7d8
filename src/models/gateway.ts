import { z } from 'zod';
import { Selector, Tags } from './common.js';

export const GatewayListener = z.strictObject({
  port: z.number().int().min(1).max(65535),
  protocol: z.enum(['NONE', 'TCP', 'TLS', 'HTTP', 'HTTPS']).optional(),
  hostname: z.string().optional(),
  tags: Tags.optional(),
  tls: z.record(z.string(), z.unknown()).optional(),
  crossMesh: z.boolean().optional(),
  resources: z.record(z.string(), z.unknown()).optional(),
});
export type GatewayListener = z.infer<typeof GatewayListener>;

/** The fields of a MeshGateway besides its metadata (Universal form). */
export const MeshGatewaySpec = z.strictObject({
  selectors: z.array(Selector).min(1),
  tags: Tags.optional(),
  conf: z.strictObject({ listeners: z.array(GatewayListener).min(1) }),
});
export type MeshGatewaySpec = z.infer<typeof MeshGatewaySpec>;
