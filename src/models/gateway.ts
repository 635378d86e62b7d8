/**
 * The MeshGateway resource (Kuma 2.8.8 `api/mesh/v1alpha1/gateway.proto`), as protobuf-JSON types
 * (built from ./protojson.ts).
 * Kuma's rules on the values are admission checks: src/models/admission/meshgateway.ts.
 */
import { z } from 'zod';
import { PbBytes, PbSelector, PbTags, PbUint32, pbEnum, pbMessage, pbOpt, pbZero } from './protojson.js';

/** `kuma.system.v1alpha1.DataSource`: a oneof of `secret`, `file`, `inline` (base64), `inlineString`. */
const DataSource = z
  .strictObject({
    secret: pbOpt(z.string()),
    file: pbOpt(z.string()),
    inline: pbOpt(PbBytes),
    inlineString: pbOpt(z.string()),
  })
  .superRefine((d, ctx) => {
    const set = (['secret', 'file', 'inline', 'inlineString'] as const).filter((k) => d[k] !== undefined);
    for (const k of set.slice(1))
      ctx.addIssue({ code: 'custom', path: [k], message: `only one of ${set.join(', ')} may be set` });
  });

const GatewayTLS = z.strictObject({
  mode: pbOpt(pbEnum({ NONE: 0, TERMINATE: 1, PASSTHROUGH: 2 })),
  certificates: pbOpt(z.array(DataSource)),
  options: pbOpt(z.strictObject({})),
});

/** `Listener.Resources` (`connection_limit` is also taken as `connectionLimit`). */
const ListenerResources = pbMessage({ connection_limit: PbUint32 }, { bothNames: 'error' });

export const GatewayListener = z.strictObject({
  port: pbZero(PbUint32, () => 0),
  protocol: pbOpt(pbEnum({ NONE: 0, TCP: 1, TLS: 3, HTTP: 4, HTTPS: 5 })),
  hostname: pbOpt(z.string()),
  tags: pbOpt(PbTags),
  tls: pbOpt(GatewayTLS),
  crossMesh: pbOpt(z.boolean()),
  resources: pbOpt(ListenerResources),
});
export type GatewayListener = z.infer<typeof GatewayListener>;

export const MeshGatewayConf = z.strictObject({
  listeners: pbZero(z.array(GatewayListener), () => []),
});
export type MeshGatewayConf = z.infer<typeof MeshGatewayConf>;

/**
 * The fields of a MeshGateway besides its metadata (Universal form). `conf` may be absent here so
 * the admission check can report it as Kuma does (`conf: cannot be empty`).
 */
export const MeshGatewaySpec = z.strictObject({
  selectors: pbZero(z.array(PbSelector), () => []),
  tags: pbOpt(PbTags),
  conf: pbOpt(MeshGatewayConf),
});
/** A MeshGateway's fields as the loader returns them: Kuma rejects one without `conf`. */
export type MeshGatewaySpec = Omit<z.infer<typeof MeshGatewaySpec>, 'conf'> & { conf: MeshGatewayConf };
