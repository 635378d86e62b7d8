import { displayName, isShadow } from '../models/index.js';
import type { ReadonlyDataplane as Dataplane, ReadonlyResource as Resource } from './readonly.js';
import {
  error,
  type IdentityCheckResult,
  type IdentityIssue,
  type IdentityIssueResource,
  isIpAddress,
  isRecord,
  keyPath,
  own,
  result,
  stringTags,
  warning,
} from './util.js';

export interface EcsDataplaneLintOptions {
  /** Mesh services the task contacts (E2): each needs an outbound. */
  readonly contactedServices?: readonly string[];
  /** Other resources of the mesh (policies, the Mesh) for E4/E5 and policy reachability. */
  readonly resources?: readonly Resource[];
  /** Also consider `kuma.io/effect: shadow` policies. Default false. */
  readonly includeShadow?: boolean;
}

const SERVICE = 'kuma.io/service';
const ROUTE_TYPES = new Set(['MeshHTTPRoute', 'MeshTCPRoute']);
const MSG_NO_TP = "policy doesn't support proxy running without transparent-proxy";

interface ProxyView {
  mesh: string;
  isGateway: boolean;
  /** Tag sets a top-level selector can select: non-ignored inbounds, and the gateway. */
  tagSets: Record<string, string>[];
  /** Services reachable through an outbound (tags service or backendRef name). */
  outboundServices: Set<string>;
}

/**
 * A field's value, with `null` read as absent: Kuma decodes resources with protojson, where `null`
 * is the field's default (an unset message, an empty string).
 */
function present(value: unknown): unknown {
  return value === null ? undefined : value;
}

function view(dataplane: unknown): ProxyView {
  const networking = own(dataplane, 'networking');
  const meshIn = own(dataplane, 'mesh');
  const tagSets: Record<string, string>[] = [];
  const inbound = own(networking, 'inbound');
  if (Array.isArray(inbound)) {
    for (const ib of inbound as unknown[])
      if (own(ib, 'state') !== 'Ignored') tagSets.push(stringTags(own(ib, 'tags')));
  }
  const gateway = present(own(networking, 'gateway'));
  if (gateway !== undefined) tagSets.push(stringTags(own(gateway, 'tags')));
  const outboundServices = new Set<string>();
  const outbound = own(networking, 'outbound');
  if (Array.isArray(outbound)) {
    for (const ob of outbound as unknown[]) {
      const s = own(own(ob, 'tags'), SERVICE);
      if (typeof s === 'string') outboundServices.add(s);
      const b = own(own(ob, 'backendRef'), 'name');
      if (typeof b === 'string') outboundServices.add(b);
    }
  }
  return {
    mesh: typeof meshIn === 'string' && meshIn !== '' ? meshIn : 'default',
    isGateway: gateway !== undefined,
    tagSets,
    outboundServices,
  };
}

function tagsMatch(selector: Record<string, string>, tags: Record<string, string>): boolean {
  return Object.keys(selector).every((k) => {
    if (!Object.hasOwn(tags, k)) return false;
    return selector[k] === '*' || selector[k] === tags[k];
  });
}

/**
 * Whether a policy's top-level targetRef selects this proxy (spec 02 §3 for sidecars and delegated
 * gateways: Mesh, MeshSubset, MeshService, MeshServiceSubset; MeshGateway and MeshHTTPRoute
 * targets are not followed here).
 */
function selects(policy: Resource, proxy: ProxyView): boolean {
  const ref = own(own(policy, 'spec'), 'targetRef');
  const kind = ref === undefined ? 'Mesh' : own(ref, 'kind');
  const proxyTypes = own(ref, 'proxyTypes');
  const admits =
    !Array.isArray(proxyTypes) ||
    proxyTypes.length === 0 ||
    proxyTypes.includes(proxy.isGateway ? 'Gateway' : 'Sidecar');
  const tags = stringTags(own(ref, 'tags'));
  const name = own(ref, 'name');
  switch (kind) {
    case 'Mesh':
      return admits;
    case 'MeshSubset':
      // Empty tags select like Mesh (spec 04 §2.2), even a proxy with no (non-ignored) inbound.
      return admits && (Object.keys(tags).length === 0 || proxy.tagSets.some((t) => tagsMatch(tags, t)));
    case 'MeshService':
      return typeof name === 'string' && proxy.tagSets.some((t) => t[SERVICE] === name);
    case 'MeshServiceSubset': {
      if (typeof name !== 'string') return false;
      const sel: Record<string, string> = { [SERVICE]: name };
      for (const k of Object.keys(tags))
        Object.defineProperty(sel, k, {
          value: tags[k],
          enumerable: true,
          writable: true,
          configurable: true,
        });
      return proxy.tagSets.some((t) => tagsMatch(sel, t));
    }
    default:
      return false;
  }
}

