import { describe, expect, it } from 'vitest';
import { MeshPolicyError } from '../../src/models/index.js';
import {
  type AppendMatch,
  compilePassthrough,
  type MeshPassthroughConf,
  orderedMatchers,
  passthroughMatchType,
  passthroughProtocolConflicts,
} from '../../src/passthrough/index.js';
import { deepFreeze } from './helpers.js';

describe('orderedMatchers — spec 04 §5.6 worked example', () => {
  const appendMatch: AppendMatch[] = deepFreeze([
    { type: 'Domain', value: 'api.example.com', port: 443, protocol: 'tls' },
    { type: 'Domain', value: '*.example.com', port: 443, protocol: 'tls' },
    { type: 'Domain', value: 'example.com', port: 443, protocol: 'tls' },
    { type: 'IP', value: '192.168.19.1', protocol: 'tls' },
    { type: 'CIDR', value: '192.168.0.1/24', protocol: 'tcp' },
    { type: 'CIDR', value: '192.168.0.1/30', protocol: 'tcp' },
    { type: 'Domain', value: 'other.com', port: 8080, protocol: 'http' },
    { type: 'Domain', value: 'another.com', port: 8080, protocol: 'http' },
    { type: 'Domain', value: 'grpc.com', port: 9001, protocol: 'grpc' },
  ]);
  it('groups, orders and classifies as Kuma 2.8.8', () => {
    expect(orderedMatchers({ appendMatch })).toEqual([
      {
        protocol: 'tls',
        port: 443,
        routes: [
          { value: 'api.example.com', matchType: 'Domain' },
          { value: 'example.com', matchType: 'Domain' },
          { value: '*.example.com', matchType: 'WildcardDomain' },
        ],
      },
      { protocol: 'tls', port: 0, routes: [{ value: '192.168.19.1', matchType: 'IP' }] },
      {
        protocol: 'tcp',
        port: 0,
        routes: [
          { value: '192.168.0.1/30', matchType: 'CIDR' },
          { value: '192.168.0.1/24', matchType: 'CIDR' },
        ],
      },
      {
        protocol: 'http',
        port: 8080,
        routes: [
          { value: 'another.com', matchType: 'Domain' },
          { value: 'other.com', matchType: 'Domain' },
        ],
      },
      { protocol: 'grpc', port: 9001, routes: [{ value: 'grpc.com', matchType: 'Domain' }] },
    ]);
  });
  it('collapses duplicates from merged policies', () => {
    const groups = orderedMatchers({ appendMatch: [...appendMatch, ...appendMatch] });
    expect(groups.flatMap((g) => g.routes)).toHaveLength(9);
  });
  it('fails on several L7 protocols on one port, with Kuma message, ports ascending', () => {
    const conflicting = [
      ...appendMatch,
      { type: 'Domain', value: 'x.com', port: 8080, protocol: 'http2' },
      { type: 'Domain', value: 'y.com', protocol: 'http' },
      { type: 'Domain', value: 'z.com', protocol: 'grpc' },
    ] as AppendMatch[];
    expect(() => orderedMatchers({ appendMatch: conflicting })).toThrow(MeshPolicyError);
    expect(() => orderedMatchers({ appendMatch: conflicting })).toThrow(
      'you cannot configure http, http2, grpc on the same port 0; you cannot configure http, http2, grpc on the same port 8080',
    );
  });
  it('classifies IPv6 and IPv4-mapped values as V6', () => {
    expect(passthroughMatchType({ type: 'IP', value: '::ffff:1.2.3.4' })).toBe('IPV6');
    expect(passthroughMatchType({ type: 'CIDR', value: '2001:db8::/32' })).toBe('CIDRV6');
    expect(passthroughMatchType({ type: 'CIDR', value: '10.0.0.0/8' })).toBe('CIDR');
    expect(passthroughMatchType({ type: 'Domain', value: '*' })).toBe('WildcardDomain');
  });
  it('empty or absent conf gives no groups', () => {
    expect(orderedMatchers(undefined)).toEqual([]);
    expect(orderedMatchers({})).toEqual([]);
  });
});

describe('malformed input raises MeshPolicyError, never a TypeError', () => {
  it.each([
    [{ appendMatch: {} }],
    [{ appendMatch: 'abc' }],
    [{ appendMatch: [null] }],
    [{ appendMatch: [5] }],
    [{ appendMatch: [{ type: 'CIDR', value: '10.0.0.0/8', protocol: 'tcp', port: 'x' }] }],
    [{ appendMatch: [{ type: 'IP', value: '1.1.1.1', protocol: 'tcp', port: 1.5 }] }],
  ])('orderedMatchers(%j)', (conf) => {
    expect(() => orderedMatchers(conf as unknown as MeshPassthroughConf)).toThrow(MeshPolicyError);
  });
  it('passthroughMatchType and passthroughProtocolConflicts', () => {
    expect(passthroughMatchType(null as never)).toBeUndefined();
    expect(() => passthroughProtocolConflicts(null as never)).toThrow(MeshPolicyError);
    expect(
      passthroughProtocolConflicts([null, 5, { type: 'Domain', value: 'a', port: 'x' }] as never),
    ).toEqual([]);
  });
  it('a negative port (accepted by Kuma 2.8.8 validation) groups as its 32-bit unsigned value, as the chains do', () => {
    const conf: MeshPassthroughConf = {
      appendMatch: [
        { type: 'IP', value: '1.1.1.1', port: 80, protocol: 'tcp' },
        { type: 'IP', value: '2.2.2.2', port: -1, protocol: 'tcp' },
      ],
    };
    expect(orderedMatchers(conf).map((g) => g.port)).toEqual([4294967295, 80]);
    expect(
      compilePassthrough({ passthroughMode: 'Matched', ...conf }, { semantics: 'kuma-2.8' })
        .chains('ipv4')
        .chains.map((c) => c.destinationPort),
    ).toEqual([4294967295, 80]);
  });
});
