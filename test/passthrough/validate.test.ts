import { describe, expect, it } from 'vitest';
import { type PassthroughSemantics, validateMeshPassthrough } from '../../src/passthrough/index.js';
import { deepFreeze } from './helpers.js';

const SAME_PORT =
  'using the same port in multiple matches requires the same protocol for the following protocols: [grpc http http2]';
const PROXY_TYPES = 'proxyTypes needs to be set, currently only Sidecar is supported';
const sidecar = { kind: 'Mesh', proxyTypes: ['Sidecar'] };

const issues = (spec: unknown, semantics: PassthroughSemantics = 'kuma-2.8') =>
  validateMeshPassthrough(deepFreeze(spec), { semantics }).issues.map((i) => `${i.path}: ${i.message}`);

const withMatches = (appendMatch: unknown[]) => ({ targetRef: sidecar, default: { appendMatch } });

describe('validateMeshPassthrough — spec 04 §3.7 worked example', () => {
  const spec = {
    targetRef: { kind: 'Mesh' },
    default: {
      appendMatch: [
        { type: 'CIDR', value: '10.0.0.0/33', port: 80, protocol: 'tcp' },
        { type: 'Domain', value: 'api.example.com', port: 80, protocol: 'http' },
        { type: 'Domain', value: '*x.example.com', port: 443, protocol: 'tls' },
        { type: 'Domain', value: 'example.com', protocol: 'tcp' },
        { type: 'Domain', value: 'api.example.com', port: 80, protocol: 'http' },
      ],
    },
  };
  it("reproduces Kuma 2.8.8's seven issues in order", () => {
    expect(issues(spec)).toEqual([
      `spec.targetRef.proxyTypes: ${PROXY_TYPES}`,
      'spec.default.appendMatch[0].value: provided CIDR has incorrect value',
      `spec.default.appendMatch[1].port: ${SAME_PORT}`,
      'spec.default.appendMatch[2].value: provided DNS has incorrect value, partial wildcard is currently not supported',
      'spec.default.appendMatch[3].protocol: protocol tcp is not supported for a domain',
      `spec.default.appendMatch[4].port: ${SAME_PORT}`,
      'spec.default.appendMatch[4].value: value api.example.com is already defiend for this port and protocol',
    ]);
  });
  it('documented: tcp plus one L7 protocol on a port is allowed', () => {
    expect(issues(spec, 'documented')).toEqual([
      `spec.targetRef.proxyTypes: ${PROXY_TYPES}`,
      'spec.default.appendMatch[0].value: provided CIDR has incorrect value',
      'spec.default.appendMatch[2].value: provided DNS has incorrect value, partial wildcard is currently not supported',
      'spec.default.appendMatch[3].protocol: protocol tcp is not supported for a domain',
      'spec.default.appendMatch[4].value: value api.example.com is already defiend for this port and protocol',
    ]);
  });
  it('accepts the resource form as well as a bare spec', () => {
    const resource = { type: 'MeshPassthrough', mesh: 'default', name: 'x', spec };
    expect(validateMeshPassthrough(deepFreeze(resource), { semantics: 'kuma-2.8' }).issues).toHaveLength(7);
  });
});

