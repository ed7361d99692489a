/**
 * The generated parts of k8s/components/platform: every manifest that follows from the contracts'
 * topics and the services' topology (Kafka topics and users, autoscalers, disruption budgets,
 * monitors, network policies, databases, per-service settings) and the PrometheusRule from
 * ops/prometheus/alerts.yml. Written by `npm run ops:files`; a test fails while they differ.
 */
import { parse, stringify } from 'yaml';
import { platformTopics, portalTopology, ServiceTopology, topology } from './topology';

export const KAFKA_CLUSTER = 'mutuals';
export const KAFKA_BOOTSTRAP = `${KAFKA_CLUSTER}-kafka-bootstrap:9093`;
/** Partitions of every stream (and so the most consumers of one group that can have work). */
export const PARTITIONS = 6;
export const POSTGRES_CLUSTER = 'mutuals-postgres';
export const PORTAL = { service: 'portal', port: 3000 };
const PART_OF = { 'app.kubernetes.io/part-of': 'mutuals-platform' };
const labelsOf = (service: string) => ({ 'app.kubernetes.io/name': service, ...PART_OF });
/** Namespaces of the cluster's shared components, as NetworkPolicy peers (the usual install names). */
export const PEERS = {
  prometheus: { namespace: 'monitoring', pod: { 'app.kubernetes.io/name': 'prometheus' } },
  ingress: { namespace: 'ingress-nginx' },
  keda: { namespace: 'keda' },
  cnpgOperator: { namespace: 'cnpg-system' },
};

type Doc = Record<string, unknown>;

const inNamespace = (namespace: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } });

function kafkaTopics(): Doc[] {
  const { stream, deadLetter } = platformTopics();
  const topic = (name: string, config: Record<string, string | number>) => ({
    apiVersion: 'kafka.strimzi.io/v1beta2',
    kind: 'KafkaTopic',
    metadata: { name, labels: { 'strimzi.io/cluster': KAFKA_CLUSTER, ...PART_OF } },
    spec: { topicName: name, partitions: PARTITIONS, replicas: 3, config: { 'min.insync.replicas': 2, ...config } },
  });
  return [
    // A stream is the record of what happened: kept 30 days, so a consumer away for a long weekend catches up.
    ...stream.map((name) => topic(name, { 'retention.ms': 2_592_000_000, 'cleanup.policy': 'delete' })),
    // Dead letters wait for an operator's replay or discard: never deleted by age.
    ...deadLetter.map((name) => topic(name, { 'retention.ms': -1, 'cleanup.policy': 'delete' })),
  ];
}

/** Consumer groups that read any stream `service` writes: their lag is reported by `service` too. */
export function lagGroupsOf(service: ServiceTopology, all: ServiceTopology[]): string[] {
  return all.filter((other) => other.service !== service.service && other.consumes.some((t) => service.produces.includes(t))).map((o) => o.group);
}

interface Acl {
  resource: { type: 'topic' | 'group'; name: string; patternType: 'literal' | 'prefix' };
  operations: string[];
  host: string;
}

/**
 * What one service may do on the broker, and nothing else: the one declaration behind the
 * KafkaUsers here and the ACLs of docker-compose and scripts/kafka.sh (infra/kafka/acls.json).
 * `topicPrefix` (KAFKA_TOPIC_PREFIX) names a test run's or second environment's own topics and groups.
 */
export function aclsOf(service: ServiceTopology, all: ServiceTopology[], topicPrefix = ''): Acl[] {
  const topic = (name: string, operations: string[]): Acl => ({ resource: { type: 'topic', name: `${topicPrefix}${name}`, patternType: 'literal' }, operations, host: '*' });
  const group = (name: string, operations: string[], patternType: 'literal' | 'prefix' = 'literal'): Acl => ({ resource: { type: 'group', name, patternType }, operations, host: '*' });
  return [
    // Its own streams (the outbox relay).
    ...service.produces.map((t) => topic(t, ['Describe', 'Write'])),
    // The streams it reads; Write only so an admin's dead-letter replay can put a message back on its origin topic.
    ...service.consumes.map((t) => topic(t, ['Describe', 'Read', 'Write'])),
    // Dead letters of what it reads: written by its consumer, read by its dead-letter pages.
    ...service.consumes.map((t) => topic(`${t}.dlq`, ['Describe', 'Read', 'Write'])),
    // Its consumer group carries the prefix (as KAFKA_GROUP_ID does in a test run); the dead-letter readers' groups never do.
    ...(service.consumes.length > 0 ? [group(`${topicPrefix}${service.group}`, ['Read']), group(`${service.service}-dead-letter-reader-`, ['Read'], 'prefix')] : []),
    // The consumer groups of its own streams, whose lag its /metrics reports (offsets only).
    ...lagGroupsOf(service, all).map((g) => group(`${topicPrefix}${g}`, ['Describe'])),
  ];
}

