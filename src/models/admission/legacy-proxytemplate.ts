/**
 * ProxyTemplate `conf` admission (Kuma 2.8.8 `pkg/core/resources/apis/mesh/proxytemplate_validator.go`).
 */
import type { ProxyTemplateConf } from '../legacy.js';
import { checkEnvoyResource, type EnvoyResourceType, envoyAnyError } from './envoy.js';
import { oneofCase } from './legacy-util.js';

import type { Path, Violations } from './violations.js';

type Modification = NonNullable<ProxyTemplateConf['modifications']>[number];
type Change = {
  readonly match?: { readonly name?: string } | undefined;
  readonly operation?: string;
  readonly value?: string;
};

/**
 * The profiles a control plane registers (Kuma 2.8.8 `pkg/xds/generator/proxy_template.go`:
 * default, ingress, egress, and the gateway profile kumactl registers too), sorted.
 */
const PROFILES = ['default-proxy', 'egress-proxy', 'gateway-proxy', 'ingress-proxy'];

const ADD = 'add';
const PATCH = 'patch';
const REMOVE = 'remove';
const THREE_OPS = `invalid operation. Available operations: "${ADD}", "${PATCH}", "${REMOVE}"`;
const SIX_OPS = `invalid operation. Available operations: "addFirst", "addLast", "addBefore", "addAfter", "${PATCH}", "${REMOVE}"`;

export function validateProxyTemplateConf(v: Violations, conf: ProxyTemplateConf | undefined): void {
  const path = ['conf'];
  (conf?.imports ?? []).forEach((name, i) => {
    if (name === '') v.add([...path, 'imports', i], 'cannot be empty');
    else if (!PROFILES.includes(name))
      v.add([...path, 'imports', i], `profile not found. Available profiles: ${PROFILES.join(',')}`);
  });
  (conf?.resources ?? []).forEach((resource, i) => {
    const p = [...path, 'resources', i];
    if ((resource.name ?? '') === '') v.add([...p, 'name'], 'cannot be empty');
    if ((resource.version ?? '') === '') v.add([...p, 'version'], 'cannot be empty');
    const text = resource.resource ?? '';
    if (text === '') v.add([...p, 'resource'], 'cannot be empty');
    else invalidEnvoy(v, [...p, 'resource'], envoyAnyError(text));
  });
  (conf?.modifications ?? []).forEach((m, i) => {
    modification(v, [...path, 'modifications', i], m);
  });
}

function invalidEnvoy(v: Violations, path: Path, error: string | undefined): void {
  if (error !== undefined) v.add(path, `native Envoy resource is not valid: ${error}`);
}

function modification(v: Violations, path: Path, m: Modification): void {
  switch (oneofCase(m, ['cluster', 'listener', 'networkFilter', 'httpFilter', 'virtualHost'])) {
    case 'cluster':
      resourceChange(v, [...path, 'cluster'], m.cluster ?? {}, 'Cluster');
      break;
    case 'listener':
      resourceChange(v, [...path, 'listener'], m.listener ?? {}, 'Listener');
      break;
    case 'networkFilter':
      filterChange(v, [...path, 'networkFilter'], m.networkFilter ?? {}, 'Filter');
      break;
    case 'httpFilter':
      filterChange(v, [...path, 'httpFilter'], m.httpFilter ?? {}, 'HttpFilter');
      break;
    case 'virtualHost':
      virtualHostChange(v, [...path, 'virtualHost'], m.virtualHost ?? {});
      break;
  }
}

/** A cluster or listener modification. */
function resourceChange(v: Violations, path: Path, change: Change, kind: EnvoyResourceType): void {
  switch (change.operation ?? '') {
    case ADD:
      if (change.match !== undefined) v.add([...path, 'match'], 'cannot be defined');
      invalidEnvoy(v, [...path, 'value'], checkEnvoyResource(change.value ?? '', kind, { validate: true }));
      break;
    case PATCH:
      invalidEnvoy(v, [...path, 'value'], checkEnvoyResource(change.value ?? '', kind, { validate: false }));
      break;
    case REMOVE:
      break;
    default:
      v.add([...path, 'operation'], THREE_OPS);
  }
}

/** A network or HTTP filter modification. */
function filterChange(v: Violations, path: Path, change: Change, kind: EnvoyResourceType): void {
  const name = change.match?.name ?? '';
  const value = () =>
    invalidEnvoy(v, [...path, 'value'], checkEnvoyResource(change.value ?? '', kind, { validate: true }));
  switch (change.operation ?? '') {
    case 'addFirst':
    case 'addLast':
      value();
      break;
    case 'addBefore':
      if (name === '')
        v.add(
          [...path, 'match', 'name'],
          'cannot be empty. You need to pick a filter before which this one will be added',
        );
      value();
      break;
    case 'addAfter':
      if (name === '')
        v.add(
          [...path, 'match', 'name'],
          'cannot be empty. You need to pick a filter after which this one will be added',
        );
      value();
      break;
    case PATCH:
      if (name === '') v.add([...path, 'match', 'name'], 'cannot be empty');
      invalidEnvoy(v, [...path, 'value'], checkEnvoyResource(change.value ?? '', kind, { validate: false }));
      break;
    case REMOVE:
      break;
    default:
      v.add([...path, 'operation'], SIX_OPS);
  }
}

function virtualHostChange(v: Violations, path: Path, change: Change): void {
  switch (change.operation ?? '') {
    case ADD:
      if ((change.match?.name ?? '') !== '') v.add([...path, 'match', 'name'], 'cannot be defined');
      invalidEnvoy(
        v,
        [...path, 'value'],
        checkEnvoyResource(change.value ?? '', 'VirtualHost', { validate: true }),
      );
      break;
    case PATCH:
      invalidEnvoy(
        v,
        [...path, 'value'],
        checkEnvoyResource(change.value ?? '', 'VirtualHost', { validate: false }),
      );
      break;
    case REMOVE:
      break;
    default:
      v.add([...path, 'operation'], THREE_OPS);
  }
}
