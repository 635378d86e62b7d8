import { z } from 'zod';
import { PolicyDuration } from './common.js';

/** A Go `*uint32` with the bounds of Kuma 2.8.8's OpenAPI schema (`schema.yaml`). */
const uint32 = (min = 0, max = 4294967295) => z.number().int().min(min).max(max);

/** One `hashPolicies[]` item of a ring-hash or Maglev load balancer. */
export const MeshLoadBalancingStrategyHashPolicy = z.strictObject({
  // Kuma's OpenAPI schema lists SourceIP; its Go code and validator use Connection (for which it
  // requires `connection`): both are accepted here, as Kuma's validator accepts both.
  type: z.enum(['Header', 'Cookie', 'SourceIP', 'Connection', 'QueryParameter', 'FilterState']).optional(),
  terminal: z.boolean().optional(),
  header: z.strictObject({ name: z.string().min(1).optional() }).optional(),
  cookie: z
    .strictObject({
      name: z.string().min(1).optional(),
      ttl: PolicyDuration.optional(),
      path: z.string().optional(),
    })
    .optional(),
  connection: z.strictObject({ sourceIP: z.boolean().optional() }).optional(),
  queryParameter: z.strictObject({ name: z.string().min(1).optional() }).optional(),
  filterState: z.strictObject({ key: z.string().min(1).optional() }).optional(),
});

/** `default.loadBalancer` of a MeshLoadBalancingStrategy. */
export const MeshLoadBalancingStrategyLoadBalancer = z.strictObject({
  type: z.enum(['RoundRobin', 'LeastRequest', 'RingHash', 'Random', 'Maglev']).optional(),
  roundRobin: z.strictObject({}).optional(),
  leastRequest: z
    .strictObject({
      choiceCount: uint32(2).optional(),
      // An integer or a decimal string; Kuma's validator requires it to be ≥ 0.
      activeRequestBias: z.union([z.number().int(), z.string()]).optional(),
    })
    .optional(),
  ringHash: z
    .strictObject({
      hashFunction: z.enum(['XXHash', 'MurmurHash2']).optional(),
      minRingSize: uint32(1, 8000000).optional(),
      maxRingSize: uint32(1, 8000000).optional(),
      hashPolicies: z.array(MeshLoadBalancingStrategyHashPolicy).optional(),
    })
    .optional(),
  random: z.strictObject({}).optional(),
  maglev: z
    .strictObject({
      tableSize: uint32(1, 5000011).optional(),
      hashPolicies: z.array(MeshLoadBalancingStrategyHashPolicy).optional(),
    })
    .optional(),
});

/** `default.localityAwareness` of a MeshLoadBalancingStrategy. */
export const MeshLoadBalancingStrategyLocalityAwareness = z.strictObject({
  disabled: z.boolean().optional(),
  localZone: z
    .strictObject({
      affinityTags: z
        .array(
          z.strictObject({
            key: z.string().optional(),
            // Kuma's validator reports a weight that is not greater than 0.
            weight: z.number().int().optional(),
          }),
        )
        .optional(),
    })
    .optional(),
  crossZone: z
    .strictObject({
      failover: z
        .array(
          z.strictObject({
            from: z.strictObject({ zones: z.array(z.string()).optional() }).optional(),
            to: z
              .strictObject({
                // None / Only / Any / AnyExcept: Kuma's validator reports any other value.
                type: z.string().optional(),
                zones: z.array(z.string()).optional(),
              })
              .optional(),
          }),
        )
        .optional(),
      failoverThreshold: z
        .strictObject({ percentage: z.union([z.number().int(), z.string()]).optional() })
        .optional(),
    })
    .optional(),
});

/**
 * `to[].default` of a MeshLoadBalancingStrategy (Kuma 2.8.8
 * `pkg/plugins/policies/meshloadbalancingstrategy/api/v1alpha1/meshloadbalancingstrategy.go`).
 */
export const MeshLoadBalancingStrategyConf = z.strictObject({
  localityAwareness: MeshLoadBalancingStrategyLocalityAwareness.optional(),
  loadBalancer: MeshLoadBalancingStrategyLoadBalancer.optional(),
});
export type MeshLoadBalancingStrategyConf = z.infer<typeof MeshLoadBalancingStrategyConf>;
