import { MigrationInterface, QueryRunner } from 'typeorm';

/** The council sees where a reconsideration of the decision on its bid stands (awards decides it). */
export class Reconsideration1796019700201 implements MigrationInterface {
  name = 'Reconsideration1796019700201';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table bids
        add column reconsideration_status text check (reconsideration_status in ('requested', 'upheld', 'overturned')),
        add column reconsideration_reason text,
        add column reconsideration_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table bids drop column reconsideration_status, drop column reconsideration_reason, drop column reconsideration_at`);
  }
}
