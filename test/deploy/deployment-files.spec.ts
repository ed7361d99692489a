/**
 * The deployment files (Dockerfile, docker-compose.yml, k8s/base) checked against the code they run:
 * nest-cli.json's applications, each service's config class and the Kubernetes schemas. Nothing here
 * needs Docker or a cluster; it reads and validates the files.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import { parse } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { DEV_SIGNING_KEY, DEV_SIGNING_KEY_ID, devPublicKeyX, settingNames } from '@mutuals/config';
import { aclsOf, kafkaAccess } from '../../ops/k8s';
import { topology } from '../../ops/topology';

const ROOT = resolve(__dirname, '../..');
const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');

// ---------------------------------------------------------------- what the code says

type Project = { type: string; root: string; sourceRoot: string; entryFile: string; compilerOptions?: { tsConfigPath?: string } };
const nestCli: { projects: Record<string, Project> } = JSON.parse(read('nest-cli.json'));
const APPS = Object.entries(nestCli.projects)
  .filter(([, project]) => project.type === 'application')
  .map(([name]) => name)
  .sort();

/**
 * The one place the entry path is written down: dist/apps/<app>/apps/<app>/src/main.js. The app's
 * tsconfig writes to dist/apps/<app>, and tsc keeps the repository layout below that because the
 * libraries under libs/ are compiled in with the app.
 */
const entryOf = (app: string) => `dist/apps/${app}/apps/${app}/src/main.js`;

/** Where `nest build <app>` actually writes the entry, worked out from nest-cli.json and the app's tsconfig. */
function builtEntryOf(app: string): string {
  const project = nestCli.projects[app];
  const tsconfigPath = project.compilerOptions?.tsConfigPath ?? `${project.root}/tsconfig.app.json`;
  const outDir: string = JSON.parse(read(tsconfigPath)).compilerOptions.outDir;
  const out = posix.normalize(posix.join(posix.dirname(tsconfigPath), outDir));
  return posix.join(out, project.sourceRoot, `${project.entryFile}.js`);
}

interface ServiceSettings {
  port: number;
  names: string[];
  defaults: Record<string, unknown>;
}

