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

/**
 * Events now travel on one topic per aggregate (`<context>.<aggregate>.v1`) instead of one per
 * event type: rows still waiting in the outbox go to their aggregate's stream. List it in every service.
 */
export class OutboxToStreamTopics1764400000000 implements MigrationInterface {
  name = 'OutboxToStreamTopics1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `update outbox_messages set topic = regexp_replace(topic, '^([a-z-]+)\\.([a-z-]+)\\.[a-z-]+\\.v[0-9]+$', '\\1.\\2.v1')
       where published_at is null and topic ~ '^[a-z-]+\\.[a-z-]+\\.[a-z-]+\\.v[0-9]+$'`,
    );
  }

  async down(): Promise<void> {
    // The per-type topic is still the envelope's type; nothing to undo for published rows.
  }
}
