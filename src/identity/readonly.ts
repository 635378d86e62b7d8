/**
 * Read-only views of the models' resource types: this module takes its inputs through them, so
 * the compiler rejects a write to a caller's object.
 */
import type { DeepReadonly } from '../internal/readonly.js';
import type * as models from '../models/index.js';

/** A resource of any type, read-only. */
export type ReadonlyResource = DeepReadonly<models.Resource>;
/** A Dataplane, read-only. */
export type ReadonlyDataplane = DeepReadonly<models.Dataplane>;
