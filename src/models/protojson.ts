/**
 * Protobuf JSON as Kuma 2.8.8 reads it: the zod building blocks of every proto-defined resource
 * (Mesh, Dataplane, MeshGateway, ZoneIngress, ZoneEgress, ExternalService and the legacy policy
 * confs). Internal to the models: not exported by the package.
 *
 * Kuma decodes these specs (Universal REST bodies and the `spec` of the Kubernetes CRDs alike) with
 * `util_proto.FromJSON` (Kuma 2.8.8 `pkg/util/proto/proto.go`), i.e. github.com/golang/protobuf's
 * `jsonpb`: a field may be written with its JSON (lowerCamel) name or its proto (snake_case) name,
 * `null` leaves a field unset (and reads as the zero value inside lists and maps), integers may be
 * quoted, enums take their name or their number, durations are Go duration strings
 * (`time.ParseDuration`: `10s`, `1m30s`, `250ms`), bytes are base64, wrappers (`UInt32Value`, …)
 * are plain values and `google.protobuf.Struct` is any JSON object. Unknown fields are rejected (a
 * project decision: jsonpb itself would drop them). Of two members of a `oneof`, jsonpb keeps the
 * one declared last; the admission checks read them the same way. Ranges and required fields are
 * left to the admission checks (src/models/admission), which report them with Kuma's messages.
 */
import { z } from 'zod';
import { goDurationNanos } from '../internal/go-duration.js';
import { StringLike } from './common.js';

// ---- Fields and messages ----

/**
 * An optional field of a message written as `z.strictObject`: absent and `null` both read as
 * unset (`undefined`). Used for message fields (Go pointers, where unset differs from empty) and
 * scalars alike.
 */
export const pbOpt = <T extends z.ZodType>(schema: T) =>
  schema
    .nullable()
    .transform((v) => v ?? undefined)
    .optional();

/**
 * A field read as its zero value when absent or `null` (`''`, `0`, `[]`, `{}`): for repeated
 * fields, maps, and scalars whose zero value Kuma rejects anyway.
 */
export const pbZero = <T extends z.ZodType>(schema: T, zero: () => z.output<T>) =>
  schema.nullish().transform((v): z.output<T> => v ?? zero());

/** protoc's JSON name of a field (`choice_count` → `choiceCount`). */
export const protoJsonName = (proto: string): string =>
  proto.replace(/_(.)/g, (_, c: string) => c.toUpperCase());

/** `choice_count` → `choiceCount` (protoc's JSON name), at the type level. */
type JsonName<S extends string> = S extends `${infer H}_${infer T}` ? `${H}${Capitalize<JsonName<T>>}` : S;
export type ProtoShape = Record<string, z.ZodType>;
/** The decoded message: every field optional, keyed by its JSON name. */
type ProtoOut<S extends ProtoShape> = { [K in keyof S & string as JsonName<K>]?: z.output<S[K]> };

/**
 * A message given its fields by proto name (`choice_count`). Accepts the JSON name and the proto
 * name of each field, drops `null` fields, and returns the message keyed by JSON names. When both
 * names are written, the JSON name wins, as in jsonpb (`bothNames: 'json-wins'`, the default), or
 * the proto-name key is reported as `set twice (as choice_count and choiceCount)` (`'error'`, a
 * project decision for the Dataplane and MeshGateway fields).
 */
export function pbMessage<S extends ProtoShape>(
  fields: S,
  opts: { bothNames?: 'json-wins' | 'error' } = {},
): z.ZodType<ProtoOut<S>> {
  const shape: Record<string, z.ZodType> = {};
  const aliases = new Map<string, string>();
  for (const [name, schema] of Object.entries(fields)) {
    const json = protoJsonName(name);
    const field = schema.nullable().optional();
    shape[json] = field;
    if (json !== name) {
      shape[name] = field;
      aliases.set(name, json);
    }
  }
  const strict = z.strictObject(shape);
  const checked =
    opts.bothNames === 'error'
      ? strict.superRefine((input, ctx) => {
          for (const [proto, json] of aliases)
            if (input[proto] != null && input[json] != null)
              ctx.addIssue({ code: 'custom', path: [proto], message: `set twice (as ${proto} and ${json})` });
        })
      : strict;
  // jsonpb reads the proto name first, then the JSON name (a `null` there unsets the field).
  const useProtoName =
    opts.bothNames === 'error'
      ? (input: Record<string, unknown>, json: string) => input[json] == null
      : (input: Record<string, unknown>, json: string) => !Object.hasOwn(input, json);
  return checked.transform((input) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(input)) {
      if (v === null || v === undefined) continue;
      const json = aliases.get(k);
      if (json === undefined) out[k] = v;
      else if (useProtoName(input, json)) out[json] = v;
    }
    return out;
  }) as unknown as z.ZodType<ProtoOut<S>>;
}

/** An element (of a repeated field or a map) that reads as `zero` when written as `null`. */
function orZero<T extends z.ZodType, Z extends z.output<T>>(schema: T, zero: Z): z.ZodType<z.output<T>> {
  return schema.nullable().transform((v) => v ?? zero) as unknown as z.ZodType<z.output<T>>;
}

/** A repeated field; `null` elements read as `zero`. */
export function pbList<T extends z.ZodType>(element: T, zero: z.output<T>): z.ZodType<z.output<T>[]> {
  return z.array(orZero(element, zero));
}

