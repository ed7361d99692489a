/**
 * The Kubernetes overlays for real clusters (k8s/overlays/dev and prod), rendered offline with
 * `kubectl kustomize` and checked against the schemas and against the code: every topic of the
 * contracts has its KafkaTopic, each service's KafkaUser allows exactly what its module produces
 * and consumes, autoscaling never passes the partitions, and the network allows only the
 * architecture's paths.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { aclsOf, KAFKA_CLUSTER, PARTITIONS, POSTGRES_CLUSTER } from '../../ops/k8s';
import { platformTopics, topology } from '../../ops/topology';
import { crdValidators, customResourceValidators, Manifest, problemsOf, render, ROOT } from './k8s-manifests';

const OVERLAYS = ['k8s/overlays/dev', 'k8s/overlays/prod'];
const TOPOLOGY = topology();
const SERVICES = [...TOPOLOGY.map((s) => s.service), 'portal'];
const validators = customResourceValidators();
const rendered = Object.fromEntries(OVERLAYS.map((overlay) => [overlay, render(overlay)]));
const ofKind = (docs: Manifest[], kind: string) => docs.filter((d) => d.kind === kind);
const named = (docs: Manifest[], kind: string, name: string) => {
  const found = docs.find((d) => d.kind === kind && d.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
};

/** Contract topics without a KafkaTopic among `docs`. */
export function topicsWithoutKafkaTopic(docs: Manifest[], topics: string[]): string[] {
  const declared = new Set(ofKind(docs, 'KafkaTopic').map((t) => t.spec.topicName ?? t.metadata.name));
  return topics.filter((t) => !declared.has(t));
}

