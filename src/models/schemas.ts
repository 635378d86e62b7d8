import { z } from 'zod';
import { LEGACY_POLICY_TYPES } from './legacy.js';
import { TARGET_REF_POLICY_TYPES } from './policy.js';
import { KNOWN_RESOURCE_TYPES, universalResourceSchema } from './resource.js';

/** Every resource type `parseResource` accepts, sorted. */
export const RESOURCE_TYPES: readonly string[] = [
  ...KNOWN_RESOURCE_TYPES,
  ...LEGACY_POLICY_TYPES,
  ...TARGET_REF_POLICY_TYPES,
].sort();

/** The zod schema of every resource type (Universal form), keyed by type. */
export function resourceSchemas(): Record<string, z.ZodType> {
  const out: Record<string, z.ZodType> = {};
  for (const type of RESOURCE_TYPES) {
    const schema = universalResourceSchema(type);
    if (schema !== undefined) out[type] = schema;
  }
  return out;
}

/**
 * JSON Schema (draft 2020-12) of every resource type in Universal form, generated from the zod
 * schemas with zod 4's `toJSONSchema`. It describes the accepted *input* (a scalar accepted where a
 * string is expected shows as such); `type` is pinned to the resource type.
 */
export function resourceJsonSchemas(): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [type, schema] of Object.entries(resourceSchemas())) {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    const properties = json.properties as Record<string, unknown> | undefined;
    if (properties !== undefined) {
      properties.type = { const: type };
      // YAML parsers may produce dates for unquoted timestamps; the file itself holds a string.
      for (const key of ['creationTime', 'modificationTime'])
        if (key in properties) properties[key] = { type: 'string', format: 'date-time' };
    }
    out[type] = { ...json, title: type };
  }
  return out;
}