/**
 * Every topic of the platform and every service's ACLs, for a broker without the Strimzi
 * operators (docker-compose, scripts/kafka.sh start-sasl, the end-to-end test over SASL): written
 * to infra/kafka/acls.json and applied, topics first, by scripts/kafka-acls.js as the admin user.
 * The services never create topics there: they may not.
 */
export function kafkaAccess(topicPrefix = ''): { topics: string[]; partitions: number; users: { name: string; acls: Acl[] }[] } {
  const all = topology();
  const { stream, deadLetter } = platformTopics();
  return {
    topics: [...stream, ...deadLetter].map((t) => `${topicPrefix}${t}`),
    partitions: 3,
    users: [
      ...all.map((service) => ({ name: service.service, acls: aclsOf(service, all, topicPrefix) })),
      // The portal writes the user directory's streams only.
      ...[portalTopology()].map((portal) => ({ name: portal.service, acls: aclsOf(portal, [], topicPrefix) })),
    ],
  };
}

function kafkaUsers(all: ServiceTopology[]): Doc[] {
  // The portal writes its own streams only (it reports no other group's lag).
  const acls = (service: ServiceTopology) => (service.service === PORTAL.service ? aclsOf(service, []) : aclsOf(service, all));
  return [...all, portalTopology()].map((service) => ({
    apiVersion: 'kafka.strimzi.io/v1beta2',
    kind: 'KafkaUser',
    metadata: { name: service.service, labels: { 'strimzi.io/cluster': KAFKA_CLUSTER, ...labelsOf(service.service) } },
    spec: { authentication: { type: 'scram-sha-512' }, authorization: { type: 'simple', acls: acls(service) } },
  }));
}

function keda(all: ServiceTopology[]): Doc[] {
  return all
    .filter((s) => s.consumes.length > 0)
    .flatMap((service) => [
      {
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'TriggerAuthentication',
        metadata: { name: `${service.service}-kafka`, labels: labelsOf(service.service) },
        spec: {
          // The service's own KafkaUser: its password (Strimzi's secret), its name (the service's settings) and the cluster CA.
          secretTargetRef: [
            { parameter: 'password', name: service.service, key: 'password' },
            { parameter: 'ca', name: `${KAFKA_CLUSTER}-cluster-ca-cert`, key: 'ca.crt' },
          ],
          configMapTargetRef: [{ parameter: 'username', name: `${service.service}-config`, key: 'KAFKA_SASL_USERNAME' }],
        },
      },
      {
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ScaledObject',
        metadata: { name: service.service, labels: labelsOf(service.service) },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: service.service },
          minReplicaCount: 2,
          // One consumer per partition at most: more would sit idle.
          maxReplicaCount: PARTITIONS,
          pollingInterval: 30,
          cooldownPeriod: 300,
          advanced: { horizontalPodAutoscalerConfig: { behavior: { scaleDown: { stabilizationWindowSeconds: 300 } } } },
          triggers: [
            {
              type: 'kafka',
              name: `${service.service}-lag`,
              metadata: {
                bootstrapServers: KAFKA_BOOTSTRAP,
                consumerGroup: service.group,
                // Every topic the group reads (no topic named), one more replica per 100 waiting messages.
                lagThreshold: '100',
                activationLagThreshold: '10',
                offsetResetPolicy: 'earliest',
                allowIdleConsumers: 'false',
                sasl: 'scram_sha512',
                tls: 'enable',
              },
              authenticationRef: { name: `${service.service}-kafka` },
            },
          ],
        },
      },
    ]);
}

