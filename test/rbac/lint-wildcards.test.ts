import { describe, expect, it } from 'vitest';
import { lintRoles } from '../../src/rbac/index.js';

describe('lintRoles: wildcards a real request path cannot reach', () => {
  it("reports every rule whose '*' segments are not a suffix, and '*' inside a segment", () => {
    const findings = lintRoles([
      {
        name: 'r',
        endpoints: [
          { endpoint: '/a/*/b/*', actions: ['read'] }, // generalisation never yields it
          { endpoint: '/*/b', actions: ['read'] },
          { endpoint: '/a/b*', actions: ['read'] }, // '*' inside a segment, not only before a character
          { endpoint: '/a/*/*', actions: ['read'] }, // reachable: /a/x/y → /a/x/* → /a/*/*
          { endpoint: '/a/*', actions: ['read'] },
          { endpoint: '*', actions: ['read'] },
        ],
      },
    ]);
    expect(findings.map((f) => `${f.path} ${f.code}`)).toEqual([
      'endpoints[0] route-only-endpoint',
      'endpoints[1] route-only-endpoint',
      'endpoints[2] unreachable-endpoint',
    ]);
  });
});
