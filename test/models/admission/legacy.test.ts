/**
 * Legacy policy admission, from Kuma 2.8.8's `pkg/core/resources/apis/mesh/*_validator_test.go`
 * (traffic_permission, traffic_route, traffic_log, traffic_trace, health_check, circuit_breaker,
 * fault_injection, retry, timeout, rate_limit, proxytemplate, virtual_outbound, gateway_route):
 * Kuma's documents, fields and messages, in Kuma's order. Where a Kuma document carries a field
 * its message does not have (Kuma's tests decode with unknown fields allowed; this project rejects
 * them), the field is left out and the case says so. Then protobuf-JSON reading (proto names,
 * `null`, quoted integers, Go durations, oneofs) and Kubernetes-form paths.
 */
import { dedent, kubernetes, table, universal } from './helpers.js';

/** A Universal document of `type` whose body is Kuma's test spec (legacy policies have no `spec`). */
const doc = (type: string, spec?: string): string =>
  universal(type, spec, { meta: { mesh: 'default', name: 'policy-1' }, at: 'top' });

/** A document of `type` whose body is `selectors` (sources and destinations) then `conf`. */
const policy = (type: string, selectors: string, conf: string): string =>
  doc(type, `${dedent(selectors)}\n${dedent(conf)}`);

const EMPTY_SOURCES_DESTINATIONS = [
  'sources: must have at least one element',
  'destinations: must have at least one element',
];

/**
 * Kuma's selector documents for the sources/destinations policies: selectors without tags,
 * with empty tag values, and several of them.
 */
const SELECTORS = {
  withoutTags: `
    sources:
    - match: {}
    destinations:
    - match: {}`,
  emptyTagValues: `
    sources:
    - match:
        kuma.io/service:
        region:
    destinations:
    - match:
        kuma.io/service:
        region:`,
  multiple: `
    sources:
    - match:
        kuma.io/service:
        region:
    - match: {}
    destinations:
    - match:
        kuma.io/service:
        region:
    - match: {}`,
};

/** What `SELECTORS` get where destinations may take any tags (TrafficPermission, RateLimit). */
const ANY_DESTINATIONS = {
  withoutTags: [
    'sources[0].match: must have at least one tag',
    'destinations[0].match: must have at least one tag',
  ],
  emptyTagValues: [
    'sources[0].match["kuma.io/service"]: tag value must be non-empty',
    'sources[0].match["region"]: tag value must be non-empty',
    'destinations[0].match["kuma.io/service"]: tag value must be non-empty',
    'destinations[0].match["region"]: tag value must be non-empty',
  ],
  multiple: [
    'sources[0].match["kuma.io/service"]: tag value must be non-empty',
    'sources[0].match["region"]: tag value must be non-empty',
    'sources[1].match: must have at least one tag',
    'destinations[0].match["kuma.io/service"]: tag value must be non-empty',
    'destinations[0].match["region"]: tag value must be non-empty',
    'destinations[1].match: must have at least one tag',
  ],
};

/** What `SELECTORS` get where sources need a service and destinations take exactly that tag. */
const SERVICE_DESTINATIONS = {
  withoutTags: [
    'sources[0].match: must have at least one tag',
    'sources[0].match: mandatory tag "kuma.io/service" is missing',
    'destinations[0].match: must consist of exactly one tag "kuma.io/service"',
    'destinations[0].match: mandatory tag "kuma.io/service" is missing',
  ],
  emptyTagValues: [
    'sources[0].match["kuma.io/service"]: tag value must be non-empty',
    'sources[0].match["region"]: tag value must be non-empty',
    'destinations[0].match: must consist of exactly one tag "kuma.io/service"',
    'destinations[0].match["kuma.io/service"]: tag value must be non-empty',
    'destinations[0].match["region"]: tag "region" is not allowed',
    'destinations[0].match["region"]: tag value must be non-empty',
  ],
  multiple: [
    'sources[0].match["kuma.io/service"]: tag value must be non-empty',
    'sources[0].match["region"]: tag value must be non-empty',
    'sources[1].match: must have at least one tag',
    'sources[1].match: mandatory tag "kuma.io/service" is missing',
    'destinations[0].match: must consist of exactly one tag "kuma.io/service"',
    'destinations[0].match["kuma.io/service"]: tag value must be non-empty',
    'destinations[0].match["region"]: tag "region" is not allowed',
    'destinations[0].match["region"]: tag value must be non-empty',
    'destinations[1].match: must consist of exactly one tag "kuma.io/service"',
    'destinations[1].match: mandatory tag "kuma.io/service" is missing',
  ],
};

// --- TrafficPermission ------------------------------------------------------------------------

table('TrafficPermission (traffic_permission_validator_test.go)', [
  {
    name: 'valid',
    yaml: doc(
      'TrafficPermission',
      `
      sources:
      - match:
          kuma.io/service: web
      destinations:
      - match:
          kuma.io/service: backend
          version: v1`,
    ),
    expect: 'valid',
  },
  { name: 'empty spec', yaml: doc('TrafficPermission'), expect: EMPTY_SOURCES_DESTINATIONS },
  {
    name: 'selectors without tags',
    yaml: doc('TrafficPermission', SELECTORS.withoutTags),
    expect: ANY_DESTINATIONS.withoutTags,
  },
  {
    name: 'selectors with empty tags values',
    yaml: doc('TrafficPermission', SELECTORS.emptyTagValues),
    expect: ANY_DESTINATIONS.emptyTagValues,
  },
  {
    name: 'multiple selectors',
    yaml: doc('TrafficPermission', SELECTORS.multiple),
    expect: ANY_DESTINATIONS.multiple,
  },
  {
    name: 'a conf or selectors, which TrafficPermission does not have, are unknown fields',
    yaml: doc(
      'TrafficPermission',
      `
      sources: [{match: {kuma.io/service: web}}]
      destinations: [{match: {kuma.io/service: backend}}]
      selectors: [{match: {kuma.io/service: web}}]
      conf: {}`,
    ),
    expect: ['conf: unknown field'],
  },
  {
    name: 'selectors on a sources/destinations type (admission)',
    yaml: doc(
      'TrafficPermission',
      `
      sources: [{match: {kuma.io/service: web}}]
      destinations: [{match: {kuma.io/service: backend}}]
      selectors: [{match: {kuma.io/service: web}}]`,
    ),
    expect: ['selectors: unknown field'],
  },
]);

// --- TrafficLog -------------------------------------------------------------------------------

table('TrafficLog (traffic_log_validator_test.go)', [
  {
    name: 'valid, with and without a backend',
    yaml: `${doc(
      'TrafficLog',
      `
      sources: [{match: {kuma.io/service: web, region: eu}}]
      destinations: [{match: {kuma.io/service: '*'}}]
      conf: {backend: logstash}`,
    )}---\n${doc(
      'TrafficLog',
      `
      sources: [{match: {kuma.io/service: '*'}}]
      destinations: [{match: {kuma.io/service: backend}}]`,
    )}`,
    expect: 'valid',
  },
  { name: 'empty spec', yaml: doc('TrafficLog'), expect: EMPTY_SOURCES_DESTINATIONS },
  {
    name: 'selectors without tags',
    yaml: doc('TrafficLog', SELECTORS.withoutTags),
    expect: SERVICE_DESTINATIONS.withoutTags,
  },
  {
    name: 'selectors with empty tags values',
    yaml: doc('TrafficLog', SELECTORS.emptyTagValues),
    expect: SERVICE_DESTINATIONS.emptyTagValues,
  },
  {
    name: 'multiple selectors',
    yaml: doc('TrafficLog', SELECTORS.multiple),
    expect: SERVICE_DESTINATIONS.multiple,
  },
]);

// --- TrafficTrace -----------------------------------------------------------------------------

table('TrafficTrace (traffic_trace_validator_test.go)', [
  {
    name: 'full example',
    yaml: doc(
      'TrafficTrace',
      `
      selectors:
      - match:
          region: eu
      conf:
        backend: zipkin-eu`,
    ),
    expect: 'valid',
  },
  {
    name: 'empty backend',
    yaml: doc(
      'TrafficTrace',
      `
      selectors:
      - match:
          region: eu
      conf:
        backend: # backend can be empty, default backend from mesh is chosen`,
    ),
    expect: 'valid',
  },
  { name: 'empty conf', yaml: doc('TrafficTrace', 'selectors: [{match: {region: eu}}]'), expect: 'valid' },
  { name: 'empty spec', yaml: doc('TrafficTrace'), expect: ['selectors: must have at least one element'] },
  {
    name: 'selectors without tags',
    yaml: doc('TrafficTrace', 'selectors: [{match: {}}]'),
    expect: ['selectors[0].match: must have at least one tag'],
  },
  {
    name: 'multiple selectors',
    yaml: doc(
      'TrafficTrace',
      `
      selectors:
      - match:
          kuma.io/service:
          region:
      - match: {}`,
    ),
    expect: [
      'selectors[0].match["kuma.io/service"]: tag value must be non-empty',
      'selectors[0].match["region"]: tag value must be non-empty',
      'selectors[1].match: must have at least one tag',
    ],
  },
  {
    name: 'sources on a selectors type',
    yaml: doc('TrafficTrace', 'selectors: [{match: {region: eu}}]\nsources: [{match: {region: eu}}]'),
    expect: ['sources: unknown field'],
  },
]);

// --- TrafficRoute -----------------------------------------------------------------------------

