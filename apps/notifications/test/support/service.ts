import request from 'supertest';
import { DataSource } from 'typeorm';
import { RunningService, testUser, waitFor } from '@mutuals/testing';
import { NotificationsConfig } from '../../src/config';

export const officer = testUser('programme_officer');

export async function addContact(service: RunningService<NotificationsConfig>, kind: 'officer' | 'council', email: string, name = 'Jo Bennett') {
  const res = await request(service.url).post('/contacts').set(officer.auth).send({ kind, name, email }).expect(201);
  return res.body as { id: string };
}

/** Leaves no contacts behind, so later tests' round and budget messages go only to their own. */
export async function removeAllContacts(service: RunningService<NotificationsConfig>) {
  const res = await request(service.url).get('/contacts').set(officer.auth).expect(200);
  for (const c of res.body as { id: string }[]) await request(service.url).delete(`/contacts/${c.id}`).set(officer.auth).expect(204);
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

export function deliveriesTo(service: RunningService<NotificationsConfig>, ...recipients: string[]): Promise<DeliveryRow[]> {
  return service.app.get(DataSource).query('select * from deliveries where recipient = any($1) order by created_at', [recipients]);
}

/** Waits until the recipient's messages have all settled in one of the given statuses. */
export function settled(service: RunningService<NotificationsConfig>, recipient: string, statuses: string[], count = 1): Promise<DeliveryRow[]> {
  return waitFor(
    async () => {
      const rows = await deliveriesTo(service, recipient);
      return rows.length === count && rows.every((r) => statuses.includes(r.status)) && rows;
    },
    { what: `${count} message(s) to ${recipient} in ${statuses.join('/')}`, timeoutMs: 30000 },
  );
}