describe.each(OVERLAYS)('%s', (overlay) => {
  const docs = rendered[overlay];

  it('renders with kubectl kustomize, into one namespace', () => {
    expect(docs.length).toBeGreaterThan(50);
    const namespaces = new Set(docs.map((d) => d.metadata.namespace));
    expect(namespaces.size).toBe(1);
    expect([...namespaces][0]).toMatch(/^mutuals/);
  });

  it('every document validates: core kinds against Kubernetes, operators\' kinds against their schemas', () => {
    const problems = docs.flatMap((doc) => problemsOf(doc, validators).map((p) => `${doc.kind} ${doc.metadata.name}: ${p}`));
    expect(problems).toEqual([]);
  });

  if (process.env.K8S_CRD_DIR) {
    it("every custom resource validates against the operators' full CRDs (K8S_CRD_DIR)", () => {
      const full = crdValidators(process.env.K8S_CRD_DIR!);
      const custom = docs.filter((d) => !['v1', 'apps/v1', 'networking.k8s.io/v1', 'policy/v1'].includes(d.apiVersion));
      const problems = custom.flatMap((doc) => problemsOf(doc, full).map((p) => `${doc.kind} ${doc.metadata.name}: ${p}`));
      expect(problems).toEqual([]);
    });
  }

  it('runs Kafka 3.9 in KRaft mode on node pools, with authenticated clients and no automatic topics', () => {
    const [kafka] = ofKind(docs, 'Kafka');
    expect(kafka.metadata.name).toBe(KAFKA_CLUSTER);
    expect(kafka.spec.kafka.version).toMatch(/^3\.9\./);
    expect(kafka.spec.kafka.config['auto.create.topics.enable']).toBe(false);
    expect(kafka.spec.kafka.authorization.type).toBe('simple');
    // No plaintext listener for clients: every one is TLS with SCRAM-SHA-512, inside the cluster.
    for (const listener of kafka.spec.kafka.listeners) {
      expect(listener.authentication.type).toBe('scram-sha-512');
      expect(listener).toMatchObject({ tls: true, type: 'internal' });
    }
    const pools = ofKind(docs, 'KafkaNodePool');
    const roles = new Set(pools.flatMap((p) => p.spec.roles));
    expect(roles).toEqual(new Set(['controller', 'broker']));
    for (const pool of pools) expect(pool.metadata.labels?.['strimzi.io/cluster']).toBe(KAFKA_CLUSTER);
    const brokers = pools.filter((p) => p.spec.roles.includes('broker')).reduce((n, p) => n + p.spec.replicas, 0);
    for (const topic of ofKind(docs, 'KafkaTopic')) {
      expect(topic.spec.replicas).toBeLessThanOrEqual(brokers);
      expect(topic.spec.config['min.insync.replicas']).toBeLessThanOrEqual(topic.spec.replicas);
    }
  });

  it('has a KafkaTopic for every stream of the contracts and its dead-letter topic, and no other', () => {
    const { stream, deadLetter } = platformTopics();
    expect(topicsWithoutKafkaTopic(docs, [...stream, ...deadLetter])).toEqual([]);
    expect(ofKind(docs, 'KafkaTopic').map((t) => t.spec.topicName).sort()).toEqual([...stream, ...deadLetter].sort());
    for (const topic of ofKind(docs, 'KafkaTopic')) expect(topic.metadata.labels?.['strimzi.io/cluster']).toBe(KAFKA_CLUSTER);
  });

  it('would fail for a topic the contracts gain without a KafkaTopic', () => {
    expect(topicsWithoutKafkaTopic(docs, ['applications.application.v1', 'applications.new-aggregate.v1'])).toEqual(['applications.new-aggregate.v1']);
  });

  it.each(TOPOLOGY.map((s) => [s.service, s]))('%s: its KafkaUser writes only its streams, reads only what it consumes, in its own group', (_, service) => {
    const user = named(docs, 'KafkaUser', service.service);
    expect(user.spec.authentication.type).toBe('scram-sha-512');
    const acls: { resource: { type: string; name: string; patternType: string }; operations: string[] }[] = user.spec.authorization.acls;
    const topicsWith = (op: string) => acls.filter((a) => a.resource.type === 'topic' && a.operations.includes(op)).map((a) => a.resource.name).sort();
    const dlq = service.consumes.map((t) => `${t}.dlq`);
    // Writes: its own streams, the dead letters of what it reads, and (dead-letter replay) the streams it reads.
    expect(topicsWith('Write')).toEqual([...service.produces, ...service.consumes, ...dlq].sort());
    // Reads: what it consumes, and those topics' dead letters (its admin pages list them).
    expect(topicsWith('Read')).toEqual([...service.consumes, ...dlq].sort());
    for (const acl of acls.filter((a) => a.resource.type === 'topic')) expect(acl.resource.patternType).toBe('literal');
    expect(acls.flatMap((a) => a.operations).filter((op) => !['Read', 'Write', 'Describe'].includes(op))).toEqual([]);
    const groups = acls.filter((a) => a.resource.type === 'group');
    const readGroups = groups.filter((g) => g.operations.includes('Read')).map((g) => `${g.resource.patternType}:${g.resource.name}`);
    expect(readGroups.sort()).toEqual(service.consumes.length ? [`literal:${service.group}`, `prefix:${service.service}-dead-letter-reader-`].sort() : []);
    expect(acls.filter((a) => !['topic', 'group'].includes(a.resource.type))).toEqual([]);
    expect(acls).toEqual(aclsOf(service, TOPOLOGY));
  });

  it('runs the portal in production without the demo sign-in', () => {
    expect(named(docs, 'ConfigMap', 'portal-config').data).toMatchObject({ NODE_ENV: 'production', DEMO_SIGN_IN: 'false' });
  });

  it.each(TOPOLOGY.map((s) => [s.service, s]))('%s: connects to the in-cluster Kafka as its KafkaUser, over TLS', (_, service) => {
    const config = named(docs, 'ConfigMap', `${service.service}-config`).data;
    expect(config).toMatchObject({ KAFKA_BROKERS: `${KAFKA_CLUSTER}-kafka-bootstrap:9093`, KAFKA_TLS: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: service.service, KAFKA_GROUP_ID: service.group });
    const container = named(docs, 'Deployment', service.service).spec.template.spec.containers[0];
    const password = container.env.find((e: any) => e.name === 'KAFKA_SASL_PASSWORD');
    expect(password.valueFrom.secretKeyRef).toEqual({ name: service.service, key: 'password' });
    // The CA it trusts is the cluster CA Strimzi publishes, mounted where KAFKA_TLS_CA_FILE points.
    const pod = named(docs, 'Deployment', service.service).spec.template.spec;
    const mount = container.volumeMounts.find((m: any) => config.KAFKA_TLS_CA_FILE.startsWith(`${m.mountPath}/`));
    expect(pod.volumes.find((v: any) => v.name === mount.name).secret.secretName).toBe(`${KAFKA_CLUSTER}-cluster-ca-cert`);
    // Every group it reports lag for is one it may describe.
    const describable = named(docs, 'KafkaUser', service.service).spec.authorization.acls.filter((a: any) => a.resource.type === 'group').map((a: any) => a.resource.name);
    for (const group of config.METRICS_LAG_GROUPS.split(',').filter(Boolean)) expect(describable).toContain(group);
  });

  it.each(SERVICES)('%s: uses its own database on the CloudNativePG cluster, over verified TLS, its password from the role secret', (service) => {
    const [cluster] = ofKind(docs, 'Cluster');
    expect(cluster.metadata.name).toBe(POSTGRES_CLUSTER);
    const role = cluster.spec.managed.roles.find((r: any) => r.name === service);
    expect(role).toMatchObject({ login: true, passwordSecret: { name: `mutuals-db-${service}` } });
    const database = ofKind(docs, 'Database').find((d) => d.spec.owner === service);
    expect(database?.spec).toMatchObject({ name: `mutuals_${service}`, cluster: { name: POSTGRES_CLUSTER } });
    const env = named(docs, 'Deployment', service).spec.template.spec.containers[0].env;
    const url = new URL(env.find((e: any) => e.name === 'DATABASE_URL').value);
    expect(url.hostname).toBe(`${POSTGRES_CLUSTER}-rw`);
    expect(url.pathname).toBe(`/mutuals_${service}`);
    expect(url.username).toBe(service);
    expect(url.password).toBe('');
    expect(url.searchParams.get('sslmode')).toBe('verify-full');
    expect(env.find((e: any) => e.name === 'PGPASSWORD').valueFrom.secretKeyRef).toEqual({ name: `mutuals-db-${service}`, key: 'password' });
  });

  it.each(TOPOLOGY.map((s) => [s.service, s]))('%s: KEDA scales it on its group\'s lag, never past the partitions it reads, owning the replica count', (_, service) => {
    const scaled = named(docs, 'ScaledObject', service.service);
    expect(scaled.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: service.service });
    const partitions = Math.min(...service.consumes.map((t) => named(docs, 'KafkaTopic', t).spec.partitions));
    expect(partitions).toBe(PARTITIONS);
    expect(scaled.spec.maxReplicaCount).toBeLessThanOrEqual(partitions);
    expect(scaled.spec.minReplicaCount).toBeGreaterThanOrEqual(1);
    expect(scaled.spec.minReplicaCount).toBeLessThanOrEqual(scaled.spec.maxReplicaCount);
    const [trigger] = scaled.spec.triggers;
    expect(trigger.type).toBe('kafka');
    expect(trigger.metadata.consumerGroup).toBe(named(docs, 'ConfigMap', `${service.service}-config`).data.KAFKA_GROUP_ID);
    expect(trigger.metadata.allowIdleConsumers).toBe('false');
    named(docs, 'TriggerAuthentication', trigger.authenticationRef.name);
    expect(named(docs, 'Deployment', service.service).spec.replicas).toBeUndefined();
  });

  it.each(SERVICES)('%s: a PodDisruptionBudget and a ServiceMonitor scraping /metrics on the service port', (service) => {
    const deployment = named(docs, 'Deployment', service);
    const pdb = named(docs, 'PodDisruptionBudget', service);
    expect(deployment.spec.template.metadata.labels).toMatchObject(pdb.spec.selector.matchLabels);
    expect(pdb.spec.maxUnavailable ?? 0).toBeGreaterThanOrEqual(1);
    const monitor = named(docs, 'ServiceMonitor', service);
    const svc = named(docs, 'Service', service);
    expect(svc.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels);
    expect(monitor.spec.endpoints).toEqual([expect.objectContaining({ port: svc.spec.ports[0].name, path: '/metrics' })]);
  });

  it('carries the alert rules of ops/prometheus/alerts.yml as a PrometheusRule', () => {
    const [rule] = ofKind(docs, 'PrometheusRule');
    expect(rule.spec.groups).toEqual(parse(readFileSync(resolve(ROOT, 'ops/prometheus/alerts.yml'), 'utf8')).groups);
  });

  describe('network policies', () => {
    const policies = ofKind(docs, 'NetworkPolicy');
    const selecting = (labels: Record<string, string>) =>
      policies.filter((p) => Object.entries(p.spec.podSelector.matchLabels ?? {}).every(([k, v]) => labels[k] === v));
    const podLabels = (service: string) => named(docs, 'Deployment', service).spec.template.metadata.labels;
    const ports = (rules: any[] | undefined) => (rules ?? []).flatMap((r) => (r.ports ?? []).map((p: any) => p.port));

    it.each(SERVICES)('%s: denied by default, both ways', (service) => {
      const deny = selecting(podLabels(service)).find((p) => !p.spec.ingress && !p.spec.egress);
      expect(deny?.spec.policyTypes.sort()).toEqual(['Egress', 'Ingress']);
    });

    it.each(TOPOLOGY.map((s) => [s.service, s]))('%s: taken from by the portal and Prometheus on its port; talks to Kafka, PostgreSQL and the portal\'s token keys only', (_, service) => {
      const applied = selecting(podLabels(service.service));
      const ingress = applied.flatMap((p) => p.spec.ingress ?? []);
      const froms = ingress.flatMap((r: any) => r.from);
      expect(froms).toHaveLength(2);
      expect(froms).toContainEqual({ podSelector: { matchLabels: podLabels('portal') } });
      expect(froms).toContainEqual(expect.objectContaining({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }));
      expect(new Set(ports(ingress))).toEqual(new Set([service.port]));
      const egress = applied.flatMap((p) => p.spec.egress ?? []);
      const inCluster = egress.filter((r: any) => !r.to.some((t: any) => t.ipBlock));
      const targets = inCluster.flatMap((r: any) => r.to.map((t: any) => JSON.stringify(t.podSelector?.matchLabels)));
      expect(new Set(targets)).toEqual(
        new Set([
          JSON.stringify({ 'k8s-app': 'kube-dns' }),
          JSON.stringify({ 'strimzi.io/cluster': KAFKA_CLUSTER, 'strimzi.io/kind': 'Kafka' }),
          JSON.stringify({ 'cnpg.io/cluster': POSTGRES_CLUSTER }),
          JSON.stringify(podLabels('portal')),
        ]),
      );
      // The portal only on its port: the services read its public token keys (AUTH_JWKS_URL).
      expect(egress).toContainEqual({ to: [{ podSelector: { matchLabels: podLabels('portal') } }], ports: [{ protocol: 'TCP', port: 3000 }] });
      const outside = egress.filter((r: any) => r.to.some((t: any) => t.ipBlock));
      // Only notifications leaves the cluster: email, by SMTP or GOV.UK Notify's API.
      expect(outside.length > 0).toBe(service.service === 'notifications');
    });

    it('portal: taken from by the ingress controller, Prometheus and the services (its public token keys); talks to the services, Kafka (the directory\'s events), PostgreSQL and the identity provider', () => {
      const applied = selecting(podLabels('portal'));
      const ingress = applied.flatMap((p) => p.spec.ingress ?? []);
      expect(new Set(ports(ingress))).toEqual(new Set([3000]));
      for (const service of TOPOLOGY) expect(ingress).toContainEqual({ from: [{ podSelector: { matchLabels: podLabels(service.service) } }], ports: [{ protocol: 'TCP', port: 3000 }] });
      const egress = applied.flatMap((p) => p.spec.egress ?? []);
      for (const service of TOPOLOGY) {
        expect(egress).toContainEqual({ to: [{ podSelector: { matchLabels: podLabels(service.service) } }], ports: [{ protocol: 'TCP', port: service.port }] });
      }
      expect(egress).toContainEqual({ to: [{ podSelector: { matchLabels: { 'strimzi.io/cluster': KAFKA_CLUSTER, 'strimzi.io/kind': 'Kafka' } } }], ports: [{ protocol: 'TCP', port: 9093 }] });
    });
  });
});

