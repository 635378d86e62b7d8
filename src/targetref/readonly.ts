/**
 * Read-only views of the models' resource types: this module takes its inputs through them, so
 * the compiler rejects a write to a caller's object.
 */

import type { DeepReadonly } from '../internal/readonly.js';
import type * as models from '../models/index.js';
import { assertResourceList } from '../models/index.js';

/** A resource of any type, read-only. */
export type ReadonlyResource = DeepReadonly<models.Resource>;
/** A Dataplane, read-only. */
export type ReadonlyDataplane = DeepReadonly<models.Dataplane>;
/** A MeshGateway, read-only. */
export type ReadonlyMeshGateway = DeepReadonly<models.MeshGateway>;
/** A targetRef policy, read-only. */
export type ReadonlyTargetRefPolicy<T extends models.TargetRefPolicyType = models.TargetRefPolicyType> =
  DeepReadonly<models.TargetRefPolicy<T>>;
/** A targetRef, read-only. */
export type ReadonlyTargetRef = DeepReadonly<models.TargetRef>;

/**
 * `assertResourceList` for read-only inputs: the models' assertion would narrow a read-only list
 * to the mutable resource types, opening it to writes again.
 */
export function assertReadonlyResourceList(
  value: unknown,
  what: string,
): asserts value is readonly ReadonlyResource[] {
  assertResourceList(value, what);
}
