/**
 * `compilePassthrough`: builds, once, the pass-through listeners a merged MeshPassthrough conf
 * produces and Envoy's lookup structure over them; `match` then answers per connection what the
 * proxy really does (spec 04 §6–§9), `explain` says why for every entry.
 */
import { type Issue, MeshPolicyError } from '../models/index.js';
import { buildPassthroughListener, passthroughClusters } from './chains.js';
import { ListenerIndex, type NameTable, selectByProtocols, selectByServerName } from './lookup.js';
import { type EffectiveMode, type NormalEntry, normalizePassthroughConf } from './normalize.js';
import { passthroughProtocolConflicts } from './order.js';
import type {
  AppendMatch,
  MeshPassthroughConf,
  PassthroughCluster,
  PassthroughCompileOptions,
  PassthroughConnection,
  PassthroughFamily,
  PassthroughFilterChain,
  PassthroughListener,
  PassthroughMatchResult,
  PassthroughProtocol,
  PassthroughReason,
  PassthroughSemantics,
  PassthroughVirtualHost,
} from './types.js';
import {
  formatPassthroughAddress,
  type PassthroughAddress,
  parsePassthroughAddress,
  prefixContains,
  scalarText,
} from './values.js';

/** A connection whose address may already be parsed (see `parsePassthroughAddress`). */
export type PassthroughConnectionInput = Omit<PassthroughConnection, 'address'> & {
  address: string | PassthroughAddress;
};

/** Why one appendMatch entry did or did not admit a connection. */
export interface PassthroughEntryExplanation {
  index: number;
  entry: AppendMatch;
  outcome: 'admitted' | 'skipped';
  reason: string;
}

/** `explain`'s answer: the result plus a verdict for every entry of the merged list. */
export interface PassthroughExplanation {
  result: PassthroughMatchResult;
  /** The listener that handled the connection, when it reached one. */
  listener?: PassthroughListener['name'];
  /** The connection as the proxy sees it. */
  connection: {
    transport: 'tls' | 'raw_buffer';
    applicationProtocols: string[];
    serverName: string;
    host?: string;
  };
  entries: PassthroughEntryExplanation[];
}

/** A compiled MeshPassthrough conf: build once, query many times. */
export interface CompiledPassthrough {
  readonly semantics: PassthroughSemantics;
  /** Effective behaviour after defaults (spec 04 §4.3); `mesh` = the mesh flag decides. */
  readonly mode: EffectiveMode;
  /** Compile issues: conf errors (match answers `config-error`) and Envoy rejections. */
  readonly issues: readonly Issue[];
  /** The pass-through listener of a family as generated. */
  chains(family: PassthroughFamily): PassthroughListener;
  /** ORIGINAL_DST clusters the policy adds (sorted by name). */
  clusters(): PassthroughCluster[];
  /** What the proxy does with a connection (spec 04 §9.2). Throws `MeshPolicyError` on a malformed connection. */
  match(conn: PassthroughConnectionInput): PassthroughMatchResult;
  /** `match` plus, for every entry, why it admitted the connection or was skipped. */
  explain(conn: PassthroughConnectionInput): PassthroughExplanation;
}

const PROTOCOLS: readonly string[] = ['tcp', 'tls', 'grpc', 'http', 'http2'];

interface Derived {
  address: PassthroughAddress;
  port: number;
  protocol: PassthroughProtocol;
  transport: 'tls' | 'raw_buffer';
  apps: readonly string[];
  serverName: string;
  host: string;
  path: string;
}

const APPS_HTTP11: readonly string[] = ['http/1.1'];
const APPS_HTTP10: readonly string[] = ['http/1.0'];
const APPS_H2C: readonly string[] = ['h2c'];
const APPS_NONE: readonly string[] = [];

function invalid(message: string, path: string): MeshPolicyError {
  return new MeshPolicyError('INVALID_INPUT', 'invalid connection', [{ path, message }]);
}

function isParsedAddress(a: unknown): a is PassthroughAddress {
  if (a === null || typeof a !== 'object') return false;
  const x = a as { family?: unknown; v4?: unknown; v6?: unknown };
  if (x.family === 'ipv4')
    return typeof x.v4 === 'number' && x.v4 >= 0 && x.v4 <= 0xffffffff && Number.isInteger(x.v4);
  return (
    x.family === 'ipv6' &&
    Array.isArray(x.v6) &&
    x.v6.length === 8 &&
    x.v6.every((g) => typeof g === 'number' && Number.isInteger(g) && g >= 0 && g <= 0xffff)
  );
}

