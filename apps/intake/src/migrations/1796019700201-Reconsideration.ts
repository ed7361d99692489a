import { MigrationInterface, QueryRunner } from 'typeorm';

/** The council sees where a reconsideration of the decision on its bid stands (awards decides it). */
export class Reconsideration1796019700201 implements MigrationInterface {
  name = 'Reconsideration1796019700201';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table bids
        add column reconsideration_status text check (reconsideration_status in ('requested', 'upheld', 'overturned')),
        add column reconsideration_reason text,
        add column reconsideration_at timestamptz`);
    // An ineligible bid never becomes an awards case, so the reconsideration of its screening lives here.
    await q.query(`
      create table screening_reconsiderations (
        id uuid primary key,
        bid_id uuid not null references bids (id),
        screened_at timestamptz not null,
        screened_by text not null,
        reasons text[] not null,
        grounds text not null,
        document_ids uuid[] not null default '{}',
        requested_by text not null,
        requested_at timestamptz not null,
        status text not null check (status in ('requested', 'upheld', 'overturned')),
        reason text,
        reviewed_by text,
        reviewed_at timestamptz,
        unique (bid_id, screened_at)
      )`);
    await q.query(`create unique index screening_reconsiderations_open on screening_reconsiderations (bid_id) where status = 'requested'`);
    await q.query(`create index screening_reconsiderations_newest on screening_reconsiderations (requested_at desc, id desc)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table screening_reconsiderations');
    await q.query(`alter table bids drop column reconsideration_status, drop column reconsideration_reason, drop column reconsideration_at`);
  }
}
