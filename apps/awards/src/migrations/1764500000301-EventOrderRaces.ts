import { MigrationInterface, QueryRunner } from 'typeorm';

const CASE_STATUSES_BEFORE = `'awaiting-allocation', 'in-assessment', 'moderation', 'assessed', 'approval-pending', 'approved', 'reserve', 'rejected', 'offered', 'withdrawn'`;
const AWARD_STATUSES_BEFORE = `'offered', 'accepted', 'declined', 'lapsed', 'active', 'completed', 'clawed-back'`;

export class EventOrderRaces1764500000301 implements MigrationInterface {
  name = 'EventOrderRaces1764500000301';

  async up(q: QueryRunner): Promise<void> {
    // Tombstones: a withdrawal is remembered even when it arrives before the case it would close,
    // so a submission or screening handled later (a replay, a legacy topic) opens no live case.
    await q.query(`
      create table withdrawals (
        source text not null check (source in ('bid', 'application')),
        source_id uuid not null,
        reason text,
        withdrawn_at timestamptz not null,
        recorded_at timestamptz not null default now(),
        primary key (source, source_id)
      )`);
    // The newest screening of each bid seen so far: an older one arriving late (a replayed dead
    // letter) must not undo it, and an ineligible one blocks a case that has not opened yet.
    await q.query(`
      create table bid_screenings (
        bid_id uuid primary key,
        outcome text not null check (outcome in ('eligible', 'ineligible')),
        reasons text[] not null,
        screened_by text not null,
        screened_at timestamptz not null,
        recorded_at timestamptz not null default now()
      )`);
    await q.query(`alter table cases drop constraint cases_status_check`);
    await q.query(`alter table cases add constraint cases_status_check check (status in (${CASE_STATUSES_BEFORE}, 'ineligible'))`);
    // Something an officer must resolve by hand (e.g. screened ineligible after approval).
    await q.query(`alter table cases add column flagged_reason text, add column flagged_at timestamptz`);
    await q.query(`alter table awards drop constraint awards_status_check`);
    await q.query(`alter table awards add constraint awards_status_check check (status in (${AWARD_STATUSES_BEFORE}, 'withdrawn'))`);
    await q.query(`alter table awards add column withdrawn_at timestamptz, add column flagged_reason text, add column flagged_at timestamptz`);
    // Counts every change of committed_pence, so the budget's owner keeps only the newest figure.
    await q.query(`alter table programmes add column commitment_revision bigint not null default 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('alter table programmes drop column commitment_revision');
    await q.query('alter table awards drop column withdrawn_at, drop column flagged_reason, drop column flagged_at');
    await q.query(`alter table awards drop constraint awards_status_check`);
    await q.query(`alter table awards add constraint awards_status_check check (status in (${AWARD_STATUSES_BEFORE}))`);
    await q.query('alter table cases drop column flagged_reason, drop column flagged_at');
    await q.query(`alter table cases drop constraint cases_status_check`);
    await q.query(`alter table cases add constraint cases_status_check check (status in (${CASE_STATUSES_BEFORE}))`);
    await q.query('drop table bid_screenings');
    await q.query('drop table withdrawals');
  }
}
