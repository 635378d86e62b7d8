/**
 * MeshMultiZoneService admission. Kuma 2.8.8 has no MeshMultiZoneService (the type arrived in
 * Kuma 2.9.0), so there is no Kuma 2.8.8 validator to port: the resource is checked by its strict
 * type only (Kuma 2.9.0's `meshmultizoneservice.go`, see `services.ts`). Kuma 2.9.0's own
 * validator (non-empty `spec.selector.meshService.matchLabels` and `spec.ports`) is deliberately
 * not applied here.
 */
import type { Resource } from '../resource.js';
import type { Violations } from './violations.js';

export function validateMeshMultiZoneService(_r: Resource, _v: Violations): void {
  // No Kuma 2.8.8 validator exists for this type.
}
