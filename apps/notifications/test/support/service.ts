import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ApplicationSubmitted } from '@mutuals/contracts';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { Queryable, rowsOf, RunningService, testUser, waitFor } from '@mutuals/testing';
import { NotificationsConfig } from '../../src/config';
import { envelope, publish, uniqueEmail } from './events';

export const officer = testUser('programme_officer');

export async function addContact(service: RunningService<NotificationsConfig>, kind: 'officer' | 'council', email: string, name = 'Jo Bennett') {
  const res = await request(service.url).post('/contacts').set(officer.auth).send({ kind, name, email }).expect(201);
  return res.body as { id: string };
}

/** Leaves no contacts behind, so later tests' round and budget messages go only to their own. */
export async function removeAllContacts(service: RunningService<NotificationsConfig>) {
  // Always the first page: each pass deletes what it lists, until none are left.
  for (;;) {
    const res = await request(service.url).get('/contacts').query({ pageSize: 200 }).set(officer.auth).expect(200);
    if (res.body.items.length === 0) return;
    for (const c of res.body.items as { id: string }[]) await request(service.url).delete(`/contacts/${c.id}`).set(officer.auth).expect(204);
  }
}

export interface DeliveryRow {
  id: string;
  template_id: string;
  recipient: string;
  status: string;
  attempts: number;
  provider_id: string | null;
  failure_reason: string | null;
  subject_id: string;
}

/** A service in this process, or the notifications test database (of a service run as a child process). */
export type NotificationsDatabase = RunningService<NotificationsConfig> | Queryable;

function databaseOf(service: NotificationsDatabase): Queryable {
  return 'app' in service ? service.app.get(DataSource) : service;
}

export function deliveriesTo(service: NotificationsDatabase, ...recipients: string[]): Promise<DeliveryRow[]> {
  return rowsOf<DeliveryRow>(databaseOf(service), 'select * from deliveries where recipient = any($1) order by created_at', [recipients]);
}

/** Waits until the recipient's messages have all settled in one of the given statuses. */
export function settled(service: NotificationsDatabase, recipient: string, statuses: string[], count = 1): Promise<DeliveryRow[]> {
  return waitFor(
    async () => {
      const rows = await deliveriesTo(service, recipient);
      return rows.length === count && rows.every((r) => statuses.includes(r.status)) && rows;
    },
    { what: `${count} message(s) to ${recipient} in ${statuses.join('/')}`, timeoutMs: 30000 },
  );
}

/**
 * A receipt to an address of its own, published on `key` (so on the same partition as what was
 * published before on that key), once it is sent: everything before it on that partition has been
 * handled and every message that caused has been claimed. Returns the marker's address.
 */
export async function markerSent(service: NotificationsDatabase, key: string, kafka?: Kafka): Promise<string> {
  const email = uniqueEmail('marker');
  const marker = envelope(ApplicationSubmitted, { ...ApplicationSubmitted.example, applicationId: randomUUID(), contact: { name: 'Marker', email } });
  await publish(ApplicationSubmitted, [{ ...marker, subject: key }], undefined, kafka);
  await settled(service, email, ['sent']);
  return email;
}

/**
 * Waits until nothing scheduled under these records (`round:<id>`, `case:<id>`, `award:<id>`) is
 * due and still pending: every message that has fallen due has fired, expired or been withdrawn.
 */
export async function dueSchedulesDone(service: NotificationsDatabase, records: string[]): Promise<void> {
  await waitFor(
    async () => {
      const [{ n }] = await rowsOf<{ n: number }>(
        databaseOf(service),
        `select count(*)::int as n from scheduled_messages s
         where s.status = 'pending' and s.due_at <= now()
           and exists (select 1 from unnest($1::text[]) k where s.cancel_key = k or starts_with(s.cancel_key, k || ':'))`,
        [records],
      );
      return n === 0;
    },
    { what: `the due messages of ${records.join(', ')} to be fired or withdrawn`, timeoutMs: 30000 },
  );
}

/** Waits until every message to these recipients has gone or failed for good (none created, being sent or to be retried). */
export function deliveriesSettled(service: NotificationsDatabase, ...recipients: string[]): Promise<DeliveryRow[]> {
  return waitFor(
    async () => {
      const rows = await deliveriesTo(service, ...recipients);
      return rows.every((r) => r.status === 'sent' || r.status === 'delivered' || r.status === 'permanent-failure') && rows;
    },
    { what: `the messages to ${recipients.join(', ')} to settle`, timeoutMs: 30000 },
  );
}
