/**
 * MeshPassthrough admission (Kuma 2.8.8 `pkg/plugins/policies/meshpassthrough/api/v1alpha1/validator.go`).
 *
 * The one implementation of MeshPassthrough's rules: the loader runs them with Kuma 2.8.8's
 * behaviour, and `mesh-policy/passthrough`'s `validateMeshPassthrough` runs them on raw input
 * (any JavaScript value) with either Kuma 2.8.8's or the documented behaviour.
 */
import { isIP, parseCIDR } from '../../internal/go-net.js';
import { isDNSName } from '../../internal/govalidator.js';
import { NAMESPACE_LABEL } from '../format.js';
import type { RawIssue, TargetRefPolicy } from '../resource.js';
import { type TargetRefInput, validateTargetRef } from './tags.js';
import { key, oneOfMessage, type Path, Violations } from './violations.js';

/** Which behaviour the rules reproduce: Kuma 2.8.8 exactly, or the documented (later) one. */
export type MeshPassthroughSemantics = 'documented' | 'kuma-2.8';

/** Options of `meshPassthroughSpecViolations`. */
export interface MeshPassthroughRuleOptions {
  semantics: MeshPassthroughSemantics;
  /** Fill the Kubernetes CRD default `protocol: tcp` first, as the API server does. */
  crdDefaults: boolean;
}

const PROTOCOLS = ['tcp', 'tls', 'grpc', 'http', 'http2'];

/** Kuma's partial-wildcard shape `^\*[^.]+` (e.g. `*w.example.com`). */
export function isPartialWildcard(text: string): boolean {
  return /^\*[^.]/.test(text);
}

/** Protocols that may not share a port with another protocol (Kuma prints them as a Go slice). */
const SAME_PORT_PROTOCOLS = ['grpc', 'http', 'http2'];
const MODES = ['All', 'Matched', 'None'];
const MAX_PORT = 65535;

const MSG_PORT = 'port must be a valid (1-65535)';
const MSG_SAME_PORT = `using the same port in multiple matches requires the same protocol for the following protocols: [${SAME_PORT_PROTOCOLS.join(' ')}]`;
const MSG_PROXY_TYPES = 'proxyTypes needs to be set, currently only Sidecar is supported';

export function validateMeshPassthrough(r: TargetRefPolicy<'MeshPassthrough'>, v: Violations): void {
  // A resource that went through a Kubernetes API server has its CRD defaults filled in.
  const labels: Readonly<Record<string, unknown>> = r.labels ?? {};
  meshPassthroughSpecViolations(v, r.spec, {
    semantics: 'kuma-2.8',
    crdDefaults: Object.hasOwn(labels, NAMESPACE_LABEL),
  });
}

/**
 * MeshPassthrough's rules on a raw `spec` (any JavaScript value), for callers outside the loader:
 * the violations in Kuma's order, paths rooted at `spec`. Never throws.
 */
export function meshPassthroughRuleIssues(spec: unknown, opts: MeshPassthroughRuleOptions): RawIssue[] {
  const v = new Violations();
  meshPassthroughSpecViolations(v, spec, opts);
  return v.issues;
}

type Obj = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Own property only (never the prototype chain). */
function own(obj: Obj, name: string): unknown {
  return Object.hasOwn(obj, name) ? obj[name] : undefined;
}

/**
 * A string field read the way Kuma's type-directed YAML decoding reads it: a scalar becomes its
 * text (`protocol: 1` is `"1"`), absent or null is Go's zero value `""`; undefined for a value
 * that cannot be a string (an object or a list).
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

/**
 * Kuma's MeshPassthrough validation of one `spec` (any value), rooted at `spec`. Never throws;
 * input that cannot have come out of Kuma's decoder (a list where an object belongs, an object
 * where a string belongs) is reported as such.
 */