describe('the overlays differ in size only', () => {
  it('dev: one Kafka node, one PostgreSQL instance, one copy of each topic; prod: three of each', () => {
    const dev = rendered['k8s/overlays/dev'];
    const prod = rendered['k8s/overlays/prod'];
    const brokers = (docs: Manifest[]) => ofKind(docs, 'KafkaNodePool').filter((p) => p.spec.roles.includes('broker')).reduce((n, p) => n + p.spec.replicas, 0);
    expect(brokers(dev)).toBe(1);
    expect(brokers(prod)).toBe(3);
    expect(ofKind(dev, 'Cluster')[0].spec.instances).toBe(1);
    expect(ofKind(prod, 'Cluster')[0].spec.instances).toBe(3);
    expect(new Set(ofKind(dev, 'KafkaTopic').map((t) => t.spec.replicas))).toEqual(new Set([1]));
    expect(new Set(ofKind(prod, 'KafkaTopic').map((t) => t.spec.replicas))).toEqual(new Set([3]));
    const kinds = (docs: Manifest[]) => docs.map((d) => `${d.kind}/${d.metadata.name}`).filter((k) => !k.startsWith('KafkaNodePool/')).sort();
    expect(kinds(dev)).toEqual(kinds(prod));
  });
});

describe('the schema check', () => {
  const prod = rendered['k8s/overlays/prod'];
  const broken = (kind: string, name: string, change: (doc: any) => void) => {
    const doc = structuredClone(named(prod, kind, name));
    change(doc);
    return problemsOf(doc, validators);
  };

  it('catches a misspelt field, a wrong type and a value out of its set', () => {
    expect(broken('KafkaTopic', 'applications.application.v1', (d) => (d.spec.partitionz = 6))).not.toEqual([]);
    expect(broken('KafkaTopic', 'applications.application.v1', (d) => (d.spec.partitions = 'six'))).not.toEqual([]);
    expect(broken('KafkaUser', 'awards', (d) => (d.spec.authorization.acls[0].operations = ['Wrte']))).not.toEqual([]);
    expect(broken('ScaledObject', 'awards', (d) => (d.spec.triggers[0].metadata.lagThreshhold = '5'))).not.toEqual([]);
    expect(broken('Kafka', KAFKA_CLUSTER, (d) => delete d.spec.kafka.listeners)).not.toEqual([]);
    expect(broken('Cluster', POSTGRES_CLUSTER, (d) => (d.spec.instances = 0))).not.toEqual([]);
    expect(broken('ServiceMonitor', 'awards', (d) => (d.spec.endpoints[0].interval = 'often'))).not.toEqual([]);
    expect(broken('NetworkPolicy', 'awards', (d) => (d.spec.ingress[0].ports[0].protocol = 7))).not.toEqual([]);
    expect(problemsOf({ apiVersion: 'example.com/v1', kind: 'Unknown', metadata: { name: 'x' } }, validators)).toEqual(['no schema for example.com/v1/Unknown']);
  });
});
