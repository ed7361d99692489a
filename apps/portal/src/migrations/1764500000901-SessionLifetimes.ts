import { MigrationInterface, QueryRunner } from 'typeorm';

/** When each session began and was last used, for its absolute and inactivity limits. */
export class SessionLifetimes1764500000901 implements MigrationInterface {
  name = 'SessionLifetimes1764500000901';

  async up(q: QueryRunner): Promise<void> {
    await q.query('alter table portal_sessions add column created_at timestamptz not null default now(), add column last_seen_at timestamptz not null default now()');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('alter table portal_sessions drop column created_at, drop column last_seen_at');
  }
}
