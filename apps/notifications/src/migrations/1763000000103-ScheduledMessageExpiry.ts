import { MigrationInterface, QueryRunner } from 'typeorm';

export class ScheduledMessageExpiry1763000000103 implements MigrationInterface {
  name = 'ScheduledMessageExpiry1763000000103';

  async up(q: QueryRunner): Promise<void> {
    // A reminder fired late (consumer lag, an outage) is still sent, unless it no longer makes sense (the round has closed).
    await q.query(`alter table scheduled_messages add column expires_at timestamptz`);
    await q.query(`alter table scheduled_messages drop constraint scheduled_messages_status_check`);
    await q.query(`alter table scheduled_messages add constraint scheduled_messages_status_check check (status in ('pending', 'fired', 'cancelled', 'expired'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`delete from scheduled_messages where status = 'expired'`);
    await q.query(`alter table scheduled_messages drop constraint scheduled_messages_status_check`);
    await q.query(`alter table scheduled_messages add constraint scheduled_messages_status_check check (status in ('pending', 'fired', 'cancelled'))`);
    await q.query(`alter table scheduled_messages drop column expires_at`);
  }
}