function ref(r: Resource): IdentityIssueResource {
  return { type: r.type, mesh: r.mesh, name: r.name };
}

function validateOutbounds(networking: unknown, issues: IdentityIssue[]): void {
  const outbound = own(networking, 'outbound');
  if (!Array.isArray(outbound)) return;
  (outbound as unknown[]).forEach((ob, i) => {
    const at = `networking.outbound[${i}]`;
    const port = own(ob, 'port');
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
      issues.push(error(`${at}.port`, 'port must be in the range [1, 65535]'));
    const address = present(own(ob, 'address'));
    if (address !== undefined && address !== '' && (typeof address !== 'string' || !isIpAddress(address)))
      issues.push(error(`${at}.address`, 'address has to be valid IP address'));
    const backendRef = present(own(ob, 'backendRef'));
    const tags = own(ob, 'tags');
    const hasTags = isRecord(tags) && Object.keys(tags).length > 0;
    if (backendRef === undefined) {
      if (own(tags, SERVICE) === undefined)
        issues.push(error(`${at}.tags`, 'mandatory tag "kuma.io/service" is missing'));
    } else if (hasTags) {
      issues.push(error(`${at}.backendRef`, 'both backendRef and tags/service cannot be defined'));
    }
  });
}

/** MeshService names a policy's `to[]` entries (and route backends) need, with their paths. */
function referencedServices(policy: Resource): { path: string; service: string }[] {
  const out: { path: string; service: string }[] = [];
  const to = own(own(policy, 'spec'), 'to');
  if (!Array.isArray(to)) return out;
  (to as unknown[]).forEach((item, i) => {
    const target = own(item, 'targetRef');
    const kind = own(target, 'kind');
    const name = own(target, 'name');
    if ((kind === 'MeshService' || kind === 'MeshServiceSubset') && typeof name === 'string')
      out.push({ path: `spec.to[${i}].targetRef`, service: name });
  });
  return out;
}

/** Legacy kinds applied per outbound service (spec 01 §5.4): they need an outbound to act on. */
const LEGACY_OUTBOUND_TYPES = new Set([
  'TrafficRoute',
  'TrafficLog',
  'Timeout',
  'HealthCheck',
  'CircuitBreaker',
  'Retry',
]);

/**
 * Destination services of a legacy outbound policy whose `sources` select this proxy (a source
 * selector matches one of its tag sets; `*` matches any value), with their paths.
 */
function legacyDestinations(policy: Resource, proxy: ProxyView): { path: string; service: string }[] {
  const sources = own(policy, 'sources');
  const selected =
    Array.isArray(sources) &&
    (sources as unknown[]).some((src) => {
      const match = stringTags(own(src, 'match'));
      return Object.keys(match).length > 0 && proxy.tagSets.some((t) => tagsMatch(match, t));
    });
  const out: { path: string; service: string }[] = [];
  const destinations = own(policy, 'destinations');
  if (!selected || !Array.isArray(destinations)) return out;
  (destinations as unknown[]).forEach((d, j) => {
    const service = own(own(d, 'match'), SERVICE);
    if (typeof service === 'string' && service !== '*')
      out.push({ path: keyPath(`destinations[${j}].match`, SERVICE), service });
  });
  return out;
}

function isEcsOptions(value: unknown): value is EcsDataplaneLintOptions {
  return isRecord(value);
}

