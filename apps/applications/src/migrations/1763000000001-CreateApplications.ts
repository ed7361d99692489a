import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateApplications1763000000001 implements MigrationInterface {
  name = 'CreateApplications1763000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create sequence application_reference_seq`);
    await q.query(`
      create table applications (
        id uuid primary key,
        reference text not null unique,
        applicant_id text not null,
        applicant_name text not null,
        applicant_email text not null,
        organisation_name text,
        title text,
        amount_requested_pence bigint check (amount_requested_pence >= 0),
        status text not null check (status in ('draft', 'submitted', 'withdrawn')),
        version integer not null default 1,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        submitted_at timestamptz,
        withdrawn_at timestamptz
      )`);
    await q.query(`create index applications_applicant on applications (applicant_id, created_at desc)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table applications');
    await q.query('drop sequence application_reference_seq');
  }
}