const WEB_TO_BACKEND = `
      sources:
      - match:
          kuma.io/service: web
      destinations:
      - match:
          kuma.io/service: backend`;

const route = (conf: string): string => policy('TrafficRoute', WEB_TO_BACKEND, conf);

table('TrafficRoute (traffic_route_validator_test.go)', [
  {
    name: 'example with split',
    yaml: route(`
      conf:
        loadBalancer:
          roundRobin: {}
        split:
        - weight: 100
          destination:
            kuma.io/service: offers
        - weight: 0
          destination:
            kuma.io/service: backend`),
    expect: 'valid',
  },
  {
    name: 'example with destination',
    yaml: route(`
      conf:
        loadBalancer:
          leastRequest: {}
        destination:
          kuma.io/service: offers`),
    expect: 'valid',
  },
  {
    // Kuma's document nests `host` under `modify.path` (an unknown field there); it is a
    // sibling of `path` here.
    name: 'example with http',
    yaml: route(`
      conf:
        loadBalancer:
          ringHash:
            hashFunction: XX_HASH
        http:
        - match:
            path:
              prefix: "/offers"
            method:
              exact: "GET"
            headers:
              x-custom-header:
                regex: "^xyz$"
          modify:
            path:
              regex:
                pattern: "^/service/([^/]+)(/.*)$"
                substitution: "\\\\2/instance/\\\\1"
            host:
              fromPath:
                pattern: "^/(.+)/.+$"
                substitution: "\\\\1"
          destination:
            kuma.io/service: offers
        destination:
          kuma.io/service: backend`),
    expect: 'valid',
  },
  {
    name: 'example with http split',
    yaml: route(`
      conf:
        http:
        - match:
            path:
              prefix: "/offers"
          modify:
            path:
              rewritePrefix: "/not-offers"
            host:
              value: xyz
            requestHeaders:
              add:
                - name: x-custom-header
                  value: xyz
                  append: true
              remove:
                - name: x-something
            responseHeaders:
              add:
                - name: x-custom-header
                  value: xyz
                  append: true
              remove:
                - name: x-something
          split:
            - weight: 20
              destination:
                kuma.io/service: offers
        split:
          - weight: 100
            destination:
              kuma.io/service: backend`),
    expect: 'valid',
  },
  {
    name: 'empty spec',
    yaml: doc('TrafficRoute'),
    expect: [...EMPTY_SOURCES_DESTINATIONS, 'conf: cannot be empty'],
  },
  {
    name: 'selectors without tags',
    yaml: policy(
      'TrafficRoute',
      SELECTORS.withoutTags,
      `
      conf:
        split:
        - destination: {}`,
    ),
    expect: [
      ...SERVICE_DESTINATIONS.withoutTags,
      'conf.split[0].weight: needs to be defined',
      'conf.split[0].destination: must have at least one tag',
      'conf.split[0].destination: mandatory tag "kuma.io/service" is missing',
      'conf.split: there must be at least one split entry with weight above 0',
    ],
  },
  {
    name: 'selectors with empty tags values',
    yaml: policy(
      'TrafficRoute',
      SELECTORS.emptyTagValues,
      `
      conf:
        split:
        - weight: 1
          destination:
            kuma.io/service:
            region:`,
    ),
    expect: [
      ...SERVICE_DESTINATIONS.emptyTagValues,
      'conf.split[0].destination["kuma.io/service"]: tag value must be non-empty',
      'conf.split[0].destination["region"]: tag value must be non-empty',
    ],
  },
  {
    name: 'multiple selectors',
    yaml: policy(
      'TrafficRoute',
      SELECTORS.multiple,
      `
      conf:
        destination:
          region:`,
    ),
    expect: [
      ...SERVICE_DESTINATIONS.multiple,
      'conf.destination["region"]: tag value must be non-empty',
      'conf.destination: mandatory tag "kuma.io/service" is missing',
    ],
  },
  {
    name: 'wrong ring hash function in the load balancer',
    yaml: doc(
      'TrafficRoute',
      `
      sources:
      - match:
          kuma.io/service: '*'
      destinations:
      - match:
          kuma.io/service: '*'
      conf:
        split:
        - weight: 100
          destination:
            kuma.io/service: 'backend'
        loadBalancer:
          ringHash:
            hashFunction: 'INVALID_HASH_FUNCTION'`,
    ),
    expect: ['conf.loadBalancer.ringHash.hashFunction: must have a valid hash function'],
  },
  {
    name: 'cannot define both split and destination',
    yaml: route(`
      conf:
        split:
        - weight: 100
          destination:
            kuma.io/service: offers
        destination:
          kuma.io/service: offers`),
    expect: ['conf: "split" cannot be defined at the same time as "destination"'],
  },
  {
    name: 'requires either split or a destination',
    yaml: route('conf: {}'),
    expect: ['conf: requires either "destination" or "split"'],
  },
  {
    name: 'http - cannot define both split and destination',
    yaml: route(`
      conf:
        http:
        - match:
            path:
              prefix: "/offers"
          split:
          - weight: 100
            destination:
              kuma.io/service: offers
          destination:
            kuma.io/service: offers
        destination:
          kuma.io/service: offers`),
    expect: ['conf.http[0]: "split" cannot be defined at the same time as "destination"'],
  },
  {
    name: 'http - requires either split or destination',
    yaml: route(`
      conf:
        http:
        - match:
            path:
              prefix: "/offers"
        destination:
          kuma.io/service: offers`),
    expect: ['conf.http[0]: requires either "destination" or "split"'],
  },
  {
    name: 'http - match must be present',
    yaml: route(`
      conf:
        http:
        - destination:
            kuma.io/service: offers
        destination:
          kuma.io/service: offers`),
    expect: [
      'conf.http[0].match: must be present and contain at least one of the elements: "method", "path" or "headers"',
    ],
  },
  {
    name: 'http - invalid match values',
    yaml: route(`
      conf:
        http:
        - match:
            method: {}
            path: {}
            headers: {}
          destination:
            kuma.io/service: offers
        - match:
            method:
              regex: ""
            path:
              prefix: ""
            headers:
              "": {}
          destination:
            kuma.io/service: offers
        destination:
          kuma.io/service: offers`),
    expect: [
      'conf.http[0].match.method: cannot be empty. Available options: "exact", "split" or "regex"',
      'conf.http[0].match.path: cannot be empty. Available options: "exact", "split" or "regex"',
      'conf.http[0].match.headers: must contain at least one element',
      'conf.http[1].match.method.regex: cannot be empty',
      'conf.http[1].match.path.prefix: cannot be empty',
      'conf.http[1].match.headers[""]: cannot be empty',
      'conf.http[1].match.headers[""]: cannot be empty. Available options: "exact", "split" or "regex"',
    ],
  },
  {
    name: 'split with all entries that sums to 0',
    yaml: route(`
      conf:
        split:
        - weight: 0
          destination:
            kuma.io/service: offers`),
    expect: ['conf.split: there must be at least one split entry with weight above 0'],
  },
  {
    name: 'http - modify empty values',
    yaml: route(`
      conf:
        http:
        - match:
            path:
              prefix: "/offers"
          modify:
            path:
              rewritePrefix: ""
            host:
              value: ""
            requestHeaders:
              add:
                - name: ""
                  value: ""
              remove:
                - name: ""
            responseHeaders:
              add:
                - name: ""
                  value: ""
              remove:
                - name: ""
          destination:
            kuma.io/service: offers
        - match:
            path:
              prefix: "/offers1"
          modify:
            path:
              regex:
                pattern: ""
                substitution: ""
            host:
              fromPath:
                pattern: ""
                substitution: ""
          destination:
            kuma.io/service: offers
        - match:
            path:
              prefix: "/offers1"
          modify:
            path: {}
            host: {}
          destination:
            kuma.io/service: offers
        destination:
          kuma.io/service: backend`),
    expect: [
      'conf.http[0].modify.path.rewritePrefix: cannot be empty',
      'conf.http[0].modify.host.value: cannot be empty',
      'conf.http[0].modify.requestHeaders.add[0].name: cannot be empty',
      'conf.http[0].modify.requestHeaders.add[0].value: cannot be empty',
      'conf.http[0].modify.requestHeaders.remove[0].name: cannot be empty',
      'conf.http[0].modify.responseHeaders.add[0].name: cannot be empty',
      'conf.http[0].modify.responseHeaders.add[0].value: cannot be empty',
      'conf.http[0].modify.responseHeaders.remove[0].name: cannot be empty',
      'conf.http[1].modify.path.regex.pattern: cannot be empty',
      'conf.http[1].modify.path.regex.substitution: cannot be empty',
      'conf.http[1].modify.host.fromPath.pattern: cannot be empty',
      'conf.http[1].modify.host.fromPath.substitution: cannot be empty',
      'conf.http[2].modify.path: either "rewritePrefix" or "regex" has to be set',
      'conf.http[2].modify.host: either "value" or "fromPath" has to be set',
    ],
  },
  {
    name: 'http - modify path prefix cannot be used if match path prefix is not used',
    yaml: route(`
      conf:
        http:
        - match:
            path:
              exact: "/offers"
          modify:
            path:
              rewritePrefix: "/not-offers"
          destination:
            kuma.io/service: offers
        destination:
          kuma.io/service: backend`),
    expect: [
      'conf.http[0].modify.path.rewritePrefix: can only be set when .http.match.path.prefix is not empty',
    ],
  },
  {
    // Kuma's document gives the `remove` entries a `value` (an unknown field); left out here.
    name: 'http - not allow some headers to be modified',
    yaml: route(`
      conf:
        http:
        - match:
            path:
              exact: "/offers"
          modify:
            requestHeaders:
              add:
              - name: 'host'
                value: xyz
              - name: 'Host'
                value: xyz
              - name: ':path'
                value: xyz
              remove:
              - name: 'host'
            responseHeaders:
              add:
              - name: 'host'
                value: xyz
              - name: 'Host'
                value: xyz
              - name: ':path'
                value: xyz
              remove:
              - name: 'host'
          destination:
            kuma.io/service: offers
        destination:
          kuma.io/service: backend`),
    expect: [
      'conf.http[0].modify.requestHeaders.add[0].name: host header and HTTP/2 pseudo-headers are not allowed to be modified',
      'conf.http[0].modify.requestHeaders.add[1].name: host header and HTTP/2 pseudo-headers are not allowed to be modified',
      'conf.http[0].modify.requestHeaders.add[2].name: host header and HTTP/2 pseudo-headers are not allowed to be modified',
      'conf.http[0].modify.requestHeaders.remove[0].name: host header and HTTP/2 pseudo-headers are not allowed to be modified',
      'conf.http[0].modify.responseHeaders.add[0].name: host header and HTTP/2 pseudo-headers are not allowed to be modified',
      'conf.http[0].modify.responseHeaders.add[1].name: host header and HTTP/2 pseudo-headers are not allowed to be modified',
      'conf.http[0].modify.responseHeaders.add[2].name: host header and HTTP/2 pseudo-headers are not allowed to be modified',
      'conf.http[0].modify.responseHeaders.remove[0].name: host header and HTTP/2 pseudo-headers are not allowed to be modified',
    ],
  },
  {
    name: 'loadBalancer - not allowed choice count less than 2',
    yaml: route(`
      conf:
        loadBalancer:
          leastRequest:
            choiceCount: 1
        destination:
          kuma.io/service: backend`),
    expect: ['conf.loadBalancer.leastRequest.choiceCount: value must be greater than or equal to 2'],
  },
]);

