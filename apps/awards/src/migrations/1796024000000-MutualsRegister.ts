import { MigrationInterface, QueryRunner } from 'typeorm';
import { COMMISSIONER_KINDS, DELIVERY_ROUTES, ENQUIRY_TRIAGES, JOURNEY_STAGES, LEGAL_FORMS, REGIONS, SECTORS } from '@mutuals/domain';

const list = (codes: readonly string[]) => codes.map((c) => `'${c}'`).join(', ');

/**
 * The register of mutuals: enquiries to the programme's information service, each mutual's
 * journey (every stage kept, never overwritten) and what links it to cases, bids and awards.
 * A mutual's current figures (staff, contract value) start at launch and move with monitoring returns.
 */
export class MutualsRegister1796024000000 implements MigrationInterface {
  name = 'MutualsRegister1796024000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table mutuals (
        id uuid primary key,
        reference text not null unique,
        name text not null,
        parent_body text not null,
        parent_body_kind text not null check (parent_body_kind in (${list(COMMISSIONER_KINDS)})),
        sector text not null check (sector in (${list(SECTORS)})),
        region text check (region in (${list(REGIONS)})),
        organisation_code text unique,
        stage text not null check (stage in (${list(JOURNEY_STAGES)})),
        stage_entered_on date not null,
        route text check (route in (${list(DELIVERY_ROUTES)})),
        route_reason text,
        launched_on date,
        legal_form text check (legal_form in (${list(LEGAL_FORMS)})),
        staff_count integer check (staff_count >= 0),
        contract_value_pence bigint check (contract_value_pence >= 0),
        contract_months integer check (contract_months > 0),
        commissioning_body text,
        commissioning_body_kind text check (commissioning_body_kind in (${list(COMMISSIONER_KINDS)})),
        version integer not null default 1,
        registered_by text not null,
        registered_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await q.query(`create index mutuals_launched on mutuals (launched_on) where launched_on is not null`);
    await q.query(`create index mutuals_stage on mutuals (stage, name, id)`);
    await q.query(`
      create table mutual_stages (
        id uuid primary key,
        mutual_id uuid not null references mutuals (id),
        stage text not null check (stage in (${list(JOURNEY_STAGES)})),
        entered_on date not null,
        evidence text not null,
        details jsonb not null default '{}',
        recorded_by text not null,
        recorded_at timestamptz not null default now()
      )`);
    await q.query(`create index mutual_stages_mutual on mutual_stages (mutual_id, entered_on, recorded_at)`);
    await q.query(`
      create table mutual_figures (
        id uuid primary key,
        mutual_id uuid not null references mutuals (id),
        as_of date not null,
        staff_count integer not null check (staff_count >= 0),
        contract_value_pence bigint not null check (contract_value_pence >= 0),
        source text not null check (source in ('launch', 'monitoring-return', 'officer')),
        source_id text,
        recorded_by text not null,
        recorded_at timestamptz not null default now()
      )`);
    await q.query(`create index mutual_figures_mutual on mutual_figures (mutual_id, as_of)`);
    await q.query(`
      create table enquiries (
        id uuid primary key,
        reference text not null unique,
        received_on date not null,
        enquirer_name text not null,
        enquirer_email text not null,
        organisation_name text not null,
        parent_body text,
        parent_body_kind text check (parent_body_kind in (${list(COMMISSIONER_KINDS)})),
        sector text check (sector in (${list(SECTORS)})),
        region text check (region in (${list(REGIONS)})),
        topic text not null,
        triage text not null check (triage in (${list(ENQUIRY_TRIAGES)})),
        advice_given text not null,
        mutual_id uuid references mutuals (id),
        recorded_by text not null,
        recorded_at timestamptz not null default now()
      )`);
    await q.query(`create index enquiries_received on enquiries (received_on desc, id)`);
    // What the register knows of each mutual elsewhere: applications, bids, cases, awards, packages.
    await q.query(`
      create table mutual_links (
        mutual_id uuid not null references mutuals (id),
        kind text not null check (kind in ('application', 'bid', 'case', 'award', 'support-package')),
        ref_id uuid not null,
        linked_at timestamptz not null default now(),
        primary key (kind, ref_id)
      )`);
    await q.query(`create index mutual_links_mutual on mutual_links (mutual_id)`);
    await q.query(`alter table audit_trail drop constraint audit_trail_subject_type_check`);
    await q.query(
      `alter table audit_trail add constraint audit_trail_subject_type_check check (subject_type in ('case', 'award', 'assessor', 'programme', 'supplier', 'support-package', 'mutual', 'enquiry'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`delete from audit_trail where subject_type in ('mutual', 'enquiry')`);
    await q.query(`alter table audit_trail drop constraint audit_trail_subject_type_check`);
    await q.query(
      `alter table audit_trail add constraint audit_trail_subject_type_check check (subject_type in ('case', 'award', 'assessor', 'programme', 'supplier', 'support-package'))`,
    );
    for (const table of ['mutual_links', 'enquiries', 'mutual_figures', 'mutual_stages', 'mutuals']) await q.query(`drop table ${table}`);
  }
}
