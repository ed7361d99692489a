import { MigrationInterface, QueryRunner } from 'typeorm';

export class AssessorPanels1763000000302 implements MigrationInterface {
  name = 'AssessorPanels1763000000302';

  async up(q: QueryRunner): Promise<void> {
    // The programmes and funds whose panels an assessor sits on; none means any.
    await q.query(`alter table assessors add column programme_ids uuid[] not null default '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('alter table assessors drop column programme_ids');
  }
}
