import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApplicationSubmitted, CaseOpened, EVENT_CATALOGUE, EventEnvelope, OrganisationRegistered } from '@mutuals/contracts';
import { produceRaw, readTopic, RunningService, SmtpTestServer, startTestService, testKafka, testTopic, testUser, waitFor } from '@mutuals/testing';
import { awardsService } from '../../apps/awards/src/service';
import { intakeService } from '../../apps/intake/src/service';
import { notificationsService } from '../../apps/notifications/src/service';

const ROOT = resolve(__dirname, '../..');

function submitted(email: string): EventEnvelope {
  const applicationId = randomUUID();
  return {
    specversion: '1.0',
    id: randomUUID(),
    type: ApplicationSubmitted.type,
    source: '/services/applications',
    subject: applicationId,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    correlationid: randomUUID(),
    causationid: randomUUID(),
    data: { ...ApplicationSubmitted.example, applicationId, applicantId: `applicant-${applicationId.slice(0, 8)}`, contact: { name: 'Sam', email } },
  };
}

function caseOpened(): EventEnvelope {
  const caseId = randomUUID();
  return {
    specversion: '1.0',
    id: randomUUID(),
    type: CaseOpened.type,
    source: '/services/awards',
    subject: caseId,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    correlationid: randomUUID(),
    causationid: randomUUID(),
    // A case of a support-fund application: intake records the event and has nothing to update.
    data: { ...CaseOpened.example, caseId, source: 'application', sourceId: randomUUID() },
  };
}

const asMessage = (event: EventEnvelope) => ({ key: event.subject, value: JSON.stringify(event) });

/** Cuts one database the way an outage does (the server stays up): no new sessions, and every open one ended. */
async function cutDatabase(admin: Client, database: string) {
  await admin.query(`alter database "${database}" with allow_connections false`);
  await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);
}

