/**
 * The decision procedure of spec 05 §4 over an index of rule keys. Shared by `authorizeEndpoint`
 * (flat rule list, indexed per call) and the compiled engine (indexed once per role set).
 */
import { type Issue, RBAC_ACTIONS, type RbacAction, type RoleEndpoint } from '../models/index.js';
import { RBAC_ACTION_BITS } from './actions.js';
// The unchecked forms of requestCandidates / endpointSegmentCount: the request is validated once
// (quickValid) before any of them runs.
import {
  listCandidates,
  RBAC_WHITELISTED_PATHS,
  type RbacCandidate,
  type RbacRuleKeysBySegments,
  resolveRoute,
  ruleKeysBySegments,
  segmentCount,
} from './endpoints.js';
import type {
  RbacDecision,
  RbacLookedAtKey,
  RbacOptions,
  RbacRequest,
  RbacRoleRef,
  RbacSemantics,
  RbacTierLevel,
} from './types.js';
import { kongVersionAtLeast } from './version.js';

/** A rule with the role it came from and its action mask. */
export interface RbacRuleRef {
  rule: RoleEndpoint;
  role?: RbacRoleRef;
  mask: number;
}

/** Everything known about one `(workspace, endpoint)` key. */
interface KeyEntry {
  refs: RbacRuleRef[];
  /** Actions some positive rule lists. */
  pos: number;
  /** Actions some negative rule lists. */
  neg: number;
  hasPositive: boolean;
  /** Kong EE 0.33–3.1 stored value (both nibbles): OR-ed for `*`, last rule otherwise. */
  legacy: number;
  legacyLast: RbacRuleRef | undefined;
}

/** Rules grouped by workspace, then endpoint (spec 05 §2). */
export type RbacRuleIndex = Map<string, Map<string, KeyEntry>>;

/** Groups rules by key. Rules keep their input order inside a key. */
export function buildRuleIndex(refs: readonly RbacRuleRef[]): RbacRuleIndex {
  const index: RbacRuleIndex = new Map();
  for (const ref of refs) {
    const { workspace, endpoint } = ref.rule;
    let byEndpoint = index.get(workspace);
    if (byEndpoint === undefined) {
      byEndpoint = new Map();
      index.set(workspace, byEndpoint);
    }
    let entry = byEndpoint.get(endpoint);
    if (entry === undefined) {
      entry = { refs: [], pos: 0, neg: 0, hasPositive: false, legacy: 0, legacyLast: undefined };
      byEndpoint.set(endpoint, entry);
    }
    entry.refs.push(ref);
    const negative = ref.rule.negative === true;
    if (negative) entry.neg |= ref.mask;
    else {
      entry.pos |= ref.mask;
      entry.hasPositive = true;
    }
    const stored = ref.mask | (negative ? ref.mask << 4 : 0);
    entry.legacy = endpoint === '*' ? entry.legacy | stored : stored;
    entry.legacyLast = ref;
  }
  return index;
}

/** A request after validation, whitelisting and `workspace_` stripping. */
export interface PreparedRequest {
  request: RbacRequest;
  bit: number;
}

const invalid = (issues: Issue[]): RbacDecision => ({ allowed: false, reason: 'invalid-input', issues });

/** Validates a request; returns issues (never throws, whatever the value). */
export function requestIssues(request: unknown): Issue[] {
  if (request === null || typeof request !== 'object')
    return [{ path: '', message: 'request must be an object' }];
  const r = request as Record<string, unknown>;
  const issues: Issue[] = [];
  if (typeof r.workspace !== 'string' || r.workspace === '')
    issues.push({ path: 'workspace', message: 'must be a non-empty workspace name' });
  else if (r.workspace === '*') issues.push({ path: 'workspace', message: "'*' is not a workspace" });
  else if (hasControl(r.workspace))
    issues.push({ path: 'workspace', message: 'must not contain control characters' });
  if (typeof r.endpoint !== 'string') issues.push({ path: 'endpoint', message: 'must be a string' });
  if (typeof r.action !== 'string' || !(RBAC_ACTIONS as readonly string[]).includes(r.action))
    issues.push({ path: 'action', message: `must be one of ${RBAC_ACTIONS.join(', ')}` });
  if (r.routeName !== undefined && typeof r.routeName !== 'string')
    issues.push({ path: 'routeName', message: 'must be a string' });
  return issues;
}

