import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Producer } from 'kafkajs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApplicationSubmitted, BidSubmitted, CLOUDEVENTS_CONTENT_TYPE, EventContract, EventEnvelope, RoundClosed } from '@mutuals/contracts';
import { ServiceDefinition } from '@mutuals/http';
import { cloudEventOf, produceDeadLetter, readTopic, RunningService, SmtpTestServer, startTestService, testKafka, testUser, waitFor } from '@mutuals/testing';
import { testTopic } from '@mutuals/testing';
import { applicationsService } from '../../apps/applications/src/service';
import { awardsService } from '../../apps/awards/src/service';
import { intakeService } from '../../apps/intake/src/service';
import { NotificationsConfig } from '../../apps/notifications/src/config';
import { notificationsService } from '../../apps/notifications/src/service';
import { envelope, uniqueEmail } from '../../apps/notifications/test/support/events';

const CLI = resolve(__dirname, '../../scripts/dlq.js');

/** Runs the CLI as an operator would, without blocking the service running in this process. */
function dlq(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile('node', [CLI, ...args], { env: { ...process.env, ...env }, timeout: 30000 }, (err, stdout, stderr) =>
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** Where the test's hand-made dead letters say their originals were; replays go back there. */
const ORIGIN_PARTITION = 2;

/**
 * An operator lists, inspects, replays and discards the dead letters of a real service (the
 * notifications service, over real SMTP), against the real broker and database.
 */
describe('dead letters, seen and replayed by an operator', () => {
  const smtp = new SmtpTestServer();
  const admin = testUser('admin');
  let notifications: RunningService<NotificationsConfig>;
  let producer: Producer;

  beforeAll(async () => {
    await smtp.start();
    notifications = await startTestService(notificationsService, { SMTP_URL: smtp.url });
    producer = testKafka().producer({ allowAutoTopicCreation: false });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await notifications?.close();
    await smtp.stop();
  });

  const api = () => request(notifications.url);
  const path = (id: string, action = '') => `/admin/dead-letters/${encodeURIComponent(id)}${action}`;
  const db = () => notifications.app.get(DataSource);

  /** Sends one message and says where it landed. */
  async function send(topic: string, message: { key: string; value: string; partition?: number; headers?: Record<string, string> }) {
    const [meta] = await producer.send({ topic, acks: -1, messages: [message] });
    return { partition: meta.partition, offset: meta.baseOffset };
  }

  function applicationSubmitted(email: string): EventEnvelope<typeof ApplicationSubmitted.example> {
    return envelope(ApplicationSubmitted, { ...ApplicationSubmitted.example, applicationId: randomUUID(), contact: { name: 'Alex Morgan', email } });
  }

  const deadLetterOf = <T extends object>(contract: EventContract<T>, event: EventEnvelope<T>) =>
    produceDeadLetter(contract, event, { consumerGroup: notifications.config.KAFKA_GROUP_ID, originPartition: ORIGIN_PARTITION });

  async function list(query: Record<string, string | number> = {}) {
    return (await api().get('/admin/dead-letters').query(query).set(admin.auth).expect(200)).body as { items: Record<string, unknown>[]; total: number; page: number; pageSize: number };
  }

  const inboxRows = async (eventId: string) =>
    Number((await db().query('select count(*) as n from inbox_messages where consumer = $1 and event_id = $2', [notifications.config.KAFKA_GROUP_ID, eventId]))[0].n);
  const deliveriesTo = async (email: string) => (await db().query('select * from deliveries where recipient = $1', [email])) as unknown[];

  let poisonId: string;

  it('lists a poison message the service dead-lettered, with its reason and origin, and shows its payload', async () => {
    const marker = randomUUID();
    const origin = await send(testTopic(ApplicationSubmitted.topic), { key: marker, value: `not json ${marker}`, partition: 1 });

    const listed = await waitFor(async () => (await list({ topic: testTopic(ApplicationSubmitted.topic), status: 'pending', pageSize: 200 })).items.find((l) => l.key === marker), {
      what: 'the poison message in the list',
      timeoutMs: 30000,
    });
    expect(listed).toMatchObject({
      status: 'pending',
      reason: 'not-json',
      topic: testTopic(ApplicationSubmitted.deadLetterTopic),
      originTopic: testTopic(ApplicationSubmitted.topic),
      originPartition: 1,
      originOffset: origin.offset,
      consumerGroup: notifications.config.KAFKA_GROUP_ID,
      eventId: null,
      payload: `not json ${marker}`,
    });
    expect(Date.now() - Date.parse(listed.failedAt as string)).toBeLessThan(60000);
    poisonId = listed.id as string;
    expect(poisonId).toMatch(new RegExp(`^${testTopic(ApplicationSubmitted.deadLetterTopic).replace(/\./g, '\\.')}:\\d+:\\d+$`));

    const shown = (await api().get(path(poisonId)).set(admin.auth).expect(200)).body;
    expect(shown).toMatchObject({ id: poisonId, payload: `not json ${marker}`, payloadJson: null, history: [] });
    expect(shown.headers).toMatchObject({ 'dlq-reason': 'not-json', 'dlq-origin-topic': testTopic(ApplicationSubmitted.topic), 'dlq-origin-offset': origin.offset });
    // It never was an event, so its dead letter does not claim to be a CloudEvent.
    expect(shown.headers['content-type']).toBeUndefined();
  });

  it('writes the dead letter of an event as a CloudEvent with the original headers, and replays it as one', async () => {
    const traceparent = `00-${randomUUID().replace(/-/g, '')}-${randomUUID().slice(0, 8)}${randomUUID().slice(0, 8)}-01`;
    // Its contact email breaks the contract, so the service gives up on it at once; its producer left out the content type.
    const event = applicationSubmitted('not-an-email');
    await send(testTopic(ApplicationSubmitted.topic), { key: event.subject, value: JSON.stringify(event), headers: { traceparent } });
    const listed = await waitFor(async () => (await list({ topic: testTopic(ApplicationSubmitted.topic), pageSize: 200 })).items.find((l) => l.eventId === event.id), {
      what: 'the dead letter of the event',
      timeoutMs: 30000,
    });
    expect(listed.reason).toBe('contract-violation');
    const id = listed.id as string;
    const [, partition, offset] = id.split(':');

    // Read back off the broker as an outside client would, with the CloudEvents SDK's Kafka binding.
    const record = (await readTopic(ApplicationSubmitted.deadLetterTopic)).find((m) => m.partition === Number(partition) && m.offset === offset)!;
    expect(record.headers).toMatchObject({ 'content-type': CLOUDEVENTS_CONTENT_TYPE, traceparent, 'dlq-reason': 'contract-violation', 'dlq-consumer-group': notifications.config.KAFKA_GROUP_ID });
    const deadLetter = cloudEventOf(record);
    expect(deadLetter).toMatchObject({ id: event.id, type: ApplicationSubmitted.type, source: event.source, subject: event.subject, correlationid: event.correlationid, causationid: event.causationid });
    expect(deadLetter.data).toEqual(event.data);

    await api().post(path(id, '/replay')).set(admin.auth).send({ reason: 'Checking the replay' }).expect(200);
    const replay = await waitFor(async () => (await readTopic(ApplicationSubmitted.topic)).find((m) => m.headers['dlq-replayed-from'] === id), { what: 'the replayed record' });
    expect(replay.headers).toMatchObject({ 'content-type': CLOUDEVENTS_CONTENT_TYPE, traceparent });
    expect(Object.keys(replay.headers).filter((name) => name.startsWith('dlq-') && name !== 'dlq-replayed-from')).toEqual([]);
    expect(cloudEventOf(replay)).toMatchObject({ id: event.id, type: ApplicationSubmitted.type, subject: event.subject });
  });

  it('replays a dead letter to exactly one effect, and a second replay of it has none', async () => {
    const email = uniqueEmail('replayed');
    const event = applicationSubmitted(email);
    const id = await deadLetterOf(ApplicationSubmitted, event);
    const listed = await waitFor(async () => (await list({ topic: testTopic(ApplicationSubmitted.deadLetterTopic), pageSize: 200 })).items.find((l) => l.id === id), { what: 'the dead letter in the list' });
    expect(listed).toMatchObject({ status: 'pending', reason: 'handler-failed', eventId: event.id, eventType: ApplicationSubmitted.type, originPartition: ORIGIN_PARTITION, payload: JSON.stringify(event) });
    expect(await deliveriesTo(email)).toHaveLength(0);

    const first = await api().post(path(id, '/replay')).set(admin.auth).send({ reason: 'Database is back' }).expect(200);
    expect(first.body).toMatchObject({ id, status: 'replayed', history: [{ action: 'replayed', actor: admin.id, reason: 'Database is back' }] });
    await waitFor(() => smtp.to(email).length > 0, { what: 'the email of the replayed event' });

    const second = await api().post(path(id, '/replay')).set(admin.auth).send({}).expect(200);
    expect(second.body.history).toEqual([expect.objectContaining({ action: 'replayed', reason: 'Database is back' }), expect.objectContaining({ action: 'replayed', actor: admin.id, reason: null })]);
    // An event behind the second replay on the same partition: once it is handled, so is the replay.
    const markerEmail = uniqueEmail('marker');
    const marker = applicationSubmitted(markerEmail);
    await send(testTopic(ApplicationSubmitted.topic), { key: marker.subject, value: JSON.stringify(marker), partition: ORIGIN_PARTITION });
    await waitFor(() => smtp.to(markerEmail).length > 0, { what: 'the email of the event behind the second replay' });

    expect(smtp.to(email)).toHaveLength(1);
    expect(await deliveriesTo(email)).toHaveLength(1);
    expect(await inboxRows(event.id)).toBe(1);
    const audit = await db().query('select action, actor from dead_letter_actions where dead_letter_id = $1 order by id', [id]);
    expect(audit).toEqual([{ action: 'replayed', actor: admin.id }, { action: 'replayed', actor: admin.id }]);
    // Each replay is a security event too: who, from where, under which correlation id.
    const events = await waitFor(async () => {
      const rows = await db().query(`select subject, ip, correlation_id, route, details from security_events where type = 'dead-letter-replayed' and details->>'id' = $1 order by id`, [id]);
      return rows.length === 2 ? rows : undefined;
    }, { what: 'the security events of the replays' });
    expect(events[0]).toEqual({
      subject: admin.id,
      ip: expect.stringMatching(/127\.0\.0\.1$/),
      correlation_id: first.headers['x-correlation-id'] ?? expect.any(String),
      route: '/admin/dead-letters/:id/replay',
      details: { method: 'POST', id, reason: 'Database is back' },
    });
    expect(JSON.stringify(events)).not.toContain(admin.token);
  });

  it('replays every pending dead letter of a topic once, in order, and nothing the second time', async () => {
    const emails = [uniqueEmail('bid-a'), uniqueEmail('bid-b')];
    const events = emails.map((email) => envelope(BidSubmitted, { ...BidSubmitted.example, bidId: randomUUID(), contact: { name: 'Jo Bennett', email } }));
    const ids = [await deadLetterOf(BidSubmitted, events[0]), await deadLetterOf(BidSubmitted, events[1])];
    await waitFor(async () => (await list({ topic: testTopic(BidSubmitted.topic), status: 'pending', pageSize: 200 })).items.filter((l) => ids.includes(l.id as string)).length === 2, { what: 'both dead letters' });

    const replayed = (await api().post('/admin/dead-letters/replay').set(admin.auth).send({ topic: testTopic(BidSubmitted.topic), reason: 'Fixed the template' }).expect(200)).body;
    expect(replayed.topic).toBe(testTopic(BidSubmitted.deadLetterTopic));
    expect(replayed.replayed.filter((id: string) => ids.includes(id))).toEqual(ids);
    for (const email of emails) await waitFor(() => smtp.to(email).length > 0, { what: `the email to ${email}` });

    const again = (await api().post('/admin/dead-letters/replay').set(admin.auth).send({ topic: testTopic(BidSubmitted.deadLetterTopic) }).expect(200)).body;
    expect(again.replayed).toEqual([]);
    expect((await list({ topic: testTopic(BidSubmitted.topic), status: 'pending' })).items.filter((l) => ids.includes(l.id as string))).toEqual([]);
    for (const event of events) expect(await inboxRows(event.id)).toBe(1);
    for (const email of emails) expect(smtp.to(email)).toHaveLength(1);

    const nothing = await api().post('/admin/dead-letters/replay').set(admin.auth).send({ topic: 'intake.nothing.happened.v1' }).expect(404);
    expect(nothing.body.code).toBe('dead-letter-topic-not-found');
  });

  it('discards a dead letter only with a reason, records who and why, and only once', async () => {
    const refused = await api().post(path(poisonId, '/discard')).set(admin.auth).send({}).expect(400);
    expect(refused.body).toMatchObject({ code: 'validation-failed', details: [expect.objectContaining({ field: 'reason' })] });
    await api().post(path(poisonId, '/discard')).set(admin.auth).send({ reason: '   ' }).expect(400);

    const discarded = await api().post(path(poisonId, '/discard')).set(admin.auth).send({ reason: 'Typed into the topic by hand while testing' }).expect(200);
    expect(discarded.body).toMatchObject({ status: 'discarded', history: [{ action: 'discarded', actor: admin.id, reason: 'Typed into the topic by hand while testing' }] });
    const again = await api().post(path(poisonId, '/discard')).set(admin.auth).send({ reason: 'Twice' }).expect(409);
    expect(again.body).toMatchObject({ statusCode: 409, code: 'dead-letter-already-discarded' });

    const audit = await db().query('select action, actor, reason from dead_letter_actions where dead_letter_id = $1', [poisonId]);
    expect(audit).toEqual([{ action: 'discarded', actor: admin.id, reason: 'Typed into the topic by hand while testing' }]);
    const event = await waitFor(async () => (await db().query(`select subject, route, details from security_events where type = 'dead-letter-discarded' and details->>'id' = $1`, [poisonId]))[0], { what: 'the security event of the discard' });
    expect(event).toEqual({ subject: admin.id, route: '/admin/dead-letters/:id/discard', details: { method: 'POST', id: poisonId, reason: 'Typed into the topic by hand while testing' } });
    expect((await list({ status: 'discarded', pageSize: 200 })).items.map((l) => l.id)).toContain(poisonId);
    expect((await list({ status: 'pending', pageSize: 200 })).items.map((l) => l.id)).not.toContain(poisonId);

    // Replayed already: nothing to discard.
    const replayedId = await deadLetterOf(ApplicationSubmitted, applicationSubmitted(uniqueEmail('replayed-then-discarded')));
    await waitFor(async () => (await api().get(path(replayedId)).set(admin.auth)).status === 200, { what: 'the dead letter' });
    await api().post(path(replayedId, '/replay')).set(admin.auth).send({}).expect(200);
    expect((await api().post(path(replayedId, '/discard')).set(admin.auth).send({ reason: 'Too late' }).expect(409)).body.code).toBe('dead-letter-already-replayed');
  });

  it('pages through the list with the true total', async () => {
    for (let i = 0; i < 3; i += 1) await deadLetterOf(RoundClosed, envelope(RoundClosed, { ...RoundClosed.example, roundId: randomUUID() }));
    const all = await waitFor(async () => {
      const page = await list({ topic: testTopic(RoundClosed.topic), pageSize: 200 });
      return page.total >= 3 && page;
    }, { what: 'the dead letters of the topic' });
    expect(all.items).toHaveLength(Math.min(all.total, 200));
    const second = await list({ topic: testTopic(RoundClosed.topic), pageSize: 2, page: 2 });
    expect(second).toMatchObject({ page: 2, pageSize: 2, total: all.total });
    expect(second.items.map((l) => l.id)).toEqual(all.items.slice(2, 4).map((l) => l.id));
  });

  it('is for admins only, and refuses bad input and unknown dead letters', async () => {
    const officer = testUser('programme_officer');
    await api().get('/admin/dead-letters').expect(401);
    await api().post(path(poisonId, '/replay')).send({}).expect(401);
    await api().get('/admin/dead-letters').set(officer.auth).expect(403);
    await api().get(path(poisonId)).set(officer.auth).expect(403);
    await api().post(path(poisonId, '/replay')).set(officer.auth).send({}).expect(403);
    await api().post(path(poisonId, '/discard')).set(officer.auth).send({ reason: 'No' }).expect(403);
    await api().post('/admin/dead-letters/replay').set(officer.auth).send({ topic: testTopic(ApplicationSubmitted.topic) }).expect(403);

    const unknown = await api().get(path(`${testTopic(ApplicationSubmitted.deadLetterTopic)}:0:999999999`)).set(admin.auth).expect(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, code: 'dead-letter-not-found' });
    await api().post(path(`${testTopic(ApplicationSubmitted.deadLetterTopic)}:0:999999999`, '/replay')).set(admin.auth).send({}).expect(404);
    expect((await api().get(path('not-a-dead-letter')).set(admin.auth).expect(400)).body.code).toBe('validation-failed');
    await api().get('/admin/dead-letters').query({ status: 'lost' }).set(admin.auth).expect(400);
    await api().get('/admin/dead-letters').query({ pageSize: 1000 }).set(admin.auth).expect(400);
    await api().post('/admin/dead-letters/replay').set(admin.auth).send({}).expect(400);
    await api().post('/admin/dead-letters/replay').set(admin.auth).send({ topic: 'no spaces allowed' }).expect(400);
  });

  it('documents the endpoints in OpenAPI', async () => {
    const doc = (await api().get('/docs/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/admin/dead-letters', '/admin/dead-letters/replay', '/admin/dead-letters/{id}', '/admin/dead-letters/{id}/replay', '/admin/dead-letters/{id}/discard']),
    );
    expect(doc.components.schemas.DeadLetterSummaryView.properties.status.enum).toEqual(['pending', 'replayed', 'discarded']);
  });

  describe('from the command line', () => {
    const env = () => ({ NOTIFICATIONS_URL: notifications.url });

    it('lists, shows and discards dead letters through the service, with the operator as the actor', async () => {
      const email = uniqueEmail('cli');
      const id = await deadLetterOf(ApplicationSubmitted, applicationSubmitted(email));
      await waitFor(async () => (await api().get(path(id)).set(admin.auth)).status === 200, { what: 'the dead letter' });

      const listed = await dlq(['list', '--service', 'notifications', '--status', 'pending', '--page-size', '200'], env());
      expect(listed).toMatchObject({ code: 0, stderr: '' });
      expect(listed.stdout).toMatch(/^ID\s+STATUS\s+REASON\s+FAILED AT\s+ORIGIN/);
      expect(listed.stdout).toMatch(new RegExp(`^${id.replace(/\./g, '\\.')} +pending +handler-failed`, 'm'));
      expect(listed.stdout).toMatch(/\d+ dead letters? in notifications; page 1 of \d+\./);

      const shown = await dlq(['show', id, '--service', 'notifications'], env());
      expect(shown.code).toBe(0);
      expect(shown.stdout).toContain(`origin:          ${testTopic(ApplicationSubmitted.topic)} [${ORIGIN_PARTITION}] @1234`);
      expect(shown.stdout).toContain(email);

      const discarded = await dlq(['discard', id, '--service', 'notifications', '--reason', 'Duplicate of a message already sent', '--actor', 'jo.admin'], env());
      expect(discarded).toMatchObject({ code: 0, stdout: `Discarded ${id}: Duplicate of a message already sent\n` });
      expect(await db().query('select actor, reason from dead_letter_actions where dead_letter_id = $1', [id])).toEqual([{ actor: 'jo.admin', reason: 'Duplicate of a message already sent' }]);

      const twice = await dlq(['discard', id, '--service', 'notifications', '--reason', 'Again'], env());
      expect(twice.code).toBe(1);
      expect(twice.stderr).toContain('dead-letter-already-discarded');
    });

    it('replays one dead letter or a whole topic', async () => {
      const email = uniqueEmail('cli-replay');
      const id = await deadLetterOf(ApplicationSubmitted, applicationSubmitted(email));
      await waitFor(async () => (await api().get(path(id)).set(admin.auth)).status === 200, { what: 'the dead letter' });
      const replayed = await dlq(['replay', id, '--service', 'notifications', '--reason', 'Fixed'], env());
      expect(replayed).toMatchObject({ code: 0, stdout: `Replayed ${id} to ${testTopic(ApplicationSubmitted.topic)} [${ORIGIN_PARTITION}] @1234.\n` });
      await waitFor(() => smtp.to(email).length > 0, { what: 'the email of the replayed event' });

      const topic = await dlq(['replay', '--topic', testTopic(RoundClosed.topic), '--service', 'notifications', '--json'], env());
      expect(topic.code).toBe(0);
      expect(JSON.parse(topic.stdout)).toMatchObject({ topic: testTopic(RoundClosed.deadLetterTopic), replayed: expect.any(Array) });
    });

    it('explains its usage and fails on a wrong command, a missing reason or an unreachable service', async () => {
      const usage = await dlq(['discard', 'x.dlq:0:1', '--service', 'notifications'], env());
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('discard needs --reason');
      expect(usage.stderr).toContain('usage: npm run dlq --');
      expect((await dlq(['list'], env())).stderr).toContain('--service is required');
      expect((await dlq(['purge', '--service', 'notifications'], env())).code).toBe(2);
      const down = await dlq(['list', '--service', 'notifications'], { NOTIFICATIONS_URL: 'http://127.0.0.1:9' });
      expect(down.code).toBe(1);
      expect(down.stderr).toContain('cannot reach the notifications service at http://127.0.0.1:9');
      const bad = await dlq(['show', 'not-an-id', '--service', 'notifications'], env());
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('400 validation-failed');
    });
  });
});

describe('every service with consumers serves its own dead letters', () => {
  const definitions: ServiceDefinition<any>[] = [applicationsService, intakeService, awardsService];

  it.each(definitions.map((d) => [d.name, d] as const))('%s', async (_, definition) => {
    const service = await startTestService(definition);
    try {
      const page = await request(service.url).get('/admin/dead-letters').query({ status: 'pending' }).set(testUser('admin').auth).expect(200);
      expect(page.body).toMatchObject({ page: 1, pageSize: 50, total: expect.any(Number) });
      for (const letter of page.body.items) expect(letter.consumerGroup).toBe(service.config.KAFKA_GROUP_ID);
      await request(service.url).get('/admin/dead-letters').set(testUser('programme_officer').auth).expect(403);
    } finally {
      await service.close();
    }
  });
});
