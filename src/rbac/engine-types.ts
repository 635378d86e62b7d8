/**
 * The compiled engine's interface and the RBAC-change types it shares with `canModifyRbac`
 * (kept apart from engine.ts and modify.ts so that neither imports the other's module for types).
 */
import type { RbacEntityDecision, RbacEntityRequest } from './entities.js';
import type {
  RbacDecision,
  RbacExplanation,
  RbacOptions,
  RbacRequest,
  RbacRoleRef,
  RbacSemantics,
} from './types.js';
import type { NormalisedRole } from './validate.js';

/** An RBAC change an admin attempts, in Admin API terms. */
export type RbacChange =
  | { kind: 'assign-roles' | 'revoke-roles' | 'update-roles'; workspace?: string }
  | { kind: 'create-role'; workspace?: string }
  | { kind: 'delete-role'; workspace?: string }
  | { kind: 'add-endpoint'; workspace?: string; ruleWorkspace?: string }
  | {
      kind: 'update-endpoint' | 'delete-endpoint';
      workspace?: string;
      ruleWorkspace?: string;
      endpoint?: string;
    };

/** Whom the change is about: an admin (role assignment changes) or a role (everything else). */
export interface RbacChangeTarget {
  user?: string;
  role?: string;
}

/** Options of `canModifyRbac`. */
export interface RbacModifyOptions {
  /** Kong EE version (guards M2–M7 arrived in 3.6/3.7). Default: the engine's, else latest. */
  kongVersion?: string;
  /** Kong Manager authentication; `PATCH /admins/:admin/roles` needs `oidc` or `ldap` (3.7+). */
  managerAuth?: 'basic' | 'oidc' | 'ldap' | 'other';
}

/** The answer, with the HTTP status and message Kong would send. */
export interface RbacModifyDecision {
  allowed: boolean;
  /**
   * `endpoint` = denied by rules (M1); `credentials` = the actor has no roles (Kong answers 401);
   * the other values name Kong's dedicated guards.
   */
  reason:
    | 'allowed'
    | 'credentials'
    | 'endpoint'
    | 'not-super-admin'
    | 'self-modification'
    | 'cross-workspace'
    | 'method-not-allowed';
  status: 200 | 401 | 403 | 405;
  message?: string;
  /** The Admin API request the change amounts to, and its HTTP method. */
  request: RbacRequest;
  method: string;
  /** The endpoint decision (M1). */
  endpointDecision: RbacDecision;
}

/** A compiled RBAC engine. */
export interface RbacEngine {
  readonly semantics: RbacSemantics;
  /** Decides an Admin API request of `user` (spec 05 §4; unknown user ⇒ deny with an issue). */
  authorize(user: string, request: RbacRequest): RbacDecision;
  /** `authorize` plus the tier, endpoint form, deciding role and every rule key looked at. */
  explain(user: string, request: RbacRequest): RbacExplanation;
  /**
   * The roles whose rules apply to `user` in `workspace`: with `'documented'`, the roles assigned
   * there when there are any, else those assigned in `default`; otherwise every assigned role.
   */
  effectiveRoles(user: string, workspace: string): RbacRoleRef[];
  /** Entity-level check (spec 05 §9) over all of the user's role entity permissions. */
  authorizeEntity(user: string, request: RbacEntityRequest): RbacEntityDecision;
  /** Users known to the engine, sorted. */
  users(): string[];
  /** The role (normalised rules, frozen) named `name` in `workspace`, if any. */
  role(name: string, workspace?: string): Readonly<NormalisedRole> | undefined;
  /** The options the engine was built with. */
  readonly options: Readonly<RbacOptions>;
  /** Workspaces in which `user` has role assignments, sorted. */
  assignmentWorkspaces(user: string): string[];
  /**
   * Kong's stored value for key `(workspace, endpoint)` over all of the user's roles (spec 05 §2,
   * 3.2.1+): low nibble = granted actions, high nibble = denied ones; `undefined` when no rule.
   */
  ruleBits(user: string, workspace: string, endpoint: string): number | undefined;
  /**
   * True when `user`'s rules for `workspace` (the semantics' role set) grant all four actions at
   * `(workspace, *)` or `(*, *)` and contain no negative rule on `workspace` or `*`: a super admin
   * there (`super-admin`, or `workspace-super-admin` inside its workspace).
   */
  isSuperAdmin(user: string, workspace: string): boolean;
  /** `canModifyRbac(engine, actor, target, change, opts)` (spec 05 §8). */
  canModifyRbac(
    actor: string,
    target: RbacChangeTarget,
    change: RbacChange,
    opts?: RbacModifyOptions,
  ): RbacModifyDecision;
}
