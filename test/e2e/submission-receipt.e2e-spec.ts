import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { ApplicationSubmitted, EventEnvelope } from '@mutuals/contracts';
import { OutboxRelay } from '@mutuals/messaging';
import {
  brokerAnswers,
  brokerOutageUnsupported,
  draftApplication,
  outboxPublished,
  PrivateKafka,
  produceRaw,
  readTopic,
  rowsOf,
  RunningService,
  SmtpTestServer,
  startTestService,
  testEnvelope,
  testKafka,
  testTopic,
  testUser,
  waitFor,
} from '@mutuals/testing';
import { applicationsService } from '../../apps/applications/src/service';
import { notificationsService } from '../../apps/notifications/src/service';
import { markerSent, settled } from '../../apps/notifications/test/support/service';

/** An applicant registers an organisation and submits an application to a fund of its own. */
async function submitApplication(applications: RunningService<any>, user = testUser('applicant', { organisationId: randomUUID() })) {
  const draft = await draftApplication(applications.url, user);
  const submitted = await request(applications.url)
    .post(`/applications/${draft.id}/submit`)
    .set(user.auth)
    .send({ version: draft.version })
    .expect(200);
  return { user, application: submitted.body };
}

/**
 * The first path through the whole system: an applicant submits, the event goes through the
 * outbox and Kafka, and the notifications service emails a receipt over real SMTP.
 */
describe('submitting an application sends one receipt', () => {
  const smtp = new SmtpTestServer();
  let applications: RunningService<any>;
  let notifications: RunningService<any>;

  beforeAll(async () => {
    await smtp.start();
    notifications = await startTestService(notificationsService, { SMTP_URL: smtp.url });
    applications = await startTestService(applicationsService);
  });

  afterAll(async () => {
    await applications?.close();
    await notifications?.close();
    await smtp.stop();
  });

  function envelopeFor(user: ReturnType<typeof testUser>, reference: string): EventEnvelope {
    const applicationId = randomUUID();
    const data = { ...ApplicationSubmitted.example, applicationId, reference, applicantId: user.id, contact: { name: 'Sam', email: user.email! } };
    return testEnvelope(ApplicationSubmitted, data, { subject: applicationId });
  }

  it('emails the applicant exactly one receipt quoting the reference', async () => {
    const { user, application } = await submitApplication(applications);
    expect(application.status).toBe('submitted');
    expect(application.reference).toMatch(/^MSF-\d{4}-\d{6}$/);

    const [mail] = await waitFor(() => smtp.to(user.email!).length > 0 && smtp.to(user.email!), { what: 'the receipt' });
    expect(mail.subject).toContain(application.reference);
    expect(mail.body).toContain(application.reference);
    expect(mail.body).toContain('£25,000.00');
    await expectOneReceipt(applications, notifications, smtp, user.email!, application.id);
  });

  it('sends one email when the same event is delivered twice', async () => {
    const user = testUser('applicant');
    const event = envelopeFor(user, 'MSF-2026-900001');
    const message = { key: event.subject, value: JSON.stringify(event) };
    await produceRaw(ApplicationSubmitted.topic, [message, message]);
    // A marker on the event's key is handled after both copies, and its receipt sent after theirs.
    await markerSent(notifications, event.subject);
    expect(await settled(notifications, user.email!, ['sent'])).toHaveLength(1);
    expect(smtp.to(user.email!)).toHaveLength(1);
  });

  it('dead-letters poison messages with a reason and goes on with the next event', async () => {
    const marker = randomUUID();
    const user = testUser('applicant');
    const unknownType = { ...envelopeFor(user, 'MSF-2026-900002'), type: 'applications.application.exploded.v1', id: marker };
    const badContract = envelopeFor(user, 'MSF-2026-900003');
    (badContract.data as Record<string, unknown>).amountRequestedPence = 'a lot';
    badContract.id = randomUUID();
    const good = envelopeFor(user, 'MSF-2026-900004');

    await produceRaw(ApplicationSubmitted.topic, [
      { key: marker, value: `not json ${marker}` },
      { key: marker, value: JSON.stringify(unknownType) },
      { key: marker, value: JSON.stringify(badContract) },
      { key: marker, value: JSON.stringify(good) },
    ]);

    const mail = await waitFor(() => smtp.to(user.email!).find((m) => m.subject.includes('MSF-2026-900004')), { what: 'the good event’s receipt' });
    expect(mail).toBeDefined();
    const deadLetters = await waitFor(
      async () => {
        const found = (await readTopic(ApplicationSubmitted.deadLetterTopic)).filter((m) => m.key === marker);
        return found.length >= 3 && found;
      },
      { what: 'three dead letters', timeoutMs: 30000 },
    );
    const reasons = deadLetters.map((m) => m.headers['dlq-reason']).sort();
    expect(reasons).toEqual(['contract-violation', 'not-json', 'unknown-type']);
    for (const letter of deadLetters) {
      expect(letter.headers['dlq-origin-topic']).toBe(testTopic(ApplicationSubmitted.topic));
      expect(letter.headers['dlq-consumer-group']).toBe(notifications.config.KAFKA_GROUP_ID);
      expect(letter.headers['dlq-detail']).not.toBe('');
    }
    expect(deadLetters.find((m) => m.headers['dlq-reason'] === 'contract-violation')!.headers['dlq-detail']).toContain('amountRequestedPence');
    expect(smtp.to(user.email!)).toHaveLength(1);
  });
});