describe('a consumer under faults', () => {
  describe('the database of the notifications service goes away for 10 s while events arrive', () => {
    const smtp = new SmtpTestServer();
    const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    let notifications: RunningService<any>;
    let database: string;

    beforeAll(async () => {
      await smtp.start();
      await admin.connect();
      notifications = await startTestService(notificationsService, { SMTP_URL: smtp.url });
      database = new URL(notifications.config.DATABASE_URL).pathname.slice(1);
    });

    afterAll(async () => {
      await admin.query(`alter database "${database}" with allow_connections true`).catch(() => undefined);
      await notifications?.close();
      await admin.end();
      await smtp.stop();
    });

    it('waits for it, then handles every event exactly once and dead-letters none', async () => {
      const run = randomUUID().slice(0, 8);
      const events = Array.from({ length: 30 }, (_, i) => submitted(`outage-${run}-${i}@example.org`));
      await cutDatabase(admin, database);
      try {
        await produceRaw(ApplicationSubmitted.topic, events.map(asMessage));
        // The outage really happened: readiness says the database is down and the consumer waits on it.
        const during = await waitFor(
          async () => {
            const res = await request(notifications.url).get('/health/ready');
            return res.status === 503 && res.body.details?.consumer?.state === 'degraded' && res.body;
          },
          { what: 'the consumer to report that events wait for the database', timeoutMs: 15000 },
        );
        expect(during.details.database.status).toBe('down');
        expect(during.details.consumer.waiting.length).toBeGreaterThan(0);
        // A request that needs the database meanwhile is told to come back, not given a 500.
        const refused = await request(notifications.url).get('/deliveries').set(testUser('programme_officer').auth).expect(503);
        expect(refused.body.code).toBe('dependency-unavailable');
        expect(refused.headers['retry-after']).toBe('5');
        await new Promise((r) => setTimeout(r, 10000));
        expect(smtp.received.filter((m) => m.to.some((to) => to.includes(run)))).toHaveLength(0);
      } finally {
        await admin.query(`alter database "${database}" with allow_connections true`);
      }

      await waitFor(() => events.every((e) => smtp.to((e.data as any).contact.email).length > 0), { what: 'every receipt after the outage', timeoutMs: 60000 });
      await waitFor(async () => (await request(notifications.url).get('/health/ready')).status === 200, { what: 'ready again' });
      for (const event of events) expect(smtp.to((event.data as any).contact.email)).toHaveLength(1);
      const keys = new Set(events.map((e) => e.subject));
      const deadLetters = (await readTopic(ApplicationSubmitted.deadLetterTopic)).filter((m) => m.key && keys.has(m.key));
      expect(deadLetters).toEqual([]);
    });

    it('dead-letters a message with no value, ignores platform events it does not handle, and goes on', async () => {
      const marker = randomUUID();
      const email = `after-null-${marker.slice(0, 8)}@example.org`;
      const good = submitted(email);
      const notOurs: EventEnvelope = { ...good, id: randomUUID(), type: OrganisationRegistered.type, data: OrganisationRegistered.example };
      await produceRaw(ApplicationSubmitted.topic, [
        { key: good.subject, value: null },
        { key: good.subject, value: JSON.stringify(notOurs) },
        asMessage(good),
      ]);
      await waitFor(() => smtp.to(email).length > 0, { what: 'the receipt after the empty message' });
      const letters = await waitFor(
        async () => {
          const found = (await readTopic(ApplicationSubmitted.deadLetterTopic)).filter(
            (m) => m.key === good.subject && m.headers['dlq-consumer-group'] === notifications.config.KAFKA_GROUP_ID,
          );
          return found.length > 0 && found;
        },
        { what: 'the empty message dead-lettered' },
      );
      expect(letters.map((m) => m.headers['dlq-reason'])).toEqual(['no-value']);
    });
  });

  describe('a consumer that kafkajs stops', () => {
    let intake: RunningService<any>;
    // An event left on a per-event-type topic of the version before streams, not yet consumed.
    const legacy = caseOpened();

    beforeAll(async () => {
      const admin = testKafka().admin();
      await admin.connect();
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic: testTopic(CaseOpened.legacyTopic), numPartitions: 3, replicationFactor: 1 }] });
      await admin.disconnect();
      intake = await startTestService(intakeService, { CONSUMER_LIVENESS_GRACE_SECONDS: 5 });
      await produceRaw(CaseOpened.legacyTopic, [asMessage(legacy)]);
    });

    it('still reads the per-event-type topic of the previous version while it exists, so nothing published before the upgrade is lost', async () => {
      const db = intake.app.get(DataSource);
      await waitFor(async () => (await db.query('select 1 from inbox_messages where event_id = $1', [legacy.id])).length === 1, {
        what: 'the event on the legacy topic handled',
      });
    });

    afterAll(async () => {
      await intake?.close();
    });

    it('makes the service not ready at once, and not live after the grace period, so it is restarted', async () => {
      await waitFor(async () => (await request(intake.url).get('/health/ready')).status === 200, { what: 'ready' });
      const [, consumer] = intake.app.getMicroservices()[0].unwrap<[unknown, { stop: () => Promise<void> }]>();
      await consumer.stop();

      const ready = await request(intake.url).get('/health/ready').expect(503);
      expect(ready.body.details.consumer).toMatchObject({ status: 'down', state: 'stopped' });
      await request(intake.url).get('/health/live').expect(200);
      await waitFor(async () => (await request(intake.url).get('/health/live')).status === 503, { what: 'liveness to fail', timeoutMs: 15000 });
    });
  });

  describe('a service started before its broker, on a broker that has never seen the platform', () => {
    // A second local broker of its own, so stopping and wiping it touches nothing else.
    const port = 19292;
    const brokers = `127.0.0.1:${port}`;
    const kafkaScript = (action: string) =>
      execFileSync('bash', [resolve(ROOT, 'scripts/kafka.sh'), action], {
        env: { ...process.env, KAFKA_PORT: String(port), KAFKA_BROKERS: brokers },
        stdio: 'ignore',
        timeout: 120000,
      });
    let awards: RunningService<any>;

    beforeAll(() => kafkaScript('reset'));

    afterAll(async () => {
      await awards?.close();
      kafkaScript('reset');
    });

    it('serves HTTP at once, is not ready until the broker is up, then creates the topics it reads and consumes', async () => {
      awards = await startTestService(awardsService, { KAFKA_BROKERS: brokers }, { untilConsuming: false });
      await request(awards.url).get('/health/live').expect(200);
      const before = await request(awards.url).get('/health/ready').expect(503);
      expect(before.body.details.kafka.status).toBe('down');
      expect(before.body.details.consumer.state).toBe('starting');

      kafkaScript('start');
      await waitFor(async () => (await request(awards.url).get('/health/ready')).status === 200, { what: 'ready once the broker is up', timeoutMs: 90000 });

      const kafka = new Kafka({ clientId: 'fresh-broker-test', brokers: [brokers], logLevel: logLevel.NOTHING });
      const admin = kafka.admin();
      await admin.connect();
      const topics = await admin.listTopics();
      await admin.disconnect();
      // Its own stream, and the streams of the services it reads, which have not started on this broker.
      expect(topics).toEqual(expect.arrayContaining(['awards.case.v1', 'applications.application.v1', 'intake.bid.v1', 'applications.application.v1.dlq'].map(testTopic)));
      // Streams only: no per-event-type topic is created any more.
      expect(topics.filter((t) => EVENT_CATALOGUE.some((c) => testTopic(c.legacyTopic) === t))).toEqual([]);

      const event = submitted(testUser('applicant').email!);
      const producer = kafka.producer({ allowAutoTopicCreation: false });
      await producer.connect();
      await producer.send({ topic: testTopic(ApplicationSubmitted.topic), acks: -1, messages: [asMessage(event)] });
      await producer.disconnect();
      const db = awards.app.get(DataSource);
      await waitFor(async () => (await db.query('select 1 from inbox_messages where event_id = $1', [event.id])).length === 1, {
        what: 'the event handled from the fresh broker',
        timeoutMs: 30000,
      });
    });
  });
});