function pdbs(services: string[]): Doc[] {
  return services.map((service) => ({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: service, labels: labelsOf(service) },
    spec: { maxUnavailable: 1, selector: { matchLabels: labelsOf(service) } },
  }));
}

function serviceMonitors(services: string[]): Doc[] {
  return services.map((service) => ({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: service, labels: labelsOf(service) },
    spec: {
      selector: { matchLabels: labelsOf(service) },
      endpoints: [{ port: 'http', path: '/metrics', interval: '30s', scrapeTimeout: '10s' }],
    },
  }));
}

function networkPolicies(all: ServiceTopology[]): Doc[] {
  const policy = (name: string, podSelector: object, spec: object): Doc => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, labels: PART_OF },
    spec: { podSelector, ...spec },
  });
  const prometheus = { ...inNamespace(PEERS.prometheus.namespace), podSelector: { matchLabels: PEERS.prometheus.pod } };
  const tcp = (port: number) => ({ protocol: 'TCP', port });
  const kafka = { to: [{ podSelector: { matchLabels: { 'strimzi.io/cluster': KAFKA_CLUSTER, 'strimzi.io/kind': 'Kafka' } } }], ports: [tcp(9093)] };
  const postgres = { to: [{ podSelector: { matchLabels: { 'cnpg.io/cluster': POSTGRES_CLUSTER } } }], ports: [tcp(5432)] };
  const docs: Doc[] = [
    policy('mutuals-default-deny', { matchLabels: PART_OF }, { policyTypes: ['Ingress', 'Egress'] }),
    policy('mutuals-dns', { matchLabels: PART_OF }, {
      policyTypes: ['Egress'],
      egress: [{ to: [{ ...inNamespace('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }, tcp(53)] }],
    }),
  ];
  for (const service of all) {
    docs.push(
      policy(service.service, { matchLabels: labelsOf(service.service) }, {
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          { from: [{ podSelector: { matchLabels: labelsOf(PORTAL.service) } }], ports: [tcp(service.port)] },
          { from: [prometheus], ports: [tcp(service.port)] },
        ],
        egress: [
          kafka,
          postgres,
          // The portal's public token keys (AUTH_JWKS_URL, /.well-known/jwks.json).
          { to: [{ podSelector: { matchLabels: labelsOf(PORTAL.service) } }], ports: [tcp(PORTAL.port)] },
          // Email leaves through the SMTP relay or GOV.UK Notify's HTTPS API, outside the cluster.
          ...(service.service === 'notifications' ? [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [tcp(443), tcp(465), tcp(587)] }] : []),
        ],
      }),
    );
  }
  docs.push(
    policy(PORTAL.service, { matchLabels: labelsOf(PORTAL.service) }, {
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        { from: [inNamespace(PEERS.ingress.namespace)], ports: [tcp(PORTAL.port)] },
        { from: [prometheus], ports: [tcp(PORTAL.port)] },
        // The services read its public token keys (/.well-known/jwks.json).
        ...all.map((service) => ({ from: [{ podSelector: { matchLabels: labelsOf(service.service) } }], ports: [tcp(PORTAL.port)] })),
      ],
      egress: [
        ...all.map((service) => ({ to: [{ podSelector: { matchLabels: labelsOf(service.service) } }], ports: [tcp(service.port)] })),
        // The user directory's events (its outbox relay).
        kafka,
        postgres,
        // Sign-in: the OpenID Connect provider's HTTPS endpoints, outside the cluster.
        { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [tcp(443)] },
      ],
    }),
    // PostgreSQL takes connections from the services, its own instances and its operator only.
    policy(POSTGRES_CLUSTER, { matchLabels: { 'cnpg.io/cluster': POSTGRES_CLUSTER } }, {
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ podSelector: { matchLabels: PART_OF } }], ports: [tcp(5432)] },
        { from: [{ podSelector: { matchLabels: { 'cnpg.io/cluster': POSTGRES_CLUSTER } } }], ports: [tcp(5432), tcp(8000)] },
        { from: [inNamespace(PEERS.cnpgOperator.namespace)], ports: [tcp(8000)] },
        { from: [prometheus], ports: [tcp(9187)] },
      ],
    }),
  );
  return docs;
}

