/**
 * Native Envoy values in Kuma resources: MeshProxyPatch modification values and ProxyTemplate raw
 * resources. Kuma 2.8.8 `pkg/core/resources/apis/mesh/validators.go` (`ValidateResourceYAML`,
 * `ValidateResourceYAMLPatch`) converts the YAML to JSON (or, when that fails, reads the text as
 * JSON), decodes the first JSON value with the legacy `jsonpb` unmarshaler (unknown fields allowed)
 * into the Envoy message, and for a resource to add also runs the message's generated
 * `Validate()`. Without Envoy's descriptors this port checks the parts that do not depend on them:
 * the JSON syntax (Go's messages), that the value is an object, the type of the leading `name` (and
 * a VirtualHost's `domains`) and the `Validate()` rules on those fields.
 */
import { parseAllDocuments } from 'yaml';
import {
  firstJsonValue,
  type GoJsonDecoded,
  goJsonKind,
  unmarshalTypeError,
} from '../../internal/go-json.js';
import { goQuote } from '../../internal/go-strconv.js';

/** The Envoy messages native values decode into. */
export type EnvoyResourceType = 'Cluster' | 'Listener' | 'VirtualHost' | 'Filter' | 'HttpFilter';

/**
 * Kuma's verdict on a native Envoy value (without the `native Envoy resource is not valid: `
 * prefix), or undefined when it is accepted. `validate` runs the message's validation rules, as
 * Kuma does for a resource to add (not for a patch).
 */
export function checkEnvoyResource(
  text: string,
  type: EnvoyResourceType,
  opts: { validate: boolean },
): string | undefined {
  const decoded = envoyJson(text);
  if (!decoded.ok) return decoded.error;
  const json = decoded.value;
  // A top-level null leaves the message empty.
  if (json !== null) {
    if (typeof json !== 'object' || Array.isArray(json))
      return unmarshalTypeError(goJsonKind(json), 'map[string]json.RawMessage');
    const obj = json as Readonly<Record<string, unknown>>;
    const nameError = stringFieldError(field(obj, 'name'));
    if (nameError !== undefined) return nameError;
    if (type === 'VirtualHost') {
      const domains = field(obj, 'domains');
      if (domains !== undefined && domains !== null) {
        if (!Array.isArray(domains)) return unmarshalTypeError(goJsonKind(domains), '[]json.RawMessage');
        for (const d of domains) {
          const error = stringFieldError(d);
          if (error !== undefined) return error;
        }
      }
    }
  }
  return opts.validate ? validateEnvoyMessage(type, json) : undefined;
}

/** The generated `Validate()` rules of the fields this port reads (first failure only, as Kuma). */
function validateEnvoyMessage(type: EnvoyResourceType, json: unknown): string | undefined {
  if (type === 'Listener') return undefined;
  const obj = json !== null && typeof json === 'object' ? (json as Readonly<Record<string, unknown>>) : {};
  const name = field(obj, 'name');
  if (typeof name !== 'string' || name === '')
    return `invalid ${type}.Name: value length must be at least 1 runes`;
  if (type !== 'VirtualHost') return undefined;
  const raw = field(obj, 'domains');
  const domains = Array.isArray(raw) ? raw : [];
  if (domains.length === 0) return 'invalid VirtualHost.Domains: value must contain at least 1 item(s)';
  for (let i = 0; i < domains.length; i++) {
    const d = domains[i];
    if (typeof d === 'string' && /[\0\n\r]/.test(d))
      return `invalid VirtualHost.Domains[${i}]: value does not match regex pattern "^[^\\x00\\n\\r]*$"`;
  }
  return undefined;
}

/** A proto field read from JSON: its JSON name wins over the original name (both `name` here). */
function field(obj: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** `json.Unmarshal` of a field value into a Go string (null leaves the field unset). */
function stringFieldError(value: unknown): string | undefined {
  if (value === undefined || value === null || typeof value === 'string') return undefined;
  return unmarshalTypeError(goJsonKind(value), 'string');
}

/**
 * The JSON value Kuma decodes from a native Envoy value: the YAML (1.1, first document) as JSON,
 * or, when it is not valid YAML, the first JSON value of the text as Go's `json.Decoder` reads it.
 */
function envoyJson(text: string): GoJsonDecoded {
  const yaml = yamlValue(text);
  if (yaml.ok) return yaml;
  return firstJsonValue(text);
}

function yamlValue(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    const docs = parseAllDocuments(text, {
      version: '1.1',
      // Go's YAML decoder keeps timestamps as strings when it decodes into an untyped value.
      customTags: (tags) =>
        tags.filter((t) =>
          typeof t === 'string' ? t !== 'timestamp' : t.tag !== 'tag:yaml.org,2002:timestamp',
        ),
    });
    if (!Array.isArray(docs)) return { ok: true, value: null }; // empty stream
    const doc = docs[0];
    if (doc === undefined) return { ok: true, value: null };
    if (doc.errors.length > 0) return { ok: false };
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) as unknown };
  } catch {
    return { ok: false };
  }
}

const CLUSTER_URL = 'type.googleapis.com/envoy.config.cluster.v3.Cluster';
/** What jsonpb says about a `name` that is not a string. */
const NAME_TYPE = /^json: cannot unmarshal \w+ into Go value of type string$/;

/**
 * The error Kuma reports for a raw ProxyTemplate resource (`conf.resources[].resource`, without
 * Kuma's `native Envoy resource is not valid: `): Kuma 2.8.8 `pkg/util/envoy/raw.go`
 * (`ResourceFromYaml`) reads the text like a MeshProxyPatch value, as a `google.protobuf.Any`, then
 * validates the message it names. Reproduced: the reading, `@type`, and the `name` rule of a
 * Cluster; the other Envoy messages' rules (and whether `@type` names a known message) are not.
 */
export function envoyAnyError(text: string): string | undefined {
  // A Listener without validation: the reading and the object check, nothing else but `name`.
  const reading = checkEnvoyResource(text, 'Listener', { validate: false });
  if (reading !== undefined && !NAME_TYPE.test(reading)) return reading;
  const decoded = envoyJson(text);
  const value = decoded.ok ? decoded.value : undefined;
  if (value === null) return 'proto: invalid empty type URL';
  if (value === undefined || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const any = value as Readonly<Record<string, unknown>>;
  const type = Object.hasOwn(any, '@type') ? any['@type'] : undefined;
  if (type === undefined) return "Any JSON doesn't have '@type'";
  if (typeof type !== 'string') return `can't unmarshal Any's '@type': ${goQuote(JSON.stringify(type))}`;
  if (type !== CLUSTER_URL) return undefined;
  if (reading !== undefined) return `can't unmarshal Any nested proto ${type}: ${reading}`;
  const name = Object.hasOwn(any, 'name') ? any.name : undefined;
  if (typeof name !== 'string' || name === '')
    return 'invalid Cluster.Name: value length must be at least 1 runes';
  return undefined;
}
