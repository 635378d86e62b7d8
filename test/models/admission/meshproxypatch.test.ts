/**
 * MeshProxyPatch admission, from Kuma 2.8.8
 * `pkg/plugins/policies/meshproxypatch/api/v1alpha1/validator_test.go` and
 * `pkg/plugins/policies/core/jsonpatch/validators/validator_test.go` (plus edge cases of their
 * validator.go files and of the native Envoy value decoding).
 */
import { indent, kubernetes, role, table, universalOf } from './helpers.js';

const universal = universalOf('MeshProxyPatch', { meta: { name: 'mpp', mesh: 'default' } });

/** A Mesh-wide patch with the given `appendModifications` list (YAML, at column 0). */
const mods = (list: string): string =>
  universal(`targetRef:
  kind: Mesh
default:
  appendModifications:
${indent(list, 4)}`);

/** One cluster Patch made of the given JSON-patch operations. */
const jsonPatches = (ops: string): string =>
  mods(`- cluster:
    operation: Patch
    jsonPatches:
${indent(ops, 6)}`);

const M = 'spec.default.appendModifications';
const J = `${M}[0].cluster.jsonPatches`;
const invalid = (rest: string): string => `native Envoy resource is not valid: ${rest}`;

table('MeshProxyPatch admission (Kuma 2.8.8)', [
  {
    name: 'empty default (no appendModifications)',
    yaml: universal('targetRef:\n  kind: Mesh'),
    expect: [`${M}: must not be empty`],
  },
  {
    name: 'empty appendModifications list',
    yaml: universal('targetRef:\n  kind: Mesh\ndefault:\n  appendModifications: []'),
    expect: [`${M}: must not be empty`],
  },
  {
    name: 'two modifications in one entry',
    yaml: mods(`- cluster:
    operation: Remove
  listener:
    operation: Remove`),
    expect: [
      `${M}[0]: exactly one modification can be defined at a time. Currently, 2 modifications are defined`,
    ],
  },
  {
    name: 'json patches: add, replace, remove, copy, move (valid)',
    yaml: jsonPatches(`- op: add
  path: /a/b/c
  value: d
- op: add
  path: /foo
  value:
    - bar: yes
      baz: true
- op: add
  path: /foo
  value: { bar: a, baz: { faz: [baz] } }
- op: replace
  path: /foo
  value: 0
- op: remove
  path: /foo/-
- op: copy
  from: /a/b/c
  path: /a/b/d
- op: copy
  from: /foo/-
  path: /foo/0
- op: move
  from: /foo/0
  path: /bar/0`),
    expect: 'valid',
  },
  {
    name: 'json patches: from missing for copy and move',
    yaml: jsonPatches(`- op: copy
  path: /a/b/c
- op: move
  path: ""`),
    expect: [
      `${J}[0].from: "from" must not be empty when "op" is one of ["move", "copy"]`,
      `${J}[1].from: "from" must not be empty when "op" is one of ["move", "copy"]`,
    ],
  },
  {
    name: 'json patches: an explicit null value counts as a value (Go keeps the raw null)',
    yaml: jsonPatches(`- op: remove
  path: /a
  value: null
- op: add
  path: /a
  value: null`),
    expect: [`${J}[0].value: "value" is allowed only when "op" is one of ["add", "replace"]`],
  },
  {
    name: 'json patches: missing path, missing op, the RFC 6902 "test" op',
    yaml: jsonPatches(`- op: add
  value: 1
- path: /a
- op: test
  path: /a
  value: 1`),
    expect: [
      `${J}[0].path: must be defined`,
      `${J}[1].op: "op" must be one of ["add", "remove", "replace", "move", "copy"]`,
      `${J}[2].op: "op" must be one of ["add", "remove", "replace", "move", "copy"]`,
      `${J}[2].value: "value" is allowed only when "op" is one of ["add", "replace"]`,
    ],
  },
  {
    name: 'operation missing (Go reads it as "")',
    yaml: mods(`- cluster:
    value: "name: x"
- httpFilter:
    value: "name: x"`),
    expect: [
      `${M}[0].cluster.operation: invalid operation. Available operations: "Add", "Patch", "Remove"`,
      `${M}[1].httpFilter.operation: invalid operation. Available operations: "AddFirst", "AddLast", "AddBefore", "AddAfter", "Patch", "Remove"`,
    ],
  },
  {
    name: 'Add checks the Envoy resource: Cluster, Filter and HttpFilter need a name, Listener does not',
    yaml: mods(`- cluster:
    operation: Add
    value: "connectTimeout: 5s"
- networkFilter:
    operation: AddFirst
    value: "{}"
- httpFilter:
    operation: AddLast
    value: ""
- listener:
    operation: Add
    value: "{}"`),
    expect: [
      `${M}[0].cluster.value: ${invalid('invalid Cluster.Name: value length must be at least 1 runes')}`,
      `${M}[1].networkFilter.value: ${invalid('invalid Filter.Name: value length must be at least 1 runes')}`,
      `${M}[2].httpFilter.value: ${invalid('invalid HttpFilter.Name: value length must be at least 1 runes')}`,
    ],
  },
  {
    name: 'Patch does not run the validation rules (a partial resource is fine)',
    yaml: mods(`- cluster:
    operation: Patch
    value: "connectTimeout: 5s"
- httpFilter:
    operation: Patch
    match:
      name: envoy.filters.http.router
    value: ""`),
    expect: 'valid',
  },
  {
    name: 'VirtualHost: Add needs domains; a match without a name is allowed',
    yaml: mods(`- virtualHost:
    operation: Add
    match:
      routeConfigurationName: outbound:backend
    value: |
      name: vh
- virtualHost:
    operation: Add
    value: |
      name: vh
      domains: ["a.com"]`),
    expect: [
      `${M}[0].virtualHost.value: ${invalid('invalid VirtualHost.Domains: value must contain at least 1 item(s)')}`,
    ],
  },
  {
    name: 'values that decode but are not Envoy objects',
    yaml: mods(`- cluster:
    operation: Patch
    value: just a string
- listener:
    operation: Patch
    value: "[1, 2]"
- cluster:
    operation: Patch
    value: "name: 5"
- virtualHost:
    operation: Patch
    value: "domains: a.com"`),
    expect: [
      `${M}[0].cluster.value: ${invalid('json: cannot unmarshal string into Go value of type map[string]json.RawMessage')}`,
      `${M}[1].listener.value: ${invalid('json: cannot unmarshal array into Go value of type map[string]json.RawMessage')}`,
      `${M}[2].cluster.value: ${invalid('json: cannot unmarshal number into Go value of type string')}`,
      `${M}[3].virtualHost.value: ${invalid('json: cannot unmarshal string into Go value of type []json.RawMessage')}`,
    ],
  },
  {
    name: 'text that is not YAML is read as JSON, with Go’s syntax errors',
    yaml: mods(`- cluster:
    operation: Patch
    value: '{"a" 1}'
- cluster:
    operation: Patch
    value: '{a: 1, a: 2}'
- cluster:
    operation: Patch
    value: '{"a": [1,'`),
    expect: [
      `${M}[0].cluster.value: ${invalid("invalid character '1' after object key")}`,
      `${M}[1].cluster.value: ${invalid("invalid character 'a' looking for beginning of object key string")}`,
      `${M}[2].cluster.value: ${invalid('unexpected EOF')}`,
    ],
  },
  {
    name: 'Remove ignores jsonPatches; Add ignores them too but needs a value',
    yaml: mods(`- cluster:
    operation: Remove
    jsonPatches:
      - op: bogus
- listener:
    operation: Add
    jsonPatches:
      - op: add
        path: /a
        value: 1`),
    expect: [`${M}[1].listener.value: must be defined`],
  },
  {
    name: 'filter Patch with an empty match name is fine (the pointer is set)',
    yaml: mods(`- networkFilter:
    operation: Patch
    match:
      name: ""
    jsonPatches:
      - op: remove
        path: /typedConfig`),
    expect: 'valid',
  },
  {
    name: 'a system policy may target a MeshGateway, but not with listener tags',
    yaml: universal(`targetRef:
  kind: MeshGateway
  name: edge
  tags:
    port: "8080"
default:
  appendModifications:
    - cluster:
        operation: Remove`),
    expect: ['spec.targetRef.tags: must not be set with kind MeshGateway'],
  },
  {
    name: 'a producer policy may not target a MeshGateway',
    yaml: universal(
      `targetRef:
  kind: MeshGateway
  name: edge
default:
  appendModifications:
    - cluster:
        operation: Remove`,
      role('producer'),
    ),
    expect: ['spec.targetRef.kind: value is not supported'],
  },
  {
    name: 'targetRef missing',
    yaml: universal(`default:
  appendModifications:
    - cluster:
        operation: Remove`),
    expect: ['spec.targetRef.kind: must be defined'],
  },
  {
    name: 'Kubernetes form: paths stay under spec',
    yaml: kubernetes(
      'MeshProxyPatch',
      `targetRef:
  kind: MeshService
  name: backend
default:
  appendModifications:
    - httpFilter:
        operation: AddBefore
        value: |
          name: envoy.filters.http.gzip
    - cluster:
        operation: Patch
        jsonPatches:
          - op: remove
            path: /
`,
      { name: 'mpp' },
    ),
    expect: [
      `${M}[0].httpFilter.match.name: must be defined. You need to pick a filter before which this one will be added`,
      `${M}[1].cluster.jsonPatches[0].path: root path cannot be removed`,
    ],
  },
  {
    name: 'rejects unknown fields in a modification',
    yaml: mods('- cluster:\n    operation: Remove\n    matchh: {}'),
    expect: [`${M}[0].cluster.matchh: unknown field`],
  },
]);