function databases(services: string[]): Doc[] {
  return services.map((service) => ({
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Database',
    metadata: { name: `mutuals-${service}`, labels: labelsOf(service) },
    spec: { name: `mutuals_${service}`, owner: service, cluster: { name: POSTGRES_CLUSTER }, ensure: 'present', databaseReclaimPolicy: 'retain' },
  }));
}

/** Strategic-merge patches of the base: each service's settings and secrets for the in-cluster Kafka and PostgreSQL. */
function servicePatches(all: ServiceTopology[]): Doc[] {
  const services = [...all.map((s) => ({ ...s, kafka: true })), { ...portalTopology(), kafka: true }];
  return services.flatMap((service) => {
    const name = service.service;
    const kafkaSettings = service.kafka
      ? {
          KAFKA_BROKERS: KAFKA_BOOTSTRAP,
          KAFKA_TLS: 'true',
          KAFKA_TLS_CA_FILE: '/etc/kafka-ca/ca.crt',
          KAFKA_SASL_MECHANISM: 'scram-sha-512',
          KAFKA_SASL_USERNAME: name,
          // The portal only publishes: it has no lag of other groups to report.
          ...(name === PORTAL.service ? {} : { METRICS_LAG_GROUPS: lagGroupsOf(service, all).join(',') }),
        }
      : {};
    const secret = (env: string, secretName: string, key: string) => ({ name: env, valueFrom: { secretKeyRef: { name: secretName, key } } });
    return [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${name}-config` }, data: kafkaSettings },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name },
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name,
                  env: [
                    // The role's password comes from PGPASSWORD (its CloudNativePG secret), so the URL carries none.
                    { name: 'DATABASE_URL', value: `postgres://${name}@${POSTGRES_CLUSTER}-rw:5432/mutuals_${name}?sslmode=verify-full&sslrootcert=/etc/postgres-ca/ca.crt`, valueFrom: null },
                    secret('PGPASSWORD', `mutuals-db-${name}`, 'password'),
                    ...(service.kafka ? [secret('KAFKA_SASL_PASSWORD', name, 'password')] : []),
                  ],
                  volumeMounts: [
                    { name: 'postgres-ca', mountPath: '/etc/postgres-ca', readOnly: true },
                    ...(service.kafka ? [{ name: 'kafka-ca', mountPath: '/etc/kafka-ca', readOnly: true }] : []),
                  ],
                },
              ],
              volumes: [
                { name: 'postgres-ca', secret: { secretName: `${POSTGRES_CLUSTER}-ca`, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
                ...(service.kafka ? [{ name: 'kafka-ca', secret: { secretName: `${KAFKA_CLUSTER}-cluster-ca-cert`, items: [{ key: 'ca.crt', path: 'ca.crt' }] } }] : []),
              ],
            },
          },
        },
      },
    ];
  });
}

export function prometheusRule(alertsYaml: string): Doc {
  const { groups } = parse(alertsYaml);
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'mutuals-alerts', labels: PART_OF },
    spec: { groups },
  };
}

const HEADER = '# Generated by `npm run ops:files` from the contracts and the services\' modules (ops/k8s.ts); do not edit.\n';

const yamlDocs = (docs: Doc[]) => HEADER + docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');

/** File (under k8s/components/platform) -> content. */
export function platformFiles(alertsYaml: string): Record<string, string> {
  const all = topology();
  const services = [...all.map((s) => s.service), PORTAL.service];
  return {
    'kafka-topics.yaml': yamlDocs(kafkaTopics()),
    'kafka-users.yaml': yamlDocs(kafkaUsers(all)),
    'keda.yaml': yamlDocs(keda(all)),
    'pod-disruption-budgets.yaml': yamlDocs(pdbs(services)),
    'service-monitors.yaml': yamlDocs(serviceMonitors(services)),
    'network-policies.yaml': yamlDocs(networkPolicies(all)),
    'postgres-databases.yaml': yamlDocs(databases(services)),
    'service-patches.yaml': yamlDocs(servicePatches(all)),
    'prometheus-rule.yaml': yamlDocs([prometheusRule(alertsYaml)]),
  };
}
