/**
 * `validateMeshPassthrough`: Kuma's Go validator for MeshPassthrough (spec 04 §3), on raw input.
 * Every rule runs in Kuma's order with Kuma's verbatim paths and messages (typos included).
 */
import type { Issue, ValidationResult } from '../models/index.js';
import type { PassthroughOptions, PassthroughSemantics } from './types.js';
import { isDnsName, isPartialWildcard, isValidCidr, isValidIp } from './values.js';

const PROTOCOLS = ['tcp', 'tls', 'grpc', 'http', 'http2'];
const L7 = new Set(['grpc', 'http', 'http2']);
const MODES = ['All', 'Matched', 'None'];

const MSG_PORT = 'port must be a valid (1-65535)';
const MSG_SAME_PORT =
  'using the same port in multiple matches requires the same protocol for the following protocols: [grpc http http2]';
const MSG_PROTOCOL = '"protocol" must be one of ["tcp", "tls", "grpc", "http", "http2"]';
const MSG_PROXY_TYPES = 'proxyTypes needs to be set, currently only Sidecar is supported';

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Own property only (never walks the prototype chain, so `__proto__`/`constructor` keys are inert). */
function own(obj: Obj, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/**
 * Reads a string-typed field the way Kuma's type-directed YAML decoding does: scalars become
 * their text (`protocol: 1` → `"1"`), absent/null becomes `""`. Returns undefined for objects.
 */
function stringField(value: unknown): string | undefined {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return undefined;
}

function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return true;
}

const GO_SHORT_ESCAPES: Readonly<Record<number, string>> = {
  7: '\\a',
  8: '\\b',
  9: '\\t',
  10: '\\n',
  11: '\\v',
  12: '\\f',
  13: '\\r',
};

/** Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const GO_PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/**
 * Go's `%q` (`strconv.Quote`) for a tag key: printable characters as they are, `"` and `\`
 * backslashed, `\a`…`\v` short escapes, other bytes below 0x20 and 0x7f as `\xNN`, other
 * non-printable characters as `\uNNNN` / `\UNNNNNNNN`. A lone surrogate (not valid UTF-8 in Go)
 * is written as the three bytes of its WTF-8 encoding.
 */
function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (code >= 0xd800 && code <= 0xdfff)
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((b) => `\\x${b.toString(16)}`)
        .join('');
    else if (GO_PRINTABLE.test(ch)) out += ch;
    else if (GO_SHORT_ESCAPES[code] !== undefined) out += GO_SHORT_ESCAPES[code];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** Go's string order (bytes of UTF-8), which is code-point order, not JavaScript's UTF-16 order. */
function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(j) as number;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}

function validateTags(tags: unknown, issues: Issue[]): void {
  if (!isObject(tags)) {
    if (isSet(tags)) issues.push({ path: 'spec.targetRef.tags', message: 'must be a map of strings' });
    return;
  }
  const keys = Object.keys(tags).sort(compareCodePoints);
  for (const key of keys) {
    const path = `spec.targetRef.tags[${goQuote(key)}]`;
    if (key === '') issues.push({ path: 'spec.targetRef.tags', message: 'tag name must be non-empty' });
    else if (!/^[a-zA-Z0-9.\-_:/]*$/.test(key))
      issues.push({
        path,
        message: 'tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores',
      });
    const value = stringField(tags[key]);
    if (value === '') issues.push({ path, message: 'tag value must be non-empty' });
    else if (value === undefined || !/^[a-zA-Z0-9.\-_:]*$/.test(value))
      issues.push({
        path,
        message: 'tag value must consist of alphanumeric characters, dots, dashes and underscores',
      });
  }
}

function proxyTypesIssue(proxyTypes: unknown, semantics: PassthroughSemantics): boolean {
  const list = Array.isArray(proxyTypes) ? proxyTypes : [];
  if (semantics === 'kuma-2.8') return list.length !== 1 && !list.includes('Sidecar');
  return list.length === 0 || list.some((p) => p !== 'Sidecar');
}

