import { describe, expect, it } from 'vitest';
import { MeshPolicyError } from '../../src/models/index.js';
import { type AppendMatch, orderedMatchers, passthroughMatchType } from '../../src/passthrough/index.js';
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
