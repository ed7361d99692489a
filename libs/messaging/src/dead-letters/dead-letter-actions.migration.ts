import { MigrationInterface, QueryRunner } from 'typeorm';

/** What operators did to this service's dead letters; list it after the service's own migrations. */
export class CreateDeadLetterActions1763000001000 implements MigrationInterface {
  name = 'CreateDeadLetterActions1763000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table dead_letter_actions (
        id bigserial primary key,
        dead_letter_id text not null,
        action text not null check (action in ('replayed', 'discarded')),
        actor text not null,
        reason text,
        at timestamptz not null default now()
      )`);
    await q.query('create index dead_letter_actions_by_letter on dead_letter_actions (dead_letter_id, id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table dead_letter_actions');
  }
}
