/**
 * HostnameGenerator admission (Kuma 2.8.8
 * `pkg/core/resources/apis/hostnamegenerator/api/v1alpha1/validate.go`): exactly one selector,
 * and a non-empty template that Go's `text/template` parses (with Kuma's `label` function), with
 * Go's own parse errors (`couldn't parse template: template: :1: bad character U+005B '['`).
 */
import { goTemplateParseError } from '../../internal/go-template.js';
import type { Resource } from '../resource.js';
import type { HostnameGeneratorSpec } from '../services.js';
import { MSG, type Violations } from './violations.js';

/** The functions Kuma's validator adds to Go's builtins. */
const KUMA_FUNCS = ['label'];

export function validateHostnameGenerator(r: Resource, v: Violations): void {
  const spec: HostnameGeneratorSpec = (r as { spec?: HostnameGeneratorSpec }).spec ?? {};
  const selector = spec.selector ?? {};
  const defined =
    (selector.meshService !== undefined ? 1 : 0) + (selector.meshExternalService !== undefined ? 1 : 0);
  if (defined !== 1)
    v.add(['spec', 'selector'], 'exact one selector (meshService, meshExternalService) must be defined');
  const template = spec.template ?? '';
  if (template === '') v.add(['spec', 'template'], MSG.mustNotBeEmpty);
  const error = goTemplateParseError(template, KUMA_FUNCS);
  if (error !== undefined) v.add(['spec', 'template'], `couldn't parse template: ${error}`);
}
