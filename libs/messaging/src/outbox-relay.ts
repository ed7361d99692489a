import { Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { DataSource } from 'typeorm';
import { CLOUDEVENTS_CONTENT_TYPE, CONTENT_TYPE_HEADER } from '@mutuals/contracts';
import { contextFrom, spanFailed, tracer } from '@mutuals/observability';
import { onCommitSignal, PollingLoop } from '@mutuals/persistence';
import { OUTBOX_WRITTEN } from './event-publisher';
import { KafkaConnection } from './kafka-connection';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging-options';
import { MESSAGING_OBSERVER, MessagingObserver } from './messaging-observer';
import { messagingAttributes } from './messaging-tracing';
import { OutboxHealth } from './outbox-health';

const BATCH_SIZE = 500;
const RELAY_LOCK = 7_313_002;

interface OutboxRow {
  seq: string;
  topic: string;
  message_key: string;
  envelope: string;
  event_id: string;
  type: string;
  traceparent: string | null;
  tracestate: string | null;
}

/**
 * Publishes committed outbox rows to Kafka in commit order, at least once. One replica relays
 * at a time (advisory lock), which keeps each aggregate's events in order. Woken when this process
 * commits events, with a poll as the fallback; when Kafka is down the rows wait and go out later.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap {
  private readonly logger = new Logger('OutboxRelay');
  private readonly loop: PollingLoop;

  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: KafkaConnection,
    private readonly health: OutboxHealth,
    @Inject(MESSAGING_OPTIONS) options: MessagingOptions,
    @Optional() @Inject(MESSAGING_OBSERVER) private readonly observer?: MessagingObserver,
  ) {
    this.loop = new PollingLoop({
      name: 'OutboxRelay',
      pollMs: options.outboxPollMs ?? 250,
      tick: async () => {
        try {
          const published = await this.relayOnce();
          if (this.kafka.topicsReady) this.health.relayed();
          return published === BATCH_SIZE;
        } catch (err) {
          this.health.failed(err);
          throw err;
        }
      },
    });
    // Events committed by this process go out at once; other replicas' are found by the poll.
    onCommitSignal(dataSource, OUTBOX_WRITTEN, () => this.loop.nudge());
  }

  onApplicationBootstrap() {
    this.loop.start();
  }

  /** Called by the messaging lifecycle once the consumer has stopped, while the database is still open. */
  async stop() {
    this.health.stop();
    await this.loop.stop();
    // Flush what committed before shutdown, if Kafka is there to take it.
    await this.relayOnce().catch((err) => this.logger.warn({ msg: 'final outbox flush failed', error: String(err) }));
  }

  /** Publishes one batch; returns how many rows went out. */
  async relayOnce(): Promise<number> {
    if (!this.kafka.topicsReady) return 0; // rows wait until the service's topics exist
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query('select pg_try_advisory_xact_lock($1) as locked', [RELAY_LOCK]);
      if (!locked) return 0;
      const rows: OutboxRow[] = await manager.query(
        `select seq, topic, message_key, envelope::text as envelope, event_id, envelope->>'type' as type,
                envelope->>'traceparent' as traceparent, envelope->>'tracestate' as tracestate
         from outbox_messages
         where published_at is null order by seq limit $1`,
        [BATCH_SIZE],
      );
      if (rows.length === 0) return 0;
      const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
      for (const row of rows) {
        const topic = this.kafka.topic(row.topic);
        const messages = byTopic.get(topic) ?? [];
        // CloudEvents Kafka binding, structured mode: the envelope is the value, announced by its content type.
        messages.push({ key: row.message_key, value: row.envelope, headers: { [CONTENT_TYPE_HEADER]: CLOUDEVENTS_CONTENT_TYPE } });
        byTopic.set(topic, messages);
      }
      const producer = await this.kafka.getProducer();
      // Each row's send is a span in the trace that wrote it (the relay runs long after that request).
      const spans = rows.map((row) => this.sendSpan(row));
      try {
        await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
      } catch (err) {
        spans.forEach((span) => (spanFailed(err, span), span.end()));
        await this.kafka.resetProducer();
        throw err;
      }
      spans.forEach((span, i) => {
        context.with(trace.setSpan(context.active(), span), () => this.logger.debug({ msg: 'event published', eventId: rows[i].event_id, type: rows[i].type }));
        span.end();
      });
      await manager.query('update outbox_messages set published_at = now() where seq = any($1::bigint[])', [rows.map((r) => r.seq)]);
      this.observer?.outboxPublished(rows.length);
      return rows.length;
    });
  }

  private sendSpan(row: OutboxRow) {
    return tracer.startSpan(
      `send ${this.kafka.topic(row.topic)}`,
      { kind: SpanKind.PRODUCER, attributes: messagingAttributes('send', this.kafka.topic(row.topic), row.type, { 'messaging.message.id': row.event_id }) },
      contextFrom(row),
    );
  }
}