// --- HealthCheck ------------------------------------------------------------------------------

const WEB_EU_TO_BACKEND = `
      sources:
      - match:
          kuma.io/service: web
          region: eu
      destinations:
      - match:
          kuma.io/service: backend`;

const withSelectors = (type: string, conf: string): string => policy(type, WEB_EU_TO_BACKEND, conf);

table('HealthCheck (health_check_validator_test.go)', [
  {
    name: 'valid',
    yaml: withSelectors(
      'HealthCheck',
      `
      conf:
        interval: 10s
        timeout: 2s
        unhealthyThreshold: 3
        healthyThreshold: 1
        initialJitter: 1s
        intervalJitter: 500ms
        intervalJitterPercent: 10
        healthyPanicThreshold: 62.9
        failTrafficOnPanic: true
        eventLogPath: /tmp/health-check.log
        alwaysLogHealthCheckFailures: false
        noTrafficInterval: 1m
        reuseConnection: false
        tcp:
          send: Zm9v
          receive: [YmFy, YmF6]`,
    ),
    expect: 'valid',
  },
  {
    name: 'empty spec',
    yaml: doc('HealthCheck'),
    expect: [...EMPTY_SOURCES_DESTINATIONS, 'conf: has to be defined'],
  },
  {
    name: 'selectors without tags',
    yaml: doc('HealthCheck', SELECTORS.withoutTags),
    expect: [...SERVICE_DESTINATIONS.withoutTags, 'conf: has to be defined'],
  },
  {
    name: 'invalid active checks conf',
    yaml: withSelectors(
      'HealthCheck',
      `
      conf:
        interval: 0s
        timeout: 0s
        unhealthyThreshold: 0
        healthyThreshold: 0
        initialJitter: 0s
        intervalJitter: 0s
        healthyPanicThreshold: 101
        noTrafficInterval: 0s
        http:
          path: ""
          requestHeadersToAdd:
          - header:
              value: foo
          - append: false
          expectedStatuses:
          - 99
          - 600`,
    ),
    expect: [
      'conf.interval: must have a positive value',
      'conf.timeout: must have a positive value',
      'conf.unhealthyThreshold: must have a positive value',
      'conf.healthyThreshold: must have a positive value',
      'conf.initialJitter: must have a positive value',
      'conf.intervalJitter: must have a positive value',
      'conf.noTrafficInterval: must have a positive value',
      'conf.healthyPanicThreshold: must be in range [0.0 - 100.0]',
      'conf.http.path: has to be defined and cannot be empty',
      'conf.http.expectedStatuses[0]: must be in range [100, 600)',
      'conf.http.expectedStatuses[1]: must be in range [100, 600)',
      'conf.http.requestHeadersToAdd[0].header.key: cannot be empty',
      'conf.http.requestHeadersToAdd[1].header: has to be defined',
    ],
  },
  {
    name: 'invalid active checks http configuration',
    yaml: withSelectors(
      'HealthCheck',
      `
      conf:
        interval: 3s
        timeout: 10s
        unhealthyThreshold: 3
        healthyThreshold: 1
        http: {}`,
    ),
    expect: ['conf.http.path: has to be defined and cannot be empty'],
  },
  {
    name: 'http and tcp configuration',
    yaml: withSelectors(
      'HealthCheck',
      `
      conf:
        interval: 3s
        timeout: 10s
        unhealthyThreshold: 3
        healthyThreshold: 1
        http: {}
        tcp: {}`,
    ),
    expect: [
      'conf.http.path: has to be defined and cannot be empty',
      'conf: http and tcp cannot be defined at the same time',
    ],
  },
  {
    name: 'a negative interval is accepted (Kuma only rejects zero); an absent threshold is zero',
    yaml: withSelectors('HealthCheck', 'conf: {interval: -1s, timeout: 1s, healthyThreshold: 1}'),
    expect: ['conf.unhealthyThreshold: must have a positive value'],
  },
]);

// --- CircuitBreaker ---------------------------------------------------------------------------

const FRONTEND_US_TO_BACKEND = `
      sources:
      - match:
          kuma.io/service: frontend
          region: us
      destinations:
      - match:
          kuma.io/service: backend`;

const breaker = (conf: string): string => policy('CircuitBreaker', FRONTEND_US_TO_BACKEND, conf);

table('CircuitBreaker (circuit_breaker_validator_test.go)', [
  {
    name: 'full example',
    yaml: breaker(`
      conf:
        interval: 1s
        baseEjectionTime: 30s
        maxEjectionPercent: 20
        splitExternalAndLocalErrors: false
        detectors:
          totalErrors:
            consecutive: 20
          gatewayErrors:
            consecutive: 10
          localErrors:
            consecutive: 7
          standardDeviation:
            requestVolume: 10
            minimumHosts: 5
            factor: 1.9
          failure:
            requestVolume: 10
            minimumHosts: 5
            threshold: 85
        thresholds:
          maxConnections: 2
          maxPendingRequests: 2
          maxRetries: 2
          maxRequests: 2`),
    expect: 'valid',
  },
  {
    name: 'one detector with default values',
    yaml: breaker(`
      conf:
        detectors:
          totalErrors: {}
          standardDeviation: {}`),
    expect: 'valid',
  },
  { name: 'only thresholds', yaml: breaker('conf: {thresholds: {maxConnections: 2}}'), expect: 'valid' },
  {
    name: 'spec: empty',
    yaml: doc('CircuitBreaker'),
    expect: [
      ...EMPTY_SOURCES_DESTINATIONS,
      'conf: must have at least one of the detector or threshold configured',
    ],
  },
  {
    name: 'wrong format',
    yaml: doc(
      'CircuitBreaker',
      `
      sources:
      - match:
          kuma.io/service: frontend
          region: us
      destinations:
      - match:
          kuma.io/service: backend
          region: eu
      conf:
          maxEjectionPercent: 120
          detectors:
            failure:
              threshold: 850`,
    ),
    expect: [
      'destinations[0].match: must consist of exactly one tag "kuma.io/service"',
      'destinations[0].match["region"]: tag "region" is not allowed',
      'conf.maxEjectionPercent: has to be in [0.0 - 100.0] range',
      'conf.detectors.failure.threshold: has to be in [0.0 - 100.0] range',
    ],
  },
  {
    name: 'empty thresholds section',
    yaml: breaker(`
      conf:
        detectors:
          totalErrors: {}
          standardDeviation: {}
        thresholds: {}`),
    expect: ["conf.thresholds: can't be empty"],
  },
  {
    name: 'empty detectors section',
    yaml: breaker(`
      conf:
        detectors: {}
        thresholds:
          maxConnections: 2`),
    expect: ["conf.detectors: can't be empty"],
  },
  {
    name: 'empty detectors and thresholds section',
    yaml: breaker('conf: {detectors: {}, thresholds: {}}'),
    expect: ['conf: must have at least one of the detector or threshold configured'],
  },
]);

// --- FaultInjection ---------------------------------------------------------------------------

const FAULT_SELECTORS = `
      sources:
      - match:
         service: frontend
         kuma.io/protocol: http
      destinations:
      - match:
         service: backend
         kuma.io/protocol: http
         region: eu`;

const fault = (conf: string): string => policy('FaultInjection', FAULT_SELECTORS, conf);