function quickValid(r: RbacRequest): boolean {
  return (
    r !== null &&
    typeof r === 'object' &&
    typeof r.workspace === 'string' &&
    r.workspace !== '' &&
    r.workspace !== '*' &&
    !hasControl(r.workspace) &&
    typeof r.endpoint === 'string' &&
    isAction(r.action) &&
    (r.routeName === undefined || typeof r.routeName === 'string')
  );
}

/** One of the four actions (plain comparisons: this runs on every request). */
const isAction = (a: unknown): boolean => a === 'read' || a === 'create' || a === 'update' || a === 'delete';

/** True when `s` contains a C0 or C1 control character or DEL (K7: never part of a name). */
export function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}

/**
 * Why a request path cannot be judged as given, if it cannot. Kong decides on the path nginx has
 * already normalised (query string removed, percent-escapes decoded, `//` merged, `.`/`..`
 * resolved); a path still carrying any of these would be compared verbatim with the rules and
 * could slip past a negative rule (`/rbac//roles` is not `/rbac/roles`), so it is a deny with an
 * issue instead of a guess. `absolute` (the library's own model: rules always start with `/`)
 * also requires a leading `/`; Kong's unit fixtures, replayed through `authorizeEndpoint` with
 * the Kong semantics, use bare keys such as `bar`.
 */
export function requestPathIssue(endpoint: string, absolute: boolean): Issue | undefined {
  // Fast path (this runs on every authorize call): one compiled regex clears a normal path.
  if (
    endpoint !== '' &&
    !SUSPECT_PATH.test(endpoint) &&
    (!absolute || endpoint === '*' || endpoint.charCodeAt(0) === 0x2f)
  )
    return undefined;
  return pathProblem(endpoint, absolute);
}

