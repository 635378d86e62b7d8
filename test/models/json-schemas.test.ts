import { describe, expect, it } from 'vitest';
import { RESOURCE_TYPES, resourceJsonSchemas, resourceSchemas } from '../../src/models/index.js';

type Json = Record<string, unknown>;
const at = (schema: unknown, ...keys: string[]): Json => {
  let v = schema as Json;
  for (const k of keys) v = v[k] as Json;
  return v;
};

describe('JSON Schemas', () => {
  const json = resourceJsonSchemas();
  it('exist for every resource type', () => {
    expect(Object.keys(json).sort()).toEqual([...RESOURCE_TYPES]);
    expect(Object.keys(resourceSchemas()).sort()).toEqual([...RESOURCE_TYPES]);
    expect(RESOURCE_TYPES).toContain('MeshPassthrough');
    expect(RESOURCE_TYPES).toContain('TrafficPermission');
    expect(RESOURCE_TYPES).toContain('RbacRole');
  });
  it('pin the type and close the envelope', () => {
    for (const [type, schema] of Object.entries(json)) {
      expect(at(schema, 'properties', 'type')).toEqual({ const: type });
      expect(schema.additionalProperties).toBe(false);
    }
  });
  it('carry the strict conf schemas and enums', () => {
    const timeoutConf = at(
      json.MeshTimeout,
      'properties',
      'spec',
      'properties',
      'to',
      'items',
      'properties',
      'default',
    );
    expect(timeoutConf.additionalProperties).toBe(false);
    expect(Object.keys(at(timeoutConf, 'properties')).sort()).toEqual([
      'connectionTimeout',
      'http',
      'idleTimeout',
    ]);
    const match = at(
      json.MeshPassthrough,
      'properties',
      'spec',
      'properties',
      'default',
      'properties',
      'appendMatch',
      'items',
    );
    expect(at(match, 'properties', 'type', 'enum')).toEqual(['Domain', 'IP', 'CIDR']);
    expect(match.required).toEqual(['type', 'value']);
    const retryConf = at(
      json.MeshRetry,
      'properties',
      'spec',
      'properties',
      'to',
      'items',
      'properties',
      'default',
    );
    expect(retryConf.type).toBe('object');
    expect(retryConf.additionalProperties).toEqual({});
  });
  it('describe timestamps as RFC 3339 strings', () => {
    expect(at(json.TrafficLog, 'properties', 'creationTime')).toEqual({
      type: 'string',
      format: 'date-time',
    });
  });
});