function derive(conn: PassthroughConnectionInput): Derived {
  if (conn === null || typeof conn !== 'object') throw invalid('must be an object', 'connection');
  const { port } = conn;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
    throw invalid('must be an integer in 1-65535', 'connection.port');
  const address = typeof conn.address === 'string' ? parsePassthroughAddress(conn.address) : conn.address;
  if (address === undefined || !isParsedAddress(address))
    throw invalid('must be an IPv4 or IPv6 literal', 'connection.address');
  const protocol: PassthroughProtocol =
    conn.protocol ?? (conn.sni !== undefined ? 'tls' : conn.host !== undefined ? 'http' : 'tcp');
  if (!PROTOCOLS.includes(protocol))
    throw invalid('must be one of tcp, tls, grpc, http, http2', 'connection.protocol');
  if (conn.path !== undefined && typeof conn.path !== 'string')
    throw invalid('must be a string', 'connection.path');
  if (conn.httpVersion !== undefined && conn.httpVersion !== '1.0' && conn.httpVersion !== '1.1')
    throw invalid("must be '1.0' or '1.1'", 'connection.httpVersion');
  const l7 = protocol === 'http' || protocol === 'http2' || protocol === 'grpc';
  let host = '';
  if (l7) {
    if (conn.host !== undefined) host = scalarText(conn.host).toLowerCase();
    else {
      const text = typeof conn.address === 'string' ? conn.address : formatPassthroughAddress(address);
      const literal = address.family === 'ipv6' ? `[${text}]` : text;
      host = (port === 80 ? literal : `${literal}:${port}`).toLowerCase();
    }
  }
  return {
    address,
    port,
    protocol,
    transport: protocol === 'tls' ? 'tls' : 'raw_buffer',
    apps:
      protocol === 'http'
        ? conn.httpVersion === '1.0'
          ? APPS_HTTP10
          : APPS_HTTP11
        : protocol === 'http2' || protocol === 'grpc'
          ? APPS_H2C
          : APPS_NONE,
    serverName: protocol === 'tls' && conn.sni !== undefined ? scalarText(conn.sni).toLowerCase() : '',
    host,
    path: conn.path ?? '/',
  };
}

/** A fresh copy of a memoised `matched` result (explicit fields: a stable object shape). */
function copyMatched(m: PassthroughMatchResult): PassthroughMatchResult {
  if (m.entry === undefined || m.entryIndex === undefined)
    return { allowed: m.allowed, reason: m.reason, chain: m.chain as string };
  return {
    allowed: m.allowed,
    reason: m.reason,
    entry: m.entry,
    entryIndex: m.entryIndex,
    chain: m.chain as string,
  };
}

/** Envoy's virtual-host choice (spec 04 §9.2 step 8): exact, longest `*x`, longest `x*`, then `*`. */
export function selectVirtualHost(
  hosts: readonly PassthroughVirtualHost[],
  host: string,
): PassthroughVirtualHost | undefined {
  if (!Array.isArray(hosts) || typeof host !== 'string')
    throw new MeshPolicyError('INVALID_INPUT', 'selectVirtualHost: hosts must be an array and host a string');
  let suffix: { host: PassthroughVirtualHost; len: number } | undefined;
  let prefix: { host: PassthroughVirtualHost; len: number } | undefined;
  let any: PassthroughVirtualHost | undefined;
  for (const vh of hosts) {
    if (!Array.isArray(vh?.domains))
      throw new MeshPolicyError('INVALID_INPUT', 'selectVirtualHost: every host must have a domains array');
    for (const raw of vh.domains) {
      const d = raw.toLowerCase();
      if (d === '*') any ??= vh;
      else if (d.startsWith('*')) {
        const x = d.slice(1);
        if (host.length > x.length && host.endsWith(x) && (suffix === undefined || x.length > suffix.len))
          suffix = { host: vh, len: x.length };
      } else if (d.endsWith('*')) {
        const x = d.slice(0, -1);
        if (host.length > x.length && host.startsWith(x) && (prefix === undefined || x.length > prefix.len))
          prefix = { host: vh, len: x.length };
      } else if (d === host) return vh;
    }
  }
  return suffix?.host ?? prefix?.host ?? any;
}

function routeMatches(vh: PassthroughVirtualHost, path: string): boolean {
  if ('prefix' in vh.match) return path.startsWith(vh.match.prefix);
  const q = path.indexOf('?');
  return (q < 0 ? path : path.slice(0, q)) === vh.match.path;
}

