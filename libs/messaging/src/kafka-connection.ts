import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Admin, Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging-options';

/** kafkajs logs through Nest's logger at warn and above. */
export function kafkaLogCreator(logger: Logger) {
  return () =>
    ({ level, log }: { level: logLevel; log: { message: string } & Record<string, unknown> }) => {
      const { message, ...extra } = log;
      if (level <= logLevel.ERROR) logger.error({ msg: message, kafka: extra });
      else if (level === logLevel.WARN) logger.warn({ msg: message, kafka: extra });
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
  private connecting?: Promise<Producer>;

  constructor(@Inject(MESSAGING_OPTIONS) readonly options: MessagingOptions) {
    this.kafka = new Kafka({
      clientId: `${options.service}-producer`,
      brokers: options.brokers,
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

  /** Creates the topics this service needs; the broker never creates topics by itself. */
  async ensureTopics(topics: string[], partitions = 3): Promise<void> {
    await this.withAdmin(async (admin) => {
      const existing = new Set(await admin.listTopics());
      const missing = [...new Set(topics)].filter((t) => !existing.has(t));
      if (missing.length === 0) return;
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
      });
      this.logger.log({ msg: 'created topics', topics: missing });
    });
  }

  async ping(timeoutMs = 3000): Promise<void> {
    await Promise.race([
      this.withAdmin((admin) => admin.describeCluster()),
      new Promise((_, reject) => setTimeout(() => reject(new Error('Kafka did not answer in time')), timeoutMs)),
    ]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.resetProducer();
  }
}
