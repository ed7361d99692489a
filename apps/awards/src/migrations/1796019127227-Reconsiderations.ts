import { MigrationInterface, QueryRunner } from 'typeorm';

/** Reconsideration of decisions, re-issued offers, and the alerts officers are sent once each. */
export class Reconsiderations1796019127227 implements MigrationInterface {
  name = 'Reconsiderations1796019127227';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table reconsiderations (
        id uuid primary key,
        case_id uuid not null references cases (id),
        decision_outcome text not null,
        decided_at timestamptz not null,
        decided_by text not null,
        grounds text not null,
        document_ids uuid[] not null default '{}',
        requested_by text not null,
        requested_at timestamptz not null default now(),
        status text not null check (status in ('requested', 'upheld', 'overturned')),
        reason text,
        reopened_at_stage text,
        reviewed_by text,
        reviewed_at timestamptz,
        unique (case_id, decided_at)
      )`);
    // One open request per case at a time.
    await q.query(`create unique index reconsiderations_open on reconsiderations (case_id) where status = 'requested'`);
    await q.query(`create index reconsiderations_newest on reconsiderations (requested_at desc, id desc)`);
    // An overturned decision sent back to assessment asks for assessors beyond the scheme's number.
    await q.query(`alter table cases add column extra_assessors integer not null default 0 check (extra_assessors >= 0)`);
    await q.query(`alter table allocations add column overdue_alerted_at timestamptz`);
    await q.query(`create index allocations_overdue on allocations (due_at) where status = 'allocated' and overdue_alerted_at is null`);
    await q.query(`alter table awards add column reissued_count integer not null default 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('alter table awards drop column reissued_count');
    await q.query('drop index allocations_overdue');
    await q.query('alter table allocations drop column overdue_alerted_at');
    await q.query('alter table cases drop column extra_assessors');
    await q.query('drop table reconsiderations');
  }
}
