/**
 * Kuma's JSON-patch block checks (Kuma 2.8.8
 * `pkg/plugins/policies/core/jsonpatch/validators/validator.go`), shared by every policy that
 * carries `jsonPatches` (MeshProxyPatch today).
 */
import { MSG, oneOfMessage, type Path, type Violations } from './violations.js';

/** One JSON-patch operation as the admission reads it (Kuma's `JsonPatchBlock`). */
export interface JsonPatchBlockInput {
  /** Not a pointer in Kuma: absent reads as `""`. */
  readonly op?: string | undefined;
  /** A pointer in Kuma: absent is nil. */
  readonly path?: string | undefined;
  /** Raw JSON in Kuma: any present value counts, `null` included. */
  readonly value?: unknown;
  /** A pointer in Kuma: absent is nil. */
  readonly from?: string | undefined;
}

const OPS = ['add', 'remove', 'replace', 'move', 'copy'];
const FROM_OPS = ['move', 'copy'];
const VALUE_OPS = ['add', 'replace'];

/**
 * Kuma's `ValidateJsonPatchBlock`: the list must not be empty; each operation needs a known `op`,
 * `from` exactly for `move` / `copy`, `value` exactly for `add` / `replace`, a `path`, and may not
 * remove the root.
 */
export function validateJsonPatchBlock(
  v: Violations,
  path: Path,
  patches: readonly JsonPatchBlockInput[] | undefined,
): void {
  const list = patches ?? [];
  if (list.length === 0) v.add(path, MSG.mustNotBeEmpty);
  list.forEach((patch, i) => {
    const at = [...path, i];
    const op = patch.op ?? '';
    if (!OPS.includes(op)) v.add([...at, 'op'], oneOfMessage('op', '', 'must be', OPS));

    if (FROM_OPS.includes(op)) {
      if (patch.from === undefined)
        v.add([...at, 'from'], oneOfMessage('from', 'op', MSG.mustNotBeEmpty, FROM_OPS));
    } else if (patch.from !== undefined) {
      v.add([...at, 'from'], oneOfMessage('from', 'op', 'is allowed only', FROM_OPS));
    }

    if (VALUE_OPS.includes(op)) {
      if (patch.value === undefined)
        v.add([...at, 'value'], oneOfMessage('value', 'op', MSG.mustNotBeEmpty, VALUE_OPS));
    } else if (patch.value !== undefined) {
      v.add([...at, 'value'], oneOfMessage('value', 'op', 'is allowed only', VALUE_OPS));
    }

    if (patch.path === undefined) v.add([...at, 'path'], MSG.mustBeDefined);
    else if ((patch.path === '' || patch.path === '/') && op === 'remove')
      v.add([...at, 'path'], 'root path cannot be removed');
  });
}
