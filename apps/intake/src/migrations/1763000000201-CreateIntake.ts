import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIntake1763000000201 implements MigrationInterface {
  name = 'CreateIntake1763000000201';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table programmes (
        id uuid primary key,
        code text not null unique,
        title text not null,
        departments text[] not null,
        budget_pence bigint not null check (budget_pence >= 0),
        legal_power text not null,
        grants_scheme_reference text not null,
        senior_responsible_officer text not null,
        revision integer not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await q.query(`
      create table rounds (
        id uuid primary key,
        programme_id uuid not null references programmes (id),
        name text not null,
        reference_prefix text not null,
        status text not null check (status in ('draft', 'scheduled', 'open', 'closed', 'in_assessment', 'decided', 'archived')),
        opens_at timestamptz not null,
        closes_at timestamptz not null,
        max_award_pence bigint not null check (max_award_pence > 0),
        places integer not null check (places > 0),
        eligibility jsonb not null,
        questions jsonb not null,
        assessment jsonb not null,
        opened_at timestamptz,
        closed_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        check (closes_at > opens_at)
      )`);
    // The scheduler's claims: rounds due to open or close.
    await q.query(`create index rounds_due_to_open on rounds (opens_at) where status = 'scheduled'`);
    await q.query(`create index rounds_due_to_close on rounds (closes_at) where status = 'open'`);
    await q.query(`create sequence bid_reference_seq`);
    await q.query(`
      create table bids (
        id uuid primary key,
        reference text not null unique,
        round_id uuid not null references rounds (id),
        programme_id uuid not null references programmes (id),
        authority_code text not null,
        authority_name text not null,
        partner_authority_codes text[] not null,
        region text not null,
        sector text,
        title text,
        amount_requested_pence bigint check (amount_requested_pence >= 0),
        answers jsonb not null,
        status text not null check (status in ('draft', 'submitted', 'eligible', 'ineligible', 'withdrawn', 'in_assessment', 'approved', 'reserve', 'rejected', 'offer_issued', 'accepted', 'declined', 'lapsed')),
        screening_reasons text[] not null default '{}',
        screened_by text,
        screened_at timestamptz,
        contact_name text,
        contact_email text,
        created_by text not null,
        case_id uuid,
        awarded_pence bigint,
        awards_event_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        submitted_at timestamptz,
        withdrawn_at timestamptz
      )`);
    await q.query(`create index bids_round_status on bids (round_id, status)`);
    await q.query(`create index bids_authority on bids (authority_code, created_at desc)`);
    // One live bid per authority per round, as lead or partner: the database settles concurrent submissions.
    await q.query(`
      create table bid_memberships (
        bid_id uuid not null references bids (id),
        round_id uuid not null references rounds (id),
        authority_code text not null,
        role text not null check (role in ('lead', 'partner')),
        constraint bid_memberships_one_live_bid unique (round_id, authority_code)
      )`);
    await q.query(`create index bid_memberships_bid on bid_memberships (bid_id)`);
    await q.query(`
      create table late_bid_attempts (
        id bigserial primary key,
        round_id uuid not null references rounds (id),
        bid_id uuid not null references bids (id),
        authority_code text not null,
        attempted_at timestamptz not null
      )`);
    await q.query(`create index late_bid_attempts_round on late_bid_attempts (round_id)`);
    await q.query(`
      create table audit_entries (
        id bigserial primary key,
        subject_type text not null,
        subject_id uuid not null,
        action text not null,
        from_state text,
        to_state text,
        actor_id text not null,
        detail jsonb,
        at timestamptz not null default now()
      )`);
    await q.query(`create index audit_entries_subject on audit_entries (subject_type, subject_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table audit_entries');
    await q.query('drop table late_bid_attempts');
    await q.query('drop table bid_memberships');
    await q.query('drop table bids');
    await q.query('drop sequence bid_reference_seq');
    await q.query('drop table rounds');
    await q.query('drop table programmes');
  }
}
