import { Inject, Injectable } from '@nestjs/common';
import { MESSAGING_OPTIONS, MessagingOptions } from '../messaging-options';
import { DeadLetterRecord, deadLetterFrom } from './dead-letter';
import { DeadLetterKafka, PartitionRange } from './dead-letter-kafka';

/** Topic names at the Kafka boundary may carry a prefix (optional until every service sets one). */

/**
 * This service's dead letters: the records on the dead-letter topics that its consumer group
 * wrote. Kept in memory and read incrementally, so listing costs one offsets request plus
 * whatever arrived since the last list. Each replica keeps its own copy.
 */
@Injectable()
export class DeadLetterReader {
  private readonly letters = new Map<string, DeadLetterRecord>();
  /** How far each `<topic>:<partition>` has been read, and where it began then. */
  private readonly positions = new Map<string, { low: number; next: number }>();
  private latest: Promise<void> = Promise.resolve();

  constructor(
    private readonly kafka: DeadLetterKafka,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  get topicPrefix(): string {
    return this.options.topicPrefix ?? '';
  }

  /** Every dead letter of this service's group up to now, in no particular order. */
  async all(): Promise<DeadLetterRecord[]> {
    // One refresh at a time, each after the one before, so every caller sees what was there when it asked.
    const refreshed = this.latest.catch(() => undefined).then(() => this.refresh());
    this.latest = refreshed;
    await refreshed;
    return [...this.letters.values()];
  }

  private async refresh(): Promise<void> {
    const topics = await this.kafka.deadLetterTopics(this.topicPrefix);
    const present = new Set(topics.map((t) => t.topic));
    this.forget((letter) => !present.has(letter.topic));
    const ranges: (PartitionRange & { low: number })[] = [];
    for (const { topic, partitions } of topics) {
      for (const { partition, low, high } of partitions) {
        const known = this.positions.get(`${topic}:${partition}`) ?? { low: 0, next: 0 };
        // Past the end: the topic was deleted and made again, so what we had is gone.
        const remade = known.next > high;
        // Records before `low` have been removed (retention), and so have ours of them.
        if (remade || low > known.low) {
          this.forget((letter) => letter.topic === topic && letter.partition === partition && (remade || Number(letter.offset) < low));
        }
        ranges.push({ topic, partition, low, from: Math.max(remade ? 0 : known.next, low), to: high });
      }
    }
    await this.kafka.read(ranges, (topic, partition, message) => {
      const letter = deadLetterFrom(topic, partition, message);
      if (letter && letter.consumerGroup === this.options.groupId) this.letters.set(letter.id, letter);
    });
    for (const r of ranges) this.positions.set(`${r.topic}:${r.partition}`, { low: r.low, next: r.to });
  }

  private forget(which: (letter: DeadLetterRecord) => boolean) {
    for (const [id, letter] of this.letters) if (which(letter)) this.letters.delete(id);
  }
}
