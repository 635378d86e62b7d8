/**
 * Shared vocabulary of the passthrough module (spec 04). Everything here is plain data.
 * The conf shapes themselves (`MeshPassthroughConf`, `MeshPassthroughMatch`) live in models.
 */
import type { MeshPassthroughConf, MeshPassthroughMatch } from '../models/index.js';

export type { MeshPassthroughConf };

/**
 * Which behaviour to reproduce (spec 04 §0): `'documented'` = seed 000 (= Kuma ≥ 2.9.3's
 * generator), `'kuma-2.8'` = Kuma 2.8.8 exactly. One switch for validation, compilation and matching.
 */
export type PassthroughSemantics = 'documented' | 'kuma-2.8';

/** `spec.default.passthroughMode` values. */
export type PassthroughMode = 'All' | 'Matched' | 'None';

/** `appendMatch[].type` values. */
export type PassthroughMatchKind = 'Domain' | 'IP' | 'CIDR';

/** `appendMatch[].protocol` values. */
export type PassthroughProtocol = 'tcp' | 'tls' | 'grpc' | 'http' | 'http2';

/** One `appendMatch` entry as written (port absent = every port); the models layer's type. */
export type AppendMatch = MeshPassthroughMatch;

/** Kuma's route classification (spec 04 §5.1). */
export type PassthroughMatchType = 'Domain' | 'WildcardDomain' | 'IP' | 'IPV6' | 'CIDR' | 'CIDRV6';

/** Numeric codes of `PassthroughMatchType` as Kuma's goldens write them. */
export const PASSTHROUGH_MATCH_TYPE_CODES: Readonly<Record<PassthroughMatchType, number>> = {
  Domain: 1,
  WildcardDomain: 2,
  IP: 3,
  IPV6: 4,
  CIDR: 5,
  CIDRV6: 6,
};

/** One route of an ordered matcher group. */
export interface PassthroughRoute {
  value: string;
  matchType: PassthroughMatchType;
}

/** One `(protocol, port)` group of Kuma's ordered matchers (port 0 = port-less). */
export interface PassthroughMatcherGroup {
  protocol: string;
  port: number;
  routes: PassthroughRoute[];
}

/** Options shared by validation, compilation and matching. */
export interface PassthroughOptions {
  /** Default `'documented'`. */
  semantics?: PassthroughSemantics;
}

/** Proxy facts `compilePassthrough` needs (spec 04 §9.1). */
export interface PassthroughCompileOptions extends PassthroughOptions {
  /** Mesh `networking.outbound.passthrough` (default true). */
  meshPassthrough?: boolean;
  /** Whether the proxy has transparent proxying (default true). */
  transparentProxy?: boolean;
  /** Whether the IPv6 pass-through listener exists (default true). */
  ipv6Listener?: boolean;
}

/** A connection the application opens towards an external destination (spec 04 §9.1). */
export interface PassthroughConnection {
  /** Destination IP literal (IPv4 or IPv6, no brackets). */
  address: string;
  /** Destination port, 1–65535. */
  port: number;
  /** What the client speaks; derived from `sni`/`host` when absent. */
  protocol?: PassthroughProtocol;
  /** TLS server name indication. */
  sni?: string;
  /** HTTP `Host` / `:authority`, may include `:port`. */
  host?: string;
  /** HTTP request path, default `/` (only `'kuma-2.8'` looks at it). */
  path?: string;
  /** Refinement of protocol `http`: HTTP/1.0 clients are detected as `http/1.0`. */
  httpVersion?: '1.0' | '1.1';
}

/** The closed set of match reasons (spec 04 §9.4). */
export type PassthroughReason =
  | 'passthrough-all'
  | 'passthrough-none'
  | 'matched'
  | 'no-filter-chain'
  | 'no-virtual-host'
  | 'no-route'
  | 'listener-rejected'
  | 'config-error'
  | 'not-intercepted';

/** What the proxy does with a connection. */
export interface PassthroughMatchResult {
  allowed: boolean;
  reason: PassthroughReason;
  /** The merged-list entry that admitted the connection. */
  entry?: AppendMatch;
  /** Index of `entry` in the merged `appendMatch`. */
  entryIndex?: number;
  /** Name of the Envoy filter chain that took the connection. */
  chain?: string;
  /** Envoy's direct response status for denied HTTP requests (503 no virtual host, 404 no route). */
  httpStatus?: number;
}

/** Address family of a pass-through listener. */
export type PassthroughFamily = 'ipv4' | 'ipv6';

/** An Envoy prefix range as generated. */
export interface PassthroughPrefixRange {
  addressPrefix: string;
  prefixLen: number;
}

/** A virtual host of a generated HTTP filter chain. */
export interface PassthroughVirtualHost {
  name: string;
  domains: string[];
  /** Route match: `{ path: '/' }` (exact, Kuma 2.8.8) or `{ prefix: '/' }`. */
  match: { path: string } | { prefix: string };
  /** Upstream cluster; absent for the `no_match` host, which answers `directResponseStatus`. */
  cluster?: string;
  directResponseStatus?: number;
  /** Index of the merged-list entry the host came from. */
  entryIndex?: number;
}

/** A generated Envoy filter chain of a pass-through listener. */
export interface PassthroughFilterChain {
  name: string;
  destinationPort?: number;
  prefixRanges: PassthroughPrefixRange[];
  serverNames: string[];
  transportProtocol: 'tls' | 'raw_buffer';
  applicationProtocols: string[];
  /** The group/key protocol the chain was generated for. */
  protocol: PassthroughProtocol;
  /** tcp_proxy chains: the cluster and the entry. */
  cluster?: string;
  entryIndex?: number;
  /** HTTP chains: route table in order (the `no_match` host last). */
  virtualHosts?: PassthroughVirtualHost[];
}

/** One pass-through listener after the policy was applied. */
export interface PassthroughListener {
  name: 'outbound:passthrough:ipv4' | 'outbound:passthrough:ipv6';
  family: PassthroughFamily;
  /**
   * `rewritten`: chains replaced by the policy's; `untouched`: default chain kept (pointing at a
   * removed cluster when mode is not All); `absent`: the proxy has no such listener.
   */
  status: 'rewritten' | 'untouched' | 'absent';
  chains: PassthroughFilterChain[];
  /** Why Envoy would reject this listener (NACK), when it would. */
  rejected?: string;
}

/** A generated ORIGINAL_DST cluster. */
export interface PassthroughCluster {
  name: string;
  altStatName: string;
  http2: boolean;
}
