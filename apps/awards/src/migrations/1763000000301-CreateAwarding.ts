import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAwarding1763000000301 implements MigrationInterface {
  name = 'CreateAwarding1763000000301';

  async up(q: QueryRunner): Promise<void> {
    // A bid programme or a support fund: the budget cases draw on. Commitments never pass the budget.
    await q.query(`
      create table programmes (
        id uuid primary key,
        kind text not null check (kind in ('bid-programme', 'fund')),
        name text not null,
        budget_pence bigint not null default 0 check (budget_pence >= 0),
        committed_pence bigint not null default 0 check (committed_pence >= 0),
        paid_pence bigint not null default 0 check (paid_pence >= 0),
        revision integer not null default 0,
        threshold_alerted_at timestamptz,
        updated_at timestamptz not null default now()
      )`);
    // A bid round or a fund: how its cases are assessed, and the cap per award.
    await q.query(`
      create table schemes (
        id uuid primary key,
        programme_id uuid not null references programmes (id),
        name text not null,
        max_award_pence bigint check (max_award_pence >= 0),
        assessment jsonb,
        revision integer not null default 0
      )`);
    await q.query(`
      create table cases (
        id uuid primary key,
        source text not null check (source in ('bid', 'application')),
        source_id uuid not null,
        reference text not null,
        programme_id uuid not null references programmes (id),
        scheme_id uuid not null references schemes (id),
        applicant_id text,
        organisation_code text,
        authority_codes text[] not null default '{}',
        organisation_name text not null,
        parent_body text,
        title text not null,
        sector text,
        region text,
        contact_name text not null,
        contact_email text not null,
        amount_requested_pence bigint not null check (amount_requested_pence >= 0),
        max_award_pence bigint,
        assessment jsonb not null,
        status text not null check (status in ('awaiting-allocation', 'in-assessment', 'moderation', 'assessed', 'approval-pending', 'approved', 'reserve', 'rejected', 'offered', 'withdrawn')),
        blocked_reason text,
        final_score numeric(5, 2),
        moderation jsonb,
        first_approval jsonb,
        decision jsonb,
        approved_pence bigint check (approved_pence >= 0),
        opened_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (source, source_id)
      )`);
    await q.query(`create index cases_programme on cases (programme_id, status)`);
    await q.query(`
      create table assessors (
        id text primary key,
        name text not null,
        email text not null,
        sectors text[] not null default '{}',
        capacity integer not null check (capacity >= 0),
        registered_by text not null,
        registered_at timestamptz not null default now()
      )`);
    await q.query(`
      create table assessor_conflicts (
        assessor_id text not null references assessors (id),
        kind text not null check (kind in ('organisation', 'parent-body', 'authority')),
        value text not null,
        reason text,
        declared_at timestamptz not null default now(),
        primary key (assessor_id, kind, value)
      )`);
    await q.query(`
      create table allocations (
        case_id uuid not null references cases (id),
        assessor_id text not null references assessors (id),
        status text not null check (status in ('allocated', 'submitted', 'conflict', 'released')),
        due_at timestamptz not null,
        allocated_at timestamptz not null default now(),
        released_at timestamptz,
        release_reason text,
        primary key (case_id, assessor_id)
      )`);
    await q.query(`create index allocations_assessor on allocations (assessor_id, status)`);
    await q.query(`
      create table assessments (
        id uuid primary key,
        case_id uuid not null references cases (id),
        assessor_id text not null references assessors (id),
        scores jsonb not null,
        recommendation text not null check (recommendation in ('fund', 'fund-with-conditions', 'do-not-fund')),
        weighted_score numeric(5, 2) not null,
        submitted_at timestamptz not null default now(),
        unique (case_id, assessor_id)
      )`);
    await q.query(`
      create table due_diligence_checks (
        id uuid primary key,
        case_id uuid not null references cases (id),
        recipient_org_identifier text not null,
        subsidy_declared_pence bigint not null,
        subsidy_total_pence bigint not null,
        passed boolean not null,
        problems text[] not null,
        checked_by text not null,
        checked_at timestamptz not null default now()
      )`);
    await q.query(`create index due_diligence_case on due_diligence_checks (case_id, checked_at desc)`);
    await q.query(`
      create table awards (
        id uuid primary key,
        case_id uuid not null unique references cases (id),
        programme_id uuid not null references programmes (id),
        amount_pence bigint not null check (amount_pence > 0),
        conditions text[] not null,
        expires_at timestamptz not null,
        status text not null check (status in ('offered', 'accepted', 'declined', 'lapsed', 'active', 'completed', 'clawed-back')),
        recipient_org_identifier text not null,
        offered_by text not null,
        offered_at timestamptz not null default now(),
        responded_by text,
        responded_at timestamptz,
        paid_pence bigint not null default 0 check (paid_pence >= 0 and paid_pence <= amount_pence),
        clawed_back_pence bigint not null default 0 check (clawed_back_pence >= 0 and clawed_back_pence <= paid_pence)
      )`);
    await q.query(`create index awards_expiry on awards (expires_at) where status = 'offered'`);
    await q.query(`
      create table milestones (
        id uuid primary key,
        award_id uuid not null references awards (id),
        position integer not null,
        name text not null,
        amount_pence bigint not null check (amount_pence > 0),
        due_on date not null,
        paid_at timestamptz,
        paid_by text,
        unique (award_id, position)
      )`);
    await q.query(`
      create table clawbacks (
        id uuid primary key,
        award_id uuid not null references awards (id),
        amount_pence bigint not null check (amount_pence > 0),
        reason text not null,
        recorded_by text not null,
        recorded_at timestamptz not null default now()
      )`);
    // Who did what, when, to what (case_id groups an award's history with its case's): public money is audited.
    await q.query(`
      create table audit_trail (
        id bigserial primary key,
        subject_type text not null check (subject_type in ('case', 'award', 'assessor', 'programme')),
        subject_id text not null,
        case_id uuid,
        action text not null,
        actor text not null,
        details jsonb not null default '{}',
        at timestamptz not null default now()
      )`);
    await q.query(`create index audit_trail_case on audit_trail (case_id, id)`);
    await q.query(`create index audit_trail_subject on audit_trail (subject_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['audit_trail', 'clawbacks', 'milestones', 'awards', 'due_diligence_checks', 'assessments', 'allocations', 'assessor_conflicts', 'assessors', 'cases', 'schemes', 'programmes']) {
      await q.query(`drop table ${table}`);
    }
  }
}
