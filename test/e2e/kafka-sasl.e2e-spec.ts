import request from 'supertest';
import { RunningService, SaslKafka, startTestService, testTopicPrefix, testUser, waitFor } from '@mutuals/testing';
import { MessagingStarter } from '@mutuals/messaging';
import { applicationsService } from '../../apps/applications/src/service';
import { createFund, registeredApplicant, submitted } from '../../apps/applications/test/fixtures';
import { awardsService } from '../../apps/awards/src/service';
import { kafkaAccess } from '../../ops/k8s';

jest.setTimeout(300_000);

/**
 * The platform on a broker with authentication and authorization, as deployed: SASL_SSL only,
 * SCRAM-SHA-512 over TLS, each service as its own user with the ACLs generated from the services'
 * modules (infra/kafka/acls.json; here for this run's prefixed topics). A staff group's application
 * reaches awards; a wrong password and a write outside a service's ACLs are refused.
 */
describe('Kafka over SASL_SSL with per-service users and ACLs', () => {
  let kafka: SaslKafka;
  let applications: RunningService<any>;
  let awards: RunningService<any>;
  const officer = testUser('programme_officer');
  const prefix = testTopicPrefix();

  /** Started in-process as its own Kafka user; waits until it consumes (its topics exist: the admin made them). */
  async function startAs(definition: typeof applicationsService | typeof awardsService, user: string) {
    const service = await startTestService(definition as any, kafka.settingsFor(user), { untilConsuming: false });
    await service.app.get(MessagingStarter).start(service.app);
    return service;
  }

  beforeAll(async () => {
    kafka = await SaslKafka.create();
    await kafka.start();
    // The services may not create topics: as in Kubernetes, they exist before the services start.
    await kafka.applyAccess(kafkaAccess(prefix));
    awards = await startAs(awardsService, 'awards');
    applications = await startAs(applicationsService, 'applications');
  });

  afterAll(async () => {
    await applications?.close();
    await awards?.close();
    await kafka?.remove();
  });

  it('carries an event from one service to another: a submitted application becomes a case in awards', async () => {
    const fund = await createFund(applications);
    await waitFor(async () => (await request(awards.url).get(`/programmes/${fund.id}`).set(officer.auth)).status === 200, {
      what: "the fund's budget in awards",
      timeoutMs: 60000,
      intervalMs: 300,
    });
    const { user } = await registeredApplicant(applications);
    const application = await submitted(applications, user, fund.id);
    const opened = await waitFor(
      async () => {
        const res = await request(awards.url).get(`/cases?programmeId=${fund.id}`).set(officer.auth);
        return res.body.items?.find((c: { sourceId: string }) => c.sourceId === application.id);
      },
      { what: 'the awards case of the application', timeoutMs: 60000, intervalMs: 300 },
    );
    expect(opened.sourceId).toBe(application.id);
    const ready = await request(applications.url).get('/health/ready').expect(200);
    expect(JSON.stringify(ready.body)).not.toMatch(/degraded|down/);
  });

  it('refuses a wrong password', async () => {
    const admin = kafka.client('applications', 'not-the-password').admin();
    await expect(admin.connect()).rejects.toThrow(/SASL SCRAM SHA512 authentication failed|Authentication failed/i);
    await admin.disconnect().catch(() => undefined);
  });

  it("refuses a service writing to another service's topic, and reading a topic it does not consume", async () => {
    const producer = kafka.client('applications').producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      // intake's stream: applications neither writes nor reads it.
      await expect(producer.send({ topic: `${prefix}intake.bid.v1`, messages: [{ key: 'x', value: '{}' }] })).rejects.toThrow(/Not authorized to access topics/);
      // Its own stream: allowed.
      await expect(producer.send({ topic: `${prefix}applications.organisation.v1`, messages: [{ key: 'x', value: 'not an event' }] })).resolves.toBeDefined();
    } finally {
      await producer.disconnect();
    }
    const admin = kafka.client('awards').admin();
    await admin.connect();
    try {
      // awards reads applications' streams, but not the organisations one.
      await expect(admin.fetchTopicOffsets(`${prefix}applications.organisation.v1`)).rejects.toThrow();
      await expect(admin.fetchTopicOffsets(`${prefix}applications.application.v1`)).resolves.toHaveLength(3);
    } finally {
      await admin.disconnect();
    }
  });

  it('takes no client without SASL on the SASL_SSL listener', async () => {
    const { Kafka, logLevel } = await import('kafkajs');
    const plain = new Kafka({ clientId: 'tests-plain', brokers: [kafka.brokers], logLevel: logLevel.NOTHING, connectionTimeout: 2000, requestTimeout: 3000, retry: { retries: 0 } }).admin();
    await expect(plain.connect().then(() => plain.describeCluster())).rejects.toThrow();
    await plain.disconnect().catch(() => undefined);
  });
});