/**
 * Compiles a merged MeshPassthrough conf (`undefined` = no policy selects the proxy) into a
 * matcher (spec 04 §6–§9). Never throws for a bad conf: problems become `issues` and `match`
 * answers `config-error`; Envoy rejections answer `listener-rejected` on the affected listener.
 *
 * Options: `semantics` (default `'documented'`), `meshPassthrough` (mesh flag, default true),
 * `transparentProxy` and `ipv6Listener` (default true).
 */
export function compilePassthrough(
  conf: MeshPassthroughConf | undefined,
  opts: PassthroughCompileOptions = {},
): CompiledPassthrough {
  opts ??= {}; // untyped callers may pass null
  const semantics: PassthroughSemantics = opts.semantics ?? 'documented';
  const meshFlag = opts.meshPassthrough ?? true;
  const transparentProxy = opts.transparentProxy ?? true;
  const ipv6Present = opts.ipv6Listener ?? true;
  const normal = normalizePassthroughConf(conf, semantics);
  const issues: Issue[] = [...normal.issues];
  const entries = normal.entries;
  const mode = normal.mode;
  // Kuma orders the matchers (and so meets an L7 conflict) only while generating the `Matched`
  // chains: with All / None / an invalid mode the merged list is never looked at (spec 04 §9.2
  // step 1 puts passthrough-all / passthrough-none before config-error).
  const conflicts =
    normal.issues.length === 0 && mode === 'Matched'
      ? passthroughProtocolConflicts(entries.map((e) => e.entry))
      : [];
  if (conflicts.length > 0) issues.push({ path: 'spec.default.appendMatch', message: conflicts.join('; ') });
  const configError = issues.length > 0;
  const generates = !configError && mode === 'Matched' && entries.length > 0;

  const listeners: Record<PassthroughFamily, PassthroughListener> = {
    ipv4: generates
      ? buildPassthroughListener(entries, 'ipv4', semantics, true)
      : { name: 'outbound:passthrough:ipv4', family: 'ipv4', status: 'untouched', chains: [] },
    ipv6: generates
      ? buildPassthroughListener(entries, 'ipv6', semantics, ipv6Present)
      : ipv6Present
        ? { name: 'outbound:passthrough:ipv6', family: 'ipv6', status: 'untouched', chains: [] }
        : { name: 'outbound:passthrough:ipv6', family: 'ipv6', status: 'absent', chains: [] },
  };
  for (const l of [listeners.ipv4, listeners.ipv6]) {
    if (l.rejected !== undefined)
      issues.push({
        path: 'spec.default.appendMatch',
        message: `listener ${l.name} rejected: ${l.rejected}`,
      });
  }
  const indexes: Record<PassthroughFamily, ListenerIndex | undefined> = {
    ipv4:
      listeners.ipv4.status === 'rewritten' && listeners.ipv4.rejected === undefined
        ? new ListenerIndex('ipv4', listeners.ipv4.chains)
        : undefined,
    ipv6:
      listeners.ipv6.status === 'rewritten' && listeners.ipv6.rejected === undefined
        ? new ListenerIndex('ipv6', listeners.ipv6.chains)
        : undefined,
  };
  const byIndex = new Map<number, NormalEntry>(entries.map((e) => [e.index, e]));
  // Results share these frozen copies (callers cannot alter the compiled state through them).
  const frozenEntries = new Map<number, AppendMatch>(
    entries.map((e) => [e.index, Object.freeze({ ...e.entry })]),
  );
  const early: PassthroughMatchResult | undefined = configError
    ? { allowed: false, reason: 'config-error' }
    : mode === 'All' || (mode === 'mesh' && meshFlag)
      ? { allowed: true, reason: 'passthrough-all' }
      : mode === 'None' || mode === 'mesh' || entries.length === 0
        ? { allowed: false, reason: 'passthrough-none' }
        : undefined;

  const deny = (
    reason: PassthroughReason,
    extra: Partial<PassthroughMatchResult> = {},
  ): PassthroughMatchResult => ({
    allowed: false,
    reason,
    ...extra,
  });

  const admitted = (chain: PassthroughFilterChain, index: number | undefined): PassthroughMatchResult => {
    const entry = index === undefined ? undefined : frozenEntries.get(index);
    // One literal shape (no conditional spreads) keeps results fast to build and to copy.
    if (entry === undefined || index === undefined)
      return { allowed: true, reason: 'matched', chain: chain.name };
    return { allowed: true, reason: 'matched', entry, entryIndex: index, chain: chain.name };
  };

  function finishChain(chain: PassthroughFilterChain, c: Derived): PassthroughMatchResult {
    if (chain.virtualHosts === undefined) return admitted(chain, chain.entryIndex);
    const vh = selectVirtualHost(chain.virtualHosts, c.host);
    if (vh === undefined || vh.cluster === undefined)
      return deny('no-virtual-host', { chain: chain.name, httpStatus: vh?.directResponseStatus ?? 404 });
    if (!routeMatches(vh, c.path)) return deny('no-route', { chain: chain.name, httpStatus: 404 });
    return admitted(chain, vh.entryIndex);
  }

  function matchDerived(c: Derived): PassthroughMatchResult {
    if (!transparentProxy) return { allowed: true, reason: 'not-intercepted' };
    const family = c.address.family;
    if (family === 'ipv6' && !ipv6Present) return { allowed: true, reason: 'not-intercepted' };
    if (early !== undefined) return { ...early };
    const listener = listeners[family];
    if (listener.rejected !== undefined) return deny('listener-rejected');
    const index = indexes[family];
    if (index === undefined) return deny('no-filter-chain');
    const table = index.table(c.port, c.address);
    if (table === undefined) return deny('no-filter-chain');
    if (c.serverName === '' && c.apps.length === 0 && c.transport === 'raw_buffer') {
      const memo = table.plainTcp;
      if (memo !== undefined)
        return memo === null ? { allowed: false, reason: 'no-filter-chain' } : copyMatched(memo);
    }
    const chain = selectByProtocols(selectByServerName(table, c.serverName), c.transport, c.apps);
    if (chain === undefined) return deny('no-filter-chain');
    return finishChain(chain, c);
  }

  for (const index of [indexes.ipv4, indexes.ipv6]) {
    for (const table of index?.allTables() ?? []) {
      const chain = selectByProtocols(table.none, 'raw_buffer', []);
      if (chain === undefined) table.plainTcp = null;
      else if (chain.virtualHosts === undefined) table.plainTcp = admitted(chain, chain.entryIndex);
    }
  }

  function explain(conn: PassthroughConnectionInput): PassthroughExplanation {
    const c = derive(conn);
    const result = matchDerived(c);
    const connection = {
      transport: c.transport,
      applicationProtocols: [...c.apps],
      serverName: c.serverName,
      ...(c.host !== '' ? { host: c.host } : {}),
    };
    const listener = listeners[c.address.family];
    const verdicts = new Map<number, PassthroughEntryExplanation>();
    const set = (index: number | undefined, outcome: 'admitted' | 'skipped', reason: string): void => {
      if (index === undefined || verdicts.has(index)) return;
      const e = byIndex.get(index);
      if (e !== undefined) verdicts.set(index, { index, entry: { ...e.entry }, outcome, reason });
    };
    const reached = result.reason !== 'not-intercepted' && early === undefined;
    if (result.allowed && result.entryIndex !== undefined)
      set(result.entryIndex, 'admitted', `admitted by filter chain '${result.chain ?? ''}'`);
    if (!reached) {
      const why =
        result.reason === 'not-intercepted'
          ? 'the proxy does not intercept this connection'
          : result.reason === 'config-error'
            ? 'the conf has errors, so the proxy gets no configuration'
            : `passthroughMode ${mode === 'mesh' ? 'unset/invalid (mesh flag decides)' : mode} makes appendMatch unused`;
      for (const e of entries) set(e.index, 'skipped', why);
    } else if (listener.rejected !== undefined) {
      for (const e of entries)
        set(e.index, 'skipped', `listener ${listener.name} rejected: ${listener.rejected}`);
    } else {
      explainChains(listener.chains, c, set);
      for (const e of entries) {
        const family = e.matchType === 'IP' || e.matchType === 'CIDR' ? 'ipv4' : 'ipv6';
        if (e.matchType !== 'Domain' && e.matchType !== 'WildcardDomain' && family !== c.address.family)
          set(e.index, 'skipped', `${e.type} ${e.value} is on the ${family} listener only`);
        else if (
          semantics === 'kuma-2.8' &&
          (e.matchType === 'CIDR' || e.matchType === 'CIDRV6') &&
          e.protocol !== 'tcp' &&
          e.protocol !== 'tls'
        )
          set(e.index, 'skipped', 'Kuma 2.8.8 ignores CIDR entries with an L7 protocol');
        else set(e.index, 'skipped', 'collapsed into an identical earlier entry');
      }
    }
    const ordered = entries.map((e) => verdicts.get(e.index)).filter((v) => v !== undefined);
    return {
      result,
      ...(reached ? { listener: listener.name } : {}),
      connection,
      entries: ordered,
    };
  }

  return {
    semantics,
    mode,
    issues,
    chains: (family) => structuredClone(listeners[family]),
    clusters: () => {
      if (configError) return [];
      if (mode === 'All' && !meshFlag) {
        // Kuma adds both ORIGINAL_DST pass-through clusters, whichever listeners exist.
        return ['outbound:passthrough:ipv4', 'outbound:passthrough:ipv6'].map((name) => ({
          name,
          altStatName: name.replace(/[^A-Za-z0-9]/g, '_'),
          http2: false,
        }));
      }
      return passthroughClusters([listeners.ipv4, listeners.ipv6]);
    },
    match: (conn) => matchDerived(derive(conn)),
    explain,
  };
}