export function meshPassthroughSpecViolations(
  v: Violations,
  spec: unknown,
  opts: MeshPassthroughRuleOptions,
): void {
  if (!isObject(spec)) {
    v.add(['spec'], 'must be an object');
    return;
  }
  validateTop(v, own(spec, 'targetRef'), opts);
  const conf = own(spec, 'default');
  if (conf === undefined || conf === null) return;
  if (!isObject(conf)) {
    v.add(['spec', 'default'], 'must be an object');
    return;
  }
  const mode = own(conf, 'passthroughMode');
  if (
    opts.semantics === 'documented' &&
    mode !== undefined &&
    mode !== null &&
    !MODES.includes(stringField(mode) ?? '')
  )
    v.add(
      ['spec', 'default', 'passthroughMode'],
      `must be one of [${MODES.map((m) => JSON.stringify(m)).join(', ')}]`,
    );
  const list = own(conf, 'appendMatch');
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) {
    v.add(['spec', 'default', 'appendMatch'], 'must be an array');
    return;
  }
  validateAppendMatch(v, ['spec', 'default', 'appendMatch'], list, opts);
}

/** Kuma's `validateTop`: a Mesh or MeshSubset targetRef, and the proxyTypes rule. */
function validateTop(v: Violations, raw: unknown, opts: MeshPassthroughRuleOptions): void {
  const path: Path = ['spec', 'targetRef'];
  const ref: Obj = isObject(raw) ? raw : {};
  validateTargetRef(v, path, targetRefInput(v, path, ref), { supportedKinds: ['Mesh', 'MeshSubset'] });
  const proxyTypes = own(ref, 'proxyTypes');
  const list: readonly unknown[] = Array.isArray(proxyTypes) ? proxyTypes : [];
  // Kuma 2.8.8 only objects when the list is not a single entry and has no Sidecar in it.
  const wrong =
    opts.semantics === 'kuma-2.8'
      ? list.length !== 1 && !list.includes('Sidecar')
      : list.length === 0 || list.some((p) => p !== 'Sidecar');
  if (wrong) v.add([...path, 'proxyTypes'], MSG_PROXY_TYPES);
}

