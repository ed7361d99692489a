import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSessions1763000000901 implements MigrationInterface {
  name = 'CreateSessions1763000000901';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table portal_sessions (
        id text primary key,
        data jsonb not null default '{}',
        expires_at timestamptz not null
      )`);
    await q.query('create index portal_sessions_expiry on portal_sessions (expires_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table portal_sessions');
  }
}
