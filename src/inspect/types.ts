/**
 * The shapes `inspect` returns. Every report is plain JSON (no classes, no `undefined` inside
 * arrays, no Maps) so that `JSON.parse(JSON.stringify(report))` deep-equals the report.
 */
import type { PrioritySortKey } from '../targetref/index.js';

/** A reference to one resource: enough to find it again in the input. */
export interface InspectPolicyRef {
  type: string;
  mesh: string;
  name: string;
}

/** Options shared by `inspectDataplane`, `createInspector`, `lintPolicies` and `diffPolicySets`. */
export interface InspectOptions {
  /** Legacy tie-break (spec 01 §9 L1). Default `'modificationTime'` (seed 002). */
  tieBreak?: 'modificationTime' | 'creationTime';
  /** MeshPassthrough semantics (spec 04 §0). Default `'documented'` (seed 000). */
  semantics?: 'documented' | 'kuma-2.8';
  /** Include `kuma.io/effect: shadow` targetRef policies (spec 02 §1). Default false. */
  includeShadow?: boolean;
  /** Cap on generated rule subsets per rule set (the targetref rule budget). Default 4096. */
  ruleBudget?: number;
  /** Only report these policy types (default: every type present in the input). */
  types?: readonly string[];
  /** Mesh of the dataplane when its name is not unique across meshes. */
  mesh?: string;
}

/** Options of `diffPolicySets`. */
export interface DiffOptions extends InspectOptions {
  /** Called after each dataplane is compared (for progress output). */
  onProgress?: (done: number, total: number) => void;
}

/** Why a dataplane report carries a warning; codes are stable. */
export type InspectWarningCode =
  | 'unresolvable-ref'
  | 'kind-not-allowed'
  | 'no-contribution'
  | 'passthrough-without-transparent-proxy'
  | 'duplicate-name'
  | 'duplicate-identity'
  | 'not-admitted'
  | 'matcher';

/** A warning attached to a dataplane report. */
export interface InspectWarning {
  code: InspectWarningCode;
  /** Policy type the warning is about. */
  type: string;
  message: string;
  policy?: InspectPolicyRef;
  /** Kuma-style path inside the policy, when the warning is about one field. */
  path?: string;
}

/** Summary of the dataplane being inspected. */
export interface InspectedDataplane {
  mesh: string;
  name: string;
  proxyType: 'Sidecar' | 'Gateway';
  /** Inbound listener keys `"<address>:<port>"`, in declaration order (ignored ones excluded). */
  inbounds: string[];
  /** Outbound services (`kuma.io/service` of each outbound), first occurrence order. */
  outbounds: string[];
  transparentProxying: boolean;
}

/** One candidate a legacy selection weighed. */
export interface LegacyCandidateView {
  policy: InspectPolicyRef;
  /** Rank of the matching selector (connection policies: destination + best source). */
  rank: { exact: number; wildcard: number };
  /** Where the matching selector is: `sources[0]`, `destinations[1]`, `selectors[0]`. */
  selector?: string;
  /** Timestamp the tie-break compared (empty when the policy has none). */
  time: string;
}

/** The selected legacy policy for one target (whole dataplane, inbound or outbound service). */
export interface LegacySelectionView {
  scope: 'dataplane' | 'inbound' | 'outbound';
  /** `''` for the dataplane scope, the inbound key or the outbound service otherwise. */
  key: string;
  /** Winner (for all-matching types: the highest-priority one); absent when nothing matched. */
  selected?: InspectPolicyRef;
  /** Every policy of the list the proxy uses, for types where all matching policies apply. */
  applied?: InspectPolicyRef[];
  /** The selected policy's `conf`. */
  conf?: unknown;
  candidates: LegacyCandidateView[];
  reason: string;
}

/** A rule as reported: subset, merged conf and the policies that contributed. */
export interface InspectRule {
  subset: { key: string; value: string; not?: boolean }[];
  conf: unknown;
  origin: InspectPolicyRef[];
}

/** One leaf field of an effective conf and the policy that set it. */
export interface FieldProvenance {
  /** Kuma-style path inside the conf (`connectionTimeout`, `http.requestTimeout`, `backends[0]`). */
  path: string;
  value: unknown;
  /** The policy whose item set the value (absent when it could not be attributed). */
  setBy?: InspectPolicyRef;
  /** Path of the item inside that policy (`spec.to[1].default`, `spec.default`). */
  item?: string;
}

/** An effective conf with per-field provenance. */
export interface EffectiveConf {
  conf: unknown;
  fields: FieldProvenance[];
}

/** Effective conf for the clients matching one from-rule subset of an inbound. */
export interface ClientSubsetConf extends EffectiveConf {
  subset: InspectRule['subset'];
}

