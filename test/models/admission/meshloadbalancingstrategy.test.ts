/**
 * MeshLoadBalancingStrategy admission: the cases of Kuma 2.8.8
 * `pkg/plugins/policies/meshloadbalancingstrategy/api/v1alpha1/validator_test.go`, plus the rules
 * its validator has that the Go table does not exercise.
 */
import { kubernetes, table, universalOf } from './helpers.js';

const doc = universalOf('MeshLoadBalancingStrategy', { meta: { mesh: 'mesh-1', name: 'route-1' } });

/** A Mesh-targeted policy with one `to` item (MeshService svc-1) whose `default` is `conf`. */
const toService = (conf: string) =>
  doc(`  targetRef:
    kind: Mesh
  to:
    - targetRef:
        kind: MeshService
        name: svc-1
      default:
${conf}`);

table('MeshLoadBalancingStrategy admission (Kuma 2.8.8)', [
  {
    name: 'full spec (Kuma)',
    yaml: toService(`        localityAwareness:
          disabled: true
        loadBalancer:
          type: Maglev
          maglev:
            hashPolicies:
              - type: Cookie
                cookie:
                  name: cookie-name
                  ttl: 1s
                  path: /absolute-path
`),
    expect: 'valid',
  },
  {
    name: 'full spec leastRequest (Kuma)',
    yaml: toService(`        localityAwareness:
          disabled: true
        loadBalancer:
          type: LeastRequest
          leastRequest:
            activeRequestBias: "1.3"
`),
    expect: 'valid',
  },
  {
    name: 'full locality awareness spec (Kuma)',
    yaml: toService(`        localityAwareness:
          localZone:
            affinityTags:
              - key: "k8s/node"
              - key: "k8s/az"
          crossZone:
            failover:
              - from:
                  zones: ["zone-1"]
                to:
                  type: Only
                  zones: ["zone-2"]
              - from:
                  zones: ["zone-3"]
                to:
                  type: Any
              - from:
                  zones: ["zone-4"]
                to:
                  type: AnyExcept
                  zones: ["zone-1"]
              - to:
                  type: None
            failoverThreshold:
              percentage: 70
`),
    expect: 'valid',
  },
  {
    name: 'top level MeshGateway (Kuma)',
    yaml: doc(`  targetRef:
    kind: MeshGateway
    name: edge
    tags:
      name: listener-1
  to:
    - targetRef:
        kind: MeshService
        name: svc-2
      default:
        loadBalancer:
          type: LeastRequest
          leastRequest:
            activeRequestBias: "1.3"
`),
    expect: 'valid',
  },
  {
    name: 'only the section matching the type is checked',
    yaml: toService(`        loadBalancer:
          type: RoundRobin
          ringHash:
            hashPolicies:
              - type: Header
          leastRequest:
            activeRequestBias: -1
`),
    expect: 'valid',
  },
  {
    name: 'SourceIP hash policies need nothing else',
    yaml: toService(`        loadBalancer:
          type: RingHash
          ringHash:
            hashFunction: MurmurHash2
            minRingSize: 64
            hashPolicies:
              - type: SourceIP
              - type: Connection
                connection: { sourceIP: true }
              - type: Header
                header: { name: x-user }
                terminal: true
`),
    expect: 'valid',
  },
  {
    name: 'spec errors (Kuma)',
    yaml: doc(`  targetRef:
    kind: MeshGatewayRoute
    name: route-1
  to: []
`),
    expect: ['spec.targetRef.kind: value is not supported', 'spec.to: needs at least one item'],
  },
  {
    name: 'an absent to needs at least one item',
    yaml: doc(`  targetRef:
    kind: Mesh
`),
    expect: ['spec.to: needs at least one item'],
  },
  {
    name: 'spec.to errors (Kuma)',
    yaml: doc(`  targetRef:
    kind: MeshService
    name: svc-1
  to:
    - targetRef:
        kind: MeshServiceSubset
        name: svc-2
        tags:
          version: v1
`),
    expect: ['spec.to[0].targetRef.kind: value is not supported'],
  },
  {
    name: 'ringHash error (Kuma)',
    yaml: toService(`        loadBalancer:
          type: RingHash
          ringHash:
            hashPolicies:
              - type: Header
              - type: Cookie
              - type: Connection
              - type: QueryParameter
              - type: FilterState
`),
    expect: [
      'spec.to[0].default.loadBalancer.ringHash.hashPolicies[0].header: must be defined',
      'spec.to[0].default.loadBalancer.ringHash.hashPolicies[1].cookie: must be defined',
      'spec.to[0].default.loadBalancer.ringHash.hashPolicies[2].connection: must be defined',
      'spec.to[0].default.loadBalancer.ringHash.hashPolicies[3].queryParameter: must be defined',
      'spec.to[0].default.loadBalancer.ringHash.hashPolicies[4].filterState: must be defined',
    ],
  },
  {
    name: 'ringHash cookie error (Kuma)',
    yaml: toService(`        loadBalancer:
          type: RingHash
          ringHash:
            hashPolicies:
              - type: Cookie
                cookie:
                  name: cookie-name
                  ttl: 1s
                  path: relative-path
`),
    expect: [
      'spec.to[0].default.loadBalancer.ringHash.hashPolicies[0].cookie.path: must be an absolute path',
    ],
  },
  {
    name: 'maglev error (Kuma)',
    yaml: toService(`        loadBalancer:
          type: Maglev
          maglev:
            hashPolicies:
              - type: Header
              - type: Cookie
              - type: SourceIP
              - type: QueryParameter
              - type: FilterState
`),
    expect: [
      'spec.to[0].default.loadBalancer.maglev.hashPolicies[0].header: must be defined',
      'spec.to[0].default.loadBalancer.maglev.hashPolicies[1].cookie: must be defined',
      'spec.to[0].default.loadBalancer.maglev.hashPolicies[3].queryParameter: must be defined',
      'spec.to[0].default.loadBalancer.maglev.hashPolicies[4].filterState: must be defined',
    ],
  },
  {
    name: 'maglev cookie error (Kuma)',
    yaml: toService(`        loadBalancer:
          type: Maglev
          maglev:
            hashPolicies:
              - type: Cookie
                cookie:
                  name: cookie-name
                  path: ""
`),
    expect: ['spec.to[0].default.loadBalancer.maglev.hashPolicies[0].cookie.path: must be an absolute path'],
  },
  {
    name: 'leastRequest error (Kuma)',
    yaml: toService(`        loadBalancer:
          type: LeastRequest
          leastRequest:
            activeRequestBias: -1
`),
    expect: [
      'spec.to[0].default.loadBalancer.leastRequest.activeRequestBias: must be greater or equal then: 0',
    ],
  },
  {
    name: 'leastRequest bias that is not a number',
    yaml: toService(`        loadBalancer:
          type: LeastRequest
          leastRequest:
            activeRequestBias: "high"
`),
    expect: ['spec.to[0].default.loadBalancer.leastRequest.activeRequestBias: string must be a valid number'],
  },
  {
    name: 'empty from in failover (Kuma)',
    yaml: toService(`        localityAwareness:
          crossZone:
            failover:
              - from:
                  zones: []
                to:
                  type: None
`),
    expect: ['spec.to[0].default.localityAwareness.crossZone.failover[0].from.zones: must not be empty'],
  },
  {
    name: 'incorrect weight (Kuma)',
    yaml: toService(`        localityAwareness:
          localZone:
            affinityTags:
              - key: k8s/node
                weight: 0
              - key: ""
                weight: 10
`),
    expect: [
      'spec.to[0].default.localityAwareness.localZone.affinityTags[0].weight: must be greater than 0',
      'spec.to[0].default.localityAwareness.localZone.affinityTags[1].key: must not be empty',
    ],
  },
  {
    name: 'mixing affinity tags with and without weights (Kuma)',
    yaml: toService(`        localityAwareness:
          localZone:
            affinityTags:
              - key: k8s/node
                weight: 10
              - key: k8s/az
`),
    expect: [
      'spec.to[0].default.localityAwareness.localZone.affinityTags: all or none affinity tags should have weight',
    ],
  },
  {
    name: "percentage can't be zero (Kuma)",
    yaml: toService(`        localityAwareness:
          crossZone:
            failoverThreshold:
              percentage: 0
`),
    expect: [
      'spec.to[0].default.localityAwareness.crossZone.failoverThreshold.percentage: must be greater than 0',
    ],
  },
  {
    name: 'an absent threshold percentage reads as 0',
    yaml: toService(`        localityAwareness:
          crossZone:
            failoverThreshold: {}
`),
    expect: [
      'spec.to[0].default.localityAwareness.crossZone.failoverThreshold.percentage: must be greater than 0',
    ],
  },
  {
    name: 'percentage is not a parseable number (Kuma)',
    yaml: toService(`        localityAwareness:
          crossZone:
            failoverThreshold:
              percentage: "hello"
`),
    expect: [
      'spec.to[0].default.localityAwareness.crossZone.failoverThreshold.percentage: string must be a valid number',
    ],
  },
  {
    name: 'percentage above 100',
    yaml: toService(`        localityAwareness:
          crossZone:
            failoverThreshold:
              percentage: "100.5"
`),
    expect: [
      'spec.to[0].default.localityAwareness.crossZone.failoverThreshold.percentage: must be in inclusive range [0.0, 100.0]',
    ],
  },
  {
    name: 'broken failover rules (Kuma)',
    yaml: toService(`        localityAwareness:
          crossZone:
            failover:
              - from:
                  zones: ["zone-1"]
                to:
                  type: None
                  zones: ["zone-1"]
              - from:
                  zones: ["zone-1", ""]
                to:
                  type: Any
              - to:
                  type: Any
                  zones: ["zone-1"]
              - to:
                  type: Only
                  zones: []
              - to:
                  type: Only
              - to:
                  type: AnyExcept
                  zones: []
              - to:
                  type: AnyExcept
`),
    expect: [
      'spec.to[0].default.localityAwareness.crossZone.failover[0].to.zones: must be empty when type is None',
      'spec.to[0].default.localityAwareness.crossZone.failover[1].from.zones[1]: must not be empty',
      'spec.to[0].default.localityAwareness.crossZone.failover[2].to.zones: must be empty when type is Any',
      'spec.to[0].default.localityAwareness.crossZone.failover[3].to.zones: must not be empty when type is Only',
      'spec.to[0].default.localityAwareness.crossZone.failover[4].to.zones: must not be empty when type is Only',
      'spec.to[0].default.localityAwareness.crossZone.failover[5].to.zones: must not be empty when type is AnyExcept',
      'spec.to[0].default.localityAwareness.crossZone.failover[6].to.zones: must not be empty when type is AnyExcept',
    ],
  },
  {
    name: 'a failover without a known to.type',
    yaml: toService(`        localityAwareness:
          crossZone:
            failover:
              - from:
                  zones: ["zone-1"]
              - to:
                  type: Some
`),
    expect: [
      'spec.to[0].default.localityAwareness.crossZone.failover[0].to.type: unrecognized type',
      'spec.to[0].default.localityAwareness.crossZone.failover[1].to.type: unrecognized type',
    ],
  },
  {
    name: 'Kubernetes form: paths point into the document',
    yaml: kubernetes(
      'MeshLoadBalancingStrategy',
      `targetRef:
  kind: Mesh
to:
  - targetRef:
      kind: Mesh
    default:
      localityAwareness:
        localZone:
          affinityTags:
            - key: ""
`,
      { name: 'lb' },
    ),
    expect: ['spec.to[0].default.localityAwareness.localZone.affinityTags[0].key: must not be empty'],
  },
]);
