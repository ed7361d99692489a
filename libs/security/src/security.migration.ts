import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rate limits' counters and the security events every service and the portal keep in their
 * own database; list it in each one's migrations.
 */
export class CreateRateLimitsAndSecurityEvents1764700000000 implements MigrationInterface {
  name = 'CreateRateLimitsAndSecurityEvents1764700000000';

  async up(q: QueryRunner): Promise<void> {
    // Unlogged: counters are worth nothing after a crash (a window restarts), and skip the WAL on every request.
    await q.query(`
      create unlogged table rate_limit_hits (
        key text primary key,
        window_ends_at timestamptz not null,
        hits integer not null
      )`);
    await q.query('create index rate_limit_hits_expiry on rate_limit_hits (window_ends_at)');
    await q.query(`
      create table security_events (
        id bigserial primary key,
        type text not null,
        subject text,
        ip text,
        correlation_id text,
        route text,
        at timestamptz not null default now(),
        details jsonb not null default '{}'
      )`);
    await q.query('create index security_events_at on security_events (at)');
    await q.query('create index security_events_by_type on security_events (type, at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table security_events');
    await q.query('drop table rate_limit_hits');
  }
}
