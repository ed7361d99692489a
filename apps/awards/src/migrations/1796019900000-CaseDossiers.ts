import { MigrationInterface, QueryRunner } from 'typeorm';

/** What the assessors read: the application or bid as submitted, copied from its events onto the case. */
export class CaseDossiers1796019900000 implements MigrationInterface {
  name = 'CaseDossiers1796019900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table cases add column dossier jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('alter table cases drop column dossier');
  }
}