function validateTargetRef(targetRef: unknown, semantics: PassthroughSemantics, issues: Issue[]): void {
  const ref: Obj = isObject(targetRef) ? targetRef : {};
  const kind = stringField(own(ref, 'kind'));
  const mustNot = (field: string, k: string): void => {
    if (isSet(own(ref, field)))
      issues.push({ path: `spec.targetRef.${field}`, message: `must not be set with kind ${k}` });
  };
  if (kind === '' || kind === undefined) {
    issues.push({ path: 'spec.targetRef.kind', message: 'must be defined' });
  } else if (kind !== 'Mesh' && kind !== 'MeshSubset') {
    issues.push({ path: 'spec.targetRef.kind', message: 'value is not supported' });
  } else if (kind === 'Mesh') {
    if (isSet(own(ref, 'name')))
      issues.push({ path: 'spec.targetRef.name', message: 'using name with kind Mesh is not yet supported' });
    for (const field of ['mesh', 'tags', 'labels', 'namespace', 'sectionName']) mustNot(field, 'Mesh');
  } else {
    mustNot('name', 'MeshSubset');
    mustNot('mesh', 'MeshSubset');
    validateTags(own(ref, 'tags'), issues);
    for (const field of ['labels', 'namespace', 'sectionName']) mustNot(field, 'MeshSubset');
  }
  if (proxyTypesIssue(own(ref, 'proxyTypes'), semantics))
    issues.push({ path: 'spec.targetRef.proxyTypes', message: MSG_PROXY_TYPES });
}

interface EntryState {
  /** Kubernetes CRD default: an absent protocol is stored as `tcp` by the API server. */
  crdDefaults: boolean;
  portProtocol: Map<number, string>;
  firstL7: Map<number, string>;
  seen: Map<string, Set<string>>;
}

function validateEntry(
  raw: unknown,
  prefix: string,
  semantics: PassthroughSemantics,
  state: EntryState,
  issues: Issue[],
): void {
  if (!isObject(raw)) {
    issues.push({ path: prefix, message: 'must be an object' });
    return;
  }
  const fields: Record<'type' | 'value' | 'protocol', string> = { type: '', value: '', protocol: '' };
  for (const key of ['type', 'value', 'protocol'] as const) {
    const text = stringField(own(raw, key));
    if (text === undefined) issues.push({ path: `${prefix}.${key}`, message: 'must be a string' });
    fields[key] = text ?? '';
  }
  const { type, value } = fields;
  let protocol = fields.protocol;
  const rawProtocol = own(raw, 'protocol');
  if (
    (semantics === 'documented' || state.crdDefaults) &&
    (rawProtocol === undefined || rawProtocol === null)
  )
    protocol = 'tcp';

  const rawPort = own(raw, 'port');
  let port: number | undefined;
  if (rawPort !== undefined && rawPort !== null) {
    const valid =
      typeof rawPort === 'number' &&
      Number.isInteger(rawPort) &&
      rawPort !== 0 &&
      rawPort <= 65535 &&
      (semantics === 'kuma-2.8' || rawPort > 0);
    if (!valid) issues.push({ path: `${prefix}.port`, message: MSG_PORT });
    if (typeof rawPort === 'number' && Number.isInteger(rawPort)) port = rawPort;
  }
  if (port !== undefined) {
    if (semantics === 'kuma-2.8') {
      const recorded = state.portProtocol.get(port);
      if (recorded !== undefined && recorded !== protocol && L7.has(protocol))
        issues.push({ path: `${prefix}.port`, message: MSG_SAME_PORT });
      else state.portProtocol.set(port, protocol);
    } else if (L7.has(protocol)) {
      const first = state.firstL7.get(port);
      if (first === undefined) state.firstL7.set(port, protocol);
      else if (first !== protocol) issues.push({ path: `${prefix}.port`, message: MSG_SAME_PORT });
    }
    const key = `${port}\u0000${protocol}`;
    let values = state.seen.get(key);
    if (values === undefined) {
      values = new Set();
      state.seen.set(key, values);
    }
    if (values.has(value))
      issues.push({
        path: `${prefix}.value`,
        message: `value ${value} is already defiend for this port and protocol`,
      });
    else values.add(value);
  }
  if (!PROTOCOLS.includes(protocol)) issues.push({ path: `${prefix}.protocol`, message: MSG_PROTOCOL });

  if (type === 'CIDR') {
    if (!isValidCidr(value))
      issues.push({ path: `${prefix}.value`, message: 'provided CIDR has incorrect value' });
  } else if (type === 'IP') {
    if (!isValidIp(value))
      issues.push({ path: `${prefix}.value`, message: 'provided IP has incorrect value' });
  } else if (type === 'Domain') {
    if (protocol === 'tcp')
      issues.push({ path: `${prefix}.protocol`, message: 'protocol tcp is not supported for a domain' });
    if (isPartialWildcard(value))
      issues.push({
        path: `${prefix}.value`,
        message: 'provided DNS has incorrect value, partial wildcard is currently not supported',
      });
    if (semantics === 'documented' && port === undefined && value.startsWith('*') && L7.has(protocol))
      issues.push({
        path: `${prefix}.port`,
        message: "wildcard domains doesn't work for all ports and layer 7 protocol",
      });
    if (!value.startsWith('*') && !isDnsName(value))
      issues.push({ path: `${prefix}.value`, message: 'provided DNS has incorrect value' });
    if (
      semantics === 'documented' &&
      (value === '*' || value === '*.' || (value.startsWith('*.') && !isDnsName(value.slice(2))))
    )
      issues.push({ path: `${prefix}.value`, message: 'provided DNS has incorrect value' });
  } else {
    issues.push({
      path: `${prefix}.type`,
      message: `provided type ${type} is not supported, one of Domain, IP, or CIDR is supported`,
    });
  }
}

