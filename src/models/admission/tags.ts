/**
 * Kuma's tag, selector and targetRef checks (`pkg/core/resources/apis/mesh/validators.go` at
 * 2.8.8): `ValidateTags`, `ValidateSelector(s)`, `ValidateTargetRef`, `ValidatePort`.
 */
import { compareBytes } from '../../internal/compare.js';
import { key, MSG, type Path, type Violations } from './violations.js';

export const SERVICE_TAG = 'kuma.io/service';
export const PROTOCOL_TAG = 'kuma.io/protocol';

const NAME_CHARS = /^[0-9a-z.\-_]*$/;
const TAG_NAME_CHARS = /^[a-zA-Z0-9.\-_:/]*$/;
const TAG_VALUE_CHARS = /^[a-zA-Z0-9.\-_:]*$/;
const SELECTOR_VALUE_CHARS = /^([a-zA-Z0-9.\-_:/]*|\*)$/;
const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
/** Kuma's `domainRegexp`: dot-separated lower-case DNS labels. */
export const DOMAIN = new RegExp(`^${DNS_LABEL}(\\.${DNS_LABEL})*$`);

/** Options of `validateTags` / `validateSelector` (Kuma's `ValidateTagsOpts`). */
export interface TagsOptions {
  requireAtLeastOneTag?: boolean;
  requireService?: boolean;
  /** Checks of the whole map, run before the per-key checks. */
  extraTags?: ReadonlyArray<(v: Violations, path: Path, tags: Readonly<Record<string, string>>) => void>;
  extraKey?: ReadonlyArray<(v: Violations, path: Path, key: string) => void>;
  extraValue?: ReadonlyArray<(v: Violations, path: Path, key: string, value: string) => void>;
}

/** The keys of a tag map in Go's sorted (byte) order, as Kuma's `Keys` returns them. */
export function sortedKeys(tags: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(tags).sort(compareBytes);
}

const NO_TAGS: Readonly<Record<string, string>> = Object.freeze({});
const NONE: readonly never[] = [];

function tagKeyValues(
  v: Violations,
  path: Path,
  tags: Readonly<Record<string, string>> | undefined,
  valueCheck: (v: Violations, path: Path, key: string, value: string) => void,
  opts: TagsOptions,
): void {
  const map = tags ?? NO_TAGS;
  const keys = sortedKeys(map);
  if (opts.requireAtLeastOneTag === true && keys.length === 0) v.add(path, 'must have at least one tag');
  for (const check of opts.extraTags ?? NONE) check(v, path, map);
  for (const k of keys) {
    if (k === '') v.add(path, 'tag name must be non-empty');
    if (!TAG_NAME_CHARS.test(k))
      v.add(
        [...path, key(k)],
        'tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores',
      );
    for (const check of opts.extraKey ?? NONE) check(v, path, k);
    const value = map[k] ?? '';
    if (value === '') v.add([...path, key(k)], 'tag value must be non-empty');
    valueCheck(v, path, k, value);
    for (const check of opts.extraValue ?? NONE) check(v, path, k, value);
  }
  if (opts.requireService === true && !Object.hasOwn(map, SERVICE_TAG))
    v.add(path, `mandatory tag "${SERVICE_TAG}" is missing`);
}

/** A check of one tag value: `chars` it must match, and Kuma's message when it does not. */
function valueRule(
  chars: RegExp,
  message: string,
): (v: Violations, path: Path, key: string, value: string) => void {
  return (v, path, k, value) => {
    if (!chars.test(value)) v.add([...path, key(k)], message);
  };
}

const TAG_VALUE = valueRule(
  TAG_VALUE_CHARS,
  'tag value must consist of alphanumeric characters, dots, dashes and underscores',
);
const SELECTOR_VALUE = valueRule(
  SELECTOR_VALUE_CHARS,
  'tag value must consist of alphanumeric characters, dots, dashes, slashes and underscores or be "*"',
);

/** Kuma's `ValidateTags`: tag names and values (values without `/` or `*`). */
export function validateTags(
  v: Violations,
  path: Path,
  tags: Readonly<Record<string, string>> | undefined,
  opts: TagsOptions = {},
): void {
  tagKeyValues(v, path, tags, TAG_VALUE, opts);
}

