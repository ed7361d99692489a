import { MigrationInterface, QueryRunner } from 'typeorm';

export class ContactsSchedulesAndSendRate1763000000102 implements MigrationInterface {
  name = 'ContactsSchedulesAndSendRate1763000000102';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create index deliveries_recipient on deliveries (recipient, created_at)`);
    await q.query(`create index deliveries_created on deliveries (created_at)`);
    // Officers (budget alerts) and councils (round reminders): people no event names.
    await q.query(`
      create table contacts (
        id uuid primary key,
        kind text not null check (kind in ('officer', 'council')),
        name text not null,
        email text not null,
        organisation text,
        created_at timestamptz not null default now(),
        constraint contacts_once unique (kind, email)
      )`);
    // Messages due later (reminders); fired once by a conditional update, cancelled by later events.
    await q.query(`
      create table scheduled_messages (
        id uuid primary key,
        schedule_key text not null unique,
        template_id text not null,
        template_version integer not null,
        audience jsonb not null,
        personalisation jsonb not null,
        subject_id text not null,
        cancel_key text not null,
        due_at timestamptz not null,
        status text not null default 'pending' check (status in ('pending', 'fired', 'cancelled')),
        fired_at timestamptz,
        created_at timestamptz not null default now()
      )`);
    await q.query(`create index scheduled_messages_due on scheduled_messages (due_at) where status = 'pending'`);
    // Cancellations are kept: a cancelling event (offer accepted) may arrive before the one that schedules (offer made).
    await q.query(`create table cancelled_schedules (cancel_key text primary key, cancelled_at timestamptz not null default now())`);
    await q.query(`create index scheduled_messages_cancel on scheduled_messages (cancel_key) where status = 'pending'`);
    // One token bucket shared by every replica: the provider's per-minute limit holds for the service as a whole.
    await q.query(`create table send_rate (id integer primary key check (id = 1), tokens double precision not null, refilled_at timestamptz not null)`);
    await q.query(`insert into send_rate (id, tokens, refilled_at) values (1, 0, now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table send_rate');
    await q.query('drop table cancelled_schedules');
    await q.query('drop table scheduled_messages');
    await q.query('drop table contacts');
    await q.query('drop index deliveries_created');
    await q.query('drop index deliveries_recipient');
  }
}
