/**
 * `compilePassthrough`: builds, once, the pass-through listeners a merged MeshPassthrough conf
 * produces and Envoy's lookup structure over them (the documented listeners with their port
 * replication left implicit: plan.ts); `match` then answers per connection what the proxy really
 * does (spec 04 §6–§9), `explain` says why for every entry.
 */
import { type Issue, MeshPolicyError } from '../models/index.js';
import {
  buildPassthroughListener,
  documentedKeys,
  LISTENER_NAMES,
  listenerStatus,
  passthroughClusters,
} from './chains.js';
import {
  ListenerIndex,
  type NameTable,
  selectByProtocols,
  selectByServerName,
  VirtualHostIndex,
} from './lookup.js';
import {
  appendMatchOf,
  type EffectiveMode,
  isL7Protocol,
  type NormalEntry,
  normalizePassthroughConf,
} from './normalize.js';
import { l7ConflictMessages } from './order.js';
import {
  DocumentedListener,
  type DocumentedPlan,
  documentedPlan,
  type ExplainView,
  type PlanHit,
  type SetVerdict,
  skipChain,
} from './plan.js';
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
  PassthroughSemantics,
  PassthroughVirtualHost,
} from './types.js';
import {
  asciiLower,
  connectionAddress,
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
  const given = typeof conn.address === 'string' ? parsePassthroughAddress(conn.address) : conn.address;
  if (given === undefined || !isParsedAddress(given))
    throw invalid('must be an IPv4 or IPv6 literal', 'connection.address');
  // `::ffff:a.b.c.d` is the IPv4 connection to a.b.c.d: matched as that address everywhere.
  const address = connectionAddress(given);
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
    if (conn.host !== undefined) host = asciiLower(scalarText(conn.host));
    else {
      const text =
        typeof conn.address === 'string' && address === given
          ? conn.address
          : formatPassthroughAddress(address);
      const literal = address.family === 'ipv6' ? `[${text}]` : text;
      host = asciiLower(port === 80 ? literal : `${literal}:${port}`);
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
    serverName: protocol === 'tls' && conn.sni !== undefined ? asciiLower(scalarText(conn.sni)) : '',
    host,
    path: conn.path ?? '/',
  };
}

