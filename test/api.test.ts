/**
 * The entry points design/API.md promises downstream users: each exists as a function under its
 * subpath and at the package root (the same function), and the root exports nothing twice under
 * two different values.
 */
import { describe, expect, it } from 'vitest';
import * as identity from '../src/identity/index.js';
import * as root from '../src/index.js';
import * as inspect from '../src/inspect/index.js';
import * as legacy from '../src/legacy/index.js';
import * as models from '../src/models/index.js';
import { MeshPolicyError } from '../src/models/index.js';
import * as passthrough from '../src/passthrough/index.js';
import * as rbac from '../src/rbac/index.js';
import * as targetref from '../src/targetref/index.js';

const CONTRACT: Record<string, [Record<string, unknown>, string[]]> = {
  models: [models, ['loadResources', 'parseResource', 'safeParseResource']],
  legacy: [
    legacy,
    [
      'selectDataplanePolicy',
      'selectInboundDataplanePolicies',
      'selectOutboundConnectionPolicies',
      'selectConnectionPolicies',
      'selectInboundConnectionPolicies',
      'selectInboundConnectionMatchingPolicies',
    ],
  ],
  targetref: [targetref, ['matchedPolicies', 'computeConf', 'sortByPriority', 'buildRules', 'mergeConfs']],
  passthrough: [passthrough, ['validateMeshPassthrough', 'orderedMatchers', 'compilePassthrough']],
  rbac: [rbac, ['authorizeEndpoint', 'createRbac']],
  identity: [identity, ['resolveIamIdentity']],
  inspect: [inspect, ['inspectDataplane', 'lintPolicies', 'diffPolicySets']],
};

describe('API.md entry points', () => {
  for (const [module, [mod, names]] of Object.entries(CONTRACT)) {
    it(`mesh-policy/${module} and the root export ${names.join(', ')}`, () => {
      for (const name of names) {
        expect(typeof mod[name], `${module}.${name}`).toBe('function');
        expect((root as Record<string, unknown>)[name], `root ${name}`).toBe(mod[name]);
      }
    });
  }
});

describe('API.md entry points called from plain JavaScript with values of the wrong type', () => {
  const samples: unknown[] = [null, undefined, 0, 'x', {}, [], [null], { type: 'Dataplane' }];
  const lastArgs: unknown[] = [undefined, null, {}];
  for (const [module, [mod, names]] of Object.entries(CONTRACT)) {
    it(`mesh-policy/${module}: only MeshPolicyError escapes (or a result comes back)`, () => {
      for (const name of names) {
        const fn = mod[name] as (...args: unknown[]) => unknown;
        for (const a of samples)
          for (const b of samples)
            for (const c of lastArgs) {
              try {
                fn(a, b, c, c);
              } catch (error) {
                expect(
                  error,
                  `${name}(${JSON.stringify(a)}, ${JSON.stringify(b)}, ${String(c)})`,
                ).toBeInstanceOf(MeshPolicyError);
              }
            }
      }
    });
  }
});
