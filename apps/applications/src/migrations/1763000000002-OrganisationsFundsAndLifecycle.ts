import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organisations and funds, the full application lifecycle (status follows the awards service)
 * and the audit trail. Applications made before funds existed keep a null fund and organisation.
 */
export class OrganisationsFundsAndLifecycle1763000000002 implements MigrationInterface {
  name = 'OrganisationsFundsAndLifecycle1763000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table organisations (
        id uuid primary key,
        name text not null,
        type text not null,
        legal_form text not null,
        companies_house_number text,
        charity_number text,
        society_number text,
        parent_body text,
        sector text,
        region text,
        staff_count integer check (staff_count >= 0),
        services_in_scope text[] not null default '{}',
        spin_out_stage text,
        employee_share_percent smallint check (employee_share_percent between 0 and 100),
        parent_body_share_percent smallint check (parent_body_share_percent between 0 and 100),
        partner_share_percent smallint check (partner_share_percent between 0 and 100),
        trading_start_date date,
        still_on_original_contract boolean,
        senior_sponsor jsonb,
        project_lead jsonb,
        registered_by text not null,
        version integer not null default 1,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        check (coalesce(employee_share_percent, 0) + coalesce(parent_body_share_percent, 0) + coalesce(partner_share_percent, 0) <= 100)
      )`);
    await q.query(`create index organisations_name on organisations (lower(name))`);
    // Applicants whose token carries no organisation belong to the one they registered.
    await q.query(`
      create table organisation_members (
        user_id text primary key,
        organisation_id uuid not null references organisations (id)
      )`);
    await q.query(`
      create table funds (
        id uuid primary key,
        name text not null,
        cap_per_application_pence bigint not null check (cap_per_application_pence > 0),
        budget_pence bigint not null check (budget_pence >= 0),
        open boolean not null,
        match_funding_required boolean not null,
        questions jsonb not null,
        eligibility jsonb not null,
        assessment jsonb not null,
        version integer not null default 1,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await q.query(`create unique index funds_name on funds (lower(name))`);

    await q.query(`alter table applications drop constraint applications_status_check`);
    await q.query(`
      alter table applications
        add constraint applications_status_check check (status in (
          'draft', 'submitted', 'withdrawn', 'in_assessment', 'approved', 'reserve', 'rejected',
          'offer_issued', 'accepted', 'declined', 'lapsed')),
        add column fund_id uuid references funds (id),
        add column organisation_id uuid references organisations (id),
        add column parent_body text,
        add column sector text,
        add column region text,
        add column spin_out_stage text,
        add column support_types text[] not null default '{}',
        add column match_funding_pence bigint check (match_funding_pence >= 0),
        add column answers jsonb not null default '{}',
        add column subsidy_received_pence bigint check (subsidy_received_pence >= 0),
        add column services_delivered_in_england boolean,
        add column case_id uuid,
        add column awarded_pence bigint,
        add column status_changed_at timestamptz not null default now(),
        add column awards_event_at timestamptz`);
    await q.query(`drop index applications_applicant`);
    // One index per officer filter (PostgreSQL combines them), each ordered for the default sort.
    await q.query(`create index applications_organisation on applications (organisation_id, created_at desc)`);
    await q.query(`create index applications_status on applications (status, created_at desc)`);
    await q.query(`create index applications_fund on applications (fund_id, created_at desc)`);
    await q.query(`create index applications_sector on applications (sector, created_at desc)`);
    await q.query(`create index applications_region on applications (region, created_at desc)`);
    await q.query(`create index applications_stage on applications (spin_out_stage, created_at desc)`);
    await q.query(`create index applications_amount on applications (amount_requested_pence)`);
    await q.query(`create index applications_submitted_at on applications (submitted_at)`);
    await q.query(`create index applications_created_at on applications (created_at desc, id)`);

    await q.query(`
      create table audit_trail (
        id bigserial primary key,
        subject_type text not null,
        subject_id uuid not null,
        action text not null,
        from_state text,
        to_state text,
        actor_id text not null,
        actor_name text,
        at timestamptz not null default now(),
        detail jsonb
      )`);
    await q.query(`create index audit_trail_subject on audit_trail (subject_type, subject_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table audit_trail');
    for (const index of ['organisation', 'status', 'fund', 'sector', 'region', 'stage', 'amount', 'submitted_at', 'created_at']) {
      await q.query(`drop index applications_${index}`);
    }
    await q.query(`create index applications_applicant on applications (applicant_id, created_at desc)`);
    await q.query(`delete from applications where status not in ('draft', 'submitted', 'withdrawn')`);
    await q.query(`
      alter table applications
        drop constraint applications_status_check,
        add constraint applications_status_check check (status in ('draft', 'submitted', 'withdrawn')),
        drop column fund_id, drop column organisation_id, drop column parent_body, drop column sector,
        drop column region, drop column spin_out_stage, drop column support_types, drop column match_funding_pence,
        drop column answers, drop column subsidy_received_pence, drop column services_delivered_in_england,
        drop column case_id, drop column awarded_pence, drop column status_changed_at, drop column awards_event_at`);
    await q.query('drop table funds');
    await q.query('drop table organisation_members');
    await q.query('drop table organisations');
  }
}
