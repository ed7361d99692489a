import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Admin, Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { kafkaClientSecurity, MESSAGING_OPTIONS, MessagingOptions } from './messaging-options';

function isTopicExistsOnly(err: unknown): boolean {
  const e = err as { type?: string; errors?: { type?: string }[] };
  if (e?.type === 'TOPIC_ALREADY_EXISTS') return true;
  return Array.isArray(e?.errors) && e.errors.length > 0 && e.errors.every((x) => x.type === 'TOPIC_ALREADY_EXISTS');
}

// kafkajs's own table of the broker's error codes; the retriable ones it retries itself.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { errorCodes } = require('kafkajs/src/protocol/error') as { errorCodes: { message: string; retriable: boolean }[] };
const RETRIABLE_BROKER_ERRORS = new Set(errorCodes.filter((e) => e.retriable).map((e) => e.message));
/** What kafkajs logs at error level and then recovers from on its own: rejoining the group, restarting the consumer. */
const SELF_HEALING = [/^The coordinator is not aware of this member, re-joining the group/, /^Restarting the consumer in /];

/**
 * kafkajs logs through Nest's logger at warn and above. A broker answer that kafkajs retries (no
 * leader during an election, the coordinator still loading: every fresh broker and every restart)
 * and a consumer rejoining or restarting are warnings: an error is for what needs someone.
 */
export function kafkaLogCreator(logger: Logger) {
  return () =>
    ({ level, log }: { level: logLevel; log: { message: string } & Record<string, unknown> }) => {
      const { message, ...extra } = log;
      const recovers = RETRIABLE_BROKER_ERRORS.has(String(extra.error)) || SELF_HEALING.some((pattern) => pattern.test(message));
      if (level <= logLevel.ERROR && !recovers) logger.error({ msg: message, kafka: extra });
      else if (level <= logLevel.WARN) logger.warn({ msg: message, kafka: extra });
    };
}

/**
 * The service's own producer (outbox relay and dead letters) and admin client. Connects lazily
 * and reconnects after a failure, so a broker outage never stops the service from starting.
 */
@Injectable()
export class KafkaConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('Kafka');
  readonly kafka: Kafka;
  private producer?: Producer;
  /** Set once this service's topics exist; the relay publishes only then (no errors for missing topics at start). */
  topicsReady = false;
  private connecting?: Promise<Producer>;

  constructor(@Inject(MESSAGING_OPTIONS) readonly options: MessagingOptions) {
    this.kafka = new Kafka({
      clientId: `${options.service}-producer`,
      brokers: options.brokers,
      ...kafkaClientSecurity(options),
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator(this.logger),
      connectionTimeout: 3000,
      requestTimeout: 10000,
      retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2000 },
    });
  }

  async getProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    this.connecting ??= (async () => {
      const producer = this.kafka.producer({ allowAutoTopicCreation: false, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
      try {
        await producer.connect();
      } catch (err) {
        await producer.disconnect().catch(() => undefined);
        throw err;
      }
      this.producer = producer;
      return producer;
    })().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /** Drops the producer after a failed send; the next send connects afresh. */
  async resetProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  async withAdmin<T>(fn: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return await fn(admin);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** A topic's name on the broker: the configured prefix (if any) and the platform's name. */
  topic(name: string): string {
    return `${this.options.topicPrefix ?? ''}${name}`;
  }

  /**
   * Creates the topics this service writes and reads (names before the prefix); the broker never
   * creates topics by itself, and a consumer may start before the service that writes its topics.
   */
  async ensureTopics(names: string[], partitions = 3): Promise<void> {
    const topics = names.map((name) => this.topic(name));
    await this.withAdmin(async (admin) => {
      const existing = new Set(await admin.listTopics());
      const missing = [...new Set(topics)].filter((t) => !existing.has(t));
      if (missing.length === 0) return;
      // Another replica or service may create the same topics at the same moment; that is fine.
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
      }).catch((err) => {
        if (!isTopicExistsOnly(err)) throw err;
      });
      this.logger.log({ msg: 'created topics', topics: missing });
    });
  }

  /** Which of these topics (names before the prefix) exist on the broker now. */
  async existingTopics(names: string[]): Promise<string[]> {
    const existing = new Set(await this.withAdmin((admin) => admin.listTopics()));
    return names.filter((name) => existing.has(this.topic(name)));
  }

  async ping(timeoutMs = 3000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.withAdmin((admin) => admin.describeCluster()),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('Kafka did not answer in time')), timeoutMs))),
      ]);
    } finally {
      // A timer left behind would keep a stopping process (or a test run) alive for its length.
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.resetProducer();
  }
}
