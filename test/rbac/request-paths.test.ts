import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestPathIssue } from '../../src/rbac/evaluate.js';
import { authorizeEndpoint, createRbac, defaultRoles, type RbacSemantics } from '../../src/rbac/index.js';

/**
 * Kong decides on the path nginx has normalised. A request path that still carries a query string,
 * percent-escapes, `//` or dot segments — or (library model) lacks the leading `/` — must not be
 * compared verbatim with the rules: `admin` would reach the RBAC Admin API through `/rbac//roles`.
 */
describe('request paths that are not normalised are a deny with an issue, never an allow', () => {
  const rbac = (semantics: RbacSemantics) =>
    createRbac({ roles: defaultRoles(), assignments: [{ user: 'ada', roles: ['admin'] }] }, { semantics });
  const bad = [
    '/rbac//roles',
    '//rbac/roles',
    '/rbac/roles/./x',
    '/services/../rbac/roles',
    '/rbac?x=1',
    '/rbac/roles#x',
    '/%72bac/roles',
    '/rbac%2Froles',
    'rbac/roles',
    '',
    ' /rbac/roles',
    '/rbac/roles\n',
  ];
  for (const semantics of ['documented', 'kong', 'kong-legacy'] as RbacSemantics[])
    it(`[${semantics}] admin cannot slip past its /rbac negatives`, () => {
      const engine = rbac(semantics);
      expect(
        engine.authorize('ada', { workspace: 'default', endpoint: '/rbac/roles', action: 'create' }).allowed,
      ).toBe(false);
      for (const endpoint of bad) {
        const d = engine.authorize('ada', { workspace: 'default', endpoint, action: 'create' });
        expect(d, JSON.stringify(endpoint)).toMatchObject({ allowed: false, reason: 'invalid-input' });
        expect(d.issues?.[0]?.path).toBe('endpoint');
        const e = engine.explain('ada', { workspace: 'default', endpoint, action: 'create' });
        expect(e).toMatchObject({ allowed: false, reason: 'invalid-input' });
      }
    });

  it("authorizeEndpoint: the same paths are rejected; bare keys stay usable under 'kong' (Kong's fixtures)", () => {
    const rules = [{ workspace: 'ws', endpoint: '*', actions: ['read' as const] }];
    for (const endpoint of ['/a//b', '/a?b', '/a%20b', '/a/..', ''])
      for (const semantics of ['documented', 'kong'] as RbacSemantics[])
        expect(
          authorizeEndpoint(rules, { workspace: 'ws', endpoint, action: 'read' }, { semantics }).reason,
        ).toBe('invalid-input');
    expect(authorizeEndpoint(rules, { workspace: 'ws', endpoint: 'bar', action: 'read' }).reason).toBe(
      'invalid-input',
    );
    expect(
      authorizeEndpoint(rules, { workspace: 'ws', endpoint: 'bar', action: 'read' }, { semantics: 'kong' })
        .allowed,
    ).toBe(true);
  });

  it('ordinary paths, names with dots and the raw workspace_ form still work', () => {
    const engine = rbac('documented');
    for (const endpoint of ['/services/my.svc', '/services/s1/routes', '/consumers/a@b', '/services/'])
      expect(engine.authorize('ada', { workspace: 'ws', endpoint, action: 'read' }).allowed).toBe(true);
    expect(
      engine.authorize('ada', {
        workspace: 'ws',
        endpoint: '/ws/rbac/roles',
        routeName: 'workspace_/rbac/roles',
        action: 'read',
      }),
    ).toMatchObject({ allowed: false, reason: 'negative-rule' });
  });
});

describe('requestPathIssue agrees with a straightforward regex reference', () => {
  // The checks as first written (several regexes per call); the engine now scans once.
  const reference = (endpoint: string, absolute: boolean): string | undefined => {
    if (endpoint === '') return 'must be a request path such as /services';
    if ([...endpoint].some((ch) => ch.charCodeAt(0) <= 0x20 || ch.charCodeAt(0) === 0x7f))
      return 'must not contain whitespace or control characters';
    if (/[?#]/.test(endpoint))
      return 'must be the path alone, without a query string or fragment (Kong decides on the path)';
    if (endpoint.includes('%'))
      return 'must be the decoded path (Kong decides on the path after percent-decoding)';
    if (endpoint.includes('//') || /(^|\/)\.\.?(\/|$)/.test(endpoint))
      return "must be a normalised path: Kong merges '//' and resolves '.' and '..' segments before deciding";
    if (absolute && endpoint !== '*' && !endpoint.startsWith('/'))
      return "must start with '/' (a path inside the workspace, e.g. /services)";
    return undefined;
  };
  it('on random paths over a small alphabet', () => {
    const alphabet = ['/', '.', 'a', '?', '#', '%', ' ', '\t', '\u0000', '\u007f', '*'];
    const path = fc.array(fc.constantFrom(...alphabet), { maxLength: 12 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(path, fc.boolean(), (p, absolute) => {
        expect(requestPathIssue(p, absolute)?.message).toBe(reference(p, absolute));
      }),
      { seed: 20261206, numRuns: 5000 },
    );
  });
});