describe('targetRef rows T1–T7', () => {
  it('T1: kind must be defined (also when targetRef is absent) and T7 still runs', () => {
    expect(issues({})).toEqual([
      'spec.targetRef.kind: must be defined',
      `spec.targetRef.proxyTypes: ${PROXY_TYPES}`,
    ]);
  });
  it('T2: unsupported kind', () => {
    expect(issues({ targetRef: { kind: 'MeshService', name: 'x', proxyTypes: ['Sidecar'] } })).toEqual([
      'spec.targetRef.kind: value is not supported',
    ]);
  });
  it('T3/T4: fields not allowed with Mesh, in order', () => {
    expect(
      issues({
        targetRef: {
          kind: 'Mesh',
          name: 'n',
          sectionName: 's',
          namespace: 'ns',
          labels: { a: 'b' },
          tags: { a: 'b' },
          mesh: 'm',
          proxyTypes: ['Sidecar'],
        },
      }),
    ).toEqual([
      'spec.targetRef.name: using name with kind Mesh is not yet supported',
      'spec.targetRef.mesh: must not be set with kind Mesh',
      'spec.targetRef.tags: must not be set with kind Mesh',
      'spec.targetRef.labels: must not be set with kind Mesh',
      'spec.targetRef.namespace: must not be set with kind Mesh',
      'spec.targetRef.sectionName: must not be set with kind Mesh',
    ]);
  });
  it('T5: MeshSubset with tag rules (keys in byte order, Go-quoted)', () => {
    expect(
      issues({
        targetRef: {
          kind: 'MeshSubset',
          name: 'n',
          mesh: 'm',
          tags: { 'b key': 'ok', a: '', c: 'bad value!', '': 'x' },
          sectionName: 's',
          proxyTypes: ['Sidecar'],
        },
      }),
    ).toEqual([
      'spec.targetRef.name: must not be set with kind MeshSubset',
      'spec.targetRef.mesh: must not be set with kind MeshSubset',
      'spec.targetRef.tags: tag name must be non-empty',
      'spec.targetRef.tags["a"]: tag value must be non-empty',
      'spec.targetRef.tags["b key"]: tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores',
      'spec.targetRef.tags["c"]: tag value must consist of alphanumeric characters, dots, dashes and underscores',
      'spec.targetRef.sectionName: must not be set with kind MeshSubset',
    ]);
  });
  it('T5: tag keys sort in Go (UTF-8 byte) order and are quoted as Go %q, not JSON', () => {
    const NAME = 'tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores';
    const tags = {
      '\u{10000}': 'v', // astral: after U+E000 in UTF-8, before it in UTF-16
      '\ue000': 'v', // private use: not printable for Go
      'a\tb': 'v',
      'a\x07b': 'v',
      'a\x7fb': 'v',
      'a\x00b': 'v',
      'a\u00a0b': 'v', // no-break space: not printable for Go
      'a"é\\b': 'v',
      'a\ud800b': 'v', // lone surrogate: its WTF-8 bytes
    };
    expect(issues({ targetRef: { kind: 'MeshSubset', tags, proxyTypes: ['Sidecar'] } })).toEqual(
      [
        'spec.targetRef.tags["a\\x00b"]',
        'spec.targetRef.tags["a\\ab"]',
        'spec.targetRef.tags["a\\tb"]',
        'spec.targetRef.tags["a\\"é\\\\b"]',
        'spec.targetRef.tags["a\\x7fb"]',
        'spec.targetRef.tags["a\\u00a0b"]',
        'spec.targetRef.tags["a\\xed\\xa0\\x80b"]',
        'spec.targetRef.tags["\\ue000"]',
        'spec.targetRef.tags["\u{10000}"]',
      ].map((path) => `${path}: ${NAME}`),
    );
  });
  it.each([
    [undefined, true, true],
    [[], true, true],
    [['Sidecar'], false, false],
    [['Gateway'], false, true],
    [['Sidecar', 'Gateway'], false, true],
    [['Gateway', 'Gateway'], true, true],
  ])('T7 proxyTypes %j: kuma-2.8 issue=%s, documented issue=%s', (proxyTypes, kuma, documented) => {
    const spec = { targetRef: { kind: 'Mesh', ...(proxyTypes !== undefined ? { proxyTypes } : {}) } };
    expect(issues(spec, 'kuma-2.8').length).toBe(kuma ? 1 : 0);
    expect(issues(spec, 'documented').length).toBe(documented ? 1 : 0);
  });
});

