import { describe, expect, it } from 'vitest';
import {
  POLICY_SECTIONS,
  RESOURCE_TYPES,
  resourceJsonSchemas,
  resourceSchemas,
  TARGET_REF_POLICY_TYPES,
} from '../../src/models/index.js';

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
    // The match type and protocol are Kuma admission checks; the schema fixes the fields only.
    expect(match.additionalProperties).toBe(false);
    expect(Object.keys(at(match, 'properties')).sort()).toEqual(['port', 'protocol', 'type', 'value']);
    expect(
      at(
        json.MeshPassthrough,
        'properties',
        'spec',
        'properties',
        'default',
        'properties',
        'passthroughMode',
        'enum',
      ),
    ).toEqual(['All', 'Matched', 'None']);
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
    expect(retryConf.additionalProperties).toBe(false);
    expect(Object.keys(at(retryConf, 'properties')).sort()).toEqual(['grpc', 'http', 'tcp']);
  });
  it('close the conf of every targetRef kind (confs are strict Go types)', () => {
    for (const type of TARGET_REF_POLICY_TYPES) {
      const spec = at(json[type], 'properties', 'spec', 'properties');
      const sections = POLICY_SECTIONS[type];
      const confs: Json[] = [];
      if (sections.single) confs.push(at(spec, 'default'));
      for (const section of ['to', 'from'] as const) {
        if (!sections[section]) {
          expect(spec[section], `${type}.${section}`).toBeUndefined();
          continue;
        }
        const item = at(spec, section, 'items', 'properties');
        confs.push(
          item.rules !== undefined
            ? at(item, 'rules', 'items', 'properties', 'default')
            : at(item, 'default'),
        );
      }
      expect(confs.length, type).toBeGreaterThan(0);
      for (const conf of confs) {
        expect(conf.type, type).toBe('object');
        expect(conf.additionalProperties, type).toBe(false);
      }
    }
  });
  it('describe timestamps as RFC 3339 strings', () => {
    expect(at(json.TrafficLog, 'properties', 'creationTime')).toEqual({
      type: 'string',
      format: 'date-time',
    });
  });
});
