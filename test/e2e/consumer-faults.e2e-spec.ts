import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApplicationSubmitted, CaseOpened, EVENT_CATALOGUE, EventEnvelope, OrganisationRegistered } from '@mutuals/contracts';
import { PrivateKafka, produceRaw, readTopic, RunningService, SmtpTestServer, startTestService, takeDatabaseAway, testEnvelope, testKafka, testTopic, testUser, waitFor } from '@mutuals/testing';
import { awardsService } from '../../apps/awards/src/service';
import { intakeService } from '../../apps/intake/src/service';
import { notificationsService } from '../../apps/notifications/src/service';

function submitted(email: string): EventEnvelope {
  const applicationId = randomUUID();
  const data = { ...ApplicationSubmitted.example, applicationId, applicantId: `applicant-${applicationId.slice(0, 8)}`, contact: { name: 'Sam', email } };
  return testEnvelope(ApplicationSubmitted, data, { subject: applicationId });
}

function caseOpened(): EventEnvelope {
  const caseId = randomUUID();
  // A case of a support-fund application: intake records the event and has nothing to update.
  return testEnvelope(CaseOpened, { ...CaseOpened.example, caseId, source: 'application', sourceId: randomUUID() }, { subject: caseId });
}

const asMessage = (event: EventEnvelope) => ({ key: event.subject, value: JSON.stringify(event) });

describe('a consumer under faults', () => {
  describe('the database of the notifications service goes away for 10 s while events arrive', () => {
    const smtp = new SmtpTestServer();
    let notifications: RunningService<any>;
    let bringBack: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      await smtp.start();
      notifications = await startTestService(notificationsService, { SMTP_URL: smtp.url });
    });

    afterAll(async () => {
      await bringBack?.();
      await notifications?.close();
      await smtp.stop();
    });

    it('waits for it, then handles every event exactly once and dead-letters none', async () => {
      const run = randomUUID().slice(0, 8);
      const events = Array.from({ length: 30 }, (_, i) => submitted(`outage-${run}-${i}@example.org`));
      bringBack = await takeDatabaseAway(notifications.config.DATABASE_URL);
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
        await bringBack();
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
    // A broker of its own, never used before, so starting and wiping it touches nothing else.
    let kafka: PrivateKafka;
    let awards: RunningService<any>;

    beforeAll(async () => {
      kafka = await PrivateKafka.create();
    });

    afterAll(async () => {
      await awards?.close();
      await kafka?.remove();
    });

    it('serves HTTP at once, is not ready until the broker is up, then creates the topics it reads and consumes', async () => {
      awards = await startTestService(awardsService, { KAFKA_BROKERS: kafka.brokers }, { untilConsuming: false });
      await request(awards.url).get('/health/live').expect(200);
      const before = await request(awards.url).get('/health/ready').expect(503);
      expect(before.body.details.kafka.status).toBe('down');
      expect(before.body.details.consumer.state).toBe('starting');

      await kafka.start();
      await waitFor(async () => (await request(awards.url).get('/health/ready')).status === 200, { what: 'ready once the broker is up', timeoutMs: 90000 });

      const client = testKafka('fresh-broker-test', [kafka.brokers]);
      const admin = client.admin();
      await admin.connect();
      const topics = await admin.listTopics();
      await admin.disconnect();
      // Its own stream, and the streams of the services it reads, which have not started on this broker.
      expect(topics).toEqual(expect.arrayContaining(['awards.case.v1', 'applications.application.v1', 'intake.bid.v1', 'applications.application.v1.dlq'].map(testTopic)));
      // Streams only: no per-event-type topic is created any more.
      expect(topics.filter((t) => EVENT_CATALOGUE.some((c) => testTopic(c.legacyTopic) === t))).toEqual([]);

      const event = submitted(testUser('applicant').email!);
      const producer = client.producer({ allowAutoTopicCreation: false });
      await producer.connect();
      await producer.send({ topic: testTopic(ApplicationSubmitted.topic), acks: -1, messages: [asMessage(event)] });
      await producer.disconnect();
      const db = awards.app.get(DataSource);
      await waitFor(async () => (await db.query('select 1 from inbox_messages where event_id = $1', [event.id])).length === 1, {
        what: 'the event handled from the fresh broker',
        timeoutMs: 30000,
      });
    }, 180000); // a broker's first start on the JVM (formatting its storage) can take a minute on a busy machine
  });
});
