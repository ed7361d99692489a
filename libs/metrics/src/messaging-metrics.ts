import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DEAD_LETTER_REASONS, DeadLetterReason } from '@mutuals/contracts';
import { HandlerOutcome, KafkaConnection, MESSAGING_OPTIONS, MessagingObserver, MessagingOptions } from '@mutuals/messaging';
import { Counter, Gauge, Histogram } from 'prom-client';
import { PartitionLag, partitionLags } from './consumer-lag';
import { MetricsRegistry, ScrapeCache, withTimeout } from './metrics-registry';

export const HANDLER_OUTCOMES = ['handled', 'duplicate', 'dead-lettered', 'retried-transient', 'retried-failure'] as const satisfies readonly HandlerOutcome[];

export const LAG_OPTIONS = Symbol('LAG_OPTIONS');

export interface LagOptions {
  /** Other consumer groups whose lag on this service's own streams is reported too. */
  groups: string[];
  /** How long one reading of the offsets is kept (scrapes in between answer from it). */
  cacheMs?: number;
  /** How long a scrape waits for Kafka before it answers without lag. */
  timeoutMs?: number;
}

const unique = <T>(values: T[]) => [...new Set(values)];

/** Handler outcomes and durations, dead letters and relayed events, as the messaging side reports them. */
@Injectable()
export class MessagingMetrics implements MessagingObserver {
  private readonly handlerDuration: Histogram<'event_type' | 'outcome'>;
  private readonly deadLetters: Counter<'topic' | 'reason'>;
  private readonly published: Counter;

