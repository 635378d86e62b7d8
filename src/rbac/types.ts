import type { Issue, RbacAction, RoleEndpoint } from '../models/index.js';
import type { RbacEndpointForm } from './endpoints.js';

/**
 * Which authorisation algorithm to follow (spec 05 §0): `'documented'` = seed 004's four tiers,
 * first applicable rule stops, role-level workspace resolution (default); `'kong'` = Kong Gateway
 * Enterprise ≥ 3.2.1.0; `'kong-legacy'` = Kong EE 0.33 – 3.1.x.
 */
export type RbacSemantics = 'documented' | 'kong' | 'kong-legacy';

/** Kong's `enforce_rbac`: `'endpoint'` is Kong's `on`. */
export type RbacEnforcement = 'off' | 'endpoint' | 'entity' | 'both';

/** Options shared by the RBAC entry points. */
export interface RbacOptions {
  /** Default `'documented'`. */
  semantics?: RbacSemantics;
  /** Which checks are enforced (Kong's `enforce_rbac`); default `'endpoint'`. */
  rbac?: RbacEnforcement;
  /**
   * Kong Gateway EE version whose details apply (the `GET /workspaces` exception of 3.6, default
   * roles, modification guards). Default: latest.
   */
  kongVersion?: string;
}

/** Why a decision was taken (spec 05 §4.4, plus `invalid-input` for requests that cannot be judged). */
export type RbacDecisionReason =
  | 'rbac-off'
  | 'whitelisted'
  | 'negative-rule'
  | 'positive-rule'
  | 'empty-actions'
  | 'not-granted'
  | 'no-matching-rule'
  | 'invalid-input';

/** An authorisation request (spec 05 §1.4). */
export interface RbacRequest {
  /** Workspace of the request (`default` when Kong's URL has no workspace prefix). */
  workspace: string;
  /** Request path inside the workspace (`/services/foo`), or the raw path with a `workspace_` route. */
  endpoint: string;
  action: RbacAction;
  /** Kong's route pattern, e.g. `/services/:services` or `workspace_/services/:services`. */
  routeName?: string;
}

/** 1–4, in the order the semantics walks the tiers. */
export type RbacTierLevel = 1 | 2 | 3 | 4;

/** Where the decision was taken: the rule key and its tier. */
export interface RbacTier {
  workspace: string;
  endpoint: string;
  level: RbacTierLevel;
}

/** The answer to "may this request proceed?" with the reason (spec 05 §4.4). */
export interface RbacDecision {
  allowed: boolean;
  reason: RbacDecisionReason;
  /** The rule that decided, when one did. */
  decidedBy?: RoleEndpoint;
  tier?: RbacTier;
  /** Problems with the input that forced a deny. */
  issues?: Issue[];
}

/** A role, identified by its name and the workspace it lives in. */
export interface RbacRoleRef {
  name: string;
  workspace: string;
}

/** One rule key looked at while deciding, with its rules and what it did. */
export interface RbacLookedAtKey {
  workspace: string;
  endpoint: string;
  form: RbacEndpointForm;
  level: RbacTierLevel;
  /** The rules at the key, in input order, with the role each belongs to (when known). */
  rules: { rule: RoleEndpoint; role?: RbacRoleRef }[];
  /** `decided` for the last key; `passed` when the key said nothing about the action. */
  outcome: 'decided' | 'passed';
}

/** A decision with everything that led to it. */
export interface RbacExplanation extends RbacDecision {
  semantics: RbacSemantics;
  /** The request after `workspace_` stripping. */
  request: RbacRequest;
  /** Every candidate endpoint, in lookup order (spec 05 §3). */
  candidates: { endpoint: string; form: RbacEndpointForm }[];
  /** How the deciding endpoint was derived from the request. */
  endpointForm?: RbacEndpointForm;
  /** The role the deciding rule belongs to. */
  decidedByRole?: RbacRoleRef;
  /** Roles whose rules were considered. */
  roles?: RbacRoleRef[];
  /** Every rule key that exists among the candidates looked at, in lookup order. */
  lookedAt: RbacLookedAtKey[];
  /** A one-line human explanation. */
  summary: string;
}
