import { MigrationInterface, QueryRunner } from 'typeorm';

/** A fund's description for applicants, and the windows (UTC instants) in which it takes applications. */
export class FundDescriptionAndWindows1796019126384 implements MigrationInterface {
  name = 'FundDescriptionAndWindows1796019126384';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table funds add column description text not null default '', add column opening_windows jsonb not null default '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('alter table funds drop column description, drop column opening_windows');
  }
}