describe('appendMatch rows', () => {
  it.each([
    [
      [
        { type: 'Domain', value: 'a.com', port: 80, protocol: 'http' },
        { type: 'IP', value: '1.1.1.1', port: 80, protocol: 'tcp' },
      ],
      [],
    ],
    [
      [
        { type: 'IP', value: '1.1.1.1', port: 80, protocol: 'tcp' },
        { type: 'Domain', value: 'a.com', port: 80, protocol: 'http' },
      ],
      [1],
    ],
    [
      [
        { type: 'Domain', value: 'a.com', port: 443, protocol: 'tls' },
        { type: 'Domain', value: 'a.com', port: 443, protocol: 'http' },
      ],
      [1],
    ],
    [
      [
        { type: 'Domain', value: 'a.com', port: 443, protocol: 'http' },
        { type: 'Domain', value: 'a.com', port: 443, protocol: 'tls' },
      ],
      [],
    ],
    [
      [
        { type: 'Domain', value: 'a.com', port: 80, protocol: 'http' },
        { type: 'IP', value: '1.1.1.1', port: 80, protocol: 'tcp' },
        { type: 'Domain', value: 'b.com', port: 80, protocol: 'http' },
      ],
      [2],
    ],
  ])('P2 order quirk (kuma-2.8) %#', (entries, flagged) => {
    const expected = flagged.map((i) => `spec.default.appendMatch[${i}].port: ${SAME_PORT}`);
    expect(issues(withMatches(entries))).toEqual(expected);
  });
  it('P2 documented: order-independent, only different L7 protocols conflict', () => {
    const entries = [
      { type: 'IP', value: '1.1.1.1', port: 80, protocol: 'tcp' },
      { type: 'Domain', value: 'a.com', port: 80, protocol: 'http' },
      { type: 'Domain', value: 'a.com', port: 80, protocol: 'tls' },
      { type: 'Domain', value: 'b.com', port: 80, protocol: 'grpc' },
    ];
    expect(issues(withMatches(entries), 'documented')).toEqual([
      `spec.default.appendMatch[3].port: ${SAME_PORT}`,
    ]);
  });
  it('P1: port 0 and > 65535; negative only in documented', () => {
    const entries = [
      { type: 'IP', value: '1.1.1.1', port: 0, protocol: 'tcp' },
      { type: 'IP', value: '1.1.1.2', port: 65536, protocol: 'tcp' },
      { type: 'IP', value: '1.1.1.3', port: -1, protocol: 'tcp' },
    ];
    expect(issues(withMatches(entries))).toEqual([
      'spec.default.appendMatch[0].port: port must be a valid (1-65535)',
      'spec.default.appendMatch[1].port: port must be a valid (1-65535)',
    ]);
    expect(issues(withMatches(entries), 'documented')).toHaveLength(3);
  });
  it('P3: exact string duplicates per port and protocol only', () => {
    const entries = [
      { type: 'IP', value: '1.1.1.1', port: 80, protocol: 'tcp' },
      { type: 'IP', value: '1.1.1.1', port: 80, protocol: 'tls' },
      { type: 'IP', value: '1.1.1.1', protocol: 'tcp' },
      { type: 'IP', value: '1.1.1.1', protocol: 'tcp' },
      { type: 'IP', value: '1.1.1.1', port: 80, protocol: 'tcp' },
    ];
    expect(issues(withMatches(entries))).toEqual([
      'spec.default.appendMatch[4].value: value 1.1.1.1 is already defiend for this port and protocol',
    ]);
  });
  it('P4: protocol absent is an error in kuma-2.8 but means tcp in documented', () => {
    const entries = [{ type: 'IP', value: '1.1.1.1', port: 80 }];
    expect(issues(withMatches(entries))).toEqual([
      'spec.default.appendMatch[0].protocol: "protocol" must be one of ["tcp", "tls", "grpc", "http", "http2"]',
    ]);
    expect(issues(withMatches(entries), 'documented')).toEqual([]);
  });
  it('P4: a Kubernetes-form resource gets the CRD default protocol tcp first', () => {
    const spec = withMatches([{ type: 'IP', value: '1.1.1.1', port: 80 }]);
    const k8s = { apiVersion: 'kuma.io/v1alpha1', kind: 'MeshPassthrough', metadata: { name: 'x' }, spec };
    expect(validateMeshPassthrough(deepFreeze(k8s), { semantics: 'kuma-2.8' }).issues).toEqual([]);
    expect(
      validateMeshPassthrough(deepFreeze(k8s), { semantics: 'kuma-2.8', applyKubernetesDefaults: false }).ok,
    ).toBe(false);
  });
  it('C1/I1: Go IP and CIDR syntax (no leading zeros, no zone, prefix bounds)', () => {
    const good = ['10.0.0.1', '::1', '::ffff:1.2.3.4', '2001:db8::8a2e:370:7334'];
    const badIps = ['010.0.0.1', 'fe80::1%eth0', '[::1]', '1.2.3', '1.2.3.4:80', 'example.com', '1::2::3'];
    for (const value of good)
      expect(issues(withMatches([{ type: 'IP', value, protocol: 'tcp' }]))).toEqual([]);
    for (const value of badIps)
      expect(issues(withMatches([{ type: 'IP', value, protocol: 'tcp' }]))).toEqual([
        'spec.default.appendMatch[0].value: provided IP has incorrect value',
      ]);
    // Go's ParseCIDR reads the length with dtoi: leading zeros of any count are fine.
    const goodCidrs = ['1.2.3.4/24', '::/0', '2001:db8::/128', '0.0.0.0/0', '1.2.3.4/32'];
    for (const value of [...goodCidrs, '10.0.0.0/000000008', '10.0.0.0/0000000000032', '::ffff:1.2.3.4/120'])
      expect(issues(withMatches([{ type: 'CIDR', value, protocol: 'tcp' }]))).toEqual([]);
    const badCidrs = [
      '1.2.3.4/33',
      '1.2.3.4',
      '::/129',
      '1.2.3.4/x',
      '1.2.3.4/',
      '1.2.3.4/+8',
      '1.2.3.4/8/8',
    ];
    for (const value of [
      ...badCidrs,
      '1.2.3.4/-0',
      '1.2.3.4/ 8',
      '10.0.0.0/0000000000033',
      'fe80::1%eth0/64',
    ])
      expect(issues(withMatches([{ type: 'CIDR', value, protocol: 'tcp' }]))).toEqual([
        'spec.default.appendMatch[0].value: provided CIDR has incorrect value',
      ]);
  });
  it('D2/D4: partial wildcards and DNS syntax (seed: *w.example.com is rejected)', () => {
    const check = (value: string) =>
      issues(withMatches([{ type: 'Domain', value, protocol: 'tls', port: 443 }]));
    expect(check('*w.example.com')).toEqual([
      'spec.default.appendMatch[0].value: provided DNS has incorrect value, partial wildcard is currently not supported',
    ]);
    expect(check('*.example.com')).toEqual([]);
    expect(check('localhost')).toEqual([]);
    expect(check('1.2.3.4')).toEqual(['spec.default.appendMatch[0].value: provided DNS has incorrect value']);
    expect(check('a b.com')).toEqual(['spec.default.appendMatch[0].value: provided DNS has incorrect value']);
  });
  it("D5 (documented only): Kuma 2.8.8 accepts '*', '*.' and '*.a b.com'", () => {
    for (const value of ['*', '*.', '*.a b.com']) {
      const spec = withMatches([{ type: 'Domain', value, protocol: 'tls', port: 443 }]);
      expect(issues(spec)).toEqual([]);
      expect(issues(spec, 'documented')).toEqual([
        'spec.default.appendMatch[0].value: provided DNS has incorrect value',
      ]);
    }
  });
  it('D3 (documented only): wildcard domain with an L7 protocol and no port', () => {
    const spec = withMatches([{ type: 'Domain', value: '*.a.com', protocol: 'http' }]);
    expect(issues(spec)).toEqual([]);
    expect(issues(spec, 'documented')).toEqual([
      "spec.default.appendMatch[0].port: wildcard domains doesn't work for all ports and layer 7 protocol",
    ]);
    expect(
      issues(withMatches([{ type: 'Domain', value: '*.a.com', protocol: 'tls' }]), 'documented'),
    ).toEqual([]);
  });
  it('X1: unsupported type, including the empty type (two spaces)', () => {
    expect(
      issues(
        withMatches([
          { type: 'Host', value: 'a', protocol: 'tcp' },
          { value: 'a', protocol: 'tcp' },
        ]),
      ),
    ).toEqual([
      'spec.default.appendMatch[0].type: provided type Host is not supported, one of Domain, IP, or CIDR is supported',
      'spec.default.appendMatch[1].type: provided type  is not supported, one of Domain, IP, or CIDR is supported',
    ]);
  });
  it('reads scalars into string fields as their text (protocol: 1 → "1")', () => {
    expect(issues(withMatches([{ type: 'IP', value: '1.1.1.1', protocol: 1 }]))).toEqual([
      'spec.default.appendMatch[0].protocol: "protocol" must be one of ["tcp", "tls", "grpc", "http", "http2"]',
    ]);
  });
  it('documented checks passthroughMode against the enum; kuma-2.8 does not', () => {
    const spec = { targetRef: sidecar, default: { passthroughMode: 'Some' } };
    expect(issues(spec)).toEqual([]);
    expect(issues(spec, 'documented')).toEqual([
      'spec.default.passthroughMode: must be one of ["All", "Matched", "None"]',
    ]);
  });
});

describe('hostile input never throws', () => {
  const cases: unknown[] = [
    null,
    42,
    'x',
    [],
    { spec: null },
    { targetRef: 'Mesh', default: [] },
    { targetRef: { kind: { a: 1 } }, default: { appendMatch: 'x' } },
    { default: { appendMatch: [null, 1, [], { type: {}, value: [], port: '80', protocol: {} }] } },
    JSON.parse(
      '{"__proto__": {"polluted": true}, "targetRef": {"kind": "Mesh", "constructor": 1}, "default": {"__proto__": 1}}',
    ),
  ];
  it.each(cases.map((c, i) => [i, c] as const))('case %i', (_i, input) => {
    const result = validateMeshPassthrough(deepFreeze(input));
    expect(result.ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
