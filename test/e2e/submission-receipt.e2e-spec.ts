import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ApplicationSubmitted, EventEnvelope } from '@mutuals/contracts';
import { localKafka, produceRaw, readTopic, RunningService, sleep, SmtpTestServer, startTestService, testUser, waitFor } from '@mutuals/testing';
import { applicationsService } from '../../apps/applications/src/service';
import { notificationsService } from '../../apps/notifications/src/service';

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

  async function submitApplication(user = testUser('applicant', { organisationId: randomUUID() })) {
    await request(applications.url)
      .post('/organisations')
      .set(user.auth)
      .send({
        name: '3BM',
        type: 'live-mutual',
        legalForm: 'company-limited-by-guarantee',
        parentBody: 'Bath and North East Somerset Council',
        servicesInScope: ['School business management'],
        employeeSharePercent: 100,
        stillOnOriginalContract: true,
      })
      .expect(201);
    const fund = await request(applications.url)
      .post('/funds')
      .set(testUser('programme_officer').auth)
      .send({ name: `Mutuals Interim Support Fund ${randomUUID()}`, capPerApplicationPence: 2_500_000, budgetPence: 100_000_000, open: true, matchFundingRequired: false, questions: [] })
      .expect(201);
    const created = await request(applications.url)
      .post('/applications')
      .set(user.auth)
      .send({
        fundId: fund.body.id,
        title: 'Pensions advice for our staff transfer',
        supportTypes: ['hr-and-pensions'],
        amountRequestedPence: 2_500_000,
        subsidyReceivedPence: 0,
        servicesDeliveredInEngland: true,
      })
      .expect(201);
    const submitted = await request(applications.url)
      .post(`/applications/${created.body.id}/submit`)
      .set(user.auth)
      .send({ version: created.body.version })
      .expect(200);
    return { user, application: submitted.body };
  }

  function envelopeFor(user: ReturnType<typeof testUser>, reference: string): EventEnvelope {
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
      data: { ...ApplicationSubmitted.example, applicationId, reference, applicantId: user.id, contact: { name: 'Sam', email: user.email! } },
    };
  }

  it('emails the applicant exactly one receipt quoting the reference', async () => {
    const { user, application } = await submitApplication();
    expect(application.status).toBe('submitted');
    expect(application.reference).toMatch(/^MSF-\d{4}-\d{6}$/);

    const [mail] = await waitFor(() => smtp.to(user.email!).length > 0 && smtp.to(user.email!), { what: 'the receipt' });
    expect(mail.subject).toContain(application.reference);
    expect(mail.body).toContain(application.reference);
    expect(mail.body).toContain('£25,000.00');
    await sleep(1500);
    expect(smtp.to(user.email!)).toHaveLength(1);
  });

  it('sends one email when the same event is delivered twice', async () => {
    const user = testUser('applicant');
    const event = envelopeFor(user, 'MSF-2026-900001');
    const message = { key: event.subject, value: JSON.stringify(event) };
    await produceRaw(ApplicationSubmitted.topic, [message, message]);
    await waitFor(() => smtp.to(user.email!).length > 0, { what: 'the receipt' });
    await sleep(1500);
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
      expect(letter.headers['dlq-origin-topic']).toBe(ApplicationSubmitted.topic);
      expect(letter.headers['dlq-consumer-group']).toBe(notifications.config.KAFKA_GROUP_ID);
      expect(letter.headers['dlq-detail']).not.toBe('');
    }
    expect(deadLetters.find((m) => m.headers['dlq-reason'] === 'contract-violation')!.headers['dlq-detail']).toContain('amountRequestedPence');
    expect(smtp.to(user.email!)).toHaveLength(1);
  });

  it('accepts a submission while Kafka is down and sends the receipt exactly once when it is back', async () => {
    localKafka('stop');
    let submitted: Awaited<ReturnType<typeof submitApplication>>;
    try {
      submitted = await submitApplication();
      await sleep(1000);
      expect(smtp.to(submitted.user.email!)).toHaveLength(0);
    } finally {
      localKafka('start');
    }
    const email = submitted!.user.email!;
    await waitFor(() => smtp.to(email).length > 0, { what: 'the receipt after Kafka came back', timeoutMs: 90000, intervalMs: 500 });
    await sleep(2000);
    expect(smtp.to(email)).toHaveLength(1);
    expect(smtp.to(email)[0].subject).toContain(submitted!.application.reference);
  }, 180000);
});
