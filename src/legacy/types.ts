/**
 * Input and output shapes of legacy selection. Inputs are structural so that the models'
 * `Dataplane`, `LegacyPolicy` and `MeshGateway` fit, and so do hand-written partial objects.
 */
import type { TagMap, TagSelector, TagSelectorRank } from './tag-selector.js';

/** One selector entry of `sources`, `destinations` or `selectors`: `{ match: {...} }`. */
export interface LegacySelectorInput {
  readonly match?: TagSelector | undefined;
}

/**
 * What selection reads from a legacy policy (or a MeshGateway, which is selected the same way).
 * The models' `LegacyPolicy` and `MeshGateway` are assignable to it.
 */
export interface LegacyPolicyLike {
  readonly name: string;
  readonly creationTime?: string | undefined;
  readonly modificationTime?: string | undefined;
  readonly sources?: readonly LegacySelectorInput[] | undefined;
  readonly destinations?: readonly LegacySelectorInput[] | undefined;
  readonly selectors?: readonly LegacySelectorInput[] | undefined;
}

/** What selection reads from a dataplane inbound. `port` absent counts as 0. */
export interface LegacyInboundLike {
  readonly port?: number | undefined;
  readonly servicePort?: number | undefined;
  readonly serviceAddress?: string | undefined;
  readonly address?: string | undefined;
  readonly tags?: TagMap | undefined;
}

/** What selection reads from a dataplane outbound. */
export interface LegacyOutboundLike {
  readonly port?: number | undefined;
  readonly address?: string | undefined;
  readonly tags?: TagMap | undefined;
  readonly backendRef?: unknown;
}

/** What selection reads from a Dataplane (the models' `Dataplane` is assignable to it). */
export interface LegacyDataplaneLike {
  readonly name?: string | undefined;
  readonly mesh?: string | undefined;
  readonly networking?:
    | {
        readonly address?: string | undefined;
        readonly advertisedAddress?: string | undefined;
        readonly inbound?: readonly LegacyInboundLike[] | undefined;
        readonly outbound?: readonly LegacyOutboundLike[] | undefined;
        readonly gateway?:
          | { readonly type?: string | undefined; readonly tags?: TagMap | undefined }
          | undefined;
      }
    | undefined;
}

/** Which timestamp breaks ties between equally specific policies (spec 01 §9 L1). */
export type LegacyTieBreak = 'modificationTime' | 'creationTime';

/** Options shared by every legacy selection function. */
export interface LegacySelectOptions {
  /**
   * `modificationTime` (default, as seed 002 shows; a policy without one uses its
   * `creationTime`) or `creationTime` (what Kuma 2.8.8 compares).
   */
  readonly tieBreak?: LegacyTieBreak | undefined;
}

/** Options of the per-inbound connection functions. */
export interface LegacyInboundOptions extends LegacySelectOptions {
  /**
   * Inbounds the caller synthesises besides the dataplane's own (Kuma appends the Prometheus
   * metrics inbound for TrafficPermission); they are matched after the dataplane's inbounds.
   */
  readonly additionalInbounds?: readonly LegacyInboundLike[] | undefined;
}

/** `"<address>:<port>"` of an inbound listener (inbound address, else `networking.address`). */
export type InboundKey = string;

/**
 * Kuma's inbound *interface* (spec 00 §2.3), the identity its legacy per-inbound maps use.
 * Printed as `"<dataplaneIP>:<dataplanePort>:<workloadPort>"`.
 */
export interface InboundInterface {
  readonly dataplaneAdvertisedIP: string;
  readonly dataplaneIP: string;
  readonly dataplanePort: number;
  readonly workloadIP: string;
  readonly workloadPort: number;
}

/** Kuma's outbound interface: the outbound address (default `127.0.0.1`) and port. */
export interface OutboundInterface {
  readonly dataplaneIP: string;
  readonly dataplanePort: number;
}

/** One per-inbound result with both identities, in inbound order (the `...ByInterface` functions). */
export interface LegacyInboundEntry<T> {
  readonly key: InboundKey;
  readonly interface: InboundInterface;
  readonly value: T;
}

/** Where a candidate's selector was found. */
export type LegacySelectorField = 'selectors' | 'sources' | 'destinations';

/** One policy weighed for one target, with the selector that made it a candidate. */
export interface LegacyCandidate<P> {
  readonly policy: P;
  readonly name: string;
  /** The field and index of the (best) matching selector; index -1 = the policy has no selectors. */
  readonly field: LegacySelectorField;
  readonly selectorIndex: number;
  readonly selector: TagSelector;
  /** The rank the decision used (for connection policies: destination + best source). */
  readonly rank: TagSelectorRank;
  /** Connection policies: the best matching source selector's rank and index. */
  readonly sourceRank?: TagSelectorRank;
  readonly sourceIndex?: number;
  /** The timestamp the tie-break compared, and which field it came from. */
  readonly time: string;
  readonly timeField: LegacyTieBreak | 'none';
}

/** Why a target got the policy it got: every candidate, best first, and a one-line reason. */
export interface LegacyExplanation<P> {
  /** Service name, inbound key, or `'dataplane'` for whole-dataplane policies. */
  readonly target: string;
  readonly winner: P | undefined;
  readonly candidates: readonly LegacyCandidate<P>[];
  readonly reason: string;
}

/** A per-inbound explanation, with the inbound's identities. */
export interface LegacyInboundExplanation<P> extends LegacyExplanation<P> {
  readonly key: InboundKey;
  readonly interface: InboundInterface;
}