/** Anything `pathProblem` may object to, except the leading `/`. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
const SUSPECT_PATH = /[\u0000-\u0020\u007f?#%]|\/\/|(?:^|\/)\.\.?(?:\/|$)/;

/** The precise issue for a path the fast path flagged (rare: plain checks, in a fixed order). */
function pathProblem(endpoint: string, absolute: boolean): Issue | undefined {
  if (endpoint === '') return pathIssue('must be a request path such as /services');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
  if (/[\u0000-\u0020\u007f]/.test(endpoint))
    return pathIssue('must not contain whitespace or control characters');
  if (/[?#]/.test(endpoint))
    return pathIssue('must be the path alone, without a query string or fragment (Kong decides on the path)');
  if (endpoint.includes('%'))
    return pathIssue('must be the decoded path (Kong decides on the path after percent-decoding)');
  if (endpoint.includes('//') || /(^|\/)\.\.?(\/|$)/.test(endpoint))
    return pathIssue(
      "must be a normalised path: Kong merges '//' and resolves '.' and '..' segments before deciding",
    );
  if (absolute && endpoint !== '*' && !endpoint.startsWith('/'))
    return pathIssue("must start with '/' (a path inside the workspace, e.g. /services)");
  return undefined;
}

function pathIssue(message: string): Issue {
  return { path: 'endpoint', message };
}

/**
 * Checks of spec 05 §1.5 that come before any rule: enforcement off, whitelisted paths, the
 * `GET /workspaces` exception (3.6+). Returns a decision, or the prepared request. A request path
 * that is not a normalised path (see `requestPathIssue`) is a deny with an issue; `absolutePath`
 * additionally requires the leading `/`. A route name must be a Kong route pattern matching the
 * path (K6, `resolveRoute`); `deferPlainRoutes` leaves that check, for a route without
 * `workspace_`, to the caller (the engine caches it with the candidates: `plainRouteIssue`).
 */
export function prepareRequest(
  request: RbacRequest,
  semantics: RbacSemantics,
  opts: RbacOptions,
  absolutePath = true,
  deferPlainRoutes = false,
): RbacDecision | PreparedRequest {
  if (!quickValid(request)) return invalid(requestIssues(request));
  if (opts.rbac === 'off' || opts.rbac === 'entity') return { allowed: true, reason: 'rbac-off' };
  if (RBAC_WHITELISTED_PATHS.includes(request.endpoint)) return { allowed: true, reason: 'whitelisted' };
  let prepared: RbacRequest = request;
  const route = request.routeName;
  const raw = route?.startsWith('workspace_') === true;
  if (raw) {
    // `workspace_` stripping happens only at a segment boundary, and only where the route fits.
    const resolved = resolveRoute(request.workspace, request.endpoint, route as string, absolutePath);
    if (resolved !== null) {
      if (!('routeName' in resolved)) {
        const pathIssue = requestPathIssue(request.endpoint, absolutePath);
        return invalid(pathIssue === undefined ? [resolved] : [pathIssue, resolved]);
      }
      prepared = {
        workspace: request.workspace,
        endpoint: resolved.endpoint,
        action: request.action,
        routeName: resolved.routeName,
      };
    }
  }
  const pathIssue = requestPathIssue(prepared.endpoint, absolutePath);
  if (pathIssue !== undefined) return invalid([pathIssue]);
  const workspacesException =
    semantics !== 'kong-legacy' &&
    request.action === 'read' &&
    prepared.endpoint === '/workspaces' &&
    kongVersionAtLeast(opts.kongVersion, '3.6');
  if (route !== undefined && !raw && (!deferPlainRoutes || workspacesException)) {
    const issue = plainRouteIssue(prepared.endpoint, route, absolutePath);
    if (issue !== undefined) return invalid([issue]);
  }
  if (workspacesException) return { allowed: true, reason: 'whitelisted' };
  return { request: prepared, bit: RBAC_ACTION_BITS[request.action] };
}

/**
 * Why a route name without `workspace_` cannot be used with path `endpoint` (K6): not a Kong
 * route pattern, or (`absolute`, the library's model) not matching the path. A fresh issue.
 */
export function plainRouteIssue(endpoint: string, routeName: string, absolute: boolean): Issue | undefined {
  // Without workspace_, resolveRoute never rewrites the request: null or an issue.
  const resolved = resolveRoute('', endpoint, routeName, absolute);
  return resolved === null || 'routeName' in resolved ? undefined : resolved;
}

type KeyVerdict =
  | { allowed: boolean; reason: RbacDecision['reason']; ref: RbacRuleRef | undefined }
  | undefined;

const firstListing = (
  refs: readonly RbacRuleRef[],
  bit: number,
  negative: boolean,
): RbacRuleRef | undefined =>
  refs.find((r) => (r.rule.negative === true) === negative && (r.mask & bit) !== 0);

function verdictAt(entry: KeyEntry, bit: number, semantics: RbacSemantics, wildcard: boolean): KeyVerdict {
  if (semantics === 'kong') {
    if ((entry.pos | entry.neg) === 0) return { allowed: false, reason: 'empty-actions', ref: entry.refs[0] };
    if ((entry.neg & bit) !== 0)
      return { allowed: false, reason: 'negative-rule', ref: firstListing(entry.refs, bit, true) };
    if ((entry.pos & bit) !== 0)
      return { allowed: true, reason: 'positive-rule', ref: firstListing(entry.refs, bit, false) };
    return undefined;
  }
  if (semantics === 'documented') {
    if ((entry.neg & bit) !== 0)
      return { allowed: false, reason: 'negative-rule', ref: firstListing(entry.refs, bit, true) };
    if (!entry.hasPositive) return undefined;
    if ((entry.pos & bit) !== 0)
      return { allowed: true, reason: 'positive-rule', ref: firstListing(entry.refs, bit, false) };
    return { allowed: false, reason: 'not-granted', ref: entry.refs.find((r) => r.rule.negative !== true) };
  }
  // kong-legacy: only keys whose positive bit is set decide.
  if ((entry.legacy & bit) === 0) return undefined;
  const denied = (entry.legacy & (bit << 4)) !== 0;
  const ref = wildcard
    ? (firstListing(entry.refs, bit, denied) ?? entry.legacyLast)
    : (entry.legacyLast ?? entry.refs[0]);
  return denied
    ? { allowed: false, reason: 'negative-rule', ref }
    : { allowed: true, reason: 'positive-rule', ref };
}

/** The keys a semantics walks, in order, for request workspace `ws` (spec 05 §4.1, §4.2). */
export function* walkKeys(
  ws: string,
  candidates: readonly RbacCandidate[],
  semantics: RbacSemantics,
): Generator<{ workspace: string; candidate: RbacCandidate; level: RbacTierLevel }> {
  if (semantics === 'documented') {
    for (const c of candidates) if (c.endpoint !== '*') yield { workspace: ws, candidate: c, level: 1 };
    for (const c of candidates) if (c.endpoint !== '*') yield { workspace: '*', candidate: c, level: 2 };
    const star: RbacCandidate = { endpoint: '*', form: 'wildcard' };
    yield { workspace: ws, candidate: star, level: 3 };
    yield { workspace: '*', candidate: star, level: 4 };
    return;
  }
  for (const workspace of [ws, '*']) {
    const base = workspace === '*' ? 3 : 1;
    for (const c of candidates) {
      yield { workspace, candidate: c, level: (base + (c.endpoint === '*' ? 1 : 0)) as RbacTierLevel };
    }
  }
}

const STAR: RbacCandidate = Object.freeze({ endpoint: '*', form: 'wildcard' });

/** Where the deciding rule came from, filled in by `decide` when asked. */
export interface RbacDecisionMeta {
  role?: RbacRoleRef;
  form?: RbacCandidate['form'];
  /** The stripped request and its candidates, when the request got that far. */
  prepared?: { request: RbacRequest; candidates: readonly RbacCandidate[] };
}

/** Optional record of every existing key looked at (for `explain`). */
export type RbacTrace = RbacLookedAtKey[];

/**
 * Decides a prepared request against an index. Allocation-free on the fast path except for the
 * candidate list, which callers may cache and pass in.
 */
export function decide(
  index: RbacRuleIndex,
  prepared: PreparedRequest,
  candidates: readonly RbacCandidate[],
  semantics: RbacSemantics,
  trace?: RbacTrace,
  meta?: RbacDecisionMeta,
): RbacDecision {
  const ws = prepared.request.workspace;
  const inWs = index.get(ws);
  const inAny = index.get('*');
  if (trace === undefined && semantics === 'documented') {
    // Fast path of walkKeys for the seed's tier order: (ws, specific), (*, specific), (ws, *), (*, *).
    for (let tier = 1; tier <= 2; tier++) {
      const map = tier === 1 ? inWs : inAny;
      if (map === undefined) continue;
      for (let i = 0; i < candidates.length; i++) {
        const c = candidates[i]!;
        if (c.endpoint === '*') continue;
        const entry = map.get(c.endpoint);
        if (entry === undefined) continue;
        const v = verdictAt(entry, prepared.bit, semantics, false);
        if (v !== undefined) return result(v, tier === 1 ? ws : '*', c, tier as RbacTierLevel, meta);
      }
    }
    for (let tier = 3; tier <= 4; tier++) {
      const entry = (tier === 3 ? inWs : inAny)?.get('*');
      if (entry === undefined) continue;
      const v = verdictAt(entry, prepared.bit, semantics, true);
      if (v !== undefined) return result(v, tier === 3 ? ws : '*', STAR, tier as RbacTierLevel, meta);
    }
    return { allowed: false, reason: 'no-matching-rule' };
  }
  if (trace === undefined) {
    // Fast path: same walk as walkKeys, without the generator.
    for (let pass = 0; pass < 2; pass++) {
      const map = pass === 0 ? inWs : inAny;
      if (map === undefined) continue;
      for (let i = 0; i < candidates.length; i++) {
        const c = candidates[i]!;
        const entry = map.get(c.endpoint);
        if (entry === undefined) continue;
        const v = verdictAt(entry, prepared.bit, semantics, c.endpoint === '*');
        if (v === undefined) continue;
        const level = ((pass === 0 ? 1 : 3) + (c.endpoint === '*' ? 1 : 0)) as RbacTierLevel;
        return result(v, pass === 0 ? ws : '*', c, level, meta);
      }
    }
    return { allowed: false, reason: 'no-matching-rule' };
  }
  for (const key of walkKeys(ws, candidates, semantics)) {
    const map = key.workspace === '*' ? inAny : inWs;
    const entry = map?.get(key.candidate.endpoint);
    if (entry === undefined) continue;
    const v = verdictAt(entry, prepared.bit, semantics, key.candidate.endpoint === '*');
    trace?.push({
      workspace: key.workspace,
      endpoint: key.candidate.endpoint,
      form: key.candidate.form,
      level: key.level,
      rules: entry.refs.map((r) =>
        r.role === undefined ? { rule: r.rule } : { rule: r.rule, role: r.role },
      ),
      outcome: v === undefined ? 'passed' : 'decided',
    });
    if (v !== undefined) return result(v, key.workspace, key.candidate, key.level, meta);
  }
  return { allowed: false, reason: 'no-matching-rule' };
}

/**
 * `decide` for a role set holding default admin roles (`guard`): under `'documented'`, a path
 * whose first segment is `rbac` or `admins` meets their implied negative rules (K6).
 */
export function decideGuarded(
  index: RbacRuleIndex,
  prepared: PreparedRequest,
  candidates: readonly RbacCandidate[],
  semantics: RbacSemantics,
  guard: RbacAdminGuard,
  trace?: RbacTrace,
  meta?: RbacDecisionMeta,
): RbacDecision {
  if (semantics === 'documented') {
    const ws = prepared.request.workspace;
    const fenced = fencedSegment(prepared.request.endpoint);
    if (fenced !== undefined && (guard.has(ws) || guard.has('*')))
      return decideFenced(index, prepared, candidates, guard, fenced, trace, meta);
  }
  return decide(index, prepared, candidates, semantics, trace, meta);
}

/**
 * The default admin roles under `'documented'` (K6): rule workspace (`*` for `admin` of `default`,
 * `W` for `workspace-admin` / `workspace-portal-admin` of `W`) → the role. Such a role never
 * reaches a path whose first segment is `rbac` or `admins`, at any depth: it behaves as if it had
 * the negative rules `/rbac`, `/rbac/*`, `/rbac/*\/*`, … (and the same for `/admins`) on every
 * action, of which Kong's default roles list the first five depths.
 */
export type RbacAdminGuard = ReadonlyMap<string, RbacRoleRef>;

const FENCED = ['rbac', 'admins'];

/** `rbac` or `admins` when that is the first segment of `endpoint`. */
function fencedSegment(endpoint: string): string | undefined {
  for (const name of FENCED) {
    if (endpoint.charCodeAt(0) !== 47 || !endpoint.startsWith(name, 1)) continue;
    const n = name.length + 1;
    if (endpoint.length === n || endpoint.charCodeAt(n) === 47) return name;
  }
  return undefined;
}

const ALL_ACTIONS = Object.freeze([...RBAC_ACTIONS]);

/** `/<first>` followed by `depth` × `/*` (the implied rule's key), built once for usual depths. */
const IMPLIED: Record<string, string[]> = { rbac: [], admins: [] };
function impliedKey(first: string, depth: number): string {
  const known = IMPLIED[first];
  const hit = known?.[depth];
  if (hit !== undefined) return hit;
  const key = `/${first}${'/*'.repeat(depth)}`;
  if (known !== undefined && depth < 64) known[depth] = key;
  return key;
}

/**
 * The `'documented'` walk for a fenced path of a role set holding a default admin role: in the
 * tier of the admin role's rule workspace, its implied negative rule `/<first>` + `/*` × (depth)
 * sits where the generalisation of that shape sits (before the first candidate leaving the first
 * segment), or at that very key when it is a candidate.
 */
function decideFenced(
  index: RbacRuleIndex,
  prepared: PreparedRequest,
  candidates: readonly RbacCandidate[],
  guard: RbacAdminGuard,
  first: string,
  trace: RbacTrace | undefined,
  meta: RbacDecisionMeta | undefined,
): RbacDecision {
  const ws = prepared.request.workspace;
  const bit = prepared.bit;
  // Segments after the first (the empty one before the leading '/' counts in segmentCount).
  const implied = impliedKey(first, segmentCount(prepared.request.endpoint) - 2);
  const head = first === 'rbac' ? '/rbac' : '/admins';
  for (let level = 1 as RbacTierLevel; level <= 2; level++) {
    const scope = level === 1 ? ws : '*';
    const map = index.get(scope);
    const role = guard.get(scope);
    if (map === undefined && role === undefined) continue;
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i] as RbacCandidate;
      if (c.endpoint === '*') continue;
      if (role !== undefined) {
        const keepsFirst =
          c.endpoint === head || (c.endpoint.startsWith(head) && c.endpoint.charCodeAt(head.length) === 47);
        if (!keepsFirst)
          return fenced(map?.get(implied), scope, level, implied, 'generalized', role, bit, trace, meta);
        if (c.endpoint === implied)
          return fenced(map?.get(implied), scope, level, implied, c.form, role, bit, trace, meta);
      }
      const entry = map?.get(c.endpoint);
      if (entry === undefined) continue;
      const v = verdictAt(entry, bit, 'documented', false);
      traceKey(trace, scope, c, level, entry, v);
      if (v !== undefined) return result(v, scope, c, level, meta);
    }
    if (role !== undefined)
      return fenced(map?.get(implied), scope, level, implied, 'generalized', role, bit, trace, meta);
  }
  for (let level = 3 as RbacTierLevel; level <= 4; level++) {
    const scope = level === 3 ? ws : '*';
    const entry = index.get(scope)?.get('*');
    if (entry === undefined) continue;
    const v = verdictAt(entry, bit, 'documented', true);
    traceKey(trace, scope, STAR, level, entry, v);
    if (v !== undefined) return result(v, scope, STAR, level, meta);
  }
  return { allowed: false, reason: 'no-matching-rule' };
}

