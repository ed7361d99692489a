import { MigrationInterface, QueryRunner } from 'typeorm';

/** The supplier framework and support packages awarded in kind, with suppliers' delivery reports and invoices. */
export class SupportInKind1796023000000 implements MigrationInterface {
  name = 'SupportInKind1796023000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table suppliers (
        id uuid primary key,
        name text not null,
        company_number text not null unique,
        contact_name text not null,
        contact_email text not null,
        registered_by text not null,
        registered_at timestamptz not null default now()
      )`);
    await q.query(`
      create table supplier_lots (
        supplier_id uuid not null references suppliers (id),
        lot text not null check (lot in ('legal', 'finance', 'hr-and-pensions', 'governance', 'business-planning')),
        day_rate_pence bigint not null check (day_rate_pence > 0),
        capacity_days int not null check (capacity_days >= 0),
        primary key (supplier_id, lot)
      )`);
    await q.query(`
      create table supplier_conflicts (
        supplier_id uuid not null references suppliers (id),
        kind text not null,
        value text not null,
        reason text,
        declared_at timestamptz not null default now(),
        primary key (supplier_id, kind, value)
      )`);
    await q.query(`
      create table support_packages (
        id uuid primary key,
        case_id uuid not null unique references cases (id),
        programme_id uuid not null references programmes (id),
        supplier_id uuid not null references suppliers (id),
        value_pence bigint not null check (value_pence > 0),
        invoiced_pence bigint not null default 0,
        paid_pence bigint not null default 0,
        start_on date not null,
        end_on date not null check (end_on >= start_on),
        status text not null check (status in ('active', 'completed', 'closed')),
        awarded_by text not null,
        awarded_at timestamptz not null default now(),
        flagged_reason text,
        flagged_at timestamptz,
        closed_by text,
        closed_at timestamptz,
        closed_reason text,
        check (invoiced_pence <= value_pence and paid_pence <= invoiced_pence)
      )`);
    await q.query(`
      create table support_package_lots (
        package_id uuid not null references support_packages (id),
        lot text not null,
        days int not null check (days > 0),
        day_rate_pence bigint not null,
        value_pence bigint not null,
        primary key (package_id, lot)
      )`);
    await q.query(`
      create table delivery_reports (
        id uuid primary key,
        package_id uuid not null references support_packages (id),
        lot text not null,
        days_delivered numeric(6, 1) not null check (days_delivered > 0),
        summary text not null,
        recorded_by text not null,
        recorded_at timestamptz not null default now()
      )`);
    await q.query(`
      create table supplier_invoices (
        id uuid primary key,
        package_id uuid not null references support_packages (id),
        supplier_reference text not null,
        amount_pence bigint not null check (amount_pence > 0),
        days numeric(6, 1) not null check (days > 0),
        status text not null check (status in ('submitted', 'paid')),
        recorded_by text not null,
        recorded_at timestamptz not null default now(),
        paid_by text,
        paid_at timestamptz,
        unique (package_id, supplier_reference)
      )`);
    await q.query(`create index support_packages_supplier on support_packages (supplier_id)`);
    await q.query(`alter table audit_trail drop constraint audit_trail_subject_type_check`);
    await q.query(`alter table audit_trail add constraint audit_trail_subject_type_check check (subject_type in ('case', 'award', 'assessor', 'programme', 'supplier', 'support-package'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['supplier_invoices', 'delivery_reports', 'support_package_lots', 'support_packages', 'supplier_conflicts', 'supplier_lots', 'suppliers']) {
      await q.query(`drop table ${table}`);
    }
  }
}
