/**
 * HostnameGenerator admission, from Kuma 2.8.8
 * `pkg/core/resources/apis/hostnamegenerator/api/v1alpha1/validate_test.go` (exact fields and
 * messages), plus template errors as Go's `text/template` reports them.
 */
import { type Case, kubernetes, table, universal } from './helpers.js';

/** A Universal HostnameGenerator whose spec is the YAML `spec`. */
const hg = (spec: string): string => universal('HostnameGenerator', spec, { meta: { name: 'route-1' } });

const SELECTOR_MSG = 'spec.selector: exact one selector (meshService, meshExternalService) must be defined';
/** A template with a selector, so only the template is in question. */
const template = (t: string): string => hg(`template: ${JSON.stringify(t)}\nselector:\n  meshService: {}`);
const parseError = (message: string): string =>
  `spec.template: couldn't parse template: template: ${message}`;
/** A row for one template: the parse error Go reports for it (after `template: `), or none. */
const templateCase = (name: string, t: string, error?: string): Case => ({
  name,
  yaml: template(t),
  expect: error === undefined ? 'valid' : [parseError(error)],
});

table('HostnameGenerator admission (Kuma 2.8.8)', [
  // validate_test.go
  templateCase('spec.template error', '{{ .Name[4 }}.mesh', ":1: bad character U+005B '['"),
  {
    name: 'spec.template empty',
    yaml: template(''),
    expect: ['spec.template: must not be empty'],
  },
  {
    name: 'spec.selector empty',
    yaml: hg('template: "{{ .Name }}.mesh"'),
    expect: [SELECTOR_MSG],
  },
  {
    name: 'spec.selector has too many selectors',
    yaml: hg(`
template: "{{ .Name }}.mesh"
selector:
  meshService: {}
  meshExternalService: {}
`),
    expect: [SELECTOR_MSG],
  },
  templateCase('accepts valid resource', '{{ .Name }}.mesh'),
  // Beyond Kuma's table: the zero values and Go's own parse errors.
  {
    name: 'an empty spec: no selector and an empty template',
    yaml: hg('{}'),
    expect: [SELECTOR_MSG, 'spec.template: must not be empty'],
  },
  templateCase(
    "Kuma's label function and the builtins parse",
    '{{ label "kuma.io/display-name" }}.{{ .Namespace | printf "%s" }}.svc.mesh.local',
  ),
  {
    name: 'a matchLabels selector of MeshExternalService',
    yaml: hg(`
template: "{{ .DisplayName }}.extsvc.mesh.local"
selector:
  meshExternalService:
    matchLabels:
      kuma.io/origin: zone
`),
    expect: 'valid',
  },
  templateCase(
    'a function Kuma does not define',
    '{{ upper .Name }}.mesh',
    ':1: function "upper" not defined',
  ),
  templateCase('an action left open across lines', '{{ .Name\n}.mesh', ':2: unexpected "}" in operand'),
  templateCase('an action left open to the end', '{{ .Name\n', ':2: unclosed action started at :1'),
  templateCase('an unknown variable', '{{ $zone }}.mesh', ':1: undefined variable "$zone"'),
  templateCase('an if without end', '{{ if .Name }}x', ':1: unexpected EOF'),
  templateCase(
    'an unmatched right parenthesis (Go 1.23 wording)',
    '{{ .Name) }}',
    ':1: unexpected right paren',
  ),
  templateCase('"else with" parses (Go 1.23)', '{{ with .A }}{{ . }}{{ else with .B }}{{ . }}{{ end }}.mesh'),
  templateCase('break outside range', '{{ break }}', ':1: {{break}} outside {{range}}'),
  templateCase('a bad escape in a string literal', '{{ label "a\\q" }}', ':1: invalid syntax'),
  templateCase(
    'a number literal too large for 64 bits',
    '{{ 99999999999999999999 }}',
    ':1: integer overflow: "99999999999999999999"',
  ),
  {
    name: 'strict type: an unknown field and a non-string template',
    yaml: hg(`
template: 5
prefix: x
selector:
  meshService: {}
`),
    expect: ['spec.template: must be a string (got number)', 'spec.prefix: unknown field'],
  },
  {
    name: 'Kubernetes form: paths point into the document',
    yaml: kubernetes('HostnameGenerator', 'template: "{{ .Name[4 }}.mesh"', { name: 'route-1' }),
    expect: [SELECTOR_MSG, parseError(":1: bad character U+005B '['")],
  },
]);