/** Options of `validateMeshPassthrough`. */
export interface ValidatePassthroughOptions extends PassthroughOptions {
  /** Fill the CRD default `protocol: tcp` first (default: true for Kubernetes-form resources). */
  applyKubernetesDefaults?: boolean;
}

/**
 * Validates a MeshPassthrough resource (Universal form, `{ spec }`) or a bare `spec`, exactly as
 * Kuma does (spec 04 §3): issues in Kuma's order, paths rooted at `spec`. Never throws, whatever
 * the input; scalar values of string fields are read as their text (`protocol: 1` → `"1"`).
 *
 * `semantics: 'kuma-2.8'` reproduces Kuma 2.8.8 (order-dependent same-port rule, proxyTypes
 * quirk); the default `'documented'` applies seed 000's rules (defaults, D3/D5, negative ports).
 * `applyKubernetesDefaults` (default: true for a Kubernetes-form resource, with `apiVersion` and
 * `metadata`) fills the CRD default `protocol: tcp` first, as the API server does before Kuma
 * validates.
 */
export function validateMeshPassthrough(
  resourceOrSpec: unknown,
  opts: ValidatePassthroughOptions = {},
): ValidationResult {
  opts ??= {}; // untyped callers may pass null
  const semantics: PassthroughSemantics = opts.semantics ?? 'documented';
  const issues: Issue[] = [];
  if (!isObject(resourceOrSpec)) {
    return { ok: false, issues: [{ path: 'spec', message: 'must be an object' }] };
  }
  const wrapped = isObject(own(resourceOrSpec, 'spec'));
  const spec = wrapped ? (own(resourceOrSpec, 'spec') as Obj) : resourceOrSpec;
  validateTargetRef(own(spec, 'targetRef'), semantics, issues);

  const conf = own(spec, 'default');
  if (conf === undefined || conf === null) return { ok: issues.length === 0, issues };
  if (!isObject(conf)) {
    issues.push({ path: 'spec.default', message: 'must be an object' });
    return { ok: false, issues };
  }
  const mode = own(conf, 'passthroughMode');
  if (
    semantics === 'documented' &&
    mode !== undefined &&
    mode !== null &&
    !MODES.includes(stringField(mode) ?? '')
  )
    issues.push({
      path: 'spec.default.passthroughMode',
      message: 'must be one of ["All", "Matched", "None"]',
    });
  const list = own(conf, 'appendMatch');
  if (list === undefined || list === null) return { ok: issues.length === 0, issues };
  if (!Array.isArray(list)) {
    issues.push({ path: 'spec.default.appendMatch', message: 'must be an array' });
    return { ok: false, issues };
  }
  const kubernetesForm =
    wrapped && isObject(own(resourceOrSpec, 'metadata')) && own(resourceOrSpec, 'apiVersion') !== undefined;
  const state: EntryState = {
    crdDefaults: opts.applyKubernetesDefaults ?? kubernetesForm,
    portProtocol: new Map(),
    firstL7: new Map(),
    seen: new Map(),
  };
  for (let i = 0; i < list.length; i++) {
    validateEntry(list[i], `spec.default.appendMatch[${i}]`, semantics, state, issues);
  }
  return { ok: issues.length === 0, issues };
}
