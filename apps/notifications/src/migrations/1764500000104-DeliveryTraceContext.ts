import { MigrationInterface, QueryRunner } from 'typeorm';

export class DeliveryTraceContext1764500000104 implements MigrationInterface {
  name = 'DeliveryTraceContext1764500000104';

  async up(q: QueryRunner): Promise<void> {
    // The trace of the event that queued a message, so its send (later, by the sender loop) joins that trace.
    await q.query(`alter table deliveries add column traceparent text, add column tracestate text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table deliveries drop column traceparent, drop column tracestate`);
  }
}
