import { MeshPolicyError, RBAC_ACTIONS, type RbacAction } from '../models/index.js';

/** Kong's bit for each action (spec 05 §1.2); the negative bit is `bit << 4`. */
export const RBAC_ACTION_BITS: Readonly<Record<RbacAction, number>> = Object.freeze({
  read: 0x01,
  create: 0x02,
  update: 0x04,
  delete: 0x08,
});

/** All four actions as a bit mask. */
export const RBAC_ALL_ACTIONS_MASK = 0x0f;

/** True when `value` is one of the four RBAC actions. */
export function isRbacAction(value: unknown): value is RbacAction {
  return typeof value === 'string' && (RBAC_ACTIONS as readonly string[]).includes(value);
}

/** The bit mask of a list of actions (set semantics: duplicates do not matter). */
export function rbacActionMask(actions: readonly RbacAction[]): number {
  if (!Array.isArray(actions as unknown))
    throw new MeshPolicyError('INVALID_INPUT', 'rbacActionMask: actions must be a list of actions');
  let mask = 0;
  for (const a of actions) mask |= RBAC_ACTION_BITS[a] ?? 0;
  return mask;
}

/** The action names of the low nibble of `mask`, in Kong's order (read, create, update, delete). */
export function rbacActionsOfMask(mask: number): RbacAction[] {
  return RBAC_ACTIONS.filter((a) => (mask & RBAC_ACTION_BITS[a]) !== 0);
}

/**
 * `s` with the ASCII letters a–z upper-cased and nothing else changed (K7: HTTP methods are
 * case-folded with ASCII rules only — `toUpperCase` would turn `poſt` into `POST`).
 */
export function asciiUpper(s: string): string {
  return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
}

/**
 * The RBAC action of an HTTP method (spec 05 §1.2): GET/HEAD/OPTIONS → read, POST → create,
 * PUT/PATCH → update, DELETE → delete, case-insensitively with ASCII rules only (`poſt` is no
 * method). Any other method gives `undefined`, which callers MUST treat as a deny (Kong answers
 * 500). `OPTIONS` maps to read only when `options` is true (the default; Kong before ~2.6
 * rejected it). A `method` that is not a string gives `undefined` too.
 */
export function actionForMethod(method: string, opts: { options?: boolean } = {}): RbacAction | undefined {
  // A method that is not a string is no method: undefined, i.e. a deny.
  if (typeof method !== 'string') return undefined;
  switch (asciiUpper(method)) {
    case 'GET':
    case 'HEAD':
      return 'read';
    case 'OPTIONS':
      return opts?.options === false ? undefined : 'read';
    case 'POST':
      return 'create';
    case 'PUT':
    case 'PATCH':
      return 'update';
    case 'DELETE':
      return 'delete';
    default:
      return undefined;
  }
}

/**
 * Parses an Admin API action string (`read,create`, `*`) into an action list (spec 05 §1.2).
 * Set semantics by default; `{ xor: true }` reproduces Kong's XOR combination, where listing an
 * action twice cancels it and `read,*` means everything but read. Unknown names throw a
 * `MeshPolicyError` carrying Kong's message `Undefined RBAC action <name>`.
 */
export function parseRbacActions(text: string, opts: { xor?: boolean } = {}): RbacAction[] {
  if (typeof text !== 'string')
    throw new MeshPolicyError('INVALID_INPUT', 'parseRbacActions: text must be a string');
  let mask = 0;
  for (const raw of text.split(',')) {
    const name = raw.trim();
    const bits =
      name === '*' ? RBAC_ALL_ACTIONS_MASK : isRbacAction(name) ? RBAC_ACTION_BITS[name] : undefined;
    if (bits === undefined) {
      throw new MeshPolicyError('INVALID_INPUT', 'invalid RBAC actions', [
        { path: 'actions', message: `Undefined RBAC action ${name}` },
      ]);
    }
    mask = opts?.xor === true ? mask ^ bits : mask | bits;
  }
  return rbacActionsOfMask(mask);
}

/** The message Kong sends with a 403 on an RBAC denial (spec 05 §4.4). */
export function denialMessage(user: string, action: RbacAction): string {
  return `${user}, you do not have permissions to ${action} this resource`;
}