/** A `map<string, V>` field; `null` values read as `zero`. */
export function pbMap<T extends z.ZodType>(
  value: T,
  zero: z.output<T>,
): z.ZodType<Record<string, z.output<T>>> {
  return z.record(z.string(), orZero(value, zero));
}

// ---- Scalars ----

const JSON_INT = /^-?(?:0|[1-9]\d*)$/;
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * An integer field in [min, max]: a JSON number, or a quoted one (jsonpb strips the quotes and
 * reads the rest as a JSON number, so `"007"` is not an integer).
 */
export function pbInteger(min: number, max: number): z.ZodType<number> {
  return z.union([z.number(), z.string()], { error: 'must be an integer' }).transform((value, ctx) => {
    const n = typeof value === 'number' ? value : JSON_INT.test(value) ? Number(value) : Number.NaN;
    if (!Number.isInteger(n)) {
      ctx.issues.push({ code: 'custom', message: 'must be an integer', input: value });
      return z.NEVER;
    }
    if (n < min || n > max) {
      ctx.issues.push({ code: 'custom', message: `must be in range [${min}, ${max}]`, input: value });
      return z.NEVER;
    }
    return n;
  });
}

/** `uint32` (and `google.protobuf.UInt32Value`). */
export const PbUint32 = pbInteger(0, 4294967295);
/** `uint64`, within JavaScript's safe integers. */
export const PbUint64 = pbInteger(0, Number.MAX_SAFE_INTEGER);
/** `int32`. */
export const PbInt32 = pbInteger(-2147483648, 2147483647);

const NON_FINITE: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};
const FLOAT32_MAX = 3.4028234663852886e38;

/** A floating-point field: a JSON number, a quoted one, or `"NaN"` / `"Infinity"` / `"-Infinity"`. */
function pbFloat(bits: 32 | 64): z.ZodType<number> {
  return z.union([z.number(), z.string()], { error: 'must be a number' }).transform((value, ctx) => {
    let n: number;
    if (typeof value === 'number') n = value;
    else if (Object.hasOwn(NON_FINITE, value)) return NON_FINITE[value] as number;
    else n = JSON_NUMBER.test(value) ? Number(value) : Number.NaN;
    if (!Number.isFinite(n) || (bits === 32 && Math.abs(n) > FLOAT32_MAX)) {
      ctx.issues.push({
        code: 'custom',
        message: `must be a ${bits}-bit floating-point number`,
        input: value,
      });
      return z.NEVER;
    }
    return n;
  });
}

/** `float` (and `google.protobuf.FloatValue`). */
export const PbFloat = pbFloat(32);
/** `double` (and `google.protobuf.DoubleValue`). */
export const PbDouble = pbFloat(64);

/** A `google.protobuf.Duration`: a Go duration string, kept as written. */
export const PbDuration = z
  .string()
  .refine((s) => goDurationNanos(s) !== undefined, 'must be a duration such as 10s, 1m30s or 250ms');

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** A `bytes` field: standard base64 with padding (line breaks ignored), kept as written. */
export const PbBytes = z
  .string()
  .refine((s) => BASE64.test(s.replace(/[\r\n]/g, '')), 'must be base64-encoded');

/** `google.protobuf.Struct`: any JSON object (Kuma reads it into a typed config later). */
export const PbStruct = z.record(z.string(), z.unknown());

/**
 * An enum field: its value name, or its number as a JSON number (a quoted number is read as a
 * name, so jsonpb rejects it). A known number reads as its name. Proto3 enums are open: with
 * `open`, any other int32 number stays a number, as jsonpb keeps it; without, it is rejected.
 */
export function pbEnum<const T extends Readonly<Record<string, number>>>(
  values: T,
): z.ZodType<keyof T & string>;
export function pbEnum<const T extends Readonly<Record<string, number>>>(
  values: T,
  opts: { open: true },
): z.ZodType<(keyof T & string) | number>;
export function pbEnum<const T extends Readonly<Record<string, number>>>(
  values: T,
  opts: { open?: boolean } = {},
): z.ZodType<(keyof T & string) | number> {
  const names = Object.keys(values) as [keyof T & string, ...(keyof T & string)[]];
  const byNumber = new Map<number, keyof T & string>();
  for (const name of names)
    if (!byNumber.has(values[name] as number)) byNumber.set(values[name] as number, name);
  const open = opts.open === true;
  const message = open
    ? `must be one of ${names.join(', ')} (or the value's number)`
    : `must be one of ${names.map((n) => JSON.stringify(n)).join(', ')}`;
  const number = z
    .number()
    .int()
    .refine((n) => (open ? n >= -2147483648 && n <= 2147483647 : byNumber.has(n)), message);
  return z
    .union([z.enum(names), number], { error: message })
    .transform((v): (keyof T & string) | number => (typeof v === 'number' ? (byNumber.get(v) ?? v) : v));
}

/** The numbers of an enum whose values are declared in order from 0. */
export function pbEnumValues<const N extends readonly string[]>(
  names: N,
): { readonly [K in N[number]]: number } {
  return Object.fromEntries(names.map((name, i) => [name, i])) as { readonly [K in N[number]]: number };
}

// ---- Kuma's common messages ----

/** A tag map (selector `match`, split `destination`): `null` values read as `''`, as in jsonpb. */
export const PbTags = pbMap(StringLike, '');

/** `kuma.mesh.v1alpha1.Selector`; a `null` selector (in a list) reads as the empty one. */
export const PbSelector = z
  .strictObject({ match: pbOpt(PbTags) })
  .nullable()
  .transform((s) => s ?? {});
