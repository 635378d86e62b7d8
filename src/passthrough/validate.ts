/**
 * `validateMeshPassthrough`: Kuma's Go validator for MeshPassthrough, on raw input.
 * The rules are the loader's admission rules (Kuma 2.8.8
 * `pkg/plugins/policies/meshpassthrough/api/v1alpha1/validator.go`), run here with either Kuma
 * 2.8.8's or the documented behaviour; this module only unwraps the input and prints the paths.
 */
import { meshPassthroughRuleIssues } from '../models/admission/index.js';
import { formatPath, type Issue, type ValidationResult } from '../models/index.js';
import type { PassthroughOptions, PassthroughSemantics } from './types.js';

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Own property only (never walks the prototype chain, so `__proto__`/`constructor` keys are inert). */
function own(obj: Obj, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Options of `validateMeshPassthrough`. */
export interface ValidatePassthroughOptions extends PassthroughOptions {
  /** Fill the CRD default `protocol: tcp` first (default: true for Kubernetes-form resources). */
  applyKubernetesDefaults?: boolean;
}

/**
 * Validates a MeshPassthrough resource (Universal form, `{ spec }`) or a bare `spec`, exactly as
 * Kuma does: issues in Kuma's order, paths rooted at `spec`. Never throws, whatever
 * the input; scalar values of string fields are read as their text (`protocol: 1` → `"1"`).
 *
 * `semantics: 'kuma-2.8'` reproduces Kuma 2.8.8 (order-dependent same-port rule, proxyTypes
 * quirk); the default `'documented'` applies the documented rules (an absent protocol is tcp, wildcard
 * domains need a port for L7 protocols, `*` is not a domain, negative ports are rejected).
 * `applyKubernetesDefaults` (default: true for a Kubernetes-form resource, with `apiVersion` and
 * `metadata`) fills the CRD default `protocol: tcp` first, as the API server does before Kuma
 * validates.
 */
export function validateMeshPassthrough(
  resourceOrSpec: unknown,
  opts: ValidatePassthroughOptions = {},
): ValidationResult {
  opts ??= {}; // untyped callers may pass null
  const semantics: PassthroughSemantics = opts.semantics ?? 'documented';
  if (!isObject(resourceOrSpec)) {
    return { ok: false, issues: [{ path: 'spec', message: 'must be an object' }] };
  }
  const wrapped = isObject(own(resourceOrSpec, 'spec'));
  const spec = wrapped ? own(resourceOrSpec, 'spec') : resourceOrSpec;
  const kubernetesForm =
    wrapped && isObject(own(resourceOrSpec, 'metadata')) && own(resourceOrSpec, 'apiVersion') !== undefined;
  const issues: Issue[] = meshPassthroughRuleIssues(spec, {
    semantics,
    crdDefaults: opts.applyKubernetesDefaults ?? kubernetesForm,
  }).map((i) => ({ path: formatPath(i.path), message: i.message }));
  return { ok: issues.length === 0, issues };
}