/** Kuma's `ValidateSelector`: like `validateTags`, but values may contain `/` or be `*`. */
export function validateSelector(
  v: Violations,
  path: Path,
  tags: Readonly<Record<string, string>> | undefined,
  opts: TagsOptions = {},
): void {
  tagKeyValues(v, path, tags, SELECTOR_VALUE, opts);
}

/** Options of `validateSelectors` (Kuma's `ValidateSelectorsOpts`). */
export interface SelectorsOptions extends TagsOptions {
  requireAtMostOneSelector?: boolean;
  requireAtLeastOneSelector?: boolean;
}

/** Kuma's `ValidateSelectors` over a list of `{ match }` selectors. */
export function validateSelectors(
  v: Violations,
  path: Path,
  selectors: ReadonlyArray<{ readonly match?: Readonly<Record<string, string>> }> | undefined,
  opts: SelectorsOptions = {},
): void {
  const list = selectors ?? [];
  if (opts.requireAtLeastOneSelector === true && list.length === 0)
    v.add(path, 'must have at least one element');
  list.forEach((selector, i) => {
    validateSelector(v, [...path, i, 'match'], selector?.match, opts);
    if (i > 0 && opts.requireAtMostOneSelector === true)
      v.add([...path, i], 'there can be at most one selector');
  });
}

/** Kuma's `OnlyServiceTagAllowed` selector options. */
export const ONLY_SERVICE_TAG_ALLOWED: SelectorsOptions = {
  requireAtLeastOneSelector: true,
  requireService: true,
  extraTags: [
    (v, path, tags) => {
      const keys = Object.keys(tags);
      if (keys.length !== 1 || !Object.hasOwn(tags, SERVICE_TAG))
        v.add(path, `must consist of exactly one tag "${SERVICE_TAG}"`);
    },
  ],
  extraKey: [
    (v, path, k) => {
      if (k !== SERVICE_TAG) v.add([...path, key(k)], `tag "${k}" is not allowed`);
    },
  ],
};

/** Kuma's `SelectorKeyNotInSet`: the key may not be one of `names`. */
export function selectorKeyNotInSet(...names: string[]): (v: Violations, path: Path, k: string) => void {
  const set = new Set(names);
  return (v, path, k) => {
    if (set.has(k)) v.add([...path, key(k)], `tag name must not be "${k}"`);
  };
}

/** Kuma's `ProtocolValidator`: `kuma.io/protocol` present and one of `protocols`. */
export function protocolValidator(
  ...protocols: string[]
): (v: Violations, path: Path, tags: Readonly<Record<string, string>>) => void {
  return (v, path, tags) => {
    if (!Object.hasOwn(tags, PROTOCOL_TAG)) {
      v.add(path, 'protocol must be specified');
      return;
    }
    if (!protocols.includes(tags[PROTOCOL_TAG] ?? ''))
      v.add([...path, key(PROTOCOL_TAG)], `must be one of the [${protocols.join(', ')}]`);
  };
}

/** Kuma's `ValidatePort`: 1–65535 (an absent port is Go's zero value, 0). */
export function validatePort(v: Violations, path: Path, port: number | undefined): void {
  const p = port ?? 0;
  if (p === 0 || p > 65535) v.add(path, 'port must be in the range [1, 65535]');
}

/** Kuma's `AllowedValuesHint`. */
export function allowedValuesHint(...values: string[]): string {
  return `Allowed values: ${values.length === 0 ? '(none)' : values.join(', ')}`;
}

/** A targetRef as the admission checks read it (every field optional, as Go's zero values). */
export interface TargetRefInput {
  readonly kind?: string | undefined;
  readonly name?: string | undefined;
  readonly mesh?: string | undefined;
  readonly namespace?: string | undefined;
  readonly sectionName?: string | undefined;
  readonly tags?: Readonly<Record<string, string>> | undefined;
  readonly labels?: Readonly<Record<string, string>> | undefined;
  readonly proxyTypes?: readonly string[] | undefined;
}