/** A service's settings from its config class (apps/<app>/src/config.ts); undefined until that file exists. */
function configOf(app: string): ServiceSettings | undefined {
  const file = resolve(ROOT, `apps/${app}/src/config.ts`);
  if (!existsSync(file)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported: Record<string, unknown> = require(file);
  const classes = Object.values(exported).filter(
    (value): value is new () => Record<string, unknown> => typeof value === 'function' && /Config$/.test(value.name),
  );
  const ConfigClass = classes.find((cls) => typeof new cls().PORT === 'number');
  if (!ConfigClass) throw new Error(`apps/${app}/src/config.ts exports no config class with a default PORT`);
  const defaults = new ConfigClass();
  return { port: defaults.PORT as number, names: settingNames(ConfigClass), defaults };
}
const CONFIG = Object.fromEntries(APPS.map((app) => [app, configOf(app)]));

/** Settings whose values are secrets: never written into a deployment file. */
const SECRET_SETTINGS = ['AUTH_SIGNING_KEY', 'DATABASE_URL', 'NOTIFY_API_KEY', 'NOTIFY_CALLBACK_TOKEN', 'SESSION_SECRET', 'OIDC_CLIENT_SECRET', 'KAFKA_SASL_PASSWORD'];

// ---------------------------------------------------------------- the files

const dockerfile = read('Dockerfile');
/** A .properties file as a map (later lines win, as Java's Properties has it). */
const properties = (text: string): Record<string, string> =>
  Object.fromEntries(text.split('\n').filter((l) => /^[a-z]/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
/** The compose broker's settings as infra/kafka/sasl/compose-broker.sh puts them together (placeholders left in). */
const BROKER = {
  ...properties(read('infra/kafka/server.properties').replace(/^(listeners|advertised\.listeners|listener\.security\.protocol\.map|inter\.broker\.listener\.name|controller\.listener\.names)=.*$/gm, '')),
  ...properties(read('infra/kafka/sasl/server-sasl.properties')),
};
// Compose files use YAML merge keys (<<) for what the services share.
const compose = parse(read('docker-compose.yml'), { merge: true });
const kustomization = parse(read('k8s/base/kustomization.yaml'));
const manifests: { file: string; doc: any }[] = kustomization.resources.map((file: string) => ({ file, doc: parse(read(`k8s/base/${file}`)) }));
const ofKind = (kind: string) => manifests.filter((m) => m.doc.kind === kind).map((m) => m.doc);
const k8sFor = (app: string) => {
  const deployment = ofKind('Deployment').find((d) => d.metadata.name === app);
  const service = ofKind('Service').find((s) => s.metadata.name === app);
  const configMap = ofKind('ConfigMap').find((c) => c.metadata.name === `${app}-config`);
  if (!deployment || !service || !configMap) throw new Error(`k8s/base lacks the Deployment, Service or ConfigMap of ${app}`);
  return { deployment, service, configMap, container: deployment.spec.template.spec.containers[0] };
};

/** The container port a probe's or Service's port names, resolving a named port. */
function resolvePort(container: any, port: number | string): number | undefined {
  if (typeof port === 'number') return port;
  return container.ports.find((p: { name?: string }) => p.name === port)?.containerPort;
}

/** `127.0.0.1:3001:3001` or `3001:3001` -> { host: 3001, container: 3001 }. */
function portMapping(mapping: string) {
  const parts = String(mapping).split(':');
  return { host: Number(parts[parts.length - 2]), container: Number(parts[parts.length - 1]) };
}

// ---------------------------------------------------------------- Dockerfile

describe('Dockerfile', () => {
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages[stages.length - 1];

  it('builds on node:20-bookworm-slim in stages, installing with npm ci and shipping without dev dependencies', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage).toMatch(/^node:20-bookworm-slim\b/);
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(runtime).toMatch(/COPY --from=build \/app\/node_modules /);
  });

  it('runs in production as the non-root node user', () => {
    expect(runtime).toMatch(/^ENV NODE_ENV=production\b/m);
    const users = [...runtime.matchAll(/^USER (\S+)/gm)].map((m) => m[1]);
    expect(users.at(-1)).toBe('node');
  });

  it("builds every application in nest-cli.json and stops if an entry point is not where it's run from", () => {
    // The build loops over nest-cli.json's applications rather than a list that could fall behind.
    expect(dockerfile).toContain("require('./nest-cli.json').projects");
    expect(dockerfile).toContain("p.type === 'application'");
    expect(dockerfile).toMatch(/nest build "\$app"/);
    expect(dockerfile).toContain(`test -f "${entryOf('$app')}"`);
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(runtime)![1]);
    expect(APPS.map(entryOf)).toContain(cmd[1]);
  });

  it.each(APPS)('%s: the entry path compose and k8s run is the one nest build writes', (app) => {
    expect(builtEntryOf(app)).toBe(entryOf(app));
    const source = `apps/${app}/src/main.ts`;
    if (existsSync(resolve(ROOT, source))) expect(`${nestCli.projects[app].sourceRoot}/main.ts`).toBe(source);
  });

  it('keeps dependencies, build output, local state, secrets and git history out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((line) => line.trim());
    for (const entry of ['node_modules', 'dist', '.local', 'infra/kafka/target', '.git', '.env']) expect(ignored).toContain(entry);
  });
});

// ---------------------------------------------------------------- docker-compose.yml