/** A raw targetRef as Kuma's decoder would have produced it (scalars as text). */
function targetRefInput(v: Violations, path: Path, ref: Obj): TargetRefInput {
  const text = (name: string): string | undefined => {
    const value = own(ref, name);
    const s = stringField(value);
    // A list or object where a string belongs: present (so "must not be set" rules apply).
    if (s === undefined) return isSet(value) ? '[object]' : undefined;
    return s === '' ? undefined : s;
  };
  const map = (name: 'tags' | 'labels'): Readonly<Record<string, string>> | undefined => {
    const value = own(ref, name);
    if (!isObject(value)) {
      if (isSet(value)) v.add([...path, name], 'must be a map of strings');
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const k of Object.keys(value)) {
      const s = stringField(value[k]);
      if (s === undefined) v.add([...path, name, key(k)], 'must be a string');
      else Object.defineProperty(out, k, { value: s, enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  const kind = stringField(own(ref, 'kind')) ?? '';
  const input: {
    kind?: string;
    name?: string;
    mesh?: string;
    namespace?: string;
    sectionName?: string;
    tags?: Readonly<Record<string, string>>;
    labels?: Readonly<Record<string, string>>;
  } = { kind };
  for (const name of ['name', 'mesh', 'namespace', 'sectionName'] as const) {
    const s = text(name);
    if (s !== undefined) input[name] = s;
  }
  // Tag rules only run for MeshSubset; other kinds only ask whether the map is set.
  const tags = map('tags');
  if (tags !== undefined) input.tags = tags;
  const labels = map('labels');
  if (labels !== undefined) input.labels = labels;
  return input;
}

/** Kuma's `validateDefault`: every `appendMatch` entry, in order (some rules depend on it). */
function validateAppendMatch(
  v: Violations,
  path: Path,
  list: readonly unknown[],
  opts: MeshPassthroughRuleOptions,
): void {
  const documented = opts.semantics === 'documented';
  /** Kuma 2.8.8: the protocol last recorded for a port. */
  const portProtocol = new Map<number, string>();
  /** Documented: the first L7 protocol seen on a port. */
  const firstL7 = new Map<number, string>();
  const seen = new Map<string, Set<string>>();
  list.forEach((raw, i) => {
    const at = [...path, i];
    if (!isObject(raw)) {
      v.add(at, 'must be an object');
      return;
    }
    const text = (name: 'type' | 'value' | 'protocol'): string => {
      const s = stringField(own(raw, name));
      if (s === undefined) v.add([...at, name], 'must be a string');
      return s ?? '';
    };
    const type = text('type');
    const value = text('value');
    let protocol = text('protocol');
    const rawProtocol = own(raw, 'protocol');
    if ((documented || opts.crdDefaults) && (rawProtocol === undefined || rawProtocol === null))
      protocol = 'tcp';

    const rawPort = own(raw, 'port');
    let port: number | undefined;
    if (rawPort !== undefined && rawPort !== null) {
      const integer = typeof rawPort === 'number' && Number.isInteger(rawPort);
      // Kuma 2.8.8 lets a negative port through.
      const valid = integer && rawPort !== 0 && rawPort <= MAX_PORT && (!documented || rawPort > 0);
      if (!valid) v.add([...at, 'port'], MSG_PORT);
      if (integer) port = rawPort;
    }
    if (port !== undefined) {
      if (!documented) {
        // Kuma 2.8.8 compares with the protocol last recorded for the port, so the order of the
        // entries matters (a tcp entry after an http one is fine, the other way round is not).
        const recorded = portProtocol.get(port);
        if (recorded !== undefined && recorded !== protocol && SAME_PORT_PROTOCOLS.includes(protocol))
          v.add([...at, 'port'], MSG_SAME_PORT);
        else portProtocol.set(port, protocol);
      } else if (SAME_PORT_PROTOCOLS.includes(protocol)) {
        const first = firstL7.get(port);
        if (first === undefined) firstL7.set(port, protocol);
        else if (first !== protocol) v.add([...at, 'port'], MSG_SAME_PORT);
      }
      const slot = `${port}\u0000${protocol}`;
      let values = seen.get(slot);
      if (values === undefined) {
        values = new Set();
        seen.set(slot, values);
      }
      if (values.has(value))
        v.add([...at, 'value'], `value ${value} is already defiend for this port and protocol`);
      else values.add(value);
    }
    if (!PROTOCOLS.includes(protocol))
      v.add([...at, 'protocol'], oneOfMessage('protocol', '', 'must be', PROTOCOLS));

    switch (type) {
      case 'CIDR':
        if (parseCIDR(value) === undefined) v.add([...at, 'value'], 'provided CIDR has incorrect value');
        break;
      case 'IP':
        if (!isIP(value)) v.add([...at, 'value'], 'provided IP has incorrect value');
        break;
      case 'Domain':
        if (protocol === 'tcp') v.add([...at, 'protocol'], 'protocol tcp is not supported for a domain');
        if (isPartialWildcard(value))
          v.add(
            [...at, 'value'],
            'provided DNS has incorrect value, partial wildcard is currently not supported',
          );
        if (
          documented &&
          port === undefined &&
          value.startsWith('*') &&
          SAME_PORT_PROTOCOLS.includes(protocol)
        )
          v.add([...at, 'port'], "wildcard domains doesn't work for all ports and layer 7 protocol");
        if (!value.startsWith('*') && !isDNSName(value))
          v.add([...at, 'value'], 'provided DNS has incorrect value');
        if (
          documented &&
          (value === '*' || value === '*.' || (value.startsWith('*.') && !isDNSName(value.slice(2))))
        )
          v.add([...at, 'value'], 'provided DNS has incorrect value');
        break;
      default:
        v.add(
          [...at, 'type'],
          `provided type ${type} is not supported, one of Domain, IP, or CIDR is supported`,
        );
    }
  });
}
