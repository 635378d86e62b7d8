/**
 * MeshAccessLog admission (Kuma 2.8.8 `pkg/plugins/policies/meshaccesslog/api/v1alpha1/validator.go`).
 */

import { isFilePath, isJSON, isURL } from '../../internal/govalidator.js';
import type { MeshAccessLogConf } from '../policies/meshaccesslog.js';
import type { TargetRefPolicy } from '../resource.js';
import { type TargetRefInput, validateTargetRef } from './tags.js';
import { MSG, type Path, type Violations } from './violations.js';

interface Item {
  readonly targetRef?: TargetRefInput;
  readonly default?: MeshAccessLogConf;
}

type Backend = NonNullable<MeshAccessLogConf['backends']>[number];
type Format = NonNullable<NonNullable<Backend['file']>['format']>;

export function validateMeshAccessLog(r: TargetRefPolicy<'MeshAccessLog'>, v: Violations): void {
  const spec = r.spec as { targetRef?: TargetRefInput; to?: readonly Item[]; from?: readonly Item[] };
  validateTargetRef(v, ['spec', 'targetRef'], spec.targetRef, {
    supportedKinds: ['Mesh', 'MeshSubset', 'MeshGateway', 'MeshService', 'MeshServiceSubset'],
    gatewayListenerTagsAllowed: true,
  });
  const to = spec.to ?? [];
  const from = spec.from ?? [];
  if (to.length === 0 && from.length === 0) v.add(['spec'], "at least one of 'from', 'to' has to be defined");
  to.forEach((item, i) => {
    validateTargetRef(v, ['spec', 'to', i, 'targetRef'], item.targetRef, {
      supportedKinds: ['Mesh', 'MeshService'],
    });
    validateDefault(v, ['spec', 'to', i, 'default'], item.default);
  });
  from.forEach((item, i) => {
    validateTargetRef(v, ['spec', 'from', i, 'targetRef'], item.targetRef, { supportedKinds: ['Mesh'] });
    validateDefault(v, ['spec', 'from', i, 'default'], item.default);
  });
}

function validateDefault(v: Violations, path: Path, conf: MeshAccessLogConf | undefined): void {
  const backends = conf?.backends;
  if (backends === undefined) {
    v.add([...path, 'backends'], MSG.mustBeDefined);
    return;
  }
  backends.forEach((backend, i) => {
    validateBackend(v, [...path, 'backends', i], backend);
  });
}

function validateBackend(v: Violations, path: Path, backend: Backend): void {
  switch (backend.type) {
    case 'File': {
      const file = backend.file;
      if (file === undefined) {
        v.add([...path, 'file'], MSG.mustBeDefined);
        return;
      }
      if (file.format !== undefined) validateFormat(v, [...path, 'file', 'format'], file.format);
      if (!isFilePath(file.path ?? ''))
        v.add([...path, 'file', 'path'], 'file backend requires a valid path');
      return;
    }
    case 'Tcp': {
      const tcp = backend.tcp;
      if (tcp === undefined) {
        v.add([...path, 'tcp'], MSG.mustBeDefined);
        return;
      }
      if (tcp.format !== undefined) validateFormat(v, [...path, 'tcp', 'format'], tcp.format);
      if (!isURL(tcp.address ?? '')) v.add([...path, 'tcp', 'address'], 'tcp backend requires valid address');
      return;
    }
    case 'OpenTelemetry':
      if (backend.openTelemetry === undefined) v.add([...path, 'openTelemetry'], MSG.mustBeDefined);
      return;
    default:
      // Kuma's validator panics on a backend without a type; its OpenAPI schema (checked first)
      // requires the field.
      v.add([...path, 'type'], MSG.mustBeDefined);
  }
}

function validateFormat(v: Violations, path: Path, format: Format): void {
  switch (format.type) {
    case 'Plain':
      if (format.plain === undefined) v.add([...path, 'plain'], MSG.mustBeDefined);
      else if (format.plain === '') v.add([...path, 'plain'], MSG.mustNotBeEmpty);
      return;
    case 'Json': {
      const json = format.json;
      if (json === undefined) {
        v.add([...path, 'json'], MSG.mustBeDefined);
        return;
      }
      if (json.length === 0) v.add([...path, 'json'], MSG.mustNotBeEmpty);
      json.forEach((field, i) => {
        const key = field.key ?? '';
        const value = field.value ?? '';
        if (key === '') v.add([...path, 'json', i, 'key'], 'key cannot be empty');
        if (value === '') v.add([...path, 'json', i, 'value'], 'value cannot be empty');
        // Kuma checks the pair by pasting it, unescaped, into a one-entry JSON object.
        if (!isJSON(`{"${key}": "${value}"}`)) v.add([...path, 'json', i], 'is not a valid JSON object');
      });
      return;
    }
    default:
      // Kuma's validator panics on a format without a type; its OpenAPI schema requires it.
      v.add([...path, 'type'], MSG.mustBeDefined);
  }
}
