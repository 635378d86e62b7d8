/**
 * MeshService admission (Kuma 2.8.8 `pkg/core/resources/apis/meshservice/api/v1alpha1/validator.go`):
 * Kuma checks only the length of the name (at most 63 characters; on Kubernetes that is the core
 * name `<name>.<namespace>`). The spec and status are checked by their strict types only.
 */
import type { Resource } from '../resource.js';
import { maxLength } from './checks.js';
import type { Violations } from './violations.js';

export function validateMeshService(r: Resource, v: Violations): void {
  maxLength(v, ['name'], r.name, 63);
}