/** The deny of a default admin role's implied negative rule at key (`scope`, `implied`). */
function fenced(
  entry: KeyEntry | undefined,
  scope: string,
  level: RbacTierLevel,
  implied: string,
  form: RbacCandidate['form'],
  role: RbacRoleRef,
  bit: number,
  trace: RbacTrace | undefined,
  meta: RbacDecisionMeta | undefined,
): RbacDecision {
  // A real negative rule at the key, when there is one, is the rule that decided.
  const real = entry === undefined ? undefined : firstListing(entry.refs, bit, true);
  const implicit: RoleEndpoint | undefined =
    real !== undefined && trace === undefined
      ? undefined
      : {
          workspace: scope,
          endpoint: implied,
          actions: ALL_ACTIONS as RbacAction[],
          negative: true,
          comment: `implied by the default role ${role.name}: it never reaches /rbac or /admins (docs/rbac.md)`,
        };
  if (trace !== undefined && implicit !== undefined) {
    const rules: RbacLookedAtKey['rules'] = [];
    for (const r of entry?.refs ?? [])
      rules.push(r.role === undefined ? { rule: r.rule } : { rule: r.rule, role: r.role });
    rules.push({ rule: implicit, role });
    trace.push({ workspace: scope, endpoint: implied, form, level, rules, outcome: 'decided' });
  }
  const ref: RbacRuleRef = real ?? { rule: implicit as RoleEndpoint, mask: RBAC_ALL_ACTIONS, role };
  return result(
    { allowed: false, reason: 'negative-rule', ref },
    scope,
    { endpoint: implied, form },
    level,
    meta,
  );
}