/**
 * Templates and the error Go's text/template gives for each ("" when it parses), as Go's own
 * parser printed them: the lexer, the parser and the literal rules of strconv, line numbers
 * included. Only inputs on which Go's parser has not changed up to Go 1.23 are listed; the two
 * Go 1.23 differences (a stray `)`, `else with`) are cases of the table above.
 */
const GO_PARSE: [template: string, error: string][] = [
  ['{{ .Name }}.mesh', ''],
  ['{{ .Name[4 }}.mesh', "template: :1: bad character U+005B '['"],
  ['{{ .Name\n', 'template: :2: unclosed action started at :1'],
  ['{{(3}}', 'template: :1: unclosed left paren'],
  ['{{', 'template: :1: unclosed action'],
  ['}}', ''],
  ['{{}}', 'template: :1: missing value for command'],
  ['{{ label "kuma.io/display-name" }}.svc', ''],
  ['{{ label }}', ''],
  ['{{ foo }}', 'template: :1: function "foo" not defined'],
  ['{{ .DisplayName }}.{{ .Namespace }}.svc.mesh.local', ''],
  ['{{ if .X }}a{{ end }}', ''],
  ['{{ if .X }}a{{ else if .Y }}b{{ end }}', ''],
  ['{{ range .X }}{{ break }}{{ end }}', ''],
  ['{{ break }}', 'template: :1: {{break}} outside {{range}}'],
  ['{{ continue }}', 'template: :1: {{continue}} outside {{range}}'],
  ['{{ range $i, $e := .X }}{{ $i }}{{ end }}', ''],
  ['{{ $x := 1 }}{{ $x }}', ''],
  ['{{ $y }}', 'template: :1: undefined variable "$y"'],
  ['{{ $x = 1 }}', ''],
  ['{{ end }}', 'template: :1: unexpected {{end}}'],
  ['{{ else }}', 'template: :1: unexpected {{else}}'],
  ['{{ if }}{{ end }}', 'template: :1: missing value for if'],
  ['{{ if .X }}', 'template: :1: unexpected EOF'],
  ['{{ define "a" }}x{{ end }}{{ template "a" }}', ''],
  [
    '{{ define "a" }}x{{ end }}{{ define "a" }}y{{ end }}',
    'template: :1: template: multiple definition of template "a"',
  ],
  ['{{ block "b" . }}x{{ end }}', ''],
  ['{{ template }}', 'template: :1: unexpected "}}" in template clause'],
  ['{{ template "x" . }}', ''],
  ['{{/* c */}}', ''],
  ['{{/* c', 'template: :1: unclosed comment'],
  ['{{/* c */ }}', 'template: :1: comment ends before closing delimiter'],
  ['{{- .X -}}', ''],
  ['{{-.X}}', 'template: :1: bad number syntax: "-.X"'],
  ['{{ "a\\q" }}', 'template: :1: invalid syntax'],
  ["{{ 'ab' }}", "template: :1: malformed character constant: 'ab'"],
  ["{{ '\\n' }}", ''],
  ['{{ 08 }}', 'template: :1: integer overflow: "08"'],
  ['{{ 1e400 }}', 'template: :1: illegal number syntax: "1e400"'],
  ['{{ 1e-400 }}', ''],
  ['{{ 0x1p3 }}', ''],
  ['{{ 0x1 }}', ''],
  ['{{ 1+2i }}', ''],
  ['{{ 1+i }}', 'template: :1: syntax error scanning complex number'],
  ['{{ 1_000 }}', ''],
  ['{{ -0 }}', ''],
  ['{{ .5 }}', ''],
  ['{{ . }}', ''],
  ['{{ .X.Y }}', ''],
  ['{{ "a".b }}', 'template: :1: unexpected . after term "\\"a\\""'],
  ['{{ .X | 1 }}', 'template: :1: non executable command in pipeline stage 2'],
  ['{{ .X | printf "%s" }}', ''],
  ['{{ |}}', 'template: :1: unexpected "|" in command'],
  ['{{ .é }}', ''],
  ['{{ \u0001 }}', 'template: :1: unrecognized character in action: U+0001'],
  ['{{ .X\u0001 }}', 'template: :1: bad character U+0001'],
  ['{{ "unterminated }}', 'template: :1: unterminated quoted string'],
  ['{{ `raw\nstring` }}', ''],
  ['{{ `raw', 'template: :1: unterminated raw quoted string'],
  ['{{ ((.X)) }}', ''],
  ['{{ (.X).Y }}', ''],
  ['{{ $ }}', ''],
  ['{{ $.X }}', ''],
  ['{{ : }}', 'template: :1: expected :='],
  ['{{ .X:=1 }}', 'template: :1: unexpected ":=" in operand'],
  ['{{ $x, $y := .X }}', 'template: :1: too many declarations in command'],
  ['{{ range $x, $y, $z := .X }}{{ end }}', 'template: :1: too many declarations in range'],
  ['{{ range $x, 1 }}{{ end }}', 'template: :1: range can only initialize variables'],
  ['{{ if .X }}{{ else }}{{ else }}{{ end }}', 'template: :1: expected end; found {{else}}'],
  ['a\nb\n{{ .X\n\n', 'template: :5: unclosed action started at :3'],
  ['{{ "\\u00e9" }}', ''],
  ['{{ 1i }}', ''],
  ['{{ 0b101 }}', ''],
  ['{{ 0o17 }}', ''],
  ['{{ 0x1p-2+1i }}', ''],
  ['{{ 1e5i }}', ''],
  ['{{ 12345678901 }}', ''],
  ['{{ "abcdefghijklmnop" "x" | }}', ''],
  ['{{ range . }}{{ else if .X }}{{ end }}', 'template: :1: unexpected <if> in input'],
  ['{{ define "x" }}{{ else }}', 'template: :1: unexpected {{else}} in define clause'],
  ['{{ block "x" . }}{{ else }}{{ end }}', 'template: :1: unexpected {{else}} in block clause'],
  ['{{ define x }}', 'template: :1: unexpected "x" in define clause'],
  ['{{ template `a` }}', ''],
  ['{{ nil }}', ''],
  ['{{ and 1 2 }}', ''],
  ['{{ or }}', ''],
  ['{{ len . | not }}', ''],
  ['{{ .X | (1) }}', ''],
  ['{{ .X | $ }}', ''],
  ['{{ .X -}}', ''],
  ['{{ .X -}}\n  y', ''],
  ['  \n{{- .X }}', ''],
  ['{{- /* c */ -}}', ''],
  ['{{ -1 }}', ''],
  ['{{ +1 }}', ''],
  ["{{ 'a }}", 'template: :1: unterminated character constant'],
  ['{{ range $i := . }}{{ end }}', ''],
  ['{{ range $i, $j := . }}{{ continue }}{{ end }}', ''],
  ['{{ define "a" }} {{ end }}{{ define "a" }}y{{ end }}', ''],
  ['{{ 0x1.8p1 }}', ''],
  ['{{ 0x_1 }}', ''],
  ['{{ 0x1.fffffffffffffp1023 }}', ''],
  ['{{ 1.7976931348623157e308 }}', ''],
  ['{{ 18446744073709551615 }}', ''],
  ['{{ -9223372036854775808 }}', ''],
  ['{{ 1e5+1e5i }}', ''],
  ['{{ 1+1e999i }}', 'template: :1: strconv.ParseFloat: parsing "+1e999": value out of range'],
  ['{{ 0x+1i }}', 'template: :1: strconv.ParseFloat: parsing "0x": invalid syntax'],
];

table(
  'HostnameGenerator templates: Go text/template parse errors',
  GO_PARSE.map(
    ([t, error]): Case => ({
      name: JSON.stringify(t),
      yaml: template(t),
      expect: error === '' ? 'valid' : [`spec.template: couldn't parse template: ${error}`],
    }),
  ),
);
