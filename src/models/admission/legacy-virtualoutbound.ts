/**
 * VirtualOutbound `conf` admission (Kuma 2.8.8 `pkg/core/resources/apis/mesh/virtual_outbound_validator.go`
 * and the template evaluation of `virtual_outbound_helpers.go`).
 */

import { goQuote, parseGoInt } from '../../internal/go-strconv.js';
import { runGoTemplate } from '../../internal/go-template.js';
import { isDNSName } from '../../internal/govalidator.js';
import type { VirtualOutboundConf } from '../legacy.js';
import { SERVICE_TAG } from './tags.js';
import type { Path, Violations } from './violations.js';

type Parameter = NonNullable<VirtualOutboundConf['parameters']>[number];

const TAG_NAME = /^[a-zA-Z0-9.\-_:/]*$/;
const TEMPLATE_KEY = /^[a-zA-Z0-9]+$/;

export function validateVirtualOutboundConf(v: Violations, conf: VirtualOutboundConf | undefined): void {
  const path = ['conf'];
  if (conf === undefined) {
    v.add(path, 'has to be defined');
    return;
  }
  const parameters = conf.parameters ?? [];
  validateParameters(v, [...path, 'parameters'], parameters);
  const host = conf.host ?? '';
  if (host === '') v.add([...path, 'host'], 'has to be defined');
  else templateError(v, [...path, 'host'], evalHost(host, parameters));
  const port = conf.port ?? '';
  if (port === '') v.add([...path, 'port'], 'has to be defined');
  else templateError(v, [...path, 'port'], evalPort(port, parameters));
}

function validateParameters(v: Violations, path: Path, parameters: readonly Parameter[]): void {
  let hasService = false;
  const names = new Set<string>();
  parameters.forEach((p, i) => {
    const name = p.name ?? '';
    const tagKey = p.tagKey ?? '';
    if (names.has(name)) v.add([...path, i, 'name'], 'name is already used');
    names.add(name);
    if (tagKey !== '') {
      hasService ||= tagKey === SERVICE_TAG;
      if (!TAG_NAME.test(tagKey)) v.add([...path, i, 'tagKey'], 'must be a valid tag name');
    } else if (!TAG_NAME.test(name)) {
      v.add([...path, i, 'name'], 'must be a valid tag name if you are not setting tagKey');
    }
    if (!TEMPLATE_KEY.test(name))
      v.add([...path, i, 'name'], 'must consist of alphanumeric characters to be used as a gotemplate key');
  });
  if (!hasService) v.add(path, `must contain a parameter with ${SERVICE_TAG} as a tagKey`);
}

function templateError(v: Violations, path: Path, error: string | undefined): void {
  if (error !== undefined) v.add(path, `template pre evaluation failed with error=${goQuote(error)}`);
}

/**
 * Kuma's `evalTemplate` with every parameter's tag set to `fake`: the output, or Kuma's error
 * (undefined output and error: a template this port does not evaluate).
 */
function evalTemplate(
  template: string,
  parameters: readonly Parameter[],
  fake: string,
): { output?: string; error?: string } {
  // Every parameter's tag is among the fake tags, so every parameter name maps to `fake`.
  const entries = Object.fromEntries(parameters.map((p) => [p.name ?? '', fake]));
  const result = runGoTemplate(template, entries);
  if (result.kind === 'parse-error')
    return { error: `failed compiling gotemplate error=${goQuote(result.message)}` };
  if (result.kind === 'unknown') return {};
  return { output: result.output };
}

function evalHost(template: string, parameters: readonly Parameter[]): string | undefined {
  const { output, error } = evalTemplate(template, parameters, 'dummy');
  if (output === undefined) return error;
  if (!isDNSName(output))
    return `evaluation of template with parameters didn't return a valid dns name result=${goQuote(output)}`;
  return undefined;
}

function evalPort(template: string, parameters: readonly Parameter[]): string | undefined {
  const { output, error } = evalTemplate(template, parameters, '1');
  if (output === undefined) return error;
  const port = parseGoInt(output, true, 64);
  if (port === undefined || port === 'range')
    return `evaluation of template with parameters didn't evaluate to a parsable number result=${goQuote(output)}`;
  if (port <= 0n || port > 65535n)
    return `evaluation of template returned a port outside of the range [1..65535] result=${port}`;
  return undefined;
}