function traceKey(
  trace: RbacTrace | undefined,
  workspace: string,
  c: RbacCandidate,
  level: RbacTierLevel,
  entry: KeyEntry,
  v: KeyVerdict,
): void {
  trace?.push({
    workspace,
    endpoint: c.endpoint,
    form: c.form,
    level,
    rules: entry.refs.map((r) => (r.role === undefined ? { rule: r.rule } : { rule: r.rule, role: r.role })),
    outcome: v === undefined ? 'passed' : 'decided',
  });
}

const RBAC_ALL_ACTIONS = 0x0f;

function result(
  v: NonNullable<KeyVerdict>,
  workspace: string,
  c: RbacCandidate,
  level: RbacTierLevel,
  meta: RbacDecisionMeta | undefined,
): RbacDecision {
  const out: RbacDecision =
    v.ref === undefined
      ? { allowed: v.allowed, reason: v.reason, tier: { workspace, endpoint: c.endpoint, level } }
      : {
          allowed: v.allowed,
          reason: v.reason,
          decidedBy: v.ref.rule,
          tier: { workspace, endpoint: c.endpoint, level },
        };
  if (meta !== undefined) {
    if (v.ref?.role !== undefined) meta.role = v.ref.role;
    meta.form = c.form;
  }
  return out;
}

const NO_KEYS: RbacRuleKeysBySegments = new Map();

/**
 * Candidates for a prepared request: beyond 16 segments only the generalisations equal to one of
 * `keys` (the rule endpoints by segment count; none when not given).
 */
export function candidatesOf(
  prepared: PreparedRequest,
  keys: RbacRuleKeysBySegments = NO_KEYS,
): RbacCandidate[] {
  return listCandidates(prepared.request.endpoint, prepared.request.routeName, keys);
}

/** The rule endpoints of an index, grouped by segment count (for `candidatesOf`). */
export function indexKeys(index: RbacRuleIndex): RbacRuleKeysBySegments {
  return ruleKeysBySegments(
    (function* () {
      for (const byEndpoint of index.values()) yield* byEndpoint.keys();
    })(),
  );
}

/** True when `value` is a decision rather than a prepared request. */
export function isDecision(value: RbacDecision | PreparedRequest): value is RbacDecision {
  return 'allowed' in value;
}