table('FaultInjection (fault_injection_validator_test.go)', [
  {
    name: 'full example',
    yaml: doc(
      'FaultInjection',
      `
      sources:
      - match:
          service: frontend
          kuma.io/protocol: http
      destinations:
      - match:
          service: backend
          kuma.io/protocol: http
          region: eu
          kuma.io/valid: abcd.123-456.under_score_.:80
      conf:
        delay:
          percentage: 50
          value: 10ms
        abort:
          percentage: 40
          httpStatus: 500
        responseBandwidth:
          percentage: 40
          limit: 50kbps`,
    ),
    expect: 'valid',
  },
  {
    name: 'http2',
    yaml: doc(
      'FaultInjection',
      `
      sources:
      - match:
          service: frontend
      destinations:
      - match:
          service: backend
          kuma.io/protocol: http2
      conf:
        delay:
          percentage: 50
          value: 10ms`,
    ),
    expect: 'valid',
  },
  {
    name: 'match any',
    yaml: doc(
      'FaultInjection',
      `
      sources:
      - match:
          service: frontend
          kuma.io/protocol: http
      destinations:
      - match:
          service: backend
          kuma.io/protocol: grpc
          region: "*"
      conf:
        response_bandwidth:
          percentage: 40
          limit: 50kbps`,
    ),
    expect: 'valid',
  },
  {
    name: 'spec: empty',
    yaml: doc('FaultInjection'),
    expect: [...EMPTY_SOURCES_DESTINATIONS, 'conf: must have at least one of the faults configured'],
  },
  {
    name: 'conf.*: empty',
    yaml: fault(`
      conf:
        delay: {}
        abort: {}
        responseBandwidth: {}`),
    expect: ['conf: must have at least one of the faults configured'],
  },
  {
    name: 'conf.*.percentage: empty',
    yaml: fault(`
      conf:
        delay:
          value: 50ms
        abort:
          httpStatus: 500
        responseBandwidth:
          limit: 50kbps`),
    expect: [
      'conf.delay.percentage: cannot be empty',
      'conf.abort.percentage: cannot be empty',
      'conf.responseBandwidth.percentage: cannot be empty',
    ],
  },
  {
    name: 'conf.* main value: empty',
    yaml: fault(`
      conf:
        delay:
          percentage: 30
        abort:
          percentage: 30
        responseBandwidth:
          percentage: 30`),
    expect: [
      'conf.delay.value: cannot be empty',
      'conf.abort.httpStatus: cannot be empty',
      'conf.responseBandwidth.limit: cannot be empty',
    ],
  },
  {
    name: 'conf.abort: wrong format',
    yaml: fault(`
      conf:
        abort:
          httpStatus: 600
          percentage: 100`),
    expect: ['conf.abort.httpStatus: http status code is incorrect'],
  },
  {
    name: 'conf.responseBandwidth: wrong format',
    yaml: fault(`
      conf:
        responseBandwidth:
          limit: 50mb
          percentage: 101`),
    expect: [
      'conf.responseBandwidth.percentage: has to be in [0.0 - 100.0] range',
      'conf.responseBandwidth.limit: has to be in kbps/mbps/gbps units',
    ],
  },
  {
    name: 'kuma.io/protocol: not specified',
    yaml: doc(
      'FaultInjection',
      `
      sources:
      - match:
          service: frontend
      destinations:
      - match:
          service: backend
          region: eu
      conf:
        responseBandwidth:
          limit: 50mbps
          percentage: 100`,
    ),
    expect: ['destinations[0].match: protocol must be specified'],
  },
  {
    name: 'kuma.io/protocol: wrong protocol',
    yaml: doc(
      'FaultInjection',
      `
      sources:
      - match:
          service: frontend
      destinations:
      - match:
          service: backend
          region: eu
          kuma.io/protocol: tcp
      conf:
        responseBandwidth:
          limit: 50mbps
          percentage: 100`,
    ),
    expect: ['destinations[0].match["kuma.io/protocol"]: must be one of the [http, http2, grpc]'],
  },
  {
    name: 'tag value: invalid character set',
    yaml: doc(
      'FaultInjection',
      `
      sources:
      - match:
          service: frontend
          kuma.io/protocol: http
          invalidTag: v@/u^e
      destinations:
      - match:
          service: backend
          kuma.io/protocol: http
          invalidTag: v@/u^e#!
      conf:
        responseBandwidth:
          limit: 50mbps
          percentage: 100`,
    ),
    expect: [
      'sources[0].match["invalidTag"]: tag value must consist of alphanumeric characters, dots, dashes, slashes and underscores or be "*"',
      'destinations[0].match["invalidTag"]: tag value must consist of alphanumeric characters, dots, dashes, slashes and underscores or be "*"',
    ],
  },
  {
    name: 'tag name: invalid character set',
    yaml: doc(
      'FaultInjection',
      `
      sources:
      - match:
          service: frontend
          kuma.io/protocol: http
          inv@lidT@g#: value
      destinations:
      - match:
          service: backend
          kuma.io/protocol: http
          inv@lidT@g#: value
      conf:
        responseBandwidth:
          limit: 50mbps
          percentage: 100`,
    ),
    expect: [
      'sources[0].match["inv@lidT@g#"]: tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores',
      'destinations[0].match["inv@lidT@g#"]: tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores',
    ],
  },
  {
    name: 'an unknown status code and a limit unit in capitals',
    yaml: fault(
      'conf: {abort: {percentage: 10, httpStatus: 306}, responseBandwidth: {percentage: 10, limit: 5Mbps}}',
    ),
    expect: [
      'conf.abort.httpStatus: http status code is incorrect',
      'conf.responseBandwidth.limit: has to be in kbps/mbps/gbps units',
    ],
  },
]);

// --- Retry ------------------------------------------------------------------------------------

const retry = (conf: string): string => withSelectors('Retry', conf);

table('Retry (retry_validator_test.go)', [
  {
    name: 'all protocols configuration provided',
    yaml: retry(`
      conf:
          http:
              numRetries: 3
              perTryTimeout: 200ms
              backOff:
                  baseInterval: 30ms
                  maxInterval: 1.2s
              retriableStatusCodes: [501, 502]
          grpc:
              numRetries: 3
              perTryTimeout: 200ms
              backOff:
                  baseInterval: 58ms
                  maxInterval: 1s
              retryOn:
              - cancelled
              - unavailable
          tcp:
              maxConnectAttempts: 5`),
    expect: 'valid',
  },
  {
    name: 'empty spec',
    yaml: doc('Retry'),
    expect: [...EMPTY_SOURCES_DESTINATIONS, 'conf: has to be defined'],
  },
  {
    name: 'selectors with empty tags values',
    yaml: doc('Retry', SELECTORS.emptyTagValues),
    expect: [...SERVICE_DESTINATIONS.emptyTagValues, 'conf: has to be defined'],
  },
  {
    name: 'empty conf',
    yaml: retry('conf: {}'),
    expect: ['conf: missing protocol [grpc|http|tcp] configuration'],
  },
  { name: 'empty conf.http', yaml: retry('conf: {http: {}}'), expect: ['conf.http: field cannot be empty'] },
  {
    name: 'invalid conf.http',
    yaml: retry(`
      conf:
          http:
              numRetries: 0
              perTryTimeout: "0"
              backOff: {}
              retriableMethods:
              - NONE`),
    expect: [
      'conf.http.numRetries: has to be greater than 0 when defined',
      'conf.http.perTryTimeout: has to be greater than 0 when defined',
      'conf.http.backOff.baseInterval: has to be defined',
      'conf.http.retriableMethods[0]: field cannot be empty',
    ],
  },
  {
    name: 'invalid conf.http retries not specified',
    yaml: retry(`
      conf:
          http:
              retryOn:
              - all_5xx
              - retriable_status_codes`),
    expect: ['conf.http.retryOn[1]: retriableStatusCodes cannot be empty when this option is specified'],
  },
  { name: 'empty conf.grpc', yaml: retry('conf: {grpc: {}}'), expect: ['conf.grpc: field cannot be empty'] },
  {
    name: 'invalid conf.grpc',
    yaml: retry(`
      conf:
          grpc:
              numRetries: 0
              backOff: {}
              perTryTimeout: "0"
              retryOn:
              - cancelled
              - resource_exhausted
              - cancelled
              - cancelled
              - resource_exhausted
              - internal
              - internal
              - internal`),
    expect: [
      'conf.grpc.retryOn: repeated value "cancelled" at indexes [0, 2, 3]',
      'conf.grpc.retryOn: repeated value "internal" at indexes [5, 6, 7]',
      'conf.grpc.retryOn: repeated value "resource_exhausted" at indexes [1, 4]',
      'conf.grpc.numRetries: has to be greater than 0 when defined',
      'conf.grpc.perTryTimeout: has to be greater than 0 when defined',
      'conf.grpc.backOff.baseInterval: has to be defined',
    ],
  },
  {
    name: 'conf.grpc.backOff.baseInterval equal 0',
    yaml: retry('conf: {grpc: {backOff: {baseInterval: "0"}}}'),
    expect: ['conf.grpc.backOff.baseInterval: has to be greater than 0'],
  },
  {
    name: 'conf.grpc.backOff.maxInterval equal 0s',
    yaml: retry('conf: {grpc: {backOff: {baseInterval: 20ms, maxInterval: 0s}}}'),
    expect: ['conf.grpc.backOff.maxInterval: has to be greater than 0 when defined'],
  },
  {
    name: 'empty conf.tcp',
    yaml: retry('conf: {tcp: {}}'),
    expect: ['conf.tcp.maxConnectAttempts: has to be greater than 0'],
  },
  {
    name: 'enum values by number: 0 is NONE / cancelled',
    yaml: retry('conf: {http: {retriableMethods: [3, 0]}, grpc: {retryOn: [0, 0]}}'),
    expect: [
      'conf.http.retriableMethods[1]: field cannot be empty',
      'conf.grpc.retryOn: repeated value "cancelled" at indexes [0, 1]',
    ],
  },
]);

