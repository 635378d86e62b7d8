/**
 * An independent reference of Kuma 2.8.8's targetRef priority order, written from its source and
 * sharing no code with the library (in particular not `sortByPriority` / `comparePolicyPriority`):
 *
 * - `SortByTargetRef` (pkg/plugins/policies/core/matchers/dataplane.go): top-level targetRef kind,
 *   then origin, then — for kind MeshGateway only — the number of targetRef tags, then role, then
 *   display name descending (`cmp.Compare(name2, name1)`);
 * - `TargetRefKind.Compare` (api/common/v1alpha1/ref.go): `order[k1] - order[k2]` with Mesh 1,
 *   MeshSubset 2, MeshGateway 3, MeshService 4, MeshExternalService 5, MeshServiceSubset 6,
 *   MeshHTTPRoute 7 and 0 for anything else (a missing map key is Go's zero value);
 * - `originToNumber`: label `kuma.io/origin` global −1, zone 1, anything else (or none) 0;
 * - `roleToNumber` / `PolicyRole` (pkg/core/resources/model/resource.go): label
 *   `kuma.io/policy-role` empty or absent counts as system; system −1, producer 0, anything else 1;
 * - `GetDisplayName`: label `kuma.io/display-name` when non-empty, else the name;
 * - Go compares strings byte by byte over UTF-8.
 *
 * Lists are ascending: the first element has the lowest priority (it is merged first).
 */

/** What the reference reads from a policy. */
export interface ReferencePolicy {
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly spec?: {
    readonly targetRef?: { readonly kind?: string; readonly tags?: Readonly<Record<string, string>> };
  };
}

const KIND_ORDER = new Map<string, number>([
  ['Mesh', 1],
  ['MeshSubset', 2],
  ['MeshGateway', 3],
  ['MeshService', 4],
  ['MeshExternalService', 5],
  ['MeshServiceSubset', 6],
  ['MeshHTTPRoute', 7],
]);

function label(p: ReferencePolicy, key: string): string {
  const labels = p.labels ?? {};
  return Object.hasOwn(labels, key) ? (labels[key] ?? '') : '';
}

function originNumber(p: ReferencePolicy): number {
  const origin = label(p, 'kuma.io/origin');
  return origin === 'global' ? -1 : origin === 'zone' ? 1 : 0;
}

function roleNumber(p: ReferencePolicy): number {
  const role = label(p, 'kuma.io/policy-role') || 'system';
  return role === 'system' ? -1 : role === 'producer' ? 0 : 1;
}

function displayNameOf(p: ReferencePolicy): string {
  return label(p, 'kuma.io/display-name') || p.name;
}

const utf8 = new TextEncoder();

/** Go's `cmp.Compare` on strings: byte-wise over UTF-8. */
export function goCompareStrings(a: string, b: string): number {
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return (x[i] as number) < (y[i] as number) ? -1 : 1;
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}

/** Kuma 2.8.8's `SortByTargetRef` comparator: negative when `a` has the lower priority; 0 = tie. */
export function kumaTargetRefCompare(a: ReferencePolicy, b: ReferencePolicy): number {
  const ra = a.spec?.targetRef;
  const rb = b.spec?.targetRef;
  const kind = (r: typeof ra) => KIND_ORDER.get(r?.kind ?? '') ?? 0;
  const byKind = kind(ra) - kind(rb);
  if (byKind !== 0) return byKind;
  const byOrigin = originNumber(a) - originNumber(b);
  if (byOrigin !== 0) return byOrigin;
  if (ra?.kind === 'MeshGateway') {
    const byTags = Object.keys(ra?.tags ?? {}).length - Object.keys(rb?.tags ?? {}).length;
    if (byTags !== 0) return byTags;
  }
  const byRole = roleNumber(a) - roleNumber(b);
  if (byRole !== 0) return byRole;
  return goCompareStrings(displayNameOf(b), displayNameOf(a));
}

/** True when `list` is in Kuma's order: no element has a higher priority than one after it. */
export function isKumaSorted(list: readonly ReferencePolicy[]): boolean {
  for (let i = 1; i < list.length; i++)
    if (kumaTargetRefCompare(list[i - 1] as ReferencePolicy, list[i] as ReferencePolicy) > 0) return false;
  return true;
}

/** A stable sort in Kuma's order (exact ties keep their input order). */
export function kumaSorted<P extends ReferencePolicy>(list: readonly P[]): P[] {
  return list
    .map((p, i) => ({ p, i }))
    .sort((x, y) => kumaTargetRefCompare(x.p, y.p) || x.i - y.i)
    .map((x) => x.p);
}