/** What one targetRef policy type does to the dataplane. */
export interface TargetRefTypeReport {
  kind: 'targetref';
  type: string;
  /** Matched policies, lowest priority first (the last one wins merges). */
  policies: InspectPolicyRef[];
  singleItemRules: InspectRule[];
  toRules: InspectRule[];
  fromRules: Record<string, InspectRule[]>;
  /** Builtin gateways only: Kuma's gateway rule sets (from-rules, to-rules by listener and hostname). */
  gatewayRules?: {
    fromRules: Record<string, InspectRule[]>;
    toRules: {
      byListener: Record<string, InspectRule[]>;
      byListenerAndHostname: Record<string, InspectRule[]>;
    };
  };
  /**
   * Why each matched policy selects this proxy (same order as `policies`), with its priority sort
   * key: the values Kuma compares (kind, origin, gateway tag count, role, display name) to place it.
   */
  selection: { policy: InspectPolicyRef; reason: string; inbounds: string[]; sortKey?: PrioritySortKey }[];
  effective: {
    /** The proxy-wide conf of single-item kinds (MeshTrace, MeshMetric, MeshProxyPatch, …). */
    proxy?: EffectiveConf;
    /** Per inbound listener, per client subset (first rule whose subset matches wins). */
    inbounds: Record<string, ClientSubsetConf[]>;
    /** Per outbound service (`computeConf(toRules, {kuma.io/service})`). */
    outbounds: Record<string, EffectiveConf>;
    /** Builtin gateways: per listener, per destination subset (its to-rules by listener). */
    listeners?: Record<string, ClientSubsetConf[]>;
  };
}

/** What the legacy policies of one type do to the dataplane. */
export interface LegacyTypeReport {
  kind: 'legacy';
  type: string;
  selections: LegacySelectionView[];
}

/** One ordered MeshPassthrough matcher (Kuma's filter-chain order). */
export interface PassthroughMatcherView {
  protocol: string;
  port: number;
  routes: { value: string; matchType: string }[];
}

/** The MeshPassthrough outcome for the dataplane. */
export interface PassthroughTypeReport {
  kind: 'passthrough';
  type: 'MeshPassthrough';
  policies: InspectPolicyRef[];
  /** The effective behaviour: everything passes, nothing passes, or only matched connections. */
  mode: 'All' | 'None' | 'Matched' | 'mesh-default';
  /** The mesh's `networking.outbound.passthrough` (default true): what `mesh-default` means. */
  meshPassthrough: boolean;
  /** Whether the policies have any effect (they need transparent proxying on a sidecar). */
  effective: boolean;
  conf?: EffectiveConf;
  matchers: PassthroughMatcherView[];
}

/** A policy type that could not be computed for this dataplane (the others are still reported). */
export interface ErrorTypeReport {
  kind: 'error';
  type: string;
  error: { code: string; message: string };
}

/** What one policy type does to the dataplane (`kind` tells which). */
export type PolicyTypeReport =
  | LegacyTypeReport
  | TargetRefTypeReport
  | PassthroughTypeReport
  | ErrorTypeReport;

/** Everything that applies to one dataplane. */
export interface DataplaneReport {
  dataplane: InspectedDataplane;
  /** One entry per policy type present in the input, sorted by type name. */
  types: PolicyTypeReport[];
  warnings: InspectWarning[];
}

/** Severity of a lint finding: errors fail `mesh-policy lint`, warnings only with `--strict`. */
export type LintSeverity = 'error' | 'warning' | 'info';

/** One lint finding. `code` is stable (`legacy/shadowed`, `targetref/selects-nothing`, …). */
export interface LintFinding {
  severity: LintSeverity;
  code: string;
  message: string;
  resource: InspectPolicyRef;
  path?: string;
}

/** Where inside a dataplane's effective configuration a change happened. */
export type DiffScope =
  | 'dataplane'
  | 'proxy'
  | 'inbound'
  | 'outbound'
  | 'client-subset'
  | 'listener'
  | 'passthrough';

/** One changed value of one dataplane's effective configuration. */
export interface PolicyChange {
  dataplane: { mesh: string; name: string };
  /** Policy type (`MeshTimeout`, `TrafficPermission`, …); `''` for a dataplane added or removed. */
  type: string;
  scope: DiffScope;
  /** Inbound key, outbound service, `"<inbound> <subset>"` for client subsets, `''` otherwise. */
  key: string;
  /** Kuma-style path of the changed field inside the conf (`''` = the whole value). */
  path: string;
  /** Absent when the value did not exist before. */
  before?: unknown;
  /** Absent when the value no longer exists. */
  after?: unknown;
}