// --- Timeout ----------------------------------------------------------------------------------

const FRONTEND_HTTP_TO_BACKEND = `
      sources:
      - match:
         kuma.io/service: frontend
         kuma.io/protocol: http
      destinations:
      - match:
         kuma.io/service: backend`;

const timeout = (conf: string): string => policy('Timeout', FRONTEND_HTTP_TO_BACKEND, conf);

table('Timeout (timeout_validator_test.go)', [
  {
    name: 'full policy',
    yaml: timeout(`
      conf:
        connectTimeout: 5s
        tcp:
          idleTimeout: 50s
        http:
          requestTimeout: 15s
          idleTimeout: 1h
        grpc:
          streamIdleTimeout: 40s
          maxStreamDuration: 30m`),
    expect: 'valid',
  },
  {
    name: 'spec: empty',
    yaml: doc('Timeout'),
    expect: [...EMPTY_SOURCES_DESTINATIONS, 'conf: has to be defined'],
  },
  {
    name: 'conf.*: empty',
    yaml: timeout(`
      conf:
        connectTimeout: 5s
        tcp: {}
        http: {}
        grpc: {}`),
    expect: [
      'conf.tcp: at least one timeout in section has to be defined',
      'conf.http: at least one timeout in section has to be defined',
      'conf.grpc: at least one timeout in section has to be defined',
    ],
  },
  {
    name: 'zero timeouts; an http section with only streamIdleTimeout counts as empty',
    yaml: timeout(`
      conf:
        tcp: {idleTimeout: 0s}
        http: {stream_idle_timeout: 5s}
        grpc: {streamIdleTimeout: 0s, maxStreamDuration: 1s}`),
    expect: [
      'conf.tcp.idleTimeout: has to be greater than 0',
      'conf.http: at least one timeout in section has to be defined',
      'conf.grpc.streamIdleTimeout: has to be greater than 0 when defined',
    ],
  },
]);

// --- RateLimit --------------------------------------------------------------------------------

table('RateLimit (rate_limit_validator_test.go)', [
  {
    name: 'full example',
    yaml: doc(
      'RateLimit',
      `
      sources:
      - match:
          service: frontend
          kuma.io/protocol: http
      destinations:
      - match:
          service: backend
          kuma.io/protocol: http
          region: eu
          kuma.io/valid: abcd.123-456.under_score_.:80
      conf:
        http:
          requests: 10
          interval: 10s
          onRateLimit:
            status: 423
            headers:
              - key: "x-mesh-rate-limit"
                value: "true"
                append: false
              - key: "x-kuma-rate-limit"
                value: "true"
                append: true`,
    ),
    expect: 'valid',
  },
  {
    name: 'empty spec',
    yaml: doc('RateLimit'),
    expect: [...EMPTY_SOURCES_DESTINATIONS, 'conf: must have conf'],
  },
  {
    name: 'selectors without tags',
    yaml: policy(
      'RateLimit',
      SELECTORS.withoutTags,
      `
      conf:
        http:
          requests: 10
          interval: 10s`,
    ),
    expect: ANY_DESTINATIONS.withoutTags,
  },
  {
    name: 'http',
    yaml: doc(
      'RateLimit',
      `
      sources:
      - match:
          kuma.io/service: '*'
      destinations:
      - match:
          kuma.io/service: '*'
      conf:
        http:
          onRateLimit:
            headers:
              - key: ""
                value: ""`,
    ),
    expect: [
      'conf.http.requests: requests must be set',
      'conf.http.interval: interval must be set',
      'conf.http.onRateLimit.header["0"]: key must be set',
      'conf.http.onRateLimit.header["0"]: value must be set',
    ],
  },
  {
    name: 'a conf without http is accepted',
    yaml: doc('RateLimit', `${dedent(WEB_TO_BACKEND)}\nconf: {}`),
    expect: 'valid',
  },
]);

// --- ProxyTemplate ----------------------------------------------------------------------------

const BACKEND_SELECTORS = `
      selectors:
      - match:
          kuma.io/service: backend`;

const template = (conf: string): string => policy('ProxyTemplate', BACKEND_SELECTORS, conf);

const TCP_PROXY_FILTER = `|
              name: envoy.filters.network.tcp_proxy
              typedConfig:
                '@type': type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
                cluster: backend`;

