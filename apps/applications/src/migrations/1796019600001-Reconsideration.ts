import { MigrationInterface, QueryRunner } from 'typeorm';

/** The applicant sees where a reconsideration of their decision stands (awards decides it). */
export class Reconsideration1796019600001 implements MigrationInterface {
  name = 'Reconsideration1796019600001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table applications
        add column reconsideration_status text check (reconsideration_status in ('requested', 'upheld', 'overturned')),
        add column reconsideration_reason text,
        add column reconsideration_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table applications drop column reconsideration_status, drop column reconsideration_reason, drop column reconsideration_at`);
  }
}
