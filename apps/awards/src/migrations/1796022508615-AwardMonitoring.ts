import { MigrationInterface, QueryRunner } from 'typeorm';

/** Conditions of an award as tracked items (evidence, due date, who accepted), payments gated on them, and monitoring returns. */
export class AwardMonitoring1796022508615 implements MigrationInterface {
  name = 'AwardMonitoring1796022508615';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create table award_conditions (
      id uuid primary key,
      award_id uuid not null references awards (id),
      position int not null,
      text text not null,
      due_on date,
      status text not null default 'open' check (status in ('open', 'evidence-submitted', 'met', 'waived')),
      evidence_note text,
      evidence_document_ids uuid[] not null default '{}',
      evidence_submitted_by text,
      evidence_submitted_at timestamptz,
      decided_by text,
      decided_at timestamptz,
      waived_reason text,
      unique (award_id, position)
    )`);
    // Conditions of awards offered before they were tracked: open, without a due date.
    await q.query(`insert into award_conditions (id, award_id, position, text)
      select gen_random_uuid(), w.id, c.position, c.text from awards w, unnest(w.conditions) with ordinality as c(text, position)`);
    await q.query(`create table milestone_conditions (
      milestone_id uuid not null references milestones (id),
      condition_id uuid not null references award_conditions (id),
      primary key (milestone_id, condition_id)
    )`);
    await q.query('alter table awards add column monitoring_interval_months int');
    await q.query(`create table monitoring_returns (
      id uuid primary key,
      award_id uuid not null references awards (id),
      period int not null,
      period_start date not null,
      period_end date not null,
      due_on date not null,
      status text not null default 'due' check (status in ('due', 'submitted', 'accepted', 'returned')),
      staff int,
      contract_value_pence bigint,
      contract_renewals int,
      turnover_pence bigint,
      savings_pence bigint,
      outcomes jsonb,
      submitted_by text,
      submitted_at timestamptz,
      reviewed_by text,
      reviewed_at timestamptz,
      review_note text,
      reminded_at timestamptz,
      overdue_at timestamptz,
      unique (award_id, period)
    )`);
    await q.query(`create index monitoring_returns_open on monitoring_returns (due_on) where status in ('due', 'returned')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table monitoring_returns');
    await q.query('alter table awards drop column monitoring_interval_months');
    await q.query('drop table milestone_conditions');
    await q.query('drop table award_conditions');
  }
}