table('ProxyTemplate (proxytemplate_validator_test.go)', [
  {
    name: 'full example',
    yaml: template(`
      conf:
        imports:
        - default-proxy
        resources:
        - name: additional
          version: v1
          resource: |
            '@type': type.googleapis.com/envoy.config.cluster.v3.Cluster
            connection_pool_per_downstream_connection: true # V3 only setting
            connectTimeout: 5s
            loadAssignment:
              clusterName: localhost:8443
              endpoints:
                - lbEndpoints:
                    - endpoint:
                        address:
                          socketAddress:
                            address: 127.0.0.1
                            portValue: 8443
            name: localhost:8443
            type: STATIC`),
    expect: 'valid',
  },
  { name: 'empty conf', yaml: doc('ProxyTemplate', BACKEND_SELECTORS), expect: 'valid' },
  {
    name: 'no selectors at all',
    yaml: doc('ProxyTemplate', 'conf: {imports: [gateway-proxy]}'),
    expect: 'valid',
  },
  {
    name: 'cluster modifications',
    yaml: template(`
      conf:
        modifications:
        - cluster:
            operation: add
            value: |
              name: xyz
              connectTimeout: 5s
              type: STATIC
        - cluster:
            operation: patch
            value: |
              connectTimeout: 5s
        - cluster:
            operation: patch
            match:
              name: inbound:127.0.0.1:8080
            value: |
              connectTimeout: 5s
        - cluster:
            operation: patch
            match:
              origin: inbound
            value: |
              connectTimeout: 5s
        - cluster:
            operation: remove
        - cluster:
            operation: remove
            match:
              name: inbound:127.0.0.1:8080
        - cluster:
            operation: remove
            match:
              origin: inbound`),
    expect: 'valid',
  },
  {
    name: 'listener modifications',
    yaml: template(`
      conf:
        modifications:
        - listener:
            operation: add
            value: |
              name: xyz
              address:
                socketAddress:
                  address: 192.168.0.1
                  portValue: 8080
        - listener:
            operation: patch
            match:
              name: inbound:127.0.0.1:8080
            value: |
              address:
                socketAddress:
                  portValue: 8080
        - listener:
            operation: remove
            match:
              origin: inbound`),
    expect: 'valid',
  },
  {
    name: 'network filter modifications',
    yaml: template(`
      conf:
        modifications:
        - networkFilter:
            operation: addFirst
            value: ${TCP_PROXY_FILTER}
        - networkFilter:
            operation: addLast
            value: ${TCP_PROXY_FILTER}
        - networkFilter:
            operation: addBefore
            match:
              name: envoy.filters.network.direct_response
            value: ${TCP_PROXY_FILTER}
        - networkFilter:
            operation: addAfter
            match:
              name: envoy.filters.network.direct_response
              listenerName: inbound:127.0.0.0:8080
            value: ${TCP_PROXY_FILTER}
        - networkFilter:
            operation: patch
            match:
              name: envoy.filters.network.tcp_proxy
              listenerName: inbound:127.0.0.0:8080
            value: ${TCP_PROXY_FILTER}
        - networkFilter:
            operation: remove`),
    expect: 'valid',
  },
  {
    name: 'http filter modifications',
    yaml: template(`
      conf:
        modifications:
        - httpFilter:
            operation: addFirst
            value: |
              name: envoy.filters.http.router
              typedConfig:
                '@type': type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
                dynamicStats: false
        - httpFilter:
            operation: addAfter
            match:
              name: envoy.filters.http.router
              listenerName: inbound:127.0.0.0:8080
            value: |
              name: envoy.filters.http.gzip
        - httpFilter:
            operation: remove`),
    expect: 'valid',
  },
  {
    // Kuma's document gives a cluster match a `routeConfigurationName` (an unknown field there);
    // left out here.
    name: 'virtual host modifications',
    yaml: template(`
      conf:
        modifications:
        - virtualHost:
            operation: add
            match:
              origin: outbound
              routeConfigurationName: outbound:backend
            value: |
              name: backend
              domains:
              - backend.com
              routes:
              - match:
                  prefix: /
                route:
                  cluster: backend
        - virtualHost:
            operation: patch
            match:
              routeConfigurationName: outbound:backend
              name: backend
            value: |
              retryPolicy:
                retryOn: 5xx
                numRetries: 3
        - cluster:
            operation: remove
            match:
              name: backend`),
    expect: 'valid',
  },
  {
    name: 'empty import',
    yaml: template('conf: {imports: [""]}'),
    expect: ['conf.imports[0]: cannot be empty'],
  },
  {
    // Kuma's test registers default/egress/ingress; a control plane also has gateway-proxy.
    name: 'unknown profile',
    yaml: template('conf: {imports: [unknown-profile]}'),
    expect: [
      'conf.imports[0]: profile not found. Available profiles: default-proxy,egress-proxy,gateway-proxy,ingress-proxy',
    ],
  },
  {
    name: 'resources empty fields',
    yaml: template(`
      conf:
        resources:
        - name:
          version:
          resource:`),
    expect: [
      'conf.resources[0].name: cannot be empty',
      'conf.resources[0].version: cannot be empty',
      'conf.resources[0].resource: cannot be empty',
    ],
  },
  {
    name: 'selector without tags',
    yaml: doc('ProxyTemplate', 'selectors:\n- match:'),
    expect: [
      'selectors[0].match: must have at least one tag',
      'selectors[0].match: mandatory tag "kuma.io/service" is missing',
    ],
  },
  {
    name: 'empty tag',
    yaml: doc('ProxyTemplate', 'selectors:\n- match:\n    "": asdf'),
    expect: [
      'selectors[0].match: tag name must be non-empty',
      'selectors[0].match: mandatory tag "kuma.io/service" is missing',
    ],
  },
  {
    name: 'empty tag value',
    yaml: doc('ProxyTemplate', 'selectors:\n- match:\n    kuma.io/service:'),
    expect: ['selectors[0].match["kuma.io/service"]: tag value must be non-empty'],
  },
  {
    name: 'validation error from envoy protobuf resource',
    yaml: template(`
      conf:
        resources:
        - name: additional
          version: v1
          resource: |
            '@type': type.googleapis.com/envoy.config.cluster.v3.Cluster
            loadAssignment:
              clusterName: localhost:8443
              endpoints:
                - lbEndpoints:
                    - endpoint:
                        address:
                          socketAddress:
                            address: 127.0.0.1
                            portValue: 8443`),
    expect: [
      'conf.resources[0].resource: native Envoy resource is not valid: invalid Cluster.Name: value length must be at least 1 runes',
    ],
  },
  {
    name: 'invalid envoy resource',
    yaml: template(`
      conf:
        resources:
        - name: additional
          version: v1
          resource: not-envoy-resource`),
    expect: [
      'conf.resources[0].resource: native Envoy resource is not valid: json: cannot unmarshal string into Go value of type map[string]json.RawMessage',
    ],
  },
  {
    name: 'a resource without @type',
    yaml: template('conf: {resources: [{name: a, version: v1, resource: "name: a"}]}'),
    expect: ["conf.resources[0].resource: native Envoy resource is not valid: Any JSON doesn't have '@type'"],
  },
  {
    name: 'invalid cluster modifications',
    yaml: template(`
      conf:
        modifications:
        - cluster:
            operation: addFirst
        - cluster:
            operation: add
            value: '{'
        - cluster:
            operation: patch
            value: '{'
        - cluster:
            operation: add
            match:
              name: inbound:127.0.0.1:80
            value: |
              name: xyz`),
    expect: [
      'conf.modifications[0].cluster.operation: invalid operation. Available operations: "add", "patch", "remove"',
      'conf.modifications[1].cluster.value: native Envoy resource is not valid: unexpected EOF',
      'conf.modifications[2].cluster.value: native Envoy resource is not valid: unexpected EOF',
      'conf.modifications[3].cluster.match: cannot be defined',
    ],
  },
  {
    name: 'invalid listener modifications',
    yaml: template(`
      conf:
        modifications:
        - listener:
            operation: addFirst
        - listener:
            operation: add
            value: '{'
        - listener:
            operation: patch
            value: '{'
        - listener:
            operation: add
            match:
              name: inbound:127.0.0.1:80
            value: |
              name: xyz
              address:
                socketAddress:
                  address: 192.168.0.1
                  portValue: 8080`),
    expect: [
      'conf.modifications[0].listener.operation: invalid operation. Available operations: "add", "patch", "remove"',
      'conf.modifications[1].listener.value: native Envoy resource is not valid: unexpected EOF',
      'conf.modifications[2].listener.value: native Envoy resource is not valid: unexpected EOF',
      'conf.modifications[3].listener.match: cannot be defined',
    ],
  },
  {
    name: 'invalid network filter operation',
    yaml: template(`
      conf:
        modifications:
        - networkFilter:
            operation: addFirst
            value: '{'
        - networkFilter:
            operation: addBefore
            value: '{'
        - networkFilter:
            operation: addAfter
            value: '{'
        - networkFilter:
            operation: patch
            value: '{'
        - networkFilter:
            operation: add`),
    expect: [
      'conf.modifications[0].networkFilter.value: native Envoy resource is not valid: unexpected EOF',
      'conf.modifications[1].networkFilter.match.name: cannot be empty. You need to pick a filter before which this one will be added',
      'conf.modifications[1].networkFilter.value: native Envoy resource is not valid: unexpected EOF',
      'conf.modifications[2].networkFilter.match.name: cannot be empty. You need to pick a filter after which this one will be added',
      'conf.modifications[2].networkFilter.value: native Envoy resource is not valid: unexpected EOF',
      'conf.modifications[3].networkFilter.match.name: cannot be empty',
      'conf.modifications[3].networkFilter.value: native Envoy resource is not valid: unexpected EOF',
      'conf.modifications[4].networkFilter.operation: invalid operation. Available operations: "addFirst", "addLast", "addBefore", "addAfter", "patch", "remove"',
    ],
  },
  {
    name: 'invalid http filter operation',
    yaml: template(`
      conf:
        modifications:
        - httpFilter:
            operation: addFirst
            value: '{'
        - httpFilter:
            operation: addBefore
            value: '{'
        - httpFilter:
            operation: addAfter
            value: '{'
        - httpFilter:
            operation: patch
            value: '{'`),
    expect: [
      'conf.modifications[0].httpFilter.value: native Envoy resource is not valid: unexpected EOF',
      'conf.modifications[1].httpFilter.match.name: cannot be empty. You need to pick a filter before which this one will be added',
      'conf.modifications[1].httpFilter.value: native Envoy resource is not valid: unexpected EOF',
      'conf.modifications[2].httpFilter.match.name: cannot be empty. You need to pick a filter after which this one will be added',
      'conf.modifications[2].httpFilter.value: native Envoy resource is not valid: unexpected EOF',
      'conf.modifications[3].httpFilter.match.name: cannot be empty',
      'conf.modifications[3].httpFilter.value: native Envoy resource is not valid: unexpected EOF',
    ],
  },
  {
    name: 'invalid virtual host operation',
    yaml: template(`
      conf:
        modifications:
        - virtualHost:
            operation: add
            match:
              name: xyz
            value: '{'
        - virtualHost:
            operation: addFirst
        - virtualHost:
            operation: patch
            value: '{'`),
    expect: [
      'conf.modifications[0].virtualHost.match.name: cannot be defined',
      'conf.modifications[0].virtualHost.value: native Envoy resource is not valid: unexpected EOF',
      'conf.modifications[1].virtualHost.operation: invalid operation. Available operations: "add", "patch", "remove"',
      'conf.modifications[2].virtualHost.value: native Envoy resource is not valid: unexpected EOF',
    ],
  },
  {
    name: 'an added virtual host needs a name and domains; an added filter a name',
    yaml: template(`
      conf:
        modifications:
        - virtualHost: {operation: add, value: "name: backend"}
        - httpFilter: {operation: addLast, value: "typedConfig: {}"}`),
    expect: [
      'conf.modifications[0].virtualHost.value: native Envoy resource is not valid: invalid VirtualHost.Domains: value must contain at least 1 item(s)',
      'conf.modifications[1].httpFilter.value: native Envoy resource is not valid: invalid HttpFilter.Name: value length must be at least 1 runes',
    ],
  },
]);

// --- VirtualOutbound --------------------------------------------------------------------------

const outbound = (conf: string): string =>
  doc('VirtualOutbound', `selectors:\n- match:\n    kuma.io/service: "*"\n${dedent(conf)}`);

const SERVICE_PARAMETER = `
        parameters:
        - name: "service"
          tagKey: "kuma.io/service"`;