/**
 * Checks a Dataplane meant for Amazon ECS, where there is no transparent proxying (spec 06 §6,
 * rules E1–E5): transparent proxying must be absent, outbounds must be valid, every contacted
 * service (`contactedServices`) and every MeshService that a selecting policy's `to[]` entry
 * targets needs an outbound, and MeshPassthrough policies selecting the proxy, or a Mesh with
 * `networking.outbound.passthrough: false`, are reported as having no effect (warnings carrying
 * the resource they are about).
 *
 * Call it as `lintEcsDataplane(dp, resources, opts?)` or `lintEcsDataplane(dp, opts)`. Never throws.
 */
export function lintEcsDataplane(
  dataplane: Dataplane,
  resourcesOrOpts: readonly Resource[] | EcsDataplaneLintOptions = {},
  opts: EcsDataplaneLintOptions = {},
): IdentityCheckResult {
  const options: EcsDataplaneLintOptions = Array.isArray(resourcesOrOpts)
    ? { ...(isEcsOptions(opts) ? opts : {}), resources: resourcesOrOpts as readonly Resource[] }
    : isEcsOptions(resourcesOrOpts)
      ? resourcesOrOpts
      : {};
  const issues: IdentityIssue[] = [];
  if (!isRecord(dataplane)) return result([error('', 'a Dataplane must be an object')]);
  const networking = own(dataplane, 'networking');
  if (present(own(networking, 'transparentProxying')) !== undefined)
    issues.push(error('networking.transparentProxying', 'transparent proxying is not supported on ECS'));
  validateOutbounds(networking, issues);
  const proxy = view(dataplane);

  const contacted = own(options, 'contactedServices');
  if (Array.isArray(contacted)) {
    const seen = new Set<string>();
    for (const s of contacted as unknown[]) {
      if (typeof s !== 'string' || seen.has(s)) continue;
      seen.add(s);
      if (!proxy.outboundServices.has(s))
        issues.push(
          error(
            'networking.outbound',
            `mesh service ${JSON.stringify(s)} is not listed in networking.outbound; without transparent proxying it cannot be reached through the mesh`,
          ),
        );
    }
  }

  const resourcesIn = own(options, 'resources');
  const resources = Array.isArray(resourcesIn) ? (resourcesIn as unknown[]).filter(isRecord) : [];
  const includeShadow = own(options, 'includeShadow') === true;
  // Sorted by (type, name) so the findings do not depend on the caller's resource order.
  const inMesh = (resources as unknown as Resource[])
    .filter((r) => typeof r.type === 'string' && typeof r.name === 'string' && r.mesh === proxy.mesh)
    .filter((r) => includeShadow || !isRecord(r.labels) || !isShadow(r))
    .sort((a, b) =>
      a.type < b.type ? -1 : a.type > b.type ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );

  for (const r of inMesh) {
    if (r.type === 'Mesh' && own(own(own(r, 'networking'), 'outbound'), 'passthrough') === false) {
      issues.push({
        ...warning(
          'networking.outbound.passthrough',
          'has no effect on ECS dataplanes (no transparent proxying)',
        ),
        resource: ref(r),
      });
    }
    if (LEGACY_OUTBOUND_TYPES.has(r.type)) {
      for (const { path, service } of legacyDestinations(r, proxy)) {
        if (proxy.outboundServices.has(service)) continue;
        issues.push({
          ...warning(
            path,
            `mesh service ${JSON.stringify(service)} is not listed in networking.outbound; this destination of ${r.type} ${JSON.stringify(r.name)} cannot take effect on an ECS dataplane`,
          ),
          resource: ref(r),
        });
      }
      continue;
    }
    if (!isRecord(own(r, 'spec')) || !selects(r, proxy)) continue;
    if (r.type === 'MeshPassthrough') {
      issues.push({ ...warning('spec', MSG_NO_TP), resource: ref(r) });
      continue;
    }
    for (const { path, service } of referencedServices(r)) {
      if (proxy.outboundServices.has(service)) continue;
      const what = ROUTE_TYPES.has(r.type) ? 'route' : 'policy entry';
      issues.push({
        ...warning(
          path,
          `mesh service ${JSON.stringify(service)} is not listed in networking.outbound; this ${what} of ${r.type} ${JSON.stringify(displayName({ name: r.name, labels: isRecord(r.labels) ? r.labels : {} }))} cannot take effect on an ECS dataplane`,
        ),
        resource: ref(r),
      });
    }
  }
  return result(issues);
}
