import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ApplicationSubmitted, ContactChanged } from '@mutuals/contracts';
import { readTopic, RunningService, startTestService, testUser, waitFor } from '@mutuals/testing';
import { NotificationsConfig } from '../src/config';
import { notificationsService } from '../src/service';
import { CATALOGUE } from '../src/templates/catalogue';
import { envelope, publish, uniqueEmail } from './support/events';
import { NotifyTestServer } from './support/notify-test-server';
import { DEMO_CONTACTS } from '../src/demo/demo-data.seeder';
import { deliveriesTo, DeliveryRow, officer, removeAllContacts, settled } from './support/service';

const CALLBACK_TOKEN = 'notify-callback-token-0123456789';

describe('delivery receipts from GOV.UK Notify and the delivery log', () => {
  const notify = new NotifyTestServer(CATALOGUE);
  let service: RunningService<NotificationsConfig>;

  beforeAll(async () => {
    await notify.start();
    service = await startTestService(notificationsService, {
      NOTIFY_API_KEY: notify.apiKey,
      NOTIFY_BASE_URL: notify.url,
      NOTIFY_CALLBACK_TOKEN: CALLBACK_TOKEN,
      DELIVERY_RETRY_BASE_SECONDS: 1,
    });
  });

  afterAll(async () => {
    await service?.close();
    await notify.stop();
  });

  async function sendReceipt(email: string, applicationId = randomUUID()): Promise<DeliveryRow> {
    await publish(ApplicationSubmitted, [envelope(ApplicationSubmitted, { ...ApplicationSubmitted.example, applicationId, contact: { name: 'Alex', email } })]);
    const [delivery] = await settled(service, email, ['sent']);
    return delivery;
  }

  const receipt = (delivery: DeliveryRow, status: string) => ({
    id: delivery.provider_id,
    reference: delivery.id,
    to: delivery.recipient,
    status,
    created_at: new Date().toISOString(),
    completed_at: new Date().toISOString(),
    sent_at: new Date().toISOString(),
    notification_type: 'email',
    template_id: CATALOGUE[0].notifyTemplateId,
    template_version: 1,
  });

  const postReceipt = (body: object, token = CALLBACK_TOKEN) =>
    request(service.url).post('/callbacks/notify/delivery-receipts').set('Authorization', `Bearer ${token}`).send(body);

  it('sends Notify our delivery id as the reference, never personal data', async () => {
    const email = uniqueEmail('reference');
    const delivery = await sendReceipt(email);
    const [sent] = notify.to(email);
    expect(sent.reference).toBe(delivery.id);
    expect(sent.reference).toMatch(/^[0-9a-f-]{36}$/);
    expect(delivery.provider_id).toBe(sent.id);
  });

  it('records delivered and permanent-failure receipts', async () => {
    const delivered = await sendReceipt(uniqueEmail('delivered'));
    const bounced = await sendReceipt(uniqueEmail('bounced'));
    await postReceipt(receipt(delivered, 'delivered')).expect(204);
    await postReceipt(receipt(bounced, 'permanent-failure')).expect(204);
    const [d] = await deliveriesTo(service, delivered.recipient);
    const [b] = await deliveriesTo(service, bounced.recipient);
    expect(d.status).toBe('delivered');
    expect(b).toMatchObject({ status: 'permanent-failure', failure_reason: expect.stringContaining('does not exist') });
    // A late receipt does not undo a delivery.
    await postReceipt(receipt(delivered, 'temporary-failure')).expect(204);
    expect((await deliveriesTo(service, delivered.recipient))[0].status).toBe('delivered');
  });

  it.each(['temporary-failure', 'technical-failure'])('sends again after a %s receipt, once, and records the new notification', async (status) => {
    const email = uniqueEmail('retry');
    const first = await sendReceipt(email);
    notify.to(email)[0].status = status; // as Notify itself records it
    await postReceipt(receipt(first, status)).expect(204);
    const [again] = await waitFor(async () => {
      const rows = await deliveriesTo(service, email);
      return rows[0].status === 'sent' && rows[0].provider_id !== first.provider_id && rows;
    }, { what: 'the message sent again' });
    expect(notify.to(email)).toHaveLength(2);
    expect(again.provider_id).toBe(notify.to(email)[1].id);
    expect(again.attempts).toBe(2);
  });

  it.each([
    ['no token', undefined],
    ['a wrong token', 'notify-callback-token-9999999999'],
  ])('refuses a receipt with %s and changes nothing', async (_, token) => {
    const delivery = await sendReceipt(uniqueEmail('unauthorised'));
    const call = request(service.url).post('/callbacks/notify/delivery-receipts').send(receipt(delivery, 'permanent-failure'));
    const res = await (token ? call.set('Authorization', `Bearer ${token}`) : call).expect(401);
    expect(res.body.statusCode).toBe(401);
    expect((await deliveriesTo(service, delivery.recipient))[0].status).toBe('sent');
  });

  it('refuses a malformed receipt with the field at fault, and an unknown reference with 404', async () => {
    const delivery = await sendReceipt(uniqueEmail('malformed'));
    const res = await postReceipt({ ...receipt(delivery, 'exploded'), reference: 'alex@example.org' }).expect(400);
    expect(res.body.code).toBe('validation-failed');
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['reference', 'status']);
    expect((await deliveriesTo(service, delivery.recipient))[0].status).toBe('sent');
    await postReceipt({ ...receipt(delivery, 'delivered'), reference: randomUUID() }).expect(404);
  });

  describe('the officers’ query of the delivery log', () => {
    it('filters by application, recipient, status and time, newest first, a page at a time', async () => {
      const applicationId = randomUUID();
      const email = uniqueEmail('log');
      const before = new Date().toISOString();
      const first = await sendReceipt(email, applicationId);
      const second = await sendReceipt(uniqueEmail('log'), applicationId);
      await postReceipt(receipt(second, 'delivered')).expect(204);

      const query = (q: object) => request(service.url).get('/deliveries').query(q).set(officer.auth).expect(200).then((r) => r.body);
      const bySubject = await query({ subjectId: applicationId });
      expect(bySubject.total).toBe(2);
      expect(bySubject.items.map((d: { id: string }) => d.id)).toEqual([second.id, first.id]);
      expect(bySubject.items[1]).toMatchObject({ templateId: 'application-received', recipient: email, status: 'sent', attempts: 1, channel: 'notify' });

      expect((await query({ subjectId: applicationId, status: 'delivered' })).items.map((d: { id: string }) => d.id)).toEqual([second.id]);
      expect((await query({ recipient: email.toUpperCase() })).items.map((d: { id: string }) => d.id)).toEqual([first.id]);
      expect((await query({ subjectId: applicationId, from: before })).total).toBe(2);
      expect((await query({ subjectId: applicationId, to: before })).total).toBe(0);
      const page2 = await query({ subjectId: applicationId, pageSize: 1, page: 2 });
      expect(page2).toMatchObject({ total: 2, page: 2, pageSize: 1 });
      expect(page2.items.map((d: { id: string }) => d.id)).toEqual([first.id]);
    });

    it.each([
      ['an unknown status', { status: 'lost' }, 'status'],
      ['a time that is not ISO-8601', { from: 'yesterday' }, 'from'],
      ['pages over 200', { pageSize: 1000 }, 'pageSize'],
      ['a recipient over 320 characters', { recipient: 'x'.repeat(321) }, 'recipient'],
      ['an unknown filter', { colour: 'green' }, 'colour'],
    ])('refuses %s with the field at fault', async (_, query, field) => {
      const res = await request(service.url).get('/deliveries').query(query).set(officer.auth).expect(400);
      expect(res.body.code).toBe('validation-failed');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('is for officers only', async () => {
      await request(service.url).get('/deliveries').set(testUser('applicant').auth).expect(403);
      await request(service.url).get('/deliveries').expect(401);
    });
  });

  describe('contacts', () => {
    it('refuses bad input and a duplicate, and stores nothing', async () => {
      const email = uniqueEmail('contact');
      const count = async () => (await request(service.url).get('/contacts').set(officer.auth).expect(200)).body.total;
      const before = await count();
      for (const [body, field] of [
        [{ kind: 'mayor', name: 'Jo', email }, 'kind'],
        [{ kind: 'council', name: 'Jo', email: 'not-an-email' }, 'email'],
        [{ kind: 'council', name: '', email }, 'name'],
      ] as const) {
        const res = await request(service.url).post('/contacts').set(officer.auth).send(body).expect(400);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      expect(await count()).toBe(before);
      const added = await request(service.url).post('/contacts').set(officer.auth).send({ kind: 'council', name: 'Jo', email }).expect(201);
      const duplicate = await request(service.url).post('/contacts').set(officer.auth).send({ kind: 'council', name: 'Jo', email: email.toUpperCase() }).expect(409);
      expect(duplicate.body.code).toBe('contact-exists');
      await request(service.url).delete(`/contacts/${added.body.id}`).set(officer.auth).expect(204);
      await request(service.url).delete(`/contacts/${added.body.id}`).set(officer.auth).expect(404);
      await request(service.url).post('/contacts').set(testUser('assessor').auth).send({ kind: 'council', name: 'Jo', email }).expect(403);
      expect(await count()).toBe(before);
    });
  });

  it('keeps who added or removed a contact, when and why', async () => {
    const email = uniqueEmail('audited');
    const added = await request(service.url).post('/contacts').set(officer.auth).send({ kind: 'officer', name: 'Jo', email, reason: 'New budget holder' }).expect(201);
    await request(service.url).delete(`/contacts/${added.body.id}`).query({ reason: 'Moved to another team' }).set(officer.auth).expect(204);
    const changes = (await request(service.url).get('/contacts/changes').query({ pageSize: 200 }).set(officer.auth).expect(200)).body;
    const ours = changes.items.filter((c: { contactId: string }) => c.contactId === added.body.id);
    expect(ours.map((c: { action: string; actor: string; reason: string }) => [c.action, c.actor, c.reason])).toEqual([
      ['removed', officer.id, 'Moved to another team'],
      ['added', officer.id, 'New budget holder'],
    ]);
    expect(changes.total).toBeGreaterThanOrEqual(2);
    await request(service.url).get('/contacts/changes').set(testUser('assessor').auth).expect(403);

    // Both changes are published, keyed by the contact, without the email address.
    const published = await waitFor(
      async () => {
        const events = (await readTopic(ContactChanged.topic, 30_000)).filter((m) => m.key === added.body.id).map((m) => JSON.parse(m.value ?? '{}'));
        return events.length === 2 && events;
      },
      { what: 'both contact changes on their stream', timeoutMs: 30_000 },
    );
    expect(published.map((e: { type: string; data: { change: string; list: string; changedBy: string; reason: string } }) => [e.type, e.data.change, e.data.list, e.data.changedBy, e.data.reason])).toEqual([
      [ContactChanged.type, 'added', 'officer', officer.id, 'New budget holder'],
      [ContactChanged.type, 'removed', 'officer', officer.id, 'Moved to another team'],
    ]);
    expect(JSON.stringify(published)).not.toContain(email);
  });

  it('seeds the demo contact lists once, however often the service starts with DEMO_DATA', async () => {
    await removeAllContacts(service);
    for (let start = 0; start < 2; start += 1) {
      const demo = await startTestService(notificationsService, { NOTIFY_API_KEY: notify.apiKey, NOTIFY_BASE_URL: notify.url, DEMO_DATA: true });
      await demo.close();
    }
    const contacts = (await request(service.url).get('/contacts').query({ pageSize: 200 }).set(officer.auth).expect(200)).body.items as { email: string }[];
    expect(contacts.map((c) => c.email).sort()).toEqual(DEMO_CONTACTS.map((c) => c.email).sort());
    await removeAllContacts(service);
  });

  it('documents the query, contacts and callback endpoints in OpenAPI', async () => {
    const doc = (await request(service.url).get('/docs/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/deliveries', '/contacts', '/contacts/{id}', '/callbacks/notify/delivery-receipts']));
    expect(doc.components.schemas.NotifyDeliveryReceipt.properties.status.enum).toEqual(['delivered', 'permanent-failure', 'temporary-failure', 'technical-failure']);
    expect(doc.components.schemas.DeliveryPage.properties.items).toBeDefined();
  });
});
