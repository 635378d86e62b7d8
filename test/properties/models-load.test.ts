/**
 * The loader never throws and never pollutes prototypes, whatever the input: arbitrary strings,
 * arbitrary JSON values (serialised as JSON and as YAML), arbitrary JS values given to
 * safeParseResource. Fixed seed so CI is reproducible.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadResources, safeParseResource } from '../../src/models/index.js';

const seed = Number(process.env.FC_SEED ?? 20261122);
const numRuns = Number(process.env.FC_NUM_RUNS ?? (process.env.CI ? 200 : 1000));
const params = { seed, numRuns };

function noPollution(): void {
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
}

function wellFormed(result: ReturnType<typeof loadResources>): void {
  expect(Array.isArray(result.resources)).toBe(true);
  for (const issue of result.issues) {
    expect(typeof issue.path).toBe('string');
    expect(typeof issue.message).toBe('string');
    expect(issue.message).not.toBe('');
  }
}

// Keys that matter to a YAML/JSON loader beside ordinary ones.
const key = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'type',
    'name',
    'spec',
    'metadata',
    'apiVersion',
    'kind',
  ),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, 0, -1, 1.5, '', 'Dataplane', 'MeshTimeout', 'kuma.io/v1alpha1'),
    fc.string(),
    fc.integer(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  ),
})).value;

describe('loadResources never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        wellFormed(loadResources(text, { source: 's' }));
        noPollution();
      }),
      params,
    );
  });

  it('on YAML-looking text assembled from YAML tokens', () => {
    const token = fc.constantFrom(
      '---\n',
      'type: ',
      'Dataplane',
      'MeshTimeout',
      '\n',
      '  ',
      '- ',
      '&a ',
      '*a',
      '{',
      '}',
      '[',
      ']',
      ': ',
      '"',
      "'",
      '#',
      '__proto__: ',
      '<<: ',
      '!!str ',
      '%YAML 1.2\n',
      '...\n',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (tokens) => {
        wellFormed(loadResources(tokens.join('')));
        noPollution();
      }),
      params,
    );
  });

  it('on arbitrary JSON values, as JSON and as YAML', () => {
    fc.assert(
      fc.property(json, (value) => {
        wellFormed(loadResources(JSON.stringify(value) ?? 'null'));
        wellFormed(loadResources(stringify(value)));
        noPollution();
      }),
      params,
    );
  });

  it('safeParseResource returns a result for any JS value and never mutates it', () => {
    fc.assert(
      fc.property(fc.oneof(json, fc.anything()), (value) => {
        const before = JSON.stringify(value);
        const r = safeParseResource(value);
        expect(typeof r.ok).toBe('boolean');
        expect(JSON.stringify(value)).toBe(before);
        noPollution();
      }),
      params,
    );
  });
});

describe('Kubernetes form round trip', () => {
  it('toUniversal(toKubernetes(r)) keeps the body, and Kubernetes → Universal → Kubernetes is the identity', async () => {
    const { arbResource } = await import('../../src/testing/index.js');
    const { kubernetesScope, toKubernetes, toUniversal } = await import('../../src/models/index.js');
    const body = (r: Record<string, unknown>) => {
      const {
        type: _t,
        mesh: _m,
        name: _n,
        labels: _l,
        creationTime: _c,
        modificationTime: _mt,
        ...rest
      } = r;
      return rest;
    };
    fc.assert(
      fc.property(
        arbResource().filter((r) => kubernetesScope(r.type) !== undefined),
        (r) => {
          const k8s = toKubernetes(r);
          const u = toUniversal(k8s);
          expect(u.type).toBe(r.type);
          expect(body(u as unknown as Record<string, unknown>)).toEqual(
            body(r as unknown as Record<string, unknown>),
          );
          expect(toKubernetes(u)).toEqual(k8s);
          noPollution();
        },
      ),
      { ...params, numRuns: Math.min(numRuns, 300) },
    );
  });
});
