import { Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { DataSource, QueryRunner } from 'typeorm';
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
/** Batches one run publishes before letting go of the relay lock (the loop then goes again at once). */
const BATCHES_PER_RUN = 20;
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
 * Pipelined: while one batch is on its way to the broker the next is read and the previous one
 * marked published. Batches are sent one after another, each once the broker has acknowledged the
 * one before (a failed batch is never overtaken), and a row is marked only after its acknowledgement.
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
          // A run that ended on a full batch (its limit reached) leaves more to go at once.
          return published > 0 && published % BATCH_SIZE === 0;
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

  /** Publishes what the outbox holds, up to a limit; returns how many rows went out. */
  async relayOnce(): Promise<number> {
    if (!this.kafka.topicsReady) return 0; // rows wait until the service's topics exist
    // One connection for the run: it holds the lock, and its statements run in the order they are issued.
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let locked = false;
    try {
      [{ locked }] = await runner.query('select pg_try_advisory_lock($1) as locked', [RELAY_LOCK]);
      return locked ? await this.pipeline(runner) : 0;
    } finally {
      // A lock left on a pooled connection would stop every replica relaying; a lost connection has none left.
      if (locked) await runner.query('select pg_advisory_unlock_all()').catch(() => undefined);
      await runner.release();
    }
  }

  private async pipeline(runner: QueryRunner): Promise<number> {
    const read = (inFlight: string[]): Promise<OutboxRow[]> =>
      runner.query(
        `select seq, topic, message_key, envelope::text as envelope, event_id, envelope->>'type' as type,
                envelope->>'traceparent' as traceparent, envelope->>'tracestate' as tracestate
         from outbox_messages
         where published_at is null and seq <> all($2::bigint[]) order by seq limit $1`,
        [BATCH_SIZE, inFlight],
      );
    let rows = await read([]);
    let marked: Promise<unknown> = Promise.resolve();
    let published = 0;
    for (let batch = 1; rows.length > 0; batch += 1) {
      const seqs = rows.map((r) => r.seq);
      const last = rows.length < BATCH_SIZE || batch === BATCHES_PER_RUN;
      // The next batch is read (after the previous one's mark, on this connection) while this one is sent.
      const [sent, mark, following] = await Promise.allSettled([this.publish(rows), marked, last ? Promise.resolve([]) : read(seqs)]);
      for (const step of [sent, mark, following]) if (step.status === 'rejected') throw step.reason;
      const count = rows.length;
      marked = runner.query('update outbox_messages set published_at = now() where seq = any($1::bigint[])', [seqs]).then(() => this.observer?.outboxPublished(count));
      published += count;
      rows = (following as PromiseFulfilledResult<OutboxRow[]>).value;
      if (last) break;
    }
    await marked;
    return published;
  }

  /** Sends the rows and resolves once the broker has acknowledged every one of them. */
  private async publish(rows: OutboxRow[]): Promise<void> {
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
  }

  private sendSpan(row: OutboxRow) {
    return tracer.startSpan(
      `send ${this.kafka.topic(row.topic)}`,
      { kind: SpanKind.PRODUCER, attributes: messagingAttributes('send', this.kafka.topic(row.topic), row.type, { 'messaging.message.id': row.event_id }) },
      contextFrom(row),
    );
  }
}
