/**
 * MeshHTTPRoute admission: Kuma 2.8.8's validator table tests
 * (`pkg/plugins/policies/meshhttproute/api/v1alpha1/validation_test.go`), including the cases the
 * replayed corpus lacks, plus edge cases of `validation.go`.
 */
import { kubernetes, role, table, universalOf } from './helpers.js';

/** A Universal document whose spec is `body` (YAML, as Kuma's tests write it at the top level). */
const doc = universalOf('MeshHTTPRoute', { meta: { mesh: 'mesh-1', name: 'route-1' } });
/** A route from MeshService frontend to MeshService frontend with the given rules (YAML, indented). */
const svc = (rules: string): string =>
  doc(`targetRef:
  kind: MeshService
  name: frontend
to:
- targetRef:
    kind: MeshService
    name: frontend
  rules:
${rules}`);
/** A route on MeshGateway edge to Mesh with the given rules. */
const gw = (rules: string): string =>
  doc(`targetRef:
  kind: MeshGateway
  name: edge
to:
- targetRef:
    kind: Mesh
  rules:
${rules}`);

const RFC1123 =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const F = 'spec.to[0].rules[0].default.filters';

/** One rule redirecting to (and rewriting the host to) each of `hostnames`. */
function hostnameRules(hostnames: string[]): string {
  const filters = [
    ...hostnames.map(
      (h) => `      - type: RequestRedirect\n        requestRedirect:\n          hostname: "${h}"`,
    ),
    ...hostnames.map((h) => `      - type: URLRewrite\n        urlRewrite:\n          hostname: "${h}"`),
  ];
  return `  - matches:
    - path:
        type: PathPrefix
        value: /
    default:
      filters:
${filters.join('\n')}
`;
}

const longHost =
  'a23456789-a23456789-a234567890.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.com';
const badHosts = [
  '127.0.0.1',
  '2001:db8:3333:4444:5555:6666:7777:8888',
  'a..bc',
  'ec2-35-160-210-253.us-west-2-.compute.amazonaws.com',
  '-ec2_35$160%210-253.us-west-2-.compute.amazonaws.com',
  'ec2-35-160-210-253.us-west-2-.compute.amazonaws.com.',
  longHost,
  'mx.foo.com.',
  'a23456789-a23456789-a234567890.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a23456789.a2345678.com.',
];
const badHostMessages = (member: string, offset: number): string[] => {
  const at = (i: number) => `${F}[${i + offset}].${member}.hostname`;
  return [
    `${at(0)}: cannot be an IP address`,
    `${at(1)}: cannot be an IP address`,
    `${at(2)}: ${RFC1123}`,
    `${at(3)}: ${RFC1123}`,
    `${at(4)}: ${RFC1123}`,
    `${at(5)}: ${RFC1123}`,
    `${at(6)}: must be no more than 253 characters`,
    `${at(7)}: ${RFC1123}`,
    `${at(8)}: must be no more than 253 characters`,
    `${at(8)}: ${RFC1123}`,
  ];
};

