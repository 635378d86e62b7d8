import { describe, expect, it } from 'vitest';
import { MeshPolicyError } from '../../src/models/index.js';
import {
  actionForMethod,
  denialMessage,
  generalizeEndpoint,
  normalizeRouteName,
  normalizeRuleEndpoint,
  parseRbacActions,
  requestCandidates,
  stripWorkspacePrefix,
} from '../../src/rbac/index.js';

describe('generalizeEndpoint (spec 05 §3 table)', () => {
  it.each([
    ['/services', ['/*']],
    ['/services/foo', ['/services/*', '/*/*']],
    [
      '/services/foo/routes/bar',
      ['/services/foo/routes/*', '/services/foo/*/*', '/services/*/*/*', '/*/*/*/*'],
    ],
    ['/a/*/c', ['/a/*/*', '/*/*/*']],
    ['/', []],
    ['', []],
    ['/services/', ['/*']],
    ['/a/*', []],
    ['/x/a*b', ['/x/a**', '/*/a**']],
    ['bar', ['*']],
  ])('%s', (e, want) => {
    expect(generalizeEndpoint(e)).toEqual(want);
  });
});

describe('normalisation', () => {
  it('rule endpoints (§1.3)', () => {
    expect(normalizeRuleEndpoint('rbac/*')).toBe('/rbac/*');
    expect(normalizeRuleEndpoint('/services/')).toBe('/services');
    expect(normalizeRuleEndpoint('  * ')).toBe('*');
    expect(normalizeRuleEndpoint(' /a ')).toBe('/a');
  });
  it('route names (§3 item 2)', () => {
    expect(normalizeRouteName('/services/:services/plugins/')).toBe('/services/*/plugins');
    expect(normalizeRouteName('workspace_/services/:services')).toBe('/services/*');
  });
  it('workspace_ stripping (§1.4, §10 example 9)', () => {
    expect(stripWorkspacePrefix('ws', '/ws/services/foo', 'workspace_/services/:services')).toEqual({
      endpoint: '/services/foo',
      routeName: '/services/:services',
    });
    expect(stripWorkspacePrefix('ws', '/ws/services/foo', '/services/:services')).toEqual({
      endpoint: '/ws/services/foo',
      routeName: '/services/:services',
    });
  });
  it('candidates: exact, route, generalisations, * — without duplicates', () => {
    expect(requestCandidates('/services/s1', '/services/:services')).toEqual([
      { endpoint: '/services/s1', form: 'exact' },
      { endpoint: '/services/*', form: 'route' },
      { endpoint: '/*/*', form: 'generalized' },
      { endpoint: '*', form: 'wildcard' },
    ]);
  });
});

describe('actions', () => {
  it('actionForMethod (§1.2)', () => {
    expect(
      ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE', 'get'].map((m) => actionForMethod(m)),
    ).toEqual(['read', 'read', 'read', 'create', 'update', 'update', 'delete', 'read']);
    expect(actionForMethod('TRACE')).toBeUndefined();
    expect(actionForMethod('OPTIONS', { options: false })).toBeUndefined();
  });
  it('parseRbacActions: set semantics, XOR quirk on request, Kong message for unknown names', () => {
    expect(parseRbacActions('read,create')).toEqual(['read', 'create']);
    expect(parseRbacActions('*')).toEqual(['read', 'create', 'update', 'delete']);
    expect(parseRbacActions('read,read')).toEqual(['read']);
    expect(parseRbacActions('read,read', { xor: true })).toEqual([]);
    expect(parseRbacActions('read,*', { xor: true })).toEqual(['create', 'update', 'delete']);
    expect(() => parseRbacActions('read,write')).toThrow(MeshPolicyError);
    expect(() => parseRbacActions('write')).toThrow(/Undefined RBAC action write/);
  });
  it('denialMessage is the 403 body Kong sends', () => {
    expect(denialMessage('testUser', 'read')).toBe(
      'testUser, you do not have permissions to read this resource',
    );
  });
});