/** Options of `validateTargetRef` (Kuma's `ValidateTargetRefOpts`). */
export interface TargetRefOptions {
  supportedKinds: readonly string[];
  gatewayListenerTagsAllowed?: boolean;
  /** Names accepted although they break the name character rule (MeshHTTPRoute backends). */
  allowedInvalidNames?: readonly string[];
}

function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** `field` of a targetRef of kind `kind` must not be set. */
function disallowed(
  v: Violations,
  path: Path,
  r: TargetRefInput,
  kind: string,
  field: keyof TargetRefInput,
): void {
  if (isSet(r[field])) v.add([...path, field], `must not be set with kind ${kind}`);
}

/** `field` of a targetRef of kind `kind` must be set. */
function required(
  v: Violations,
  path: Path,
  r: TargetRefInput,
  kind: string,
  field: keyof TargetRefInput,
): void {
  if (!isSet(r[field])) v.add([...path, field], `must be set with kind ${kind}`);
}

/** The name's characters (unless the name is one of `opts.allowedInvalidNames`). */
function validName(v: Violations, path: Path, r: TargetRefInput, opts: TargetRefOptions): void {
  const name = r.name ?? '';
  if (!NAME_CHARS.test(name) && !(opts.allowedInvalidNames ?? []).includes(name))
    v.add(
      [...path, 'name'],
      "invalid characters: must consist of lower case alphanumeric characters, '-', '.' and '_'.",
    );
}

/** Kuma's `ValidateTargetRef` for the targetRef at `path` (e.g. `['spec', 'to', 0, 'targetRef']`). */
export function validateTargetRef(
  v: Violations,
  path: Path,
  ref: TargetRefInput | undefined,
  opts: TargetRefOptions,
): void {
  const r: TargetRefInput = ref ?? {};
  const kind = r.kind ?? '';
  if (kind === '') {
    v.add([...path, 'kind'], MSG.mustBeDefined);
    return;
  }
  if (!opts.supportedKinds.includes(kind)) {
    v.add([...path, 'kind'], 'value is not supported');
    return;
  }
  const hasLabels = isSet(r.labels);
  switch (kind) {
    case 'Mesh':
      if (isSet(r.name)) v.add([...path, 'name'], `using name with kind ${kind} is not yet supported`);
      disallowed(v, path, r, kind, 'mesh');
      disallowed(v, path, r, kind, 'tags');
      disallowed(v, path, r, kind, 'labels');
      disallowed(v, path, r, kind, 'namespace');
      disallowed(v, path, r, kind, 'sectionName');
      break;
    case 'MeshSubset':
      disallowed(v, path, r, kind, 'name');
      disallowed(v, path, r, kind, 'mesh');
      validateTags(v, [...path, 'tags'], r.tags);
      disallowed(v, path, r, kind, 'labels');
      disallowed(v, path, r, kind, 'namespace');
      disallowed(v, path, r, kind, 'sectionName');
      break;
    case 'MeshService':
    case 'MeshHTTPRoute':
      validName(v, path, r, opts);
      disallowed(v, path, r, kind, 'mesh');
      disallowed(v, path, r, kind, 'tags');
      disallowed(v, path, r, kind, 'proxyTypes');
      if (!hasLabels) required(v, path, r, kind, 'name');
      if (hasLabels && (isSet(r.name) || isSet(r.namespace)))
        v.add([...path, 'labels'], 'either labels or name and namespace must be specified');
      if (hasLabels && isSet(r.sectionName))
        v.add([...path, 'sectionName'], 'sectionName should not be combined with labels');
      break;
    case 'MeshServiceSubset':
    case 'MeshGateway':
    case 'MeshExternalService':
      required(v, path, r, kind, 'name');
      validName(v, path, r, opts);
      disallowed(v, path, r, kind, 'mesh');
      disallowed(v, path, r, kind, 'proxyTypes');
      validateTags(v, [...path, 'tags'], r.tags);
      if (kind === 'MeshGateway' && isSet(r.tags) && opts.gatewayListenerTagsAllowed !== true)
        disallowed(v, path, r, kind, 'tags');
      disallowed(v, path, r, kind, 'labels');
      disallowed(v, path, r, kind, 'namespace');
      disallowed(v, path, r, kind, 'sectionName');
      break;
  }
}