/** Linear walk of §9.2 over one listener's chains, recording why each chain's entries lost. */
function explainChains(
  chains: readonly PassthroughFilterChain[],
  c: Derived,
  set: (index: number | undefined, outcome: 'admitted' | 'skipped', reason: string) => void,
): void {
  const skipChain = (chain: PassthroughFilterChain, reason: string): void => {
    set(chain.entryIndex, 'skipped', reason);
    for (const vh of chain.virtualHosts ?? []) set(vh.entryIndex, 'skipped', reason);
  };
  const portNamed = chains.some((ch) => ch.destinationPort === c.port);
  let candidates: PassthroughFilterChain[] = [];
  for (const ch of chains) {
    if (portNamed && ch.destinationPort !== c.port)
      skipChain(
        ch,
        ch.destinationPort === undefined
          ? `port ${c.port} has its own filter chains, so port-less chain '${ch.name}' is not considered`
          : `filter chain '${ch.name}' is for port ${ch.destinationPort}`,
      );
    else if (!portNamed && ch.destinationPort !== undefined)
      skipChain(ch, `filter chain '${ch.name}' is for port ${ch.destinationPort}`);
    else candidates.push(ch);
  }
  const containing = (ch: PassthroughFilterChain): number => {
    if (ch.prefixRanges.length === 0) return 0;
    let best = -1;
    for (const r of ch.prefixRanges) {
      const network = parsePassthroughAddress(r.addressPrefix);
      if (network !== undefined && prefixContains(network, r.prefixLen, c.address))
        best = Math.max(best, r.prefixLen);
    }
    return best;
  };
  const lengths = new Map(candidates.map((ch) => [ch, containing(ch)]));
  const longest = Math.max(-1, ...lengths.values());
  const afterIp: PassthroughFilterChain[] = [];
  for (const ch of candidates) {
    const len = lengths.get(ch) ?? -1;
    if (len < 0) skipChain(ch, `the address is outside the prefixes of filter chain '${ch.name}'`);
    else if (len < longest) skipChain(ch, `a more specific prefix (/${longest}) contains the address`);
    else afterIp.push(ch);
  }
  candidates = afterIp;
  const names: NameTable = { exact: new Map(), wildcard: new Map(), none: [] };
  for (const ch of candidates) {
    if (ch.serverNames.length === 0) names.none.push(ch);
    for (const n of ch.serverNames) {
      const lower = n.toLowerCase();
      const map = lower.startsWith('*.') ? names.wildcard : names.exact;
      const key = lower.startsWith('*.') ? lower.slice(1) : lower;
      map.set(key, [...(map.get(key) ?? []), ch]);
    }
  }
  const byName = selectByServerName(names, c.serverName);
  const chosen = selectByProtocols(byName, c.transport, c.apps);
  for (const ch of candidates) {
    if (!byName.includes(ch))
      skipChain(
        ch,
        ch.serverNames.length === 0
          ? `a filter chain naming server '${c.serverName}' is more specific`
          : `server name '${c.serverName || '(none)'}' does not match ${ch.serverNames.join(', ')}`,
      );
    else if (ch.transportProtocol !== c.transport)
      skipChain(ch, `transport ${c.transport} ≠ ${ch.transportProtocol} of filter chain '${ch.name}'`);
    else if (ch !== chosen)
      skipChain(
        ch,
        ch.applicationProtocols.length === 0
          ? 'a filter chain for the detected application protocol is more specific'
          : `application protocols [${c.apps.join(', ')}] do not match [${ch.applicationProtocols.join(', ')}]`,
      );
  }
  if (chosen?.virtualHosts === undefined) return;
  const vh = selectVirtualHost(chosen.virtualHosts, c.host);
  for (const h of chosen.virtualHosts) {
    if (h === vh) {
      if (!routeMatches(h, c.path))
        set(
          h.entryIndex,
          'skipped',
          `path ${c.path} is not routed (only ${'path' in h.match ? h.match.path : h.match.prefix})`,
        );
    } else
      set(
        h.entryIndex,
        'skipped',
        `Host '${c.host}' does not select virtual host ${h.name} [${h.domains.join(', ')}]`,
      );
  }
}
