import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApplicationSubmitted, EventEnvelope } from '@mutuals/contracts';
import { produceRaw, readTopic, RunningService, rowsOf, SmtpTestServer, startTestService, takeDatabaseAway, testEnvelope, waitFor } from '@mutuals/testing';
import { notificationsService } from '../../apps/notifications/src/service';

/**
 * The notifications consumer records the events of a Kafka batch, and their deliveries, in one
 * transaction; a failure in it falls back to one event at a time. Each batch here is produced in
 * one request on one key, so it lands on one partition and is fetched together.
 */
describe('a consumer handling Kafka batches', () => {
  const smtp = new SmtpTestServer();
  let notifications: RunningService<any>;
  let db: DataSource;

  beforeAll(async () => {
    await smtp.start();
    notifications = await startTestService(notificationsService, { SMTP_URL: smtp.url });
    db = notifications.app.get(DataSource);
  });

  afterAll(async () => {
    await notifications?.close();
    await smtp.stop();
  });

  function submitted(run: string, i: number, title = ApplicationSubmitted.example.title): EventEnvelope {
    const applicationId = randomUUID();
    const data = { ...ApplicationSubmitted.example, title, applicationId, applicantId: `applicant-${applicationId.slice(0, 8)}`, contact: { name: 'Sam', email: `batch-${run}-${i}@example.org` } };
    return testEnvelope(ApplicationSubmitted, data, { subject: applicationId });
  }
  const emailOf = (event: EventEnvelope) => (event.data as { contact: { email: string } }).contact.email;
  /** All on one key: one partition, in this order. */
  const onKey = (key: string, events: (EventEnvelope | string)[]) => events.map((e) => ({ key, value: typeof e === 'string' ? e : JSON.stringify(e) }));

  /**
   * The transactions that recorded these events: the inbox rows' xmin (never updated), and the
   * start time of the transactions that wrote them and the deliveries (`now()`, both columns' default).
   */
  async function writers(events: EventEnvelope[]) {
    const ids = events.map((e) => e.id);
    const [inbox] = await rowsOf<{ transactions: number; started: string[] }>(
      db,
      'select count(distinct xmin::text)::int as transactions, array_agg(distinct processed_at::text) as started from inbox_messages where event_id = any($1)',
      [ids],
    );
    const [deliveries] = await rowsOf<{ started: string[] }>(db, 'select array_agg(distinct created_at::text) as started from deliveries where event_id = any($1)', [ids]);
    return { inboxTransactions: inbox.transactions, inboxStarted: inbox.started, deliveriesStarted: deliveries.started };
  }

  async function deliveriesOf(events: EventEnvelope[]): Promise<number> {
    const [{ n }] = await rowsOf<{ n: number }>(db, 'select count(*)::int as n from deliveries where event_id = any($1)', [events.map((e) => e.id)]);
    return n;
  }

  it('records a batch of events and their deliveries in one transaction, and sends each receipt once', async () => {
    const run = randomUUID().slice(0, 8);
    const events = Array.from({ length: 40 }, (_, i) => submitted(run, i));
    await produceRaw(ApplicationSubmitted.topic, onKey(run, events));
    await waitFor(() => events.every((e) => smtp.to(emailOf(e)).length > 0), { what: 'every receipt of the batch', timeoutMs: 30000 });
    // One commit: every inbox row of the batch written by one transaction, and every delivery by a transaction started at the same instant.
    const tx = await writers(events);
    expect(tx.inboxTransactions).toBe(1);
    expect(tx.inboxStarted).toHaveLength(1);
    expect(tx.deliveriesStarted).toEqual(tx.inboxStarted);
    for (const event of events) expect(smtp.to(emailOf(event))).toHaveLength(1);
    expect(await deliveriesOf(events)).toBe(events.length);
  });

  it('skips copies of an event in the same batch, and a whole batch delivered again, without a second effect', async () => {
    const run = randomUUID().slice(0, 8);
    const events = Array.from({ length: 10 }, (_, i) => submitted(run, i));
    await produceRaw(ApplicationSubmitted.topic, onKey(run, [...events.slice(0, 5), events[0], ...events.slice(5), events[3]]));
    await waitFor(() => events.every((e) => smtp.to(emailOf(e)).length > 0), { what: 'every receipt' });

    // The same batch again (a redelivery after a rebalance, or a producer retry), then one new event behind it on the key.
    const marker = submitted(run, 99);
    await produceRaw(ApplicationSubmitted.topic, onKey(run, [...events, marker]));
    await waitFor(() => smtp.to(emailOf(marker)).length > 0, { what: 'the event behind the redelivered batch' });
    await new Promise((r) => setTimeout(r, 1000)); // a second send, if any, would be out by now
    for (const event of events) expect(smtp.to(emailOf(event))).toHaveLength(1);
    expect(await deliveriesOf(events)).toBe(events.length);
  });

  it('dead-letters a poison event in the middle of a batch alone, and applies the others exactly once', async () => {
    const run = randomUUID().slice(0, 8);
    const before = Array.from({ length: 5 }, (_, i) => submitted(run, i));
    const after = Array.from({ length: 5 }, (_, i) => submitted(run, 10 + i));
    // Valid by its contract, refused by the database (jsonb takes no NUL character): its handler fails every time.
    const poison = submitted(run, 5, 'Advice for our \u0000 staff transfer');
    // And one that is not even JSON, found before any handler runs.
    await produceRaw(ApplicationSubmitted.topic, onKey(run, [...before, poison, 'not json', ...after]));

    const good = [...before, ...after];
    await waitFor(() => good.every((e) => smtp.to(emailOf(e)).length > 0), { what: 'the receipts around the poison event', timeoutMs: 30000 });
    const letters = await waitFor(
      async () => {
        const found = (await readTopic(ApplicationSubmitted.deadLetterTopic)).filter((m) => m.key === run && m.headers['dlq-consumer-group'] === notifications.config.KAFKA_GROUP_ID);
        return found.length === 2 && found;
      },
      { what: 'the poison event and the non-JSON message dead-lettered', timeoutMs: 30000 },
    );
    expect(letters.map((m) => m.headers['dlq-reason']).sort()).toEqual(['handler-failed', 'not-json']);
    expect(letters.find((m) => m.headers['dlq-reason'] === 'handler-failed')!.value).toContain(poison.id);
    for (const event of good) expect(smtp.to(emailOf(event))).toHaveLength(1);
    expect(smtp.to(emailOf(poison))).toHaveLength(0);
    expect(await deliveriesOf(good)).toBe(good.length);
    expect(await deliveriesOf([poison])).toBe(0);
  });

  it('loses nothing when the database goes away in the middle of a batch: the events wait, then each applies once', async () => {
    const run = randomUUID().slice(0, 8);
    const events = Array.from({ length: 20 }, (_, i) => submitted(run, i));
    // The 11th event's delivery is held by another transaction, so the batch stops halfway through its handlers.
    const blocker = new Client({ connectionString: notifications.config.DATABASE_URL });
    blocker.on('error', () => undefined);
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query(
      `insert into deliveries (id, event_id, event_type, template_id, template_version, recipient, personalisation, subject_id)
       values ($1, $2, $3, 'application-received', 1, $4, '{}', 'held')`,
      [randomUUID(), events[10].id, events[10].type, emailOf(events[10])],
    );
    await produceRaw(ApplicationSubmitted.topic, onKey(run, events));
    await waitFor(
      async () => {
        const waiting = await rowsOf(db, `select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like 'insert into deliveries%'`);
        return waiting.length > 0;
      },
      { what: 'the batch to reach the held delivery' },
    );

    // The outage ends every connection: the batch's transaction and the one holding the delivery.
    const bringBack = await takeDatabaseAway(notifications.config.DATABASE_URL);
    try {
      await waitFor(
        async () => {
          const res = await request(notifications.url).get('/health/ready');
          return res.body.details?.consumer?.state === 'degraded';
        },
        { what: 'the consumer to wait for the database', timeoutMs: 15000 },
      );
      await new Promise((r) => setTimeout(r, 3000));
      expect(events.filter((e) => smtp.to(emailOf(e)).length > 0)).toEqual([]);
    } finally {
      await bringBack();
      await blocker.end().catch(() => undefined);
    }

    await waitFor(() => events.every((e) => smtp.to(emailOf(e)).length > 0), { what: 'every receipt after the outage', timeoutMs: 60000 });
    for (const event of events) expect(smtp.to(emailOf(event))).toHaveLength(1);
    expect(await deliveriesOf(events)).toBe(events.length);
    const letters = (await readTopic(ApplicationSubmitted.deadLetterTopic)).filter((m) => m.key === run);
    expect(letters).toEqual([]);
  });
});
