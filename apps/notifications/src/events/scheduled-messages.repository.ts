import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { templateVersion } from '../templates/catalogue';
import { Audience, PlannedMessage } from './message-plans';

interface ScheduledRow {
  id: string;
  status: 'fired' | 'expired';
  template_id: string;
  template_version: number;
  audience: Audience;
  personalisation: Record<string, string>;
  subject_id: string;
}

const SCHEDULE_LOCK = 7_313_003;

/**
 * Serialises scheduling and cancelling for one record (`case:<id>`, the key up to its second ':'):
 * without it, an allocation and a submission handled at the same moment could each miss the other's
 * uncommitted row, leaving a reminder that should have been withdrawn.
 */
async function lockRecord(manager: EntityManager, cancelKey: string): Promise<void> {
  const record = cancelKey.split(':').slice(0, 2).join(':');
  await manager.query('select pg_advisory_xact_lock($1, hashtext($2))', [SCHEDULE_LOCK, record]);
}

/** Messages due later. Each is fired once, by whichever replica's conditional update wins. */
@Injectable()
export class ScheduledMessagesRepository {
  /** Schedules (or re-times, when the event is sent again with a new time) a message not yet fired. */
  async schedule(manager: EntityManager, message: PlannedMessage & { schedule: NonNullable<PlannedMessage['schedule']> }): Promise<void> {
    await lockRecord(manager, message.schedule.cancelKey);
    await manager.query(
      `insert into scheduled_messages (id, schedule_key, template_id, template_version, audience, personalisation, subject_id, cancel_key, due_at, expires_at, status)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
               case when exists (select 1 from cancelled_schedules c where $8 = c.cancel_key or starts_with($8, c.cancel_key || ':'))
                    then 'cancelled' else 'pending' end)
       on conflict (schedule_key) do update
         set due_at = excluded.due_at, expires_at = excluded.expires_at, personalisation = excluded.personalisation, audience = excluded.audience
       where scheduled_messages.status = 'pending'`,
      [
        randomUUID(),
        message.schedule.key,
        message.template.id,
        message.template.version,
        JSON.stringify(message.audience),
        JSON.stringify(message.personalisation),
        message.subjectId,
        message.schedule.cancelKey,
        message.schedule.dueAt,
        message.expiresAt ?? null,
      ],
    );
  }

  async cancel(manager: EntityManager, cancelKeys: string[]): Promise<void> {
    for (const key of [...cancelKeys].sort()) await lockRecord(manager, key);
    await manager.query(`insert into cancelled_schedules (cancel_key) select unnest($1::text[]) on conflict do nothing`, [cancelKeys]);
    await manager.query(
      `update scheduled_messages s set status = 'cancelled'
       where s.status = 'pending' and exists (select 1 from unnest($1::text[]) k where s.cancel_key = k or starts_with(s.cancel_key, k || ':'))`,
      [cancelKeys],
    );
  }

  /**
   * Claims one due message: the update succeeds only while it is still pending, and skips rows
   * another replica holds, so each fires exactly once. Its messages are recorded in the same
   * transaction; if that fails the claim rolls back with it. One past its expiry is marked
   * expired and comes back as null (nothing to send).
   */
  async claimDue(manager: EntityManager): Promise<(PlannedMessage & { id: string }) | null | undefined> {
    const [rows]: [ScheduledRow[], number] = await manager.query(
      `update scheduled_messages set status = case when expires_at <= now() then 'expired' else 'fired' end, fired_at = now()
       where status = 'pending' and id = (
         select id from scheduled_messages where status = 'pending' and due_at <= now()
         order by due_at limit 1 for update skip locked)
       returning id, status, template_id, template_version, audience, personalisation, subject_id`,
    );
    const row = rows[0];
    if (!row) return undefined;
    if (row.status === 'expired') return null;
    const template = templateVersion(row.template_id, row.template_version);
    if (!template) throw new Error(`scheduled message ${row.id} names an unknown template ${row.template_id} v${row.template_version}`);
    return { id: row.id, template, audience: row.audience, personalisation: row.personalisation, subjectId: row.subject_id };
  }
}
