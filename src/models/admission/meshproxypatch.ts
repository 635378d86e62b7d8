/**
 * MeshProxyPatch admission (Kuma 2.8.8 `pkg/plugins/policies/meshproxypatch/api/v1alpha1/validator.go`).
 */
import { policyRole } from '../common.js';
import type { MeshProxyPatchConf, MeshProxyPatchModification } from '../policies/meshproxypatch.js';
import type { TargetRefPolicy } from '../resource.js';
import { checkEnvoyResource, type EnvoyResourceType } from './envoy.js';
import { type JsonPatchBlockInput, validateJsonPatchBlock } from './jsonpatch.js';
import { type TargetRefInput, validateTargetRef } from './tags.js';
import { MSG, mustHaveExactlyOneOf, mustHaveOnlyOne, type Path, type Violations } from './violations.js';

const NAME_FILTER_BEFORE = 'must be defined. You need to pick a filter before which this one will be added';
const NAME_FILTER_AFTER = 'must be defined. You need to pick a filter after which this one will be added';

/** The members of one modification, in the order Kuma picks the one it validates. */
const MEMBERS = ['cluster', 'listener', 'virtualHost', 'networkFilter', 'httpFilter'] as const;
type Member = (typeof MEMBERS)[number];

/** What every modification kind has in common, as the admission reads it. */
interface ModInput {
  readonly operation?: string | undefined;
  readonly value?: string | undefined;
  readonly jsonPatches?: readonly JsonPatchBlockInput[] | undefined;
  readonly match?: { readonly name?: string | undefined } | undefined;
}

const ADD_PATCH_REMOVE = ['Add', 'Patch', 'Remove'];
const FILTER_OPERATIONS = ['AddFirst', 'AddLast', 'AddBefore', 'AddAfter', 'Patch', 'Remove'];

/** The Envoy message each member's `value` must decode into. */
const ENVOY_TYPE: Readonly<Record<Member, EnvoyResourceType>> = {
  cluster: 'Cluster',
  listener: 'Listener',
  virtualHost: 'VirtualHost',
  networkFilter: 'Filter',
  httpFilter: 'HttpFilter',
};

export function validateMeshProxyPatch(r: TargetRefPolicy<'MeshProxyPatch'>, v: Violations): void {
  const spec = r.spec as { targetRef?: TargetRefInput; default?: MeshProxyPatchConf };
  const system = policyRole(r) === 'system';
  validateTargetRef(v, ['spec', 'targetRef'], spec.targetRef, {
    supportedKinds: system
      ? ['Mesh', 'MeshSubset', 'MeshService', 'MeshServiceSubset', 'MeshGateway']
      : ['Mesh', 'MeshSubset', 'MeshService', 'MeshServiceSubset'],
    gatewayListenerTagsAllowed: false,
  });
  validateDefault(v, ['spec', 'default', 'appendModifications'], spec.default?.appendModifications);
}

function validateDefault(
  v: Violations,
  path: Path,
  mods: readonly MeshProxyPatchModification[] | undefined,
): void {
  const list = mods ?? [];
  if (list.length === 0) v.add(path, MSG.mustNotBeEmpty);
  list.forEach((mod, i) => {
    const at = [...path, i];
    const defined = MEMBERS.filter((m) => mod[m] !== undefined);
    const member = defined[0];
    if (defined.length !== 1 || member === undefined) {
      v.add(
        at,
        `exactly one modification can be defined at a time. Currently, ${defined.length} modifications are defined`,
      );
      return;
    }
    const m: ModInput | undefined = mod[member];
    if (m === undefined) return;
    if (member === 'networkFilter' || member === 'httpFilter')
      validateFilterMod(v, [...at, member], member, m);
    else validateResourceMod(v, [...at, member], member, m);
  });
}

/** Kuma's `validateClusterMod` / `validateListenerMod` / `validateVirtualHostMod`. */
function validateResourceMod(v: Violations, path: Path, member: Member, mod: ModInput): void {
  switch (mod.operation ?? '') {
    case 'Add':
      // A VirtualHost is matched by its route configuration, so only its name is out of place.
      if (member === 'virtualHost') {
        if (mod.match?.name !== undefined) v.add([...path, 'match', 'name'], MSG.mustNotBeDefined);
      } else if (mod.match !== undefined) {
        v.add([...path, 'match'], MSG.mustNotBeDefined);
      }
      validateResourceValue(v, [...path, 'value'], mod.value, ENVOY_TYPE[member]);
      break;
    case 'Patch':
      validatePatch(v, path, member, mod);
      break;
    case 'Remove':
      if (mod.value !== undefined) v.add([...path, 'value'], MSG.mustNotBeDefined);
      break;
    default:
      v.add([...path, 'operation'], availableOperations(ADD_PATCH_REMOVE));
  }
}

/** Kuma's `validateNetworkFilterMod` / `validateHTTPFilterMod`. */
function validateFilterMod(v: Violations, path: Path, member: Member, mod: ModInput): void {
  const noName = mod.match?.name === undefined;
  switch (mod.operation ?? '') {
    case 'AddFirst':
    case 'AddLast':
      validateResourceValue(v, [...path, 'value'], mod.value, ENVOY_TYPE[member]);
      break;
    case 'AddBefore':
      if (noName) v.add([...path, 'match', 'name'], NAME_FILTER_BEFORE);
      validateResourceValue(v, [...path, 'value'], mod.value, ENVOY_TYPE[member]);
      break;
    case 'AddAfter':
      if (noName) v.add([...path, 'match', 'name'], NAME_FILTER_AFTER);
      validateResourceValue(v, [...path, 'value'], mod.value, ENVOY_TYPE[member]);
      break;
    case 'Patch':
      if (noName) v.add([...path, 'match', 'name'], MSG.mustBeDefined);
      validatePatch(v, path, member, mod);
      break;
    case 'Remove':
      if (mod.value !== undefined) v.add([...path, 'value'], MSG.mustNotBeDefined);
      break;
    default:
      v.add([...path, 'operation'], availableOperations(FILTER_OPERATIONS));
  }
}

/** Kuma's `validateResourceValue`: a value to add must be a complete, valid Envoy resource. */
function validateResourceValue(
  v: Violations,
  path: Path,
  value: string | undefined,
  type: EnvoyResourceType,
): void {
  if (value === undefined) {
    v.add(path, MSG.mustBeDefined);
    return;
  }
  const error = checkEnvoyResource(value, type, { validate: true });
  if (error !== undefined) v.add(path, `native Envoy resource is not valid: ${error}`);
}

/** Kuma's `validatePatch`: either a partial Envoy resource (`value`) or `jsonPatches`, not both. */
function validatePatch(v: Violations, path: Path, member: Member, mod: ModInput): void {
  const patches = mod.jsonPatches ?? [];
  if (mod.value !== undefined) {
    if (patches.length > 0) {
      v.add(path, mustHaveOnlyOne(member, 'value', 'jsonPatches'));
      return;
    }
    const error = checkEnvoyResource(mod.value, ENVOY_TYPE[member], { validate: false });
    if (error !== undefined) v.add([...path, 'value'], `native Envoy resource is not valid: ${error}`);
    return;
  }
  if (patches.length > 0) validateJsonPatchBlock(v, [...path, 'jsonPatches'], patches);
  else v.add(path, mustHaveExactlyOneOf(member, 'value', 'jsonPatches'));
}

/** Kuma's `availableOperationsMsg`: the operations Go-quoted, comma-separated. */
function availableOperations(ops: readonly string[]): string {
  return `invalid operation. Available operations: ${ops.map((o) => JSON.stringify(o)).join(', ')}`;
}