describe('docker-compose.yml', () => {
  const services: Record<string, any> = compose.services;
  const ONE_SHOT = ['kafka-tls', 'kafka-setup'];
  const TOPOLOGY = topology();
  const KAFKA_APPS = APPS.filter((app) => services[app]?.environment?.KAFKA_BROKERS !== undefined);
  const BROKER_PORT = Number(services.kafka.environment.PORT);

  it('runs every application of nest-cli.json from the one image, each with its own entry point', () => {
    for (const app of APPS) {
      expect(services).toHaveProperty(app);
      expect(services[app].build).toBe('.');
      expect(services[app].command).toEqual(['node', entryOf(app)]);
    }
    expect(new Set(APPS.map((app) => services[app].image)).size).toBe(1);
  });

  it('runs Kafka 3.9 as a single KRaft node with topic auto-creation off, keeping its data in the volume', () => {
    const kafka = services.kafka;
    expect(kafka.image).toMatch(/^apache\/kafka:3\.9\.\d+$/);
    expect(kafka.entrypoint).toEqual(['/bin/bash', '/opt/mutuals/sasl/compose-broker.sh']);
    expect(kafka.volumes).toContain('./infra/kafka:/opt/mutuals:ro');
    expect(kafka.volumes.map((v: string) => v.split(':')[1])).toContain(kafka.environment.DATA_DIR);
    expect(BROKER['process.roles']).toBe('broker,controller');
    expect(BROKER['auto.create.topics.enable']).toBe('false');
    expect(BROKER['offsets.topic.replication.factor']).toBe('1');
    // As the admin over SASL_SSL, on the port the services use.
    expect(kafka.healthcheck.test.join(' ')).toContain(`kafka-broker-api-versions.sh --bootstrap-server localhost:${kafka.environment.PORT} --command-config`);
    // Never published on the host: only the compose network reaches it.
    expect(kafka.ports).toBeUndefined();
  });

  it('Kafka takes clients on SASL_SSL only, SCRAM-SHA-512, with an authorizer that allows nothing without an ACL', () => {
    const protocols = Object.fromEntries(BROKER['listener.security.protocol.map'].split(',').map((pair) => pair.split(':')));
    const listeners = BROKER.listeners.split(',').map((l) => /^([A-Z_]+):\/\/([^:]*):(.+)$/.exec(l)!.slice(1));
    for (const [name, host] of listeners) {
      // The controller's listener (the node talking to itself) is on the loopback interface only.
      if (name === BROKER['controller.listener.names']) expect(host).toBe('127.0.0.1');
      else expect(`${name}: ${protocols[name]}`).toBe(`${name}: SASL_SSL`);
    }
    for (const advertised of BROKER['advertised.listeners'].split(',')) expect(protocols[advertised.split(':')[0]]).toBe('SASL_SSL');
    expect(Object.values(protocols)).not.toContain('PLAINTEXT');
    expect(BROKER['sasl.enabled.mechanisms']).toBe('SCRAM-SHA-512');
    expect(BROKER['authorizer.class.name']).toBe('org.apache.kafka.metadata.authorizer.StandardAuthorizer');
    expect(BROKER['allow.everyone.if.no.acl.found']).toBe('false');
    expect(BROKER['super.users'].split(';').sort()).toEqual(['User:admin', 'User:controller']);
    expect(BROKER['ssl.keystore.location']).toBe('@TLS_DIR@/broker.p12');
    expect(services['kafka-tls'].command.join(' ')).toMatch(/certs\.sh \/etc\/kafka\/tls dns:kafka/);
    expect(services.kafka.environment.ADVERTISED_HOST).toBe('kafka');
  });

  it('creates a Kafka user for every service of the ACL declaration, with its password from the environment', () => {
    const env = services.kafka.environment;
    const declared = kafkaAccess().users.map((u) => u.name).sort();
    expect(String(env.SCRAM_USERS).split(/\s+/).sort()).toEqual(declared);
    for (const user of ['admin', 'controller', ...declared]) {
      const name = `KAFKA_${user.toUpperCase()}_PASSWORD`;
      expect(`${name}=${env[name]}`).toMatch(new RegExp(`^${name}=\\$\\{${name}:\\?[^}]+\\}$`));
    }
  });

  it('creates the topics and applies the generated ACLs before any service starts', () => {
    const setup = services['kafka-setup'];
    expect(setup.command).toEqual(['node', 'scripts/kafka-acls.js', 'infra/kafka/acls.json']);
    expect(setup.volumes).toContain('./infra/kafka/acls.json:/app/infra/kafka/acls.json:ro');
    expect(setup.environment).toMatchObject({ KAFKA_SASL_USERNAME: 'admin', KAFKA_SASL_PASSWORD: services.kafka.environment.KAFKA_ADMIN_PASSWORD, KAFKA_TLS: 'true' });
    for (const app of KAFKA_APPS) expect(services[app].depends_on['kafka-setup']).toEqual({ condition: 'service_completed_successfully' });
  });

  it.each(TOPOLOGY.map((s) => [s.service, s]))('%s: its ACLs write only its streams, read only what it consumes, in its own group', (_, service) => {
    const user = kafkaAccess().users.find((u) => u.name === service.service)!;
    const topicsWith = (op: string) => user.acls.filter((a) => a.resource.type === 'topic' && a.operations.includes(op)).map((a) => a.resource.name).sort();
    const dlq = service.consumes.map((t) => `${t}.dlq`);
    // Writes: its own streams, the dead letters of what it reads, and (dead-letter replay) the streams it reads.
    expect(topicsWith('Write')).toEqual([...service.produces, ...service.consumes, ...dlq].sort());
    expect(topicsWith('Read')).toEqual([...service.consumes, ...dlq].sort());
    expect(user.acls.flatMap((a) => a.operations).filter((op) => !['Read', 'Write', 'Describe'].includes(op))).toEqual([]);
    // The committed file is the declaration (test/ops/generated-files.spec.ts keeps it so).
    expect(JSON.parse(read('infra/kafka/acls.json')).users.find((u: { name: string }) => u.name === service.service).acls).toEqual(aclsOf(service, TOPOLOGY));
  });

  it.each(APPS.filter((app) => services[app]?.environment?.KAFKA_BROKERS !== undefined))(
    '%s: signs in to Kafka as its own user with SCRAM-SHA-512 over TLS, trusting the CA',
    (app) => {
      const env = services[app].environment;
      expect(env).toMatchObject({ KAFKA_TLS: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: app, KAFKA_TLS_CA_FILE: '/etc/kafka-ca/ca.crt' });
      expect(env.KAFKA_SASL_PASSWORD).toBe(services.kafka.environment[`KAFKA_${app.toUpperCase()}_PASSWORD`]);
      expect(services[app].volumes).toContain('kafka-ca:/etc/kafka-ca:ro');
      expect(`${BROKER_PORT}`).toBe(env.KAFKA_BROKERS.split(':')[1]);
    },
  );

  it('runs PostgreSQL 16, creating every database the services use and reporting healthy only once it takes TCP connections', () => {
    const postgres = services.postgres;
    expect(postgres.image).toMatch(/^postgres:16(\.|$)/);
    const mount = postgres.volumes.find((v: string) => v.startsWith('./infra/postgres/init-databases.sql:'));
    expect(mount).toMatch(/:\/docker-entrypoint-initdb\.d\//);
    const health = postgres.healthcheck.test.join(' ');
    expect(health).toContain('pg_isready');
    expect(health).toMatch(/-h 127\.0\.0\.1/);
    const sql = read('infra/postgres/init-databases.sql');
    for (const app of APPS) {
      const database = /\/([a-z_]+)$/.exec(services[app].environment.DATABASE_URL)![1];
      expect(sql).toMatch(new RegExp(`^CREATE DATABASE ${database};$`, 'm'));
    }
  });

  it.each(APPS)('%s: listens on its configured port, published on the same port and checked on /health/ready', (app) => {
    const service = services[app];
    const port = Number(service.environment.PORT);
    const config = CONFIG[app];
    if (config) expect(port).toBe(config.port);
    expect(service.ports.map(portMapping)).toEqual([{ host: port, container: port }]);
    expect(service.healthcheck.test.join(' ')).toContain(`fetch('http://127.0.0.1:${port}/health/ready')`);
  });

  it.each(APPS)("%s: sets only settings of its config class, with its own database on the postgres service", (app) => {
    const env = services[app].environment;
    const config = CONFIG[app];
    if (config) expect(Object.keys(env).filter((name) => !config.names.includes(name))).toEqual([]);
    expect(env.DATABASE_URL).toMatch(new RegExp(`^postgres://[^@/]+@postgres:5432/mutuals_${app}$`));
  });

  it.each(APPS.filter((app) => services[app]?.environment?.KAFKA_BROKERS !== undefined))(
    '%s: reaches Kafka at the address the broker advertises, in its own consumer group',
    (app) => {
      const env = services[app].environment;
      expect(BROKER['advertised.listeners'].replace('@ADVERTISED_HOST@', services.kafka.environment.ADVERTISED_HOST).replace('@PORT@', String(BROKER_PORT))).toContain(`://${env.KAFKA_BROKERS}`);
      const config = CONFIG[app];
      if (config) expect(env.KAFKA_GROUP_ID).toBe(config.defaults.KAFKA_GROUP_ID);
    },
  );

  it("gives only the portal the token signing key; the services read its public keys and take only their own tokens", () => {
    expect(services.portal.environment.AUTH_SIGNING_KEY).toMatch(/^\$\{AUTH_SIGNING_KEY:\?[^}]+\}$/);
    expect(services.portal.environment.AUTH_SIGNING_KEY_ID).toBeTruthy();
    const jwks = `http://portal:${services.portal.environment.PORT}/.well-known/jwks.json`;
    for (const app of APPS.filter((a) => a !== 'portal')) {
      const env = services[app].environment;
      expect(`${app}: ${'AUTH_SIGNING_KEY' in env}`).toBe(`${app}: false`);
      expect(env.AUTH_JWKS_URL).toBe(jwks);
      // The audience is the service's own name, by its config class's default or set to it.
      expect(env.AUTH_AUDIENCE ?? CONFIG[app]?.defaults.AUTH_AUDIENCE).toBe(app);
    }
  });

  it('takes every secret from the environment, requiring the signing and session keys, and never writes one in', () => {
    for (const app of APPS) {
      const env = services[app].environment;
      if ('SESSION_SECRET' in env) expect(env.SESSION_SECRET).toMatch(/^\$\{SESSION_SECRET:\?[^}]+\}$/);
      for (const name of SECRET_SETTINGS.filter((n) => n !== 'DATABASE_URL' && n in env)) {
        // Each service's Kafka password is a variable of its own, the one the broker creates its user with.
        const variable = name === 'KAFKA_SASL_PASSWORD' ? `KAFKA_${app.toUpperCase()}_PASSWORD` : name;
        expect(`${app} ${name}=${env[name]}`).toMatch(new RegExp(`=\\$\\{${variable}(:?[-?][^}]*)?\\}$`));
      }
      // Only the database password, and that from the environment too.
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\/postgres:\$\{POSTGRES_PASSWORD[^}]*\}@/);
    }
  });

  it('starts each service once what it depends on is healthy, and every dependency exists', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, how] of Object.entries<any>(service.depends_on ?? {})) {
        expect(`${name} -> ${dependency}: ${dependency in services}`).toBe(`${name} -> ${dependency}: true`);
        // One-shot jobs (the broker's certificate, topics and ACLs) are waited for until they have finished.
        const expected = ONE_SHOT.includes(dependency) ? 'service_completed_successfully' : 'service_healthy';
        if (dependency !== 'mailpit') expect(`${name} -> ${dependency}: ${how.condition}`).toBe(`${name} -> ${dependency}: ${expected}`);
      }
    }
    for (const app of APPS) expect(services[app].depends_on).toHaveProperty('postgres');
    for (const app of APPS.filter((a) => services[a].environment.KAFKA_BROKERS)) expect(services[app].depends_on).toHaveProperty('kafka');
    for (const backend of APPS.filter((a) => a !== 'portal')) expect(services.portal.depends_on).toHaveProperty(backend);
  });

  it('runs the portal in production without the demo sign-in unless a local trial asks for both', () => {
    const portal = services.portal.environment;
    const defaultOf = (value: string) => /^\$\{[A-Z_]+:-([^}]*)\}$/.exec(value)?.[1] ?? value;
    expect(defaultOf(portal.NODE_ENV)).toBe('production');
    expect(defaultOf(portal.DEMO_SIGN_IN)).toBe('false');
    // The comment above the portal's settings says how to switch the demo on, with NODE_ENV.
    expect(read('docker-compose.yml')).toMatch(/#.*PORTAL_NODE_ENV=development DEMO_SIGN_IN=true docker compose up/);
  });

  it('points the portal at each service and notifications at the Mailpit SMTP catcher', () => {
    const portal = services.portal.environment;
    for (const backend of APPS.filter((a) => a !== 'portal')) {
      expect(portal[`${backend.toUpperCase()}_URL`]).toBe(`http://${backend}:${services[backend].environment.PORT}`);
    }
    expect(services.mailpit.image).toMatch(/^axllent\/mailpit(:|$)/);
    expect(services.notifications.environment.SMTP_URL).toBe('smtp://mailpit:1025');
  });
});

