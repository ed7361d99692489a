import { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox and inbox tables every service owns; list this class first in each service's migrations. */
export class CreateMessagingTables1763000000000 implements MigrationInterface {
  name = 'CreateMessagingTables1763000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table outbox_messages (
        seq bigserial primary key,
        event_id uuid not null unique,
        topic text not null,
        message_key text not null,
        envelope jsonb not null,
        created_at timestamptz not null default now(),
        published_at timestamptz
      )`);
    await q.query(`create index outbox_messages_unpublished on outbox_messages (seq) where published_at is null`);
    await q.query(`
      create table inbox_messages (
        consumer text not null,
        event_id text not null,
        event_type text not null,
        processed_at timestamptz not null default now(),
        primary key (consumer, event_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table inbox_messages');
    await q.query('drop table outbox_messages');
  }
}