table('VirtualOutbound (virtual_outbound_validator_test.go)', [
  {
    name: 'full example',
    yaml: doc(
      'VirtualOutbound',
      `
      selectors:
      - match:
          region: eu
          kuma.io/service: "*"
      conf:
        host: "foo.bar"
        port: "80"
        parameters:
          - name: "service"
            tagKey: "kuma.io/service"`,
    ),
    expect: 'valid',
  },
  {
    name: 'templated host and port',
    yaml: doc(
      'VirtualOutbound',
      `
      selectors:
      - match:
          region: eu
          kuma.io/service: "*"
      conf:
        host: "{{.service}}.mesh"
        port: "{{.port}}"
        parameters:
          - name: "service"
            tagKey: kuma.io/service
          - name: "port"
            tagKey: kuma.io/port`,
    ),
    expect: 'valid',
  },
  {
    name: 'empty spec',
    yaml: doc('VirtualOutbound'),
    expect: ['selectors: must have at least one element', 'conf: has to be defined'],
  },
  {
    name: 'selectors without tags',
    yaml: doc(
      'VirtualOutbound',
      `
      selectors:
      - match: {}
      conf:
        host: "foo.mesh"
        port: "80"
        parameters:
        - name: "service"
          tagKey: "kuma.io/service"`,
    ),
    expect: ['selectors[0].match: must have at least one tag'],
  },
  {
    name: 'bad host template',
    yaml: outbound(`
      conf:
        host: "foo.{{mesh"
        port: "80"
        ${SERVICE_PARAMETER.trim()}`),
    expect: [
      'conf.host: template pre evaluation failed with error="failed compiling gotemplate error=\\"template: :1: function \\\\\\"mesh\\\\\\" not defined\\""',
    ],
  },
  {
    name: 'bad port template',
    yaml: outbound(`
      conf:
        host: "foo.mesh"
        port: "{{port"
        ${SERVICE_PARAMETER.trim()}`),
    expect: [
      'conf.port: template pre evaluation failed with error="failed compiling gotemplate error=\\"template: :1: function \\\\\\"port\\\\\\" not defined\\""',
    ],
  },
  {
    name: 'port is not a number template',
    yaml: outbound(`
      conf:
        host: "foo.mesh"
        port: "{{.port}}a"
        parameters:
        - name: port
          tagKey: "service"
        - name: "service"
          tagKey: "kuma.io/service"`),
    expect: [
      'conf.port: template pre evaluation failed with error="evaluation of template with parameters didn\'t evaluate to a parsable number result=\\"1a\\""',
    ],
  },
  {
    name: 'parameter is not good tag',
    yaml: outbound(`
      conf:
        host: "foo.mesh"
        port: "80"
        parameters:
          - name: port
            tagKey: "***"
          - name: service
            tagKey: "kuma.io/service"`),
    expect: ['conf.parameters[0].tagKey: must be a valid tag name'],
  },
  {
    name: 'parameter is not good template entry',
    yaml: outbound(`
      conf:
        host: "foo.mesh"
        port: "80"
        parameters:
        - name: _
          tagKey: "kuma.io/service"`),
    expect: [
      'conf.parameters[0].name: must consist of alphanumeric characters to be used as a gotemplate key',
    ],
  },
  {
    name: 'parameter named like a tag is not a good template entry',
    yaml: outbound(`
      conf:
        host: "foo.mesh"
        port: "80"
        parameters:
        - name: srv
          tagKey: "kuma.io/service"
        - name: "kuma.io/port"`),
    expect: [
      'conf.parameters[1].name: must consist of alphanumeric characters to be used as a gotemplate key',
    ],
  },
  {
    name: 'duplicate name not allowed',
    yaml: outbound(`
      conf:
        host: "foo.mesh"
        port: "80"
        parameters:
        - name: srv
          tagKey: "kuma.io/service"
        - name: srv`),
    expect: ['conf.parameters[1].name: name is already used'],
  },
  {
    name: 'empty parameter is not good template entry',
    yaml: outbound(`
      conf:
        host: "foo.mesh"
        port: "80"
        parameters:
          - name: ""
            tagKey: "kuma.io/service"`),
    expect: [
      'conf.parameters[0].name: must consist of alphanumeric characters to be used as a gotemplate key',
    ],
  },
  {
    name: 'missing service tag in parameters',
    yaml: outbound(`
      conf:
        host: "foo.mesh"
        port: "80"
        parameters:
          - name: "foo"
            tagKey: "kuma.io/port"`),
    expect: ['conf.parameters: must contain a parameter with kuma.io/service as a tagKey'],
  },
  {
    name: 'a host that is no DNS name, a port out of range, an unknown parameter',
    yaml: outbound(`
      conf:
        host: "{{.service}}.{{.zone}}"
        port: "7{{.service}}0000"
        ${SERVICE_PARAMETER.trim()}`),
    expect: [
      'conf.host: template pre evaluation failed with error="evaluation of template with parameters didn\'t return a valid dns name result=\\"dummy.<no value>\\""',
      // The port is evaluated with "1" for every parameter: 710000.
      'conf.port: template pre evaluation failed with error="evaluation of template returned a port outside of the range [1..65535] result=710000"',
    ],
  },
  {
    name: 'missing host and port',
    yaml: outbound(`
      conf:
        ${SERVICE_PARAMETER.trim()}`),
    expect: ['conf.host: has to be defined', 'conf.port: has to be defined'],
  },
]);

// --- MeshGatewayRoute -------------------------------------------------------------------------

/** Kuma's documents: a MeshGatewayRoute for the `gateway` service with the given `conf`. */
const gwRoute = (conf: string): string =>
  universal('MeshGatewayRoute', `selectors:\n- match:\n    kuma.io/service: gateway\n${dedent(conf)}`, {
    meta: { name: 'route', mesh: 'default' },
    at: 'top',
  });

const TARGET_2 = `
      backends:
      - weight: 5
        destination:
          kuma.io/service: target-2`;

/** An HTTP rule matching `/` with `filters` and backend target-2. */
const ruleWith = (filters: string): string =>
  gwRoute(`
    conf:
      http:
        rules:
        - matches:
          - path:
              value: /
          ${dedent(filters).split('\n').join('\n          ')}
          ${dedent(TARGET_2).split('\n').join('\n          ')}`);