// ---------------------------------------------------------------- k8s/base

describe('k8s/base', () => {
  const models: Record<string, new (doc: any) => { validate(): void }> = { Deployment, Service, ConfigMap };

  it('the kustomization lists every manifest in the folder, and only those', () => {
    const files = readdirSync(resolve(ROOT, 'k8s/base')).filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });

  it('every manifest validates against the Kubernetes schemas', () => {
    for (const { file, doc } of manifests) {
      const Model = models[doc.kind];
      if (!Model) throw new Error(`${file}: no schema check for kind ${doc.kind}`);
      expect(() => new Model(doc).validate()).not.toThrow();
    }
  });

  it('that validation catches a broken manifest', () => {
    const deployment = structuredClone(ofKind('Deployment')[0]);
    deployment.spec.template.spec.containers[0].ports[0].containerPort = 'abc';
    expect(() => new Deployment(deployment).validate()).toThrow(/containerPort/);
    const limits = structuredClone(ofKind('Deployment')[0]);
    limits.spec.template.spec.containers[0].resources.limits.memory = 'plenty';
    expect(() => new Deployment(limits).validate()).toThrow(/memory/);
    const configMap = structuredClone(ofKind('ConfigMap')[0]);
    configMap.data.PORT = 3001; // an unquoted number: ConfigMap values must be strings
    expect(() => new ConfigMap(configMap).validate()).toThrow(/PORT/);
  });

  it('has no Secret: every secret is a reference to mutuals-secrets, and each key it reads is documented', () => {
    expect(ofKind('Secret')).toEqual([]);
    const readme = read('k8s/README.md');
    const keys = ofKind('Deployment').flatMap((d) =>
      d.spec.template.spec.containers.flatMap((c: any) => (c.env ?? []).map((e: any) => e.valueFrom?.secretKeyRef).filter(Boolean)),
    );
    expect(keys.length).toBeGreaterThan(0);
    for (const ref of keys) {
      expect(ref.name).toBe('mutuals-secrets');
      expect(readme).toContain(`\`${ref.key}\``);
    }
    expect(readme).toContain('kubectl apply -k k8s/base');
  });

  it('runs one image everywhere, whose name the kustomization maps to a registry and tag', () => {
    const images = new Set(ofKind('Deployment').map((d) => d.spec.template.spec.containers[0].image));
    expect(images.size).toBe(1);
    const [image] = images;
    const mapping = kustomization.images.find((i: { name: string }) => i.name === image);
    expect(mapping).toMatchObject({ newName: expect.any(String), newTag: expect.any(String) });
    expect(mapping.newTag).not.toBe('latest');
  });

  it.each(APPS)('%s: a Deployment running its entry point, a ClusterIP Service and a ConfigMap, all labelled', (app) => {
    const { deployment, service, configMap, container } = k8sFor(app);
    for (const doc of [deployment, service, configMap, deployment.spec.template]) {
      expect(doc.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': app, 'app.kubernetes.io/part-of': 'mutuals-platform' });
    }
    expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(container.command).toEqual(['node', entryOf(app)]);
    expect(container.envFrom).toContainEqual({ configMapRef: { name: `${app}-config` } });
  });

  it.each(APPS)('%s: container, Service and ConfigMap agree on the port its config class listens on', (app) => {
    const { service, configMap, container } = k8sFor(app);
    const port = container.ports[0].containerPort;
    const config = CONFIG[app];
    if (config) expect(port).toBe(config.port);
    expect(configMap.data.PORT).toBe(String(port));
    expect(service.spec.ports).toHaveLength(1);
    expect(service.spec.ports[0].port).toBe(port);
    expect(resolvePort(container, service.spec.ports[0].targetPort)).toBe(port);
  });

  it.each(APPS)('%s: liveness on /health/live and readiness on /health/ready, both on the container port', (app) => {
    const { container } = k8sFor(app);
    const port = container.ports[0].containerPort;
    const { livenessProbe, readinessProbe } = container;
    expect(livenessProbe.httpGet.path).toBe('/health/live');
    expect(resolvePort(container, livenessProbe.httpGet.port)).toBe(port);
    expect(readinessProbe.httpGet.path).toBe('/health/ready');
    expect(resolvePort(container, readinessProbe.httpGet.port)).toBe(port);
    if (container.startupProbe) expect(resolvePort(container, container.startupProbe.httpGet.port)).toBe(port);
  });

  it.each(APPS)('%s: CPU and memory requested and limited, a locked-down non-root container, time to shut down', (app) => {
    const { deployment, container } = k8sFor(app);
    for (const kind of ['requests', 'limits']) expect(Object.keys(container.resources[kind]).sort()).toEqual(['cpu', 'memory']);
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
  });

  it.each(APPS)("%s: the image's heap cap leaves room under the container's memory limit for the rest of the process", (app) => {
    const { container } = k8sFor(app);
    const heapMiB = Number(/--max-old-space-size=(\d+)/.exec(dockerfile)?.[1]);
    const limit = /^(\d+)(Mi|Gi)$/.exec(container.resources.limits.memory);
    expect(limit).not.toBeNull();
    const limitMiB = Number(limit![1]) * (limit![2] === 'Gi' ? 1024 : 1);
    // Young generation, code, buffers and sockets live outside the old generation the flag caps.
    expect(heapMiB).toBeGreaterThan(0);
    expect(heapMiB).toBeLessThanOrEqual(limitMiB * 0.6);
    expect(container.env?.some((e: { name: string }) => e.name === 'NODE_OPTIONS') ?? false).toBe(false);
  });

  it.each(APPS)('%s: names only settings of its config class; secrets only through secretKeyRef, its own database key', (app) => {
    const { configMap, container } = k8sFor(app);
    const env: any[] = container.env ?? [];
    const names = [...Object.keys(configMap.data), ...env.map((e) => e.name)];
    const config = CONFIG[app];
    if (config) expect(names.filter((name) => !config.names.includes(name))).toEqual([]);
    expect(Object.keys(configMap.data).filter((name) => SECRET_SETTINGS.includes(name))).toEqual([]);
    for (const variable of env) {
      expect(`${variable.name}: ${'value' in variable ? 'inline value' : 'reference'}`).toBe(`${variable.name}: reference`);
    }
    const secretRefs = Object.fromEntries(env.filter((e) => e.valueFrom?.secretKeyRef).map((e) => [e.name, e.valueFrom.secretKeyRef.key]));
    // Only the portal holds the token signing key; the services read its public keys.
    if (app === 'portal') {
      expect(secretRefs.AUTH_SIGNING_KEY).toBe('AUTH_SIGNING_KEY');
      expect(configMap.data.AUTH_SIGNING_KEY_ID).toBeTruthy();
    } else {
      expect(`${app}: ${'AUTH_SIGNING_KEY' in secretRefs}`).toBe(`${app}: false`);
      const portal = k8sFor('portal');
      expect(configMap.data.AUTH_JWKS_URL).toBe(`http://${portal.service.metadata.name}:${portal.service.spec.ports[0].port}/.well-known/jwks.json`);
      expect(configMap.data.AUTH_AUDIENCE).toBe(app);
    }
    expect(secretRefs.DATABASE_URL).toBe(`${app.toUpperCase()}_DATABASE_URL`);
  });

  it('never turns the demo sign-in on', () => {
    expect(k8sFor('portal').configMap.data.DEMO_SIGN_IN).toBe('false');
  });

  it.each(APPS.filter((app) => CONFIG[app]?.names.includes('KAFKA_GROUP_ID')))('%s: consumes in its own Kafka consumer group', (app) => {
    const { configMap } = k8sFor(app);
    expect(configMap.data.KAFKA_GROUP_ID).toBe(CONFIG[app]!.defaults.KAFKA_GROUP_ID);
    expect(configMap.data.KAFKA_BROKERS).toMatch(/^[A-Za-z0-9.-]+:\d+(,[A-Za-z0-9.-]+:\d+)*$/);
  });
});

describe('every deployment file', () => {
  it('leaves out the development signing key, its public key and its kid', () => {
    const files = ['Dockerfile', 'docker-compose.yml', 'k8s/README.md', ...manifests.map((m) => `k8s/base/${m.file}`)];
    const privateKeyBody = DEV_SIGNING_KEY.split('\n')[1];
    for (const file of files) {
      const text = read(file);
      const found = [privateKeyBody, devPublicKeyX(), DEV_SIGNING_KEY_ID].filter((s) => text.includes(s));
      expect(`${file}: ${found.join(', ')}`).toBe(`${file}: `);
    }
  });
});

describe('README.md', () => {
  const settingsTable = read('README.md').split('## Settings')[1]?.split('\n## ')[0] ?? '';

  it.each(APPS.filter((app) => CONFIG[app]))('documents every setting %s reads in its settings table', (app) => {
    const undocumented = CONFIG[app]!.names.filter((name) => !settingsTable.includes(`\`${name}\``));
    expect(`${app}: ${undocumented.join(', ')}`).toBe(`${app}: `);
  });
});
