import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Counter } from 'prom-client';
import { MetricsRegistry, ScrapeCache, withTimeout } from '@mutuals/metrics';

/** Messages sent and failed (counted as the sender goes), and those waiting for the send rate (read on scrape). */
@Injectable()
export class DeliveryMetrics {
  private readonly logger = new Logger('DeliveryMetrics');
  readonly sent: Counter<'channel'>;
  readonly failed: Counter<'kind'>;

  constructor(metrics: MetricsRegistry, dataSource: DataSource) {
    this.sent = metrics.counter({
      name: 'mutuals_notifications_sent_total',
      help: 'Messages the provider accepted, by channel (smtp or notify).',
      labelNames: ['channel'],
    });
    this.failed = metrics.counter({
      name: 'mutuals_notifications_failed_total',
      help: 'Send attempts that failed: temporary (retried later) or permanent (given up).',
      labelNames: ['kind'],
    });
    for (const kind of ['temporary', 'permanent']) this.failed.inc({ kind }, 0);
    // Due and not yet claimed: what the send-rate bucket holds back (or what the sender has yet to reach).
    const waiting = new ScrapeCache(
      () =>
        withTimeout(
          dataSource
            .query(`select count(*)::bigint as waiting from deliveries where status in ('created', 'temporary-failure') and next_attempt_at <= now()`)
            .then(([row]: { waiting: string }[]) => Number(row.waiting)),
          2000,
          'the deliveries query',
        ),
      1000,
    );
    const logger = this.logger;
    metrics.gauge({
      name: 'mutuals_notifications_rate_limit_waiting_messages',
      help: 'Messages due to be sent that wait for the send rate limit (or for the sender to claim them).',
      async collect() {
        this.reset();
        try {
          this.set(await waiting.get());
        } catch (err) {
          logger.warn({ msg: 'delivery metrics unavailable', error: String(err instanceof Error ? err.message : err) });
        }
      },
    });
  }
}
