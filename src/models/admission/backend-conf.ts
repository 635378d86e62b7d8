/**
 * Backend configs Kuma 2.8.8 reads out of a `google.protobuf.Struct` (`util_proto.ToTyped`,
 * `pkg/util/proto/proto.go`), and the Prometheus metrics backend check Mesh and Dataplane share
 * (`validatePrometheusConfig`, `pkg/core/resources/apis/mesh/mesh_validator.go`).
 */
import { goJsonKind, quoteChar, unmarshalTypeError } from '../../internal/go-json.js';
import { goRegexpError } from '../../internal/go-regexp.js';
import { goQuote } from '../../internal/go-strconv.js';
import type { Path, Violations } from './violations.js';

/** The field types of the backend configs Kuma reads out of a `google.protobuf.Struct`. */
export type ConfField =
  | 'string'
  | 'uint32'
  | 'bool'
  | 'boolValue'
  | 'stringMap'
  | { readonly message: ConfMessage }
  | { readonly list: ConfMessage }
  | { readonly enum: string; readonly values: readonly string[] };
/** A config message: its fields in declaration order (JSON names). */
export type ConfMessage = Readonly<Record<string, ConfField>>;

/** Reads an integer field as Go's `encoding/json` does after jsonpb strips quotes. */
function readUint32(value: unknown): { ok: true; value: number } | { ok: false; error: string } {
  let raw = value;
  if (typeof raw === 'string') {
    // jsonpb strips the quotes of a quoted number and parses the rest as a JSON literal.
    const text = raw.trim();
    if (!/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(text)) {
      const first = new TextEncoder().encode(text)[0];
      return {
        ok: false,
        error:
          first === undefined
            ? 'unexpected end of JSON input'
            : `invalid character ${quoteChar(first)} looking for beginning of value`,
      };
    }
    raw = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(raw) || (raw as number) > 4294967295)
      return { ok: false, error: unmarshalTypeError(`number ${text}`, 'uint32') };
    return { ok: true, value: raw as number };
  }
  if (typeof raw !== 'number') return { ok: false, error: unmarshalTypeError(goJsonKind(raw), 'uint32') };
  if (!Number.isInteger(raw) || raw < 0 || raw > 4294967295)
    return { ok: false, error: unmarshalTypeError(`number ${String(raw)}`, 'uint32') };
  return { ok: true, value: raw };
}

/**
 * Kuma's `util_proto.ToTyped`: reads a `conf` Struct into a typed config (unknown fields are
 * ignored; `null` leaves a field unset). Returns the typed value, or the Go error text of the first
 * field that does not fit.
 */
export function readConf(
  conf: unknown,
  message: ConfMessage,
): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  if (conf === undefined || conf === null) return { ok: true, value: {} };
  if (typeof conf !== 'object' || Array.isArray(conf))
    return { ok: false, error: unmarshalTypeError(goJsonKind(conf), 'map[string]json.RawMessage') };
  const input = conf as Readonly<Record<string, unknown>>;
  const out: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(message)) {
    if (!Object.hasOwn(input, name)) continue;
    const raw = input[name];
    if (raw === null || raw === undefined) continue;
    const read = readField(raw, type);
    if (!read.ok) return read;
    out[name] = read.value;
  }
  return { ok: true, value: out };
}

function readField(
  raw: unknown,
  type: ConfField,
): { ok: true; value: unknown } | { ok: false; error: string } {
  if (type === 'string')
    return typeof raw === 'string'
      ? { ok: true, value: raw }
      : { ok: false, error: unmarshalTypeError(goJsonKind(raw), 'string') };
  if (type === 'bool' || type === 'boolValue')
    return typeof raw === 'boolean'
      ? { ok: true, value: raw }
      : { ok: false, error: unmarshalTypeError(goJsonKind(raw), 'bool') };
  if (type === 'uint32') return readUint32(raw);
  if (type === 'stringMap') {
    if (typeof raw !== 'object' || Array.isArray(raw))
      return { ok: false, error: unmarshalTypeError(goJsonKind(raw), 'map[string]json.RawMessage') };
    for (const value of Object.values(raw as Record<string, unknown>))
      if (value !== null && typeof value !== 'string')
        return { ok: false, error: unmarshalTypeError(goJsonKind(value), 'string') };
    return { ok: true, value: raw };
  }
  if ('message' in type) return readConf(raw, type.message);
  if ('list' in type) {
    if (!Array.isArray(raw))
      return { ok: false, error: unmarshalTypeError(goJsonKind(raw), '[]json.RawMessage') };
    const items: unknown[] = [];
    for (const item of raw) {
      const read = readConf(item, type.list);
      if (!read.ok) return read;
      items.push(read.value);
    }
    return { ok: true, value: items };
  }
  if (typeof raw === 'string') {
    if (type.values.includes(raw)) return { ok: true, value: raw };
    return { ok: false, error: `unknown value ${goQuote(JSON.stringify(raw))} for enum ${type.enum}` };
  }
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= -(2 ** 31) && raw < 2 ** 31)
    return { ok: true, value: type.values[raw] ?? raw };
  return {
    ok: false,
    error: unmarshalTypeError(
      typeof raw === 'number' ? `number ${String(raw)}` : goJsonKind(raw),
      'protoreflect.EnumNumber',
    ),
  };
}

const PROMETHEUS_CONFIG: ConfMessage = {
  port: 'uint32',
  path: 'string',
  tags: 'stringMap',
  skipMTLS: 'boolValue',
  aggregate: {
    list: { name: 'string', port: 'uint32', path: 'string', enabled: 'boolValue', address: 'string' },
  },
  envoy: { message: { filterRegex: 'string', usedOnly: 'boolValue' } },
  tls: {
    message: {
      mode: {
        enum: 'kuma.mesh.v1alpha1.PrometheusTlsConfig.Mode',
        values: ['activeMTLSBackend', 'providedTLS', 'disabled'],
      },
    },
  },
};

/** Kuma's `validatePrometheusConfig`, reported under `path` (the backend's `conf`). */
export function validatePrometheusConfig(v: Violations, path: Path, conf: unknown): void {
  const read = readConf(conf, PROMETHEUS_CONFIG);
  if (!read.ok) {
    v.add(path, `could not parse config: ${read.error}`);
    return;
  }
  const cfg = read.value as {
    skipMTLS?: boolean;
    tls?: { mode?: string };
    envoy?: { filterRegex?: string };
    aggregate?: { name?: string }[];
  };
  if (cfg.skipMTLS !== undefined && cfg.tls !== undefined) {
    const mode = cfg.tls.mode ?? 'activeMTLSBackend';
    const equal = cfg.skipMTLS ? mode === 'disabled' : mode === 'activeMTLSBackend';
    if (!equal) {
      v.add(path, 'skipMTLS and tls configuration cannot be defined together');
      return;
    }
  }
  const regexError = goRegexpError(cfg.envoy?.filterRegex ?? '');
  if (regexError !== undefined) {
    v.add([...path, 'envoy', 'filterRegex'], `provided regexp isn't correct: ${regexError}`);
    return;
  }
  const used = new Set<string>();
  (cfg.aggregate ?? []).forEach((entry, i) => {
    const name = entry.name ?? '';
    if (used.has(name))
      v.add([...path, 'aggregate', i, 'name'], `duplicate entry: ${name}, values have to be unique`);
    used.add(name);
  });
}