/** Plain TCP (no server name, no application protocol): the answer memoised per name table. */
function isPlainTcp(c: Derived): boolean {
  return c.serverName === '' && c.apps.length === 0 && c.transport === 'raw_buffer';
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
      // Envoy lower-cases domains with ASCII rules only (a Kelvin sign is not `k`).
      const d = asciiLower(raw);
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

/** Builds `matched` results (entries are shared, frozen copies). */
interface Results {
  admitted(chain: string, index: number | undefined): PassthroughMatchResult;
}

const NO_FILTER_CHAIN = (): PassthroughMatchResult => ({ allowed: false, reason: 'no-filter-chain' });

/** One pass-through listener, as the matcher sees it. */
interface ListenerModel {
  readonly name: PassthroughListener['name'];
  readonly family: PassthroughFamily;
  readonly status: PassthroughListener['status'];
  /** Why Envoy would reject the listener, when it would. */
  readonly rejected: string | undefined;
  /** The listener as generated; `fresh`: objects the caller may keep and change. */
  listener(fresh: boolean): PassthroughListener;
  /** What a rewritten, accepted listener does with a connection (port to route). */
  match(c: Derived): PassthroughMatchResult;
  /** The candidates for a port and the reasons for the other chains. */
  explainView(port: number): ExplainView;
  /** Name tables of the lookup structure, for the plain-TCP memo. */
  tables(): NameTable[];
}

/** A listener without policy chains (left as it was, or absent). */
function staticModel(
  name: PassthroughListener['name'],
  family: PassthroughFamily,
  status: PassthroughListener['status'],
): ListenerModel {
  return {
    name,
    family,
    status,
    rejected: undefined,
    listener: () => ({ name, family, status, chains: [] }),
    match: NO_FILTER_CHAIN,
    explainView: () => ({ candidates: [], skipOthers: () => {} }),
    tables: () => [],
  };
}

/** A listener whose chains are all built (Kuma 2.8.8's generator, or on request). */
class ChainsModel implements ListenerModel {
  readonly name: PassthroughListener['name'];
  readonly family: PassthroughFamily;
  readonly status: PassthroughListener['status'];
  readonly rejected: string | undefined;
  private readonly index: ListenerIndex | undefined;
  private readonly hosts = new Map<PassthroughFilterChain, VirtualHostIndex>();

  constructor(
    private readonly built: PassthroughListener,
    private readonly results: Results,
  ) {
    this.name = built.name;
    this.family = built.family;
    this.status = built.status;
    this.rejected = built.rejected;
    if (built.status !== 'rewritten' || built.rejected !== undefined) return;
    this.index = new ListenerIndex(built.family, built.chains);
    for (const chain of built.chains)
      if (chain.virtualHosts !== undefined) this.hosts.set(chain, new VirtualHostIndex(chain.virtualHosts));
  }

  listener(fresh: boolean): PassthroughListener {
    return fresh ? structuredClone(this.built) : this.built;
  }

  tables(): NameTable[] {
    return this.index?.allTables() ?? [];
  }

  match(c: Derived): PassthroughMatchResult {
    const table = this.index?.table(c.port, c.address);
    if (table === undefined) return NO_FILTER_CHAIN();
    if (isPlainTcp(c) && table.plainTcp !== undefined)
      return table.plainTcp === null ? NO_FILTER_CHAIN() : copyMatched(table.plainTcp);
    const chain = selectByProtocols(selectByServerName(table, c.serverName), c.transport, c.apps);
    if (chain === undefined) return NO_FILTER_CHAIN();
    if (chain.virtualHosts === undefined) return this.results.admitted(chain.name, chain.entryIndex);
    const vh = this.hosts.get(chain)?.pick(c.host)?.item;
    if (vh === undefined || vh.cluster === undefined)
      return {
        allowed: false,
        reason: 'no-virtual-host',
        chain: chain.name,
        httpStatus: vh?.directResponseStatus ?? 404,
      };
    if (!routeMatches(vh, c.path))
      return { allowed: false, reason: 'no-route', chain: chain.name, httpStatus: 404 };
    return this.results.admitted(chain.name, vh.entryIndex);
  }

  explainView(port: number): ExplainView {
    const chains = this.built.chains;
    const portNamed = chains.some((ch) => ch.destinationPort === port);
    const candidates: PassthroughFilterChain[] = [];
    const others: [PassthroughFilterChain, string][] = [];
    for (const ch of chains) {
      if (portNamed && ch.destinationPort !== port)
        others.push([
          ch,
          ch.destinationPort === undefined
            ? `port ${port} has its own filter chains, so port-less chain '${ch.name}' is not considered`
            : `filter chain '${ch.name}' is for port ${ch.destinationPort}`,
        ]);
      else if (!portNamed && ch.destinationPort !== undefined)
        others.push([ch, `filter chain '${ch.name}' is for port ${ch.destinationPort}`]);
      else candidates.push(ch);
    }
    return {
      candidates,
      skipOthers: (set) => {
        for (const [ch, reason] of others) skipChain(set, ch, reason);
      },
    };
  }
}

/** The documented listener with port replication left implicit (see plan.ts). */
class DocumentedModel implements ListenerModel {
  readonly name: PassthroughListener['name'];
  readonly family: PassthroughFamily;
  readonly status = 'rewritten' as const;
  readonly rejected: string | undefined;

  constructor(
    private readonly doc: DocumentedListener,
    private readonly entries: readonly NormalEntry[],
    private readonly results: Results,
  ) {
    this.name = doc.name;
    this.family = doc.family;
    this.rejected = doc.rejected;
  }

  listener(): PassthroughListener {
    const chains = this.doc.materialise(documentedKeys(this.entries));
    return {
      name: this.name,
      family: this.family,
      status: this.status,
      chains,
      ...(this.rejected !== undefined ? { rejected: this.rejected } : {}),
    };
  }

  tables(): NameTable[] {
    return this.doc.tables();
  }

  match(c: Derived): PassthroughMatchResult {
    if (isPlainTcp(c)) {
      const memo = this.doc.plainTcp(c.port, c.address);
      if (memo !== undefined) return memo === null ? NO_FILTER_CHAIN() : copyMatched(memo);
    }
    const hit: PlanHit = this.doc.match(c.port, c.address, c.serverName, c.transport, c.apps, c.host);
    switch (hit.kind) {
      case 'none':
        return NO_FILTER_CHAIN();
      case 'no-host':
        return { allowed: false, reason: 'no-virtual-host', chain: hit.name, httpStatus: hit.status };
      default:
        if (hit.path !== undefined && !c.path.startsWith(hit.path))
          return { allowed: false, reason: 'no-route', chain: hit.name, httpStatus: 404 };
        return this.results.admitted(hit.name, hit.entryIndex);
    }
  }

  explainView(port: number): ExplainView {
    return this.doc.explainView(port);
  }
}

/** Options of the internal compiler entry point. */
export interface CompileInternals {
  /**
   * Build every documented chain, as `'kuma-2.8'` always does, instead of keeping port replication
   * implicit: the straightforward model the compact one must agree with (tests only).
   */
  fullListeners?: boolean;
}

/**
 * Compiles a merged MeshPassthrough conf (`undefined` = no policy selects the proxy) into a
 * matcher (spec 04 §6–§9). Never throws for a bad conf: problems become `issues` and `match`
 * answers `config-error`; Envoy rejections answer `listener-rejected` on the affected listener.
 *
 * Options: `semantics` (default `'documented'`), `meshPassthrough` (mesh flag, default true),
 * `transparentProxy` and `ipv6Listener` (default true).
 *
 * Compiling costs O(n log n) in the number of entries, `match` does not depend on it. The
 * documented generator copies port-less entries onto every port an entry names; the matcher
 * keeps those copies implicit, so only `chains()` and `clusters()`, whose output holds them,
 * grow with entries × ports.
 */
export function compilePassthrough(
  conf: MeshPassthroughConf | undefined,
  opts: PassthroughCompileOptions = {},
): CompiledPassthrough {
  return compilePassthroughWith(conf, opts, {});
}

/** `compilePassthrough` with internal switches (not part of the package's API). */
export function compilePassthroughWith(
  conf: MeshPassthroughConf | undefined,
  opts: PassthroughCompileOptions,
  internals: CompileInternals,
): CompiledPassthrough {
  opts ??= {}; // untyped callers may pass null
  const semantics: PassthroughSemantics = opts.semantics ?? 'documented';
  const meshFlag = opts.meshPassthrough ?? true;
  const transparentProxy = opts.transparentProxy ?? true;
  const ipv6Present = opts.ipv6Listener ?? true;
  const normal = normalizePassthroughConf(conf, semantics);
  const issues: Issue[] = normal.issues.slice();
  const entries = normal.entries;
  const mode = normal.mode;
  // Kuma orders the matchers (and so meets an L7 conflict) only while generating the `Matched`
  // chains: with All / None / an invalid mode the merged list is never looked at (spec 04 §9.2
  // step 1 puts passthrough-all / passthrough-none before config-error).
  const conflicts = normal.issues.length === 0 && mode === 'Matched' ? l7Conflicts(entries) : [];
  if (conflicts.length > 0) issues.push({ path: 'spec.default.appendMatch', message: conflicts.join('; ') });
  const configError = issues.length > 0;
  const generates = !configError && mode === 'Matched' && entries.length > 0;

  // Results share frozen copies of the entries (callers cannot alter the compiled state through
  // them), made on first use. Entries are in merged-list order: found by binary search.
  const frozenEntries = new Map<number, AppendMatch>();
  const entryAt = (index: number): NormalEntry | undefined => {
    let lo = 0;
    let hi = entries.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const e = entries[mid] as NormalEntry;
      if (e.index === index) return e;
      if (e.index < index) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  };
  const results: Results = {
    admitted: (chain, index) => {
      let entry = index === undefined ? undefined : frozenEntries.get(index);
      if (entry === undefined && index !== undefined) {
        const e = entryAt(index);
        if (e !== undefined) {
          entry = Object.freeze(appendMatchOf(e));
          frozenEntries.set(index, entry);
        }
      }
      // One literal shape (no conditional spreads) keeps results fast to build and to copy.
      if (entry === undefined || index === undefined) return { allowed: true, reason: 'matched', chain };
      return { allowed: true, reason: 'matched', entry, entryIndex: index, chain };
    },
  };

  const full = internals.fullListeners === true || semantics === 'kuma-2.8';
  const plan: DocumentedPlan | undefined = generates && !full ? documentedPlan(entries) : undefined;
  const keys = generates && full && semantics === 'documented' ? documentedKeys(entries) : undefined;
  const model = (family: PassthroughFamily, present: boolean): ListenerModel => {
    const name = LISTENER_NAMES[family];
    if (!generates) return staticModel(name, family, present ? 'untouched' : 'absent');
    const status = listenerStatus(entries, family, semantics, present);
    if (status !== 'rewritten') return staticModel(name, family, status);
    if (plan !== undefined)
      return new DocumentedModel(new DocumentedListener(plan, family), entries, results);
    return new ChainsModel(buildPassthroughListener(entries, family, semantics, present, keys), results);
  };
  const models: Record<PassthroughFamily, ListenerModel> = {
    ipv4: model('ipv4', true),
    ipv6: model('ipv6', ipv6Present),
  };
  for (const m of [models.ipv4, models.ipv6]) {
    if (m.rejected !== undefined)
      issues.push({
        path: 'spec.default.appendMatch',
        message: `listener ${m.name} rejected: ${m.rejected}`,
      });
  }
  const early: PassthroughMatchResult | undefined = configError
    ? { allowed: false, reason: 'config-error' }
    : mode === 'All' || (mode === 'mesh' && meshFlag)
      ? { allowed: true, reason: 'passthrough-all' }
      : mode === 'None' || mode === 'mesh' || entries.length === 0
        ? { allowed: false, reason: 'passthrough-none' }
        : undefined;

  // The answer for plain TCP, once per name table.
  for (const m of [models.ipv4, models.ipv6]) {
    for (const table of m.tables()) {
      const chain = selectByProtocols(table.none, 'raw_buffer', []);
      if (chain === undefined) table.plainTcp = null;
      else if (chain.virtualHosts === undefined)
        table.plainTcp = results.admitted(chain.name, chain.entryIndex);
    }
  }

  function matchDerived(c: Derived): PassthroughMatchResult {
    if (!transparentProxy) return { allowed: true, reason: 'not-intercepted' };
    const family = c.address.family;
    if (family === 'ipv6' && !ipv6Present) return { allowed: true, reason: 'not-intercepted' };
    if (early !== undefined) return { ...early };
    const m = models[family];
    if (m.rejected !== undefined) return { allowed: false, reason: 'listener-rejected' };
    return m.match(c);
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
    const listener = models[c.address.family];
    const verdicts = new Map<number, PassthroughEntryExplanation>();
    const set: SetVerdict = (index, outcome, reason) => {
      if (index === undefined || verdicts.has(index)) return;
      const e = entryAt(index);
      if (e !== undefined) verdicts.set(index, { index, entry: appendMatchOf(e), outcome, reason });
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
      explainChains(listener.explainView(c.port), c, set);
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
    const ordered: PassthroughEntryExplanation[] = [];
    for (const e of entries) {
      const v = verdicts.get(e.index);
      if (v !== undefined) ordered.push(v);
    }
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
    chains: (family) => models[family].listener(true),
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
      return passthroughClusters([models.ipv4.listener(false), models.ipv6.listener(false)]);
    },
    match: (conn) => matchDerived(derive(conn)),
    explain,
  };
}

/** `passthroughProtocolConflicts` of the read entries (what Kuma checks while ordering them). */
function l7Conflicts(entries: readonly NormalEntry[]): string[] {
  const perPort = new Map<number, Set<string>>();
  for (const e of entries) {
    if (!isL7Protocol(e.protocol)) continue;
    const set = perPort.get(e.port);
    if (set === undefined) perPort.set(e.port, new Set([e.protocol]));
    else set.add(e.protocol);
  }
  return l7ConflictMessages(perPort);
}

/** Envoy's steps walked over the candidate chains of the port, recording why each chain's entries lost. */
function explainChains(view: ExplainView, c: Derived, set: SetVerdict): void {
  view.skipOthers(set);
  let candidates = view.candidates;
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
  const lengths = new Map<PassthroughFilterChain, number>();
  let longest = -1;
  for (const ch of candidates) {
    const len = containing(ch);
    lengths.set(ch, len);
    if (len > longest) longest = len;
  }
  const afterIp: PassthroughFilterChain[] = [];
  for (const ch of candidates) {
    const len = lengths.get(ch) ?? -1;
    if (len < 0) skipChain(set, ch, `the address is outside the prefixes of filter chain '${ch.name}'`);
    else if (len < longest) skipChain(set, ch, `a more specific prefix (/${longest}) contains the address`);
    else afterIp.push(ch);
  }
  candidates = afterIp;
  const names: NameTable = { prefixLen: longest, exact: new Map(), wildcard: new Map(), none: [] };
  for (const ch of candidates) {
    if (ch.serverNames.length === 0) names.none.push(ch);
    for (const n of ch.serverNames) {
      const lower = asciiLower(n);
      const map = lower.startsWith('*.') ? names.wildcard : names.exact;
      const key = lower.startsWith('*.') ? lower.slice(1) : lower;
      const list = map.get(key);
      if (list === undefined) map.set(key, [ch]);
      else list.push(ch);
    }
  }
  const byName = selectByServerName(names, c.serverName);
  const chosen = selectByProtocols(byName, c.transport, c.apps);
  for (const ch of candidates) {
    if (!byName.includes(ch))
      skipChain(
        set,
        ch,
        ch.serverNames.length === 0
          ? `a filter chain naming server '${c.serverName}' is more specific`
          : `server name '${c.serverName || '(none)'}' does not match ${ch.serverNames.join(', ')}`,
      );
    else if (ch.transportProtocol !== c.transport)
      skipChain(set, ch, `transport ${c.transport} ≠ ${ch.transportProtocol} of filter chain '${ch.name}'`);
    else if (ch !== chosen)
      skipChain(
        set,
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