table('MeshHTTPRoute admission (Kuma 2.8.8)', [
  // Kuma's error cases.
  {
    name: 'spec.targetRef error',
    yaml: doc(`targetRef:\n  kind: BlahBlah\n  name: frontend\nto: []\n`),
    expect: ['spec.targetRef.kind: value is not supported'],
  },
  {
    name: 'spec.to.targetRef error',
    yaml: doc(
      `targetRef:\n  kind: MeshService\n  name: frontend\nto:\n- targetRef:\n    kind: BlahBlah\n    name: frontend\n`,
    ),
    expect: ['spec.to[0].targetRef.kind: value is not supported'],
  },
  {
    name: 'spec.to.targetRef Mesh not allowed',
    yaml: doc(`targetRef:\n  kind: MeshService\n  name: frontend\nto:\n- targetRef:\n    kind: Mesh\n`),
    expect: ['spec.to[0].targetRef.kind: value is not supported'],
  },
  {
    name: 'spec.to.targetRef MeshService not allowed with top MeshGateway',
    yaml: doc(
      `targetRef:\n  kind: MeshGateway\n  name: edge\nto:\n- targetRef:\n    kind: MeshService\n    name: backend\n`,
    ),
    expect: ['spec.to[0].targetRef.kind: value is not supported'],
  },
  {
    name: 'incorrect path match value',
    yaml: svc(`  - matches:
    - path:
        value: relative
        type: Exact
    - path:
        value: /trailing/slash/
        type: PathPrefix
    - path:
        value: relative
        type: PathPrefix
`),
    expect: [
      'spec.to[0].rules[0].matches[0].path.value: must be an absolute path',
      'spec.to[0].rules[0].matches[1].path.value: does not need a trailing slash because only a `/`-separated prefix or an entire path is matched',
      'spec.to[0].rules[0].matches[2].path.value: must be an absolute path',
    ],
  },
  {
    name: 'repeated match query param names',
    yaml: svc(`  - matches:
    - queryParams:
      - type: Exact
        name: foo
        value: bar
      - type: Exact
        name: foo
        value: baz
`),
    expect: ['spec.to[0].rules[0].matches[0].queryParams[1].name: multiple entries for name foo'],
  },
  {
    name: 'empty filter',
    yaml: svc(`  - default:
      filters:
      - type: RequestHeaderModifier
      - type: ResponseHeaderModifier
      - type: RequestRedirect
      - type: RequestMirror
      - type: URLRewrite
`),
    expect: [
      `${F}[0].requestHeaderModifier: must be defined`,
      `${F}[1].responseHeaderModifier: must be defined`,
      `${F}[2].requestRedirect: must be defined`,
      `${F}[3].requestMirror: must be defined`,
      `${F}[4].urlRewrite: must be defined`,
    ],
  },
  {
    name: 'invalid HeaderModifier filter',
    yaml: svc(`  - default:
      filters:
      - type: RequestHeaderModifier
        requestHeaderModifier:
          set:
          - name: foo
            value: bar
          - name: foo
            value: bazz
      - type: ResponseHeaderModifier
        responseHeaderModifier: {}
      - type: ResponseHeaderModifier
        responseHeaderModifier:
          set:
          - name: foo
            value: bar
          add:
          - name: foo
            value: bar
          remove:
          - foo
`),
    expect: [
      `${F}[0].requestHeaderModifier.set[1].name: duplicate header name`,
      `${F}[1].responseHeaderModifier: must have at least one defined: set, add, remove`,
      `${F}[2].responseHeaderModifier.add[0].name: duplicate header name`,
      `${F}[2].responseHeaderModifier.remove[0].name: duplicate header name`,
    ],
  },
  {
    name: 'prefix rewrite without prefix match',
    yaml: svc(`  - matches:
    - path:
        value: /prefix
        type: Exact
    default:
      filters:
      - type: URLRewrite
        urlRewrite:
          path:
            type: ReplacePrefixMatch
            replacePrefixMatch: /other
      - type: RequestRedirect
        requestRedirect:
          path:
            type: ReplacePrefixMatch
            replacePrefixMatch: /other
`),
    expect: [
      `${F}[0].urlRewrite.path.replacePrefixMatch: can only appear if all matches match a path prefix`,
      `${F}[1].requestRedirect.path.replacePrefixMatch: can only appear if all matches match a path prefix`,
    ],
  },
  {
    name: 'non-empty value for header present/absent match',
    yaml: svc(`  - matches:
    - headers:
      - type: Present
        name: foo
        value: x
      - type: Absent
        name: foo
        value: x
`),
    expect: [
      'spec.to[0].rules[0].matches[0].headers[0].value: must not be defined',
      'spec.to[0].rules[0].matches[0].headers[1].value: must not be defined',
    ],
  },
  {
    name: 'invalid backendRefs',
    yaml: svc(`  - matches:
    - path:
        type: PathPrefix
        value: /
    default:
      backendRefs:
      - kind: MeshServiceSubset
        tags:
          version: v1
`),
    expect: ['spec.to[0].rules[0].default.backendRefs[0].name: must be set with kind MeshServiceSubset'],
  },
  {
    name: 'hostnames and hostname to backend rewrite not allowed with services',
    yaml: doc(`targetRef:
  kind: MeshService
  name: frontend
to:
- targetRef:
    kind: MeshService
    name: backend
  hostnames:
  - backend.com
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /
    default:
      filters:
      - type: URLRewrite
        urlRewrite:
          hostToBackendHostname: true
      backendRefs:
      - kind: MeshService
        name: backend
`),
    expect: [
      'spec.to[0].rules[0].default.filters[0].urlRewrite.hostToBackendHostname: can only be set with MeshGateway',
      'spec.to[0].hostnames: must not be defined',
    ],
  },
  {
    name: 'top level MeshGateway requires backendRefs',
    yaml: gw(`  - matches:
    - path:
        type: PathPrefix
        value: /
    default:
      filters:
      - type: URLRewrite
        urlRewrite:
          path:
            type: ReplacePrefixMatch
            replacePrefixMatch: /other
`),
    expect: ['spec.to[0].rules[0].default.backendRefs: must not be empty'],
  },
  {
    name: 'invalid backendRef in requestMirror',
    yaml: svc(`  - matches:
    - path:
        type: PathPrefix
        value: /
    default:
      filters:
      - type: RequestMirror
        requestMirror:
          backendRef:
            kind: MeshServiceSubset
            tags:
              version: v1
`),
    expect: [`${F}[0].requestMirror.backendRef.name: must be set with kind MeshServiceSubset`],
  },
  {
    name: 'invalid hostnames',
    yaml: svc(hostnameRules(badHosts)),
    expect: [...badHostMessages('requestRedirect', 0), ...badHostMessages('urlRewrite', badHosts.length)],
  },

  // Kuma's valid cases.
  {
    name: 'accepts valid resource',
    yaml: doc(`targetRef:\n  kind: MeshService\n  name: frontend\nto: []\n`),
    expect: 'valid',
  },
  {
    name: 'prefix rewrite with prefix match',
    yaml: svc(`  - matches:
    - path:
        value: /prefix
        type: PathPrefix
    default:
      filters:
      - type: URLRewrite
        urlRewrite:
          path:
            type: ReplacePrefixMatch
            replacePrefixMatch: /other
      - type: RequestRedirect
        requestRedirect:
          path:
            type: ReplacePrefixMatch
            replacePrefixMatch: /other
`),
    expect: 'valid',
  },
  {
    name: 'MeshGateway to Mesh allowed',
    yaml: gw(`  - matches:
    - path:
        value: /
        type: PathPrefix
    default:
      filters:
      - type: URLRewrite
        urlRewrite:
          hostToBackendHostname: true
      backendRefs:
      - kind: MeshService
        name: backend
`),
    expect: 'valid',
  },
  {
    name: 'MeshGateway with hostnames allowed',
    yaml: doc(`targetRef:
  kind: MeshGateway
  name: edge
to:
- targetRef:
    kind: Mesh
  hostnames:
  - exammple.com
  rules:
  - matches:
    - path:
        value: /
        type: PathPrefix
    default:
      backendRefs:
      - kind: MeshService
        name: backend
`),
    expect: 'valid',
  },

  // Edge cases of validation.go.
  {
    name: 'targetRefs that are absent read as an empty kind',
    yaml: doc(`to:\n- rules: []\n`),
    expect: ['spec.targetRef.kind: must be defined', 'spec.to[0].targetRef.kind: must be defined'],
  },
  {
    name: 'a requestMirror without backendRef has an empty kind',
    yaml: svc(`  - default:
      filters:
      - type: RequestMirror
        requestMirror:
          percentage: 50
`),
    expect: [`${F}[0].requestMirror.backendRef.kind: must be defined`],
  },
  {
    name: 'requestMirror backends are MeshService or MeshServiceSubset only',
    yaml: svc(`  - default:
      filters:
      - type: RequestMirror
        requestMirror:
          backendRef:
            kind: MeshExternalService
            name: httpbin
`),
    expect: [`${F}[0].requestMirror.backendRef.kind: value is not supported`],
  },
  {
    name: 'the unresolved-backend name is allowed, other invalid names are not',
    yaml: svc(`  - default:
      backendRefs:
      - kind: MeshService
        name: kuma.io/unresolved-backend
      - kind: MeshService
        name: Backend
      - kind: MeshExternalService
        name: httpbin
`),
    expect: [
      "spec.to[0].rules[0].default.backendRefs[1].name: invalid characters: must consist of lower case alphanumeric characters, '-', '.' and '_'.",
      'spec.to[0].rules[0].default.backendRefs[2].kind: value is not supported',
    ],
  },
  {
    name: 'hostToBackendHostname cannot be combined with hostname',
    yaml: gw(`  - default:
      filters:
      - type: URLRewrite
        urlRewrite:
          hostToBackendHostname: true
          hostname: example.com
      backendRefs:
      - kind: MeshService
        name: backend
`),
    expect: [`${F}[0].urlRewrite.hostToBackendHostname: cannot be set together with hostname`],
  },
  {
    name: 'a MeshGateway rule with a redirect needs no backendRefs',
    yaml: gw(`  - matches:
    - path:
        type: Exact
        value: /old
    default:
      filters:
      - type: RequestRedirect
        requestRedirect:
          scheme: https
          statusCode: 301
`),
    expect: 'valid',
  },
  {
    name: 'a MeshGateway rule without default needs backendRefs',
    yaml: gw(`  - matches:
    - method: GET
`),
    expect: ['spec.to[0].rules[0].default.backendRefs: must not be empty'],
  },
  {
    name: 'replacePrefixMatch needs every match to be a path prefix (a match without path is not)',
    yaml: svc(`  - matches:
    - path:
        type: PathPrefix
        value: /a
    - method: GET
    default:
      filters:
      - type: URLRewrite
        urlRewrite:
          path:
            type: ReplacePrefixMatch
            replacePrefixMatch: /b
`),
    expect: [
      `${F}[0].urlRewrite.path.replacePrefixMatch: can only appear if all matches match a path prefix`,
    ],
  },
  {
    name: 'replacePrefixMatch without matches is allowed',
    yaml: svc(`  - default:
      filters:
      - type: URLRewrite
        urlRewrite:
          path:
            type: ReplacePrefixMatch
            replacePrefixMatch: /b
`),
    expect: 'valid',
  },
  {
    name: 'PathPrefix "/" and regular expressions are not path-checked',
    yaml: svc(`  - matches:
    - path:
        type: PathPrefix
        value: /
    - path:
        type: RegularExpression
        value: "relative.*/"
`),
    expect: 'valid',
  },
  {
    name: 'a relative PathPrefix with a trailing slash gets both messages',
    yaml: svc(`  - matches:
    - path:
        type: PathPrefix
        value: api/
`),
    expect: [
      'spec.to[0].rules[0].matches[0].path.value: does not need a trailing slash because only a `/`-separated prefix or an entire path is matched',
      'spec.to[0].rules[0].matches[0].path.value: must be an absolute path',
    ],
  },
  {
    name: 'every repeated query parameter name is reported; headers default to Exact',
    yaml: svc(`  - matches:
    - queryParams:
      - type: Exact
        name: a
        value: "1"
      - type: RegularExpression
        name: a
        value: "2"
      - type: Exact
        name: a
        value: "3"
      headers:
      - name: x
        value: y
      - type: Present
        name: z
`),
    expect: [
      'spec.to[0].rules[0].matches[0].queryParams[1].name: multiple entries for name a',
      'spec.to[0].rules[0].matches[0].queryParams[2].name: multiple entries for name a',
    ],
  },
  {
    name: 'an empty set list counts as defined',
    yaml: svc(`  - default:
      filters:
      - type: RequestHeaderModifier
        requestHeaderModifier:
          set: []
`),
    expect: 'valid',
  },
  {
    name: 'IP addresses as Kubernetes reads them (leading zeros allowed)',
    yaml: svc(`  - default:
      filters:
      - type: RequestRedirect
        requestRedirect:
          hostname: "010.0.0.1"
      - type: RequestRedirect
        requestRedirect:
          hostname: "::ffff:10.0.0.1"
      - type: RequestRedirect
        requestRedirect:
          hostname: "1.2.3"
      - type: RequestRedirect
        requestRedirect:
          hostname: "256.0.0.1"
      - type: RequestRedirect
        requestRedirect:
          hostname: ""
`),
    expect: [
      `${F}[0].requestRedirect.hostname: cannot be an IP address`,
      `${F}[1].requestRedirect.hostname: cannot be an IP address`,
      `${F}[4].requestRedirect.hostname: ${RFC1123}`,
    ],
  },
  {
    name: 'a consumer route may not target a MeshGateway',
    yaml: doc('targetRef:\n  kind: MeshGateway\n  name: edge\nto: []\n', role('consumer')),
    expect: ['spec.targetRef.kind: value is not supported'],
  },
  {
    name: 'listener tags on a MeshGateway are allowed for system policies',
    yaml: doc(`targetRef:
  kind: MeshGateway
  name: edge
  tags:
    port: "8080"
to:
- targetRef:
    kind: Mesh
  rules:
  - default:
      backendRefs:
      - kind: MeshService
        name: backend
`),
    expect: 'valid',
  },
  {
    name: 'Kubernetes form: paths are under spec',
    yaml: kubernetes(
      'MeshHTTPRoute',
      `targetRef:
  kind: MeshGateway
  name: edge
to:
- targetRef:
    kind: Mesh
  hostnames:
  - example.com
  rules:
  - matches:
    - path:
        type: Exact
        value: relative
  - matches:
    - path:
        type: PathPrefix
        value: /
    default:
      filters:
      - type: ResponseHeaderModifier
        responseHeaderModifier:
          add:
          - name: x-a
            value: "1"
          remove:
          - x-a
`,
      { name: 'route-1' },
    ),
    expect: [
      'spec.to[0].rules[0].matches[0].path.value: must be an absolute path',
      'spec.to[0].rules[0].default.backendRefs: must not be empty',
      'spec.to[0].rules[1].default.filters[0].responseHeaderModifier.remove[0].name: duplicate header name',
      'spec.to[0].rules[1].default.backendRefs: must not be empty',
    ],
  },
]);