  constructor(metrics: MetricsRegistry, kafka: KafkaConnection, @Inject(MESSAGING_OPTIONS) options: MessagingOptions) {
    this.handlerDuration = metrics.histogram({
      name: 'mutuals_event_handler_duration_seconds',
      help: 'Time one attempt at handling a consumed event took, by event type and outcome (handled, duplicate, dead-lettered, retried-transient, retried-failure).',
      labelNames: ['event_type', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
    this.deadLetters = metrics.counter({
      name: 'mutuals_dead_letters_total',
      help: 'Messages this service wrote to a dead-letter topic, by the topic they came from and the reason.',
      labelNames: ['topic', 'reason'],
    });
    this.published = metrics.counter({ name: 'mutuals_outbox_published_total', help: 'Outbox rows the relay published to Kafka.' });
    // Known series start at zero, so the first dead letter is an increase an alert can see.
    for (const topic of unique(options.consumes.map((c) => kafka.topic(c.topic)))) {
      for (const reason of DEAD_LETTER_REASONS) this.deadLetters.inc({ topic, reason }, 0);
    }
  }

  eventHandled(type: string, outcome: HandlerOutcome, seconds: number): void {
    this.handlerDuration.observe({ event_type: type, outcome }, seconds);
  }

  deadLettered(topic: string, reason: DeadLetterReason): void {
    this.deadLetters.inc({ topic, reason });
  }

  outboxPublished(count: number): void {
    this.published.inc(count);
  }
}

/** The outbox's backlog and the age of its oldest unpublished row, read on scrape with one query. */
@Injectable()
export class OutboxMetrics {
  private readonly logger = new Logger('OutboxMetrics');
  private readonly reading: ScrapeCache<{ backlog: number; age: number }>;

  constructor(metrics: MetricsRegistry, dataSource: DataSource) {
    this.reading = new ScrapeCache(
      () =>
        withTimeout(
          dataSource
            .query(
              `select count(*)::bigint as backlog,
                      coalesce(extract(epoch from clock_timestamp() - min(created_at)), 0)::float8 as age
               from outbox_messages where published_at is null`,
            )
            .then(([row]: { backlog: string; age: number }[]) => ({ backlog: Number(row.backlog), age: Number(row.age) })),
          2000,
          'the outbox query',
        ),
      1000,
    );
    const read = async (gauge: Gauge, pick: (r: { backlog: number; age: number }) => number) => {
      gauge.reset();
      try {
        gauge.set(pick(await this.reading.get()));
      } catch (err) {
        this.logger.warn({ msg: 'outbox metrics unavailable', error: String(err instanceof Error ? err.message : err) });
      }
    };
    metrics.gauge({
      name: 'mutuals_outbox_unpublished_messages',
      help: 'Outbox rows committed and not yet published to Kafka.',
      async collect() {
        await read(this, (r) => r.backlog);
      },
    });
    metrics.gauge({
      name: 'mutuals_outbox_oldest_unpublished_age_seconds',
      help: 'Age of the oldest outbox row not yet published (0 when none waits).',
      async collect() {
        await read(this, (r) => r.age);
      },
    });
  }
}

/**
 * Consumer lag per topic and partition: the high watermark minus the committed offset of this
 * service's group on the topics it reads, and of the configured other groups on the topics it
 * writes. Read through the admin API on scrape, with a short timeout, and kept for a few seconds.
 */
@Injectable()
export class ConsumerLagMetrics {
  private readonly logger = new Logger('ConsumerLagMetrics');
  private readonly reading: ScrapeCache<PartitionLag[]>;
  private readonly errors: Counter;
  readonly watched: { group: string; topics: string[]; uncommittedIsLag: boolean }[];

  constructor(
    metrics: MetricsRegistry,
    private readonly kafka: KafkaConnection,
    @Inject(MESSAGING_OPTIONS) options: MessagingOptions,
    @Inject(LAG_OPTIONS) lag: LagOptions,
  ) {
    const consumed = unique(options.consumes.map((c) => kafka.topic(c.topic)));
    const produced = unique(options.produces.map((c) => kafka.topic(c.topic)));
    this.watched = [
      ...(consumed.length > 0 ? [{ group: options.groupId, topics: consumed, uncommittedIsLag: true }] : []),
      ...(produced.length > 0
        ? unique(lag.groups.filter((g) => g !== options.groupId)).map((group) => ({ group, topics: produced, uncommittedIsLag: false }))
        : []),
    ];
    const timeoutMs = lag.timeoutMs ?? 2000;
    this.reading = new ScrapeCache(() => withTimeout(this.read(), timeoutMs, 'Kafka (consumer offsets)'), lag.cacheMs ?? 5000);
    this.errors = metrics.counter({
      name: 'mutuals_kafka_consumer_lag_errors_total',
      help: 'Scrapes that could not read consumer offsets from Kafka in time (lag is then left out).',
    });
    const self = this;
    metrics.gauge({
      name: 'mutuals_kafka_consumer_lag_messages',
      help: "Messages a consumer group has yet to handle: the partition's high watermark minus the group's committed offset.",
      labelNames: ['consumer_group', 'topic', 'partition'],
      async collect() {
        this.reset();
        if (self.watched.length === 0) return;
        try {
          for (const row of await self.reading.get()) this.set({ consumer_group: row.group, topic: row.topic, partition: String(row.partition) }, row.lag);
        } catch (err) {
          self.errors.inc();
          self.logger.warn({ msg: 'consumer lag unavailable', error: String(err instanceof Error ? err.message : err) });
        }
      },
    });
  }

  private async read(): Promise<PartitionLag[]> {
    return this.kafka.withAdmin(async (admin) => {
      const existing = new Set(await admin.listTopics());
      const topics = unique(this.watched.flatMap((w) => w.topics)).filter((t) => existing.has(t));
      const offsets = new Map(await Promise.all(topics.map(async (topic) => [topic, await admin.fetchTopicOffsets(topic)] as const)));
      const rows: PartitionLag[] = [];
      for (const { group, topics: wanted, uncommittedIsLag } of this.watched) {
        const present = wanted.filter((t) => offsets.has(t));
        if (present.length === 0) continue;
        const committed = await admin.fetchOffsets({ groupId: group, topics: present });
        for (const { topic, partitions } of committed) rows.push(...partitionLags(group, topic, offsets.get(topic)!, partitions, uncommittedIsLag));
      }
      return rows;
    });
  }
}
