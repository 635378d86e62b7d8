import { z } from 'zod';
import { PbBytes as bytes, pbMessage as message, PbTags } from './protojson.js';

const string = z.string();
const boolean = z.boolean();

/** `system.v1alpha1.DataSource` (a oneof: secret, file, inline (base64), inlineString). */
const DataSource = message({ secret: string, file: string, inline: bytes, inlineString: string });

/**
 * `ExternalService.Networking` (Kuma 2.8.8 `api/mesh/v1alpha1/externalservice.proto`), read as
 * protobuf JSON like the legacy policies (`null` fields unset, proto names accepted). `address` is
 * checked by admission (Kuma's messages), so zod lets a missing one through.
 */
export const ExternalServiceNetworking = message({
  address: string,
  tls: message({
    enabled: boolean,
    ca_cert: DataSource,
    client_cert: DataSource,
    client_key: DataSource,
    allowRenegotiation: boolean,
    server_name: string,
    skipHostnameVerification: boolean,
  }),
  disableHostDNSEntry: boolean,
});
export type ExternalServiceNetworking = z.infer<typeof ExternalServiceNetworking>;

/**
 * The fields of a legacy ExternalService besides its metadata (Universal form). Both are optional
 * here: Kuma's validator reports a missing `networking` or service tag in its own words.
 */
export const ExternalServiceFields = {
  networking: ExternalServiceNetworking.nullish().transform((n) => n ?? undefined),
  tags: PbTags.nullish().transform((t) => t ?? undefined),
};
