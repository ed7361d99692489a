import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDeliveries1763000000101 implements MigrationInterface {
  name = 'CreateDeliveries1763000000101';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table deliveries (
        id uuid primary key,
        event_id text not null,
        event_type text not null,
        template_id text not null,
        template_version integer not null,
        recipient text not null,
        personalisation jsonb not null,
        subject_id text not null,
        status text not null default 'created'
          check (status in ('created', 'sending', 'sent', 'delivered', 'temporary-failure', 'permanent-failure')),
        attempts integer not null default 0,
        next_attempt_at timestamptz not null default now(),
        channel text,
        provider_id text,
        failure_reason text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        sent_at timestamptz,
        constraint deliveries_once unique (event_id, template_id, recipient)
      )`);
    await q.query(`create index deliveries_due on deliveries (next_attempt_at) where status in ('created', 'temporary-failure', 'sending')`);
    await q.query(`create index deliveries_subject on deliveries (subject_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table deliveries');
  }
}
