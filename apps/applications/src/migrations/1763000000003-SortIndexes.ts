import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes in the exact order of the officer list's sorts (with the id tie-break), so the first
 * page of 100,000 applications is read from the index instead of sorting the table.
 */
export class SortIndexes1763000000003 implements MigrationInterface {
  name = 'SortIndexes1763000000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`drop index applications_created_at`);
    await q.query(`drop index applications_submitted_at`);
    await q.query(`create index applications_created_at on applications (created_at desc, id desc)`);
    await q.query(`create index applications_submitted_at on applications (submitted_at desc nulls last, id desc)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index applications_created_at`);
    await q.query(`drop index applications_submitted_at`);
    await q.query(`create index applications_created_at on applications (created_at desc, id)`);
    await q.query(`create index applications_submitted_at on applications (submitted_at)`);
  }
}
