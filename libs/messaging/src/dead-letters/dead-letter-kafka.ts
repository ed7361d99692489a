import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { KafkaMessage, Message } from 'kafkajs';
import { KafkaConnection } from '../kafka-connection';
import { MESSAGING_OPTIONS, MessagingOptions } from '../messaging-options';
import { isDeadLetterTopic } from './dead-letter';

/** Offsets [from, to) of one partition. */
export interface PartitionRange {
  topic: string;
  partition: number;
  from: number;
  to: number;
}

export interface TopicOffsets {
  topic: string;
  partitions: { partition: number; low: number; high: number }[];
}

const READ_TIMEOUT_MS = 15000;

/**
 * Kafka as the dead-letter tools need it: which dead-letter topics there are, reading offset
 * ranges of them, and sending replays, through the service's own Kafka client and producer. Reads
 * use a consumer of their own that never commits, so an operator's reads never disturb the event flow.
 */
@Injectable()
export class DeadLetterKafka {
  private readonly logger = new Logger('DeadLetters');

  constructor(
    private readonly connection: KafkaConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  /** The dead-letter topics under the prefix, with the low and high offset of each partition. */
  deadLetterTopics(prefix: string): Promise<TopicOffsets[]> {
    return this.whileUp(() =>
      this.connection.withAdmin(async (admin) => {
        const topics = (await admin.listTopics()).filter((t) => isDeadLetterTopic(t, prefix));
        return Promise.all(
          topics.map(async (topic) => ({
            topic,
            partitions: (await admin.fetchTopicOffsets(topic)).map((o) => ({ partition: o.partition, low: Number(o.low), high: Number(o.high) })),
          })),
        );
      }),
    );
  }

  /**
   * Reads the ranges with a short-lived consumer in a group of its own that never commits, so
   * no real group's position moves and the broker forgets the group when it leaves. Give every
   * partition of a topic to read: empty ranges are skipped past rather than read from the start.
   */
  read(ranges: PartitionRange[], onMessage: (topic: string, partition: number, message: KafkaMessage) => void): Promise<void> {
    return this.whileUp(() => this.readRanges(ranges, onMessage));
  }

  private async readRanges(ranges: PartitionRange[], onMessage: (topic: string, partition: number, message: KafkaMessage) => void): Promise<void> {
    const pending = new Map(ranges.filter((r) => r.to > r.from).map((r) => [`${r.topic}:${r.partition}`, r]));
    if (pending.size === 0) return;
    const topics = [...new Set([...pending.values()].map((r) => r.topic))];
    const consumer = this.connection.kafka.consumer({
      groupId: `${this.options.service}-dead-letter-reader-${randomUUID()}`,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 200,
      retry: { retries: 2 },
    });
    let finished!: () => void;
    const allRead = new Promise<void>((resolve) => (finished = resolve));
    let timer: NodeJS.Timeout | undefined;
    try {
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message }) => {
          const key = `${topic}:${partition}`;
          const range = pending.get(key);
          const offset = Number(message.offset);
          // Seeking is applied on the next fetch, so earlier offsets may still arrive: skip them.
          if (!range || offset < range.from) return;
          if (offset < range.to) onMessage(topic, partition, message);
          if (offset + 1 >= range.to) {
            pending.delete(key);
            if (pending.size === 0) finished();
          }
        },
      });
      for (const r of ranges.filter((range) => topics.includes(range.topic))) {
        consumer.seek({ topic: r.topic, partition: r.partition, offset: String(r.from) });
      }
      await Promise.race([
        allRead,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`Kafka did not return the dead letters within ${READ_TIMEOUT_MS / 1000} s`)), READ_TIMEOUT_MS);
        }),
      ]);
    } finally {
      clearTimeout(timer);
      await consumer.disconnect().catch(() => undefined);
    }
  }

  /** Sends the messages in order, acknowledged by every in-sync replica. */
  send(messages: { topic: string; message: Message }[]): Promise<void> {
    return this.whileUp(async () => {
      const byTopic = new Map<string, Message[]>();
      for (const { topic, message } of messages) byTopic.set(topic, [...(byTopic.get(topic) ?? []), message]);
      const producer = await this.connection.getProducer();
      try {
        await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })) });
      } catch (err) {
        await this.connection.resetProducer();
        throw err;
      }
    });
  }

  /** A broker that does not answer is an outage, not a bug here: the operator gets a 503 saying so. */
  private async whileUp<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      this.logger.warn({ msg: 'Kafka did not answer the dead-letter tools', error: String(err instanceof Error ? err.message : err) });
      throw new ServiceUnavailableException(`Kafka is not available: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
