/**
 * Kuma's resource-name checks (`pkg/core/resources/apis/mesh/meta_validator.go` at 2.8.8): a name
 * is a lower-case RFC 1123 subdomain of at most 253 characters; a mesh name may also contain `_`
 * (resources of older meshes).
 */
import { type Path, Violations } from './violations.js';

const IDENTIFIER = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const IDENTIFIER_MSG =
  "invalid characters. A lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const BACKWARD_COMPAT = /^[0-9a-z-_.]*$/;
const BACKWARD_COMPAT_MSG =
  "invalid characters. Valid characters are numbers, lowercase latin letters and '-', '_', '.' symbols.";

function identifier(v: Violations, path: Path, value: string, re: RegExp, message: string): void {
  if (value === '') v.add(path, 'cannot be empty');
  else if (value.length > 253) v.add(path, 'value length must less or equal 253');
  else if (!re.test(value)) v.add(path, message);
}

/**
 * `ValidateMetaBackwardsCompatible`, what `kumactl apply` runs: a name that fails the RFC 1123
 * rule but passes the older one (underscores) is accepted with Kuma's warning; otherwise the older
 * rule's violations are errors. The mesh name is always checked with the older rule.
 */
export function validateMeta(v: Violations, name: string, mesh: string | undefined): void {
  if (mesh !== undefined) identifier(v, ['mesh'], mesh, BACKWARD_COMPAT, BACKWARD_COMPAT_MSG);
  const strict = new Violations();
  identifier(strict, ['name'], name, IDENTIFIER, IDENTIFIER_MSG);
  if (strict.size === 0) return;
  const old = new Violations();
  identifier(old, ['name'], name, BACKWARD_COMPAT, BACKWARD_COMPAT_MSG);
  if (old.size > 0) for (const i of old.issues) v.add(i.path, i.message);
  else v.warn(['name'], NAME_WARNING);
}

const NAME_WARNING =
  "Kuma 2.5.x introduced stricter rules for resource names: a name must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character. Kuma refuses to create a resource with this name and only updates an existing one";
