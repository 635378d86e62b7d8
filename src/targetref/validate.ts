/**
 * Per-kind targetRef support matrices (spec 03 §8.1) and `validatePolicy`, which reports the
 * violations Kuma 2.8.8's admission validation reports for targetRefs and sections, with Kuma's
 * paths and messages.
 */
import {
  formatPath,
  type Issue,
  isTargetRefPolicyType,
  POLICY_SECTIONS,
  policyRole,
  type ResourceMeta,
  type TargetRef,
  type TargetRefKind,
  type TargetRefPolicySpec,
  type TargetRefPolicyType,
  targetRefPolicySpecSchema,
  zodRawIssues,
} from '../models/index.js';
import { isObject } from './input.js';

type K = TargetRefKind;

/** Which kinds one policy type accepts, and where (data, not code: spec 03 §8.1). */
export interface PolicyTargetRefSupport {
  /** Top-level kinds for policies with role `system` (every Universal policy). */
  topSystem: readonly K[];
  /** Top-level kinds for consumer / workload-owner / producer policies. */
  topOther: readonly K[];
  /** May a top-level MeshGateway carry listener `tags` (where the role allows MeshGateway at all)? */
  gatewayListenerTags: boolean;
  /** Allowed `to[]` kinds given the top-level targetRef; undefined = the type has no `to`. */
  to?: (top: TargetRef) => readonly K[];
  /** Allowed `from[]` kinds; undefined = the type has no `from`. */
  from?: (top: TargetRef) => readonly K[];
  /** Which sections must be present: 'to', 'from', 'either', or none. */
  required?: 'to' | 'from' | 'either';
  /** `to` only when the top-level targetRef includes gateways (MeshFaultInjection, MeshRateLimit). */
  toOnlyWithGateways?: boolean;
  /** `from` forbidden when the top-level targetRef includes gateways / is one of these kinds. */
  fromForbiddenWithGateways?: boolean;
  fromForbiddenKinds?: readonly K[];
  /** Kinds accepted by validation but not representable on sidecars (warning, spec 02 §7). */
  unusableOnSidecars?: readonly K[];
}

const M: K = 'Mesh';
const MSUB: K = 'MeshSubset';
const MG: K = 'MeshGateway';
const MS: K = 'MeshService';
const MSS: K = 'MeshServiceSubset';
const MES: K = 'MeshExternalService';
const MHR: K = 'MeshHTTPRoute';

const always = (kinds: readonly K[]) => (): readonly K[] => kinds;

/** The support matrix of every targetRef policy type of Kuma 2.8.8 (spec 03 §8.1). */
export const TARGET_REF_SUPPORT: Readonly<Record<TargetRefPolicyType, PolicyTargetRefSupport>> = {
  MeshAccessLog: {
    topSystem: [M, MSUB, MG, MS, MSS],
    topOther: [M, MSUB, MG, MS, MSS],
    gatewayListenerTags: true,
    to: always([M, MS]),
    from: always([M]),
    required: 'either',
  },
  MeshCircuitBreaker: {
    topSystem: [M, MSUB, MS, MG, MSS],
    topOther: [M, MSUB, MS, MG, MSS],
    gatewayListenerTags: true,
    to: always([M, MS]),
    from: always([M]),
    required: 'either',
  },
  MeshFaultInjection: {
    topSystem: [M, MSUB, MG, MS, MSS],
    topOther: [M, MSUB, MS, MSS],
    gatewayListenerTags: true,
    to: always([M]),
    from: always([M, MSUB, MSS, MS]),
    toOnlyWithGateways: true,
    fromForbiddenWithGateways: true,
  },
  MeshHealthCheck: {
    topSystem: [M, MSUB, MG, MS, MSS],
    topOther: [M, MSUB, MG, MS, MSS],
    gatewayListenerTags: true,
    to: always([M, MS]),
  },
  MeshHTTPRoute: {
    topSystem: [M, MG, MSUB, MS, MSS],
    topOther: [M, MSUB, MS, MSS],
    gatewayListenerTags: true,
    to: (top) => (top.kind === MG ? [M] : [MS]),
  },
  MeshLoadBalancingStrategy: {
    topSystem: [M, MSUB, MG, MS, MSS],
    topOther: [M, MSUB, MG, MS, MSS],
    gatewayListenerTags: true,
    to: always([M, MS]),
    required: 'to',
  },
  MeshMetric: {
    topSystem: [M, MSUB, MS, MSS, MG],
    topOther: [M, MSUB, MS, MSS],
    gatewayListenerTags: true,
  },
  MeshPassthrough: {
    topSystem: [M, MSUB],
    topOther: [M, MSUB],
    gatewayListenerTags: false,
  },
  MeshProxyPatch: {
    topSystem: [M, MSUB, MS, MSS, MG],
    topOther: [M, MSUB, MS, MSS],
    gatewayListenerTags: false,
  },
  MeshRateLimit: {
    topSystem: [M, MSUB, MG, MS, MSS, MHR],
    topOther: [M, MSUB, MS, MSS],
    gatewayListenerTags: true,
    to: always([M]),
    from: always([M]),
    toOnlyWithGateways: true,
    fromForbiddenWithGateways: true,
    fromForbiddenKinds: [MHR],
  },
  MeshRetry: {
    topSystem: [M, MSUB, MG, MS, MSS, MHR],
    topOther: [M, MSUB, MS, MSS],
    gatewayListenerTags: true,
    to: (top) => (top.kind === MG || top.kind === MHR ? [M] : [M, MS]),
    required: 'to',
  },
  MeshTCPRoute: {
    topSystem: [M, MSUB, MG, MS, MSS],
    topOther: [M, MSUB, MS, MSS],
    gatewayListenerTags: true,
    to: (top) => (top.kind === MG ? [M] : [MS, MES]),
    unusableOnSidecars: [MES],
  },
  MeshTimeout: {
    topSystem: [M, MSUB, MG, MS, MSS, MHR],
    topOther: [M, MSUB, MS, MSS],
    gatewayListenerTags: true,
    to: (top) => (top.kind === MG || top.kind === MHR ? [M] : [M, MS]),
    from: always([M]),
    required: 'either',
    fromForbiddenKinds: [MHR, MG],
  },
  MeshTrace: {
    topSystem: [M, MSUB, MG, MS, MSS],
    topOther: [M, MSUB, MS, MSS],
    gatewayListenerTags: false,
  },
  MeshTrafficPermission: {
    topSystem: [M, MSUB, MS, MSS, MES],
    topOther: [M, MSUB, MS, MSS, MES],
    gatewayListenerTags: false,
    from: always([M, MSUB, MS, MSS, MES]),
    required: 'from',
    unusableOnSidecars: [MES],
  },
};