/**
 * The receipt to `email` was sent once, and nothing can send another: the application's events
 * are all published (a published outbox row is never sent again), and a marker published after
 * them on the application's key (its partition) has been handled and its receipt sent.
 */
async function expectOneReceipt(applications: RunningService<any>, notifications: RunningService<any>, smtp: SmtpTestServer, email: string, applicationId: string, kafka?: Kafka) {
  await outboxPublished(applications.app.get(DataSource), applicationId);
  await markerSent(notifications, applicationId, kafka);
  expect(await settled(notifications, email, ['sent'])).toHaveLength(1);
  expect(smtp.to(email)).toHaveLength(1);
}

/** What a service's /health/ready says (for a failure's message). */
async function readiness(service: RunningService<any>): Promise<string> {
  const res = await request(service.url).get('/health/ready');
  return `${res.status} ${JSON.stringify(res.body)}`;
}

const outageUnsupported = brokerOutageUnsupported();

/**
 * Kafka really goes away and comes back: a broker of the test's own (stopping the shared one would
 * take it from every other test running meanwhile), with the two services on it.
 */
(outageUnsupported ? describe.skip : describe)(`while Kafka is down${outageUnsupported ? ` (skipped: ${outageUnsupported})` : ''}`, () => {
  const smtp = new SmtpTestServer();
  let kafka: PrivateKafka;
  let applications: RunningService<any>;
  let notifications: RunningService<any>;

  beforeAll(async () => {
    kafka = await PrivateKafka.create();
    await kafka.start();
    await smtp.start();
    notifications = await startTestService(notificationsService, { SMTP_URL: smtp.url, KAFKA_BROKERS: kafka.brokers });
    applications = await startTestService(applicationsService, { KAFKA_BROKERS: kafka.brokers });
  }, 180000);

  afterAll(async () => {
    await applications?.close();
    await notifications?.close();
    await smtp.stop();
    await kafka?.remove();
  }, 120000);

  it('accepts a submission while Kafka is down, keeps its event in the outbox, and sends the receipt exactly once when it is back', async () => {
    // Counts the relay's attempts that fail, to see it try while the broker is away.
    const relay = applications.app.get(OutboxRelay);
    const relayOnce = relay.relayOnce.bind(relay);
    let failedRelays = 0;
    relay.relayOnce = () => relayOnce().catch((err) => ((failedRelays += 1), Promise.reject(err)));
    const unpublished = async (applicationId: string) =>
      rowsOf(applications.app.get(DataSource), 'select seq from outbox_messages where message_key = $1 and published_at is null', [applicationId]);

    await kafka.stop();
    expect(await brokerAnswers([kafka.brokers])).toBe(false);
    let submitted: Awaited<ReturnType<typeof submitApplication>>;
    try {
      submitted = await submitApplication(applications);
      // The relay has tried to publish the submission and failed; the event waits in the outbox.
      await waitFor(() => failedRelays >= 2, { what: 'the outbox relay to fail against the stopped broker', timeoutMs: 60000 });
      expect(await unpublished(submitted.application.id)).toHaveLength(1);
      expect(await brokerAnswers([kafka.brokers])).toBe(false);
      expect(smtp.to(submitted.user.email!)).toHaveLength(0);
    } finally {
      await kafka.start();
    }
    const email = submitted!.user.email!;
    await waitFor(
      async () => smtp.to(email).length > 0 || Promise.reject(new Error(`none yet; the services report ${await readiness(applications)} and ${await readiness(notifications)}`)),
      { what: 'the receipt after Kafka came back', timeoutMs: 90000, intervalMs: 500 },
    );
    expect(smtp.to(email)[0].subject).toContain(submitted!.application.reference);
    await expectOneReceipt(applications, notifications, smtp, email, submitted!.application.id, testKafka('tests', [kafka.brokers]));
  }, 240000);
});
