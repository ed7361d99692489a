import { MigrationInterface, QueryRunner } from 'typeorm';

/** The mutual may put documents on its award's case as evidence of a condition: those it may read back, the officers' due-diligence documents it may not. */
export class ApplicantEvidence1796025500000 implements MigrationInterface {
  name = 'ApplicantEvidence1796025500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('alter table case_documents add column from_applicant boolean not null default false');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('alter table case_documents drop column from_applicant');
  }
}