table('MeshGatewayRoute (gateway_route_validator_test.go)', [
  {
    name: 'HTTP route',
    yaml: gwRoute(`
      conf:
        http:
          hostnames:
          - foo.example.com
          rules:
          - matches:
            - method: GET
              path:
                match: EXACT
                value: /
              headers:
              - match: ABSENT
                name: x-baz
              - match: PRESENT
                name: x-bar
              - match: EXACT
                name: x-foo
                value: "my great foo"
              - match: REGEX
                name: x-count
                value: "[0-9]+"
              query_parameters:
              - match: EXACT
                name: customer
                value: kong
            filters:
            - rewrite:
                host_to_backend_hostname: true
            - request_header:
                set:
                - name: x-foo
                  value: foo
                - name: x-foo
                  value: foo
                add:
                - name: x-added
                  value: added
                - name: x-added
                  value: added
                remove:
                - x-deleted
            - mirror:
               percentage: 1.12
               backend:
                 destination:
                   kuma.io/service: target
            backends:
            - weight: 5
              destination:
                kuma.io/service: target-1
            - weight: 5
              destination:
                kuma.io/service: target-2`),
    expect: 'valid',
  },
  {
    name: 'HTTP redirect',
    yaml: gwRoute(`
      conf:
        http:
          hostnames:
          - foo.example.com
          rules:
          - matches:
            - method: GET
              path:
                match: EXACT
                value: /
              query_parameters:
              - match: EXACT
                name: customer
                value: kong
            filters:
            - redirect:
               scheme: http
               hostname: foo.example.com
               port: 80
               status_code: 307`),
    expect: 'valid',
  },
  {
    name: 'redirect filter with empty scheme and hostname',
    yaml: gwRoute(`
      conf:
        http:
          rules:
          - matches:
            - path:
                value: /
            filters:
            - redirect:
                status_code: 301`),
    expect: 'valid',
  },
  {
    name: 'TCP route (no checks)',
    yaml: gwRoute('conf: {tcp: {rules: [{backends: [{destination: {kuma.io/service: db}}]}]}}'),
    expect: 'valid',
  },
  { name: 'missing conf', yaml: gwRoute(''), expect: ['conf: cannot be empty'] },
  {
    name: 'missing HTTP rules',
    yaml: gwRoute('conf: {http: {rules: []}}'),
    expect: ['conf.http.rules: cannot be empty'],
  },
  {
    name: 'missing HTTP rule matches',
    yaml: gwRoute(`
      conf:
        http:
          rules:
          - backends:
            - weight: 5
              destination:
                kuma.io/service: target-2`),
    expect: ['conf.http.rules[0].matches: cannot be empty'],
  },
  {
    name: 'missing HTTP rule backends',
    yaml: gwRoute('conf: {http: {rules: [{matches: [{path: {match: EXACT, value: /}}]}]}}'),
    expect: ['conf.http.rules[0].backends: cannot be empty'],
  },
  {
    name: 'backends with no service',
    yaml: gwRoute(`
      conf:
        http:
          rules:
          - matches:
            - path:
                match: EXACT
                value: /
            backends:
            - weight: 5
              destination:
                phoney: target-2`),
    expect: ['conf.http.rules[0].backends[0]: mandatory tag "kuma.io/service" is missing'],
  },
  {
    name: 'rule with missing match',
    yaml: gwRoute(`
      conf:
        http:
          rules:
          - matches:
            - {}
            ${dedent(TARGET_2).split('\n').join('\n            ')}`),
    expect: ['conf.http.rules[0].matches[0]: cannot be empty'],
  },
  {
    name: 'match with empty path',
    yaml: gwRoute(`
      conf:
        http:
          rules:
          - matches:
            - path:
                match: REGEX
            ${dedent(TARGET_2).split('\n').join('\n            ')}`),
    expect: ['conf.http.rules[0].matches[0].value: cannot be empty'],
  },
  {
    name: 'match with relative path',
    yaml: gwRoute(`
      conf:
        http:
          rules:
          - matches:
            - path:
                value: some/path
            ${dedent(TARGET_2).split('\n').join('\n            ')}`),
    expect: ['conf.http.rules[0].matches[0].value: must be an absolute path'],
  },
  {
    name: 'match with empty header name',
    yaml: gwRoute(`
      conf:
        http:
          rules:
          - matches:
            - headers:
              - value: value
            ${dedent(TARGET_2).split('\n').join('\n            ')}`),
    expect: ['conf.http.rules[0].matches[0].headers[0].name: cannot be empty'],
  },
  {
    name: 'match with empty header value',
    yaml: gwRoute(`
      conf:
        http:
          rules:
          - matches:
            - headers:
              - name: value
            ${dedent(TARGET_2).split('\n').join('\n            ')}`),
    expect: ['conf.http.rules[0].matches[0].headers[0].value: cannot be empty'],
  },
  {
    name: 'match with header value when using PRESENT',
    yaml: gwRoute(`
      conf:
        http:
          rules:
          - matches:
            - headers:
              - name: value
                value: foo
                match: PRESENT
            ${dedent(TARGET_2).split('\n').join('\n            ')}`),
    expect: ['conf.http.rules[0].matches[0].headers[0].value: cannot be set'],
  },
  {
    name: 'match with empty query name',
    yaml: gwRoute(`
      conf:
        http:
          rules:
          - matches:
            - query_parameters:
              - value: value
            ${dedent(TARGET_2).split('\n').join('\n            ')}`),
    expect: ['conf.http.rules[0].matches[0].query_parameters[0].name: cannot be empty'],
  },
  {
    name: 'match with empty query value (JSON name queryParameters)',
    yaml: gwRoute(`
      conf:
        http:
          rules:
          - matches:
            - queryParameters:
              - name: value
            ${dedent(TARGET_2).split('\n').join('\n            ')}`),
    expect: ['conf.http.rules[0].matches[0].query_parameters[0].value: cannot be empty'],
  },
  {
    name: 'empty request header filter',
    yaml: ruleWith(`
      filters:
      - request_header: {}`),
    expect: ['conf.http.rules[0].filters[0].request_header: cannot be empty'],
  },
  {
    name: 'empty request header filter set',
    yaml: ruleWith(`
      filters:
      - request_header:
          set:
          - name: x-foo
          add:
          - name: x-foo
            value: foo
          remove:
          - foo`),
    expect: ['conf.http.rules[0].filters[0].request_header.set[0].value: cannot be empty'],
  },
  {
    name: 'empty request header filter add',
    yaml: ruleWith(`
      filters:
      - request_header:
          set:
          - name: x-foo
            value: foo
          add:
          - value: foo
          remove:
          - foo`),
    expect: ['conf.http.rules[0].filters[0].request_header.add[0].name: cannot be empty'],
  },
  {
    name: 'empty request header filter remove',
    yaml: ruleWith(`
      filters:
      - requestHeader:
          remove:
          - ""`),
    expect: ['conf.http.rules[0].filters[0].request_header.remove[0]: cannot be empty'],
  },
  {
    name: "request header filter for 'host' header with 'rewrite.host_to_backend_hostname'",
    yaml: ruleWith(`
      filters:
      - rewrite:
          host_to_backend_hostname: true
      - request_header:
          set:
          - name: host
            value: foo`),
    // The host rewrite filter is dropped before the others are checked: the header filter is [0].
    expect: [
      "conf.http.rules[0].filters[0].request_header.set[0]: cannot modify 'host' header, when route has set 'rewrite.host_to_backend_hostname' option",
    ],
  },
  {
    name: 'empty mirror filter backend',
    yaml: ruleWith(`
      filters:
      - mirror:
          percentage: 0.0`),
    expect: ['conf.http.rules[0].filters[0].mirror.backend: cannot be empty'],
  },
  {
    name: 'mirror filter invalid percentage',
    yaml: ruleWith(`
      filters:
      - mirror:
          percentage: -1.0
          backend:
            destination:
              kuma.io/service: target-2`),
    expect: ['conf.http.rules[0].filters[0].mirror.percentage: has to be in [0.0 - 100.0] range'],
  },
  {
    name: 'redirect filter with invalid port',
    yaml: gwRoute(`
      conf:
        http:
          rules:
          - matches:
            - path:
                value: /
            filters:
            - redirect:
                scheme: https
                hostname: example.com
                port: 128555
                status_code: 301`),
    expect: ['conf.http.rules[0].filters[0].redirect.port: port must be in the range [1, 65535]'],
  },
  {
    name: 'redirect filter with invalid status',
    yaml: gwRoute(`
      conf:
        http:
          rules:
          - matches:
            - path:
                value: /
            filters:
            - redirect:
                scheme: https
                hostname: example.com
                status_code: 500`),
    expect: ['conf.http.rules[0].filters[0].redirect.status_code: must be in the range [300, 308]'],
  },
  {
    name: 'redirect filter with backend routes',
    yaml: ruleWith(`
      filters:
      - redirect:
          scheme: https
          hostname: example.com
          status_code: 300`),
    expect: ['conf.http.rules[0].backends: must be empty when using redirect filters'],
  },
  {
    // Kuma's document's second filter is an empty one (`mirror: null` and a misplaced
    // `backends`, an unknown field); a mirror filter here.
    name: 'redirect prevents other filters',
    yaml: gwRoute(`
      conf:
        http:
          rules:
          - matches:
            - path:
                value: /
            filters:
            - redirect:
                scheme: https
                hostname: example.com
                status_code: 300
            - mirror:
                percentage: 1
                backend:
                  destination:
                    kuma.io/service: target-2`),
    expect: ['conf.http.rules[0].filters: redirects cannot be used with other filters'],
  },
  {
    name: 'prefix without leading slash and with trailing slash',
    yaml: gwRoute(`
      conf:
        http:
          rules:
          - matches:
            - path:
                match: PREFIX
                value: prefix/
            ${dedent(TARGET_2).split('\n').join('\n            ')}`),
    expect: ['conf.http.rules[0].matches[0].value: must be an absolute path'],
  },
  {
    name: 'prefix match replacement without prefix match filter',
    yaml: gwRoute(`
      conf:
        http:
          rules:
          - matches:
            - path:
                value: /exact_path
            filters:
            - rewrite:
                replacePrefixMatch: "/"
            ${dedent(TARGET_2).split('\n').join('\n            ')}`),
    expect: [
      'conf.http.rules[0].filters[0].rewrite.replacePrefixMatch: cannot be used without a match on path prefix',
    ],
  },
  {
    name: 'missing selectors',
    yaml: 'type: MeshGatewayRoute\nname: route\nmesh: default\nconf: {tcp: {}}\n',
    expect: ['selectors: must have at least one element'],
  },
]);

// --- Protobuf JSON as Kuma reads it -----------------------------------------------------------

table('protobuf JSON reading (jsonpb, as Kuma decodes legacy specs)', [
  {
    name: 'proto (snake_case) names, quoted integers and Go durations are accepted',
    yaml: route(`
      conf:
        load_balancer:
          least_request: {choice_count: "3"}
        split:
        - weight: "10"
          destination: {kuma.io/service: offers}`),
    expect: 'valid',
  },
  {
    name: 'a field written with both names: the JSON name wins',
    yaml: route(`
      conf:
        load_balancer: {leastRequest: {choiceCount: 1, choice_count: 5}}
        destination: {kuma.io/service: offers}`),
    expect: ['conf.loadBalancer.leastRequest.choiceCount: value must be greater than or equal to 2'],
  },
  {
    name: 'null leaves a field unset',
    yaml: route(`
      conf:
        destination: {kuma.io/service: offers}
        split: null
        loadBalancer: null`),
    expect: 'valid',
  },
  {
    name: 'an empty split list is no split',
    yaml: route('conf: {split: []}'),
    expect: ['conf: requires either "destination" or "split"'],
  },
  {
    name: 'of two oneof members the later declared one is kept',
    yaml: route(`
      conf:
        loadBalancer: {ringHash: {hashFunction: NOPE}, random: {}}
        http:
        - match: {path: {prefix: "", regex: "^/x"}}
          destination: {kuma.io/service: offers}
        destination: {kuma.io/service: offers}`),
    expect: 'valid',
  },
  {
    name: 'unknown fields, wrong types, bad durations and out-of-range integers are rejected',
    yaml: withSelectors(
      'HealthCheck',
      `
      conf:
        interval: 10
        timeout: 5 seconds
        unhealthyThreshold: -1
        healthyThreshold: 1.5
        intervalJitterPercent: 4294967296
        tcp: {send: "not base64!"}
        unknown: 1`,
    ),
    expect: [
      'conf.interval: must be a string (got number)',
      'conf.timeout: must be a duration such as 10s, 1m30s or 250ms',
      'conf.unhealthyThreshold: must be in range [0, 4294967295]',
      'conf.healthyThreshold: must be an integer',
      'conf.intervalJitterPercent: must be in range [0, 4294967295]',
      'conf.tcp.send: must be base64-encoded',
      'conf.unknown: unknown field',
    ],
  },
  {
    name: 'an unknown enum name is rejected',
    yaml: retry('conf: {grpc: {retryOn: [sometimes]}}'),
    expect: [
      "conf.grpc.retryOn[0]: must be one of cancelled, deadline_exceeded, internal, resource_exhausted, unavailable (or the value's number)",
    ],
  },
]);

// --- Kubernetes form --------------------------------------------------------------------------

table('Kubernetes form (paths under spec)', [
  {
    name: 'a TrafficRoute',
    yaml: kubernetes(
      'TrafficRoute',
      `sources:
- match:
    kuma.io/service: web
destinations:
- match:
    kuma.io/service: backend
    version: v1
conf:
  split:
  - weight: 0
    destination:
      kuma.io/service: backend
`,
      { name: 'route-1', namespace: null, meshAt: 'top' },
    ),
    expect: [
      'spec.destinations[0].match: must consist of exactly one tag "kuma.io/service"',
      'spec.destinations[0].match["version"]: tag "version" is not allowed',
      'spec.conf.split: there must be at least one split entry with weight above 0',
    ],
  },
  {
    name: 'a valid HealthCheck',
    yaml: kubernetes(
      'HealthCheck',
      `sources: [{match: {kuma.io/service: web}}]
destinations: [{match: {kuma.io/service: backend}}]
conf: {interval: 10s, timeout: 2s, unhealthyThreshold: 3, healthyThreshold: 1}
`,
      { name: 'hc-1', namespace: null, meshAt: 'top' },
    ),
    expect: 'valid',
  },
]);