/** Result of `validatePolicy`: Kuma's violations, plus warnings for accepted-but-unusable refs. */
export interface PolicyValidationResult {
  ok: boolean;
  issues: Issue[];
  warnings: Issue[];
}

const NAME_CHARS = /^[0-9a-z.\-_]*$/;
const TAG_NAME_CHARS = /^[a-zA-Z0-9.\-_:/]*$/;
const TAG_VALUE_CHARS = /^[a-zA-Z0-9.\-_:]*$/;
const SELECTOR_VALUE_CHARS = /^([a-zA-Z0-9.\-_:/]*|\*)$/;

function isSetValue(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v !== '';
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/** Does a top-level targetRef include gateways (spec 03 §8.1 †)? */
export function targetRefIncludesGateways(top: TargetRef): boolean {
  if (!isObject(top)) return false;
  if (top.kind === MG || top.kind === MHR) return true;
  if (top.kind === M || top.kind === MSUB) {
    const types = top.proxyTypes ?? [];
    return types.length === 0 || types.includes('Gateway');
  }
  return false;
}

function tagKeyPath(base: string, key: string): string {
  return `${base}[${JSON.stringify(key)}]`;
}

function validateTagMap(
  base: string,
  tags: Readonly<Record<string, unknown>> | undefined,
  selector: boolean,
  out: Issue[],
): void {
  if (tags === undefined || tags === null) return;
  for (const key of Object.keys(tags).sort()) {
    const value = String(tags[key] ?? '');
    if (key === '') out.push({ path: base, message: 'tag name must be non-empty' });
    if (!TAG_NAME_CHARS.test(key)) {
      out.push({
        path: tagKeyPath(base, key),
        message: 'tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores',
      });
    }
    if (value === '') out.push({ path: tagKeyPath(base, key), message: 'tag value must be non-empty' });
    if (selector ? !SELECTOR_VALUE_CHARS.test(value) : !TAG_VALUE_CHARS.test(value)) {
      out.push({
        path: tagKeyPath(base, key),
        message: selector
          ? 'tag value must consist of alphanumeric characters, dots, dashes, slashes and underscores or be "*"'
          : 'tag value must consist of alphanumeric characters, dots, dashes and underscores',
      });
    }
  }
}

/**
 * Kuma's `ValidateTargetRef` for one targetRef at `base` (e.g. `spec.to[0].targetRef`): kind
 * present and supported, then per-kind required / forbidden fields, name characters and tags.
 */
export function validateTargetRefAt(
  base: string,
  ref: Partial<TargetRef> | undefined,
  supported: readonly string[],
  gatewayListenerTags: boolean,
): Issue[] {
  const out: Issue[] = [];
  const at = (field: string, message: string): void => {
    out.push({ path: `${base}.${field}`, message });
  };
  const kind: unknown = ref?.kind;
  if (typeof kind !== 'string' || kind === '') {
    at('kind', 'must be defined');
    return out;
  }
  if (!supported.includes(kind)) {
    at('kind', 'value is not supported');
    return out;
  }
  const r = ref as Partial<TargetRef>;
  const disallowed = (field: keyof TargetRef): void => {
    if (isSetValue(r[field])) at(field, `must not be set with kind ${kind}`);
  };
  const required = (field: keyof TargetRef): void => {
    if (!isSetValue(r[field])) at(field, `must be set with kind ${kind}`);
  };
  const validName = (): void => {
    if (typeof r.name === 'string' && !NAME_CHARS.test(r.name)) {
      at('name', "invalid characters: must consist of lower case alphanumeric characters, '-', '.' and '_'.");
    }
  };
  const hasLabels = isSetValue(r.labels);
  switch (kind) {
    case M:
      if (isSetValue(r.name)) at('name', `using name with kind ${kind} is not yet supported`);
      disallowed('mesh');
      disallowed('tags');
      disallowed('labels');
      disallowed('namespace');
      disallowed('sectionName');
      break;
    case MSUB:
      disallowed('name');
      disallowed('mesh');
      validateTagMap(`${base}.tags`, r.tags, false, out);
      disallowed('labels');
      disallowed('namespace');
      disallowed('sectionName');
      break;
    case MS:
    case MHR:
      validName();
      disallowed('mesh');
      disallowed('tags');
      disallowed('proxyTypes');
      if (!hasLabels) required('name');
      if (hasLabels && (isSetValue(r.name) || isSetValue(r.namespace))) {
        at('labels', 'either labels or name and namespace must be specified');
      }
      if (hasLabels && isSetValue(r.sectionName))
        at('sectionName', 'sectionName should not be combined with labels');
      break;
    case MSS:
    case MG:
      required('name');
      validName();
      disallowed('mesh');
      disallowed('proxyTypes');
      validateTagMap(`${base}.tags`, r.tags, true, out);
      if (kind === MG && isSetValue(r.tags) && !gatewayListenerTags) disallowed('tags');
      disallowed('labels');
      disallowed('namespace');
      disallowed('sectionName');
      break;
    case MES:
      validName();
      disallowed('mesh');
      disallowed('tags');
      disallowed('proxyTypes');
      if (!hasLabels) required('name');
      if (hasLabels && (isSetValue(r.name) || isSetValue(r.namespace))) {
        at('labels', 'either labels or name must be specified');
      }
      disallowed('sectionName');
      break;
  }
  return out;
}

/** The support matrix of one policy type, or undefined for a type that is not a targetRef policy. */
export function targetRefSupport(type: string): PolicyTargetRefSupport | undefined {
  return isTargetRefPolicyType(type) ? TARGET_REF_SUPPORT[type] : undefined;
}

/**
 * Validates the targetRefs and sections of a targetRef policy like Kuma 2.8.8's admission
 * webhook: allowed top-level kinds for its role (spec 03 §8.1), allowed `to[]` / `from[]` kinds
 * given the top-level targetRef, required and forbidden sections, per-kind fields. Paths are
 * Kuma's (`spec.to[0].targetRef.kind`). Kinds accepted by Kuma but unusable on sidecars
 * (MeshExternalService in MeshTrafficPermission `from` / MeshTCPRoute `to`) produce warnings.
 * A spec that does not have the kind's shape (the models' spec schema, conf included) gets those
 * schema issues only, so a caller passing unparsed JavaScript gets issues, never an exception.
 */
export function validatePolicy(resource: {
  type: string;
  labels?: Readonly<Record<string, string>>;
  spec?: unknown;
}): PolicyValidationResult {
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  const fail = (found: Issue[]): PolicyValidationResult => ({ ok: false, issues: found, warnings });
  // Callers in plain JavaScript may pass anything: check the shape before reading it.
  if (resource === null || typeof resource !== 'object')
    return fail([{ path: '', message: 'must be an object' }]);
  if (typeof resource.type !== 'string') return fail([{ path: 'type', message: 'must be a string' }]);
  const support = targetRefSupport(resource.type);
  if (support === undefined) {
    return fail([{ path: 'type', message: `"${resource.type}" is not a targetRef policy type` }]);
  }
  const rawSpec = resource.spec;
  if (rawSpec === null || typeof rawSpec !== 'object' || Array.isArray(rawSpec)) {
    return fail([{ path: 'spec', message: 'must be an object' }]);
  }
  const labels = resource.labels;
  if (labels !== undefined && (labels === null || typeof labels !== 'object' || Array.isArray(labels))) {
    return fail([{ path: 'labels', message: 'must be an object' }]);
  }
  // Shape only: keys such as `__proto__` in tags are data here, checked like any tag below.
  const parsed = targetRefPolicySpecSchema(resource.type as TargetRefPolicyType).safeParse(rawSpec);
  const shape = parsed.success ? [] : zodRawIssues(parsed.error);
  if (shape.length > 0) {
    return fail(shape.map((i) => ({ path: formatPath(['spec', ...i.path]), message: i.message })));
  }
  const spec = rawSpec as TargetRefPolicySpec;
  const meta: Pick<ResourceMeta, 'labels'> = { labels: { ...(resource.labels ?? {}) } };
  const system = policyRole(meta) === 'system';
  const topKinds = system ? support.topSystem : support.topOther;
  const top = spec.targetRef;
  issues.push(...validateTargetRefAt('spec.targetRef', top, topKinds, support.gatewayListenerTags));
  if (resource.type === 'MeshPassthrough' && top !== undefined) {
    const types = top.proxyTypes ?? [];
    if (types.length !== 1 && !types.includes('Sidecar')) {
      issues.push({
        path: 'spec.targetRef.proxyTypes',
        message: 'proxyTypes needs to be set, currently only Sidecar is supported',
      });
    }
  }
  const sections = POLICY_SECTIONS[resource.type as TargetRefPolicyType];
  const to = Array.isArray(spec.to) ? spec.to : [];
  const from = Array.isArray(spec.from) ? spec.from : [];
  if (support.required === 'either' && to.length === 0 && from.length === 0) {
    issues.push({ path: 'spec', message: "at least one of 'from', 'to' has to be defined" });
  }
  if (support.required === 'to' && to.length === 0)
    issues.push({ path: 'spec.to', message: 'needs at least one item' });
  if (support.required === 'from' && from.length === 0) {
    issues.push({ path: 'spec.from', message: 'needs at least one item' });
  }
  const effectiveTop: TargetRef = top ?? { kind: M };
  const gateways = targetRefIncludesGateways(effectiveTop);
  if (!sections.to && to.length > 0) issues.push({ path: 'spec.to', message: 'must not be defined' });
  if (!sections.from && from.length > 0) issues.push({ path: 'spec.from', message: 'must not be defined' });
  let checkTo = sections.to && support.to !== undefined;
  let checkFrom = sections.from && support.from !== undefined;
  if (support.toOnlyWithGateways && !gateways && to.length > 0) {
    issues.push({ path: 'spec.to', message: 'must not be defined' });
    checkTo = false;
  }
  if (
    from.length > 0 &&
    ((support.fromForbiddenWithGateways && gateways) ||
      support.fromForbiddenKinds?.includes(effectiveTop.kind))
  ) {
    issues.push({ path: 'spec.from', message: 'must not be defined' });
    checkFrom = false;
  }
  if (checkTo && support.to !== undefined) {
    const kinds = support.to(effectiveTop);
    to.forEach((item, i) => {
      const base = `spec.to[${i}].targetRef`;
      const ref = (item as { targetRef?: TargetRef } | null)?.targetRef;
      issues.push(...validateTargetRefAt(base, ref, kinds, false));
      if (ref !== undefined && support.unusableOnSidecars?.includes(ref.kind)) {
        warnings.push({
          path: `${base}.kind`,
          message: `${ref.kind} is accepted but cannot be represented in rules on sidecars: Kuma empties the whole to-rule set with a warning`,
        });
      }
      if (
        resource.type === 'MeshHTTPRoute' &&
        effectiveTop.kind !== MG &&
        isSetValue((item as { hostnames?: unknown }).hostnames)
      ) {
        issues.push({ path: `spec.to[${i}].hostnames`, message: 'must not be defined' });
      }
    });
  }
  if (checkFrom && support.from !== undefined) {
    const kinds = support.from(effectiveTop);
    from.forEach((item, i) => {
      const base = `spec.from[${i}].targetRef`;
      const ref = (item as { targetRef?: TargetRef } | null)?.targetRef;
      issues.push(...validateTargetRefAt(base, ref, kinds, false));
      if (ref !== undefined && support.unusableOnSidecars?.includes(ref.kind)) {
        warnings.push({
          path: `${base}.kind`,
          message: `${ref.kind} is accepted but only zone egress honours it: on sidecars Kuma empties all from-rules with a warning`,
        });
      }
    });
  }
  if (top !== undefined && support.unusableOnSidecars?.includes(top.kind)) {
    warnings.push({
      path: 'spec.targetRef.kind',
      message: `${top.kind} selects nothing on dataplanes (Kuma warns 'unsupported targetRef kind'); only zone egress honours it`,
    });
  }
  return { ok: issues.length === 0, issues, warnings };
}
