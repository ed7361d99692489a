import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '@mutuals/domain';
import { DeadLetterRecord, DeadLetterStatus, deadLetterTopicOf, replayOf } from './dead-letter';
import { DeadLetterActionEntry, DeadLetterActions } from './dead-letter-actions';
import { DeadLetterKafka } from './dead-letter-kafka';
import { DeadLetterReader } from './dead-letter-reader';

export interface DeadLetterFilter {
  status?: DeadLetterStatus;
  /** The dead-letter topic, or its origin topic. */
  topic?: string;
}

export interface DeadLetterEntry {
  letter: DeadLetterRecord;
  status: DeadLetterStatus;
}

export interface DeadLetterDetails extends DeadLetterEntry {
  history: DeadLetterActionEntry[];
}

/** Replays go out in batches well under the broker's request size limit. */
const REPLAY_BATCH = 100;

const newestFirst = (a: DeadLetterEntry, b: DeadLetterEntry) =>
  b.letter.failedAt.localeCompare(a.letter.failedAt) || a.letter.topic.localeCompare(b.letter.topic) || a.letter.partition - b.letter.partition || Number(a.letter.offset) - Number(b.letter.offset);

const inTopicOrder = (a: DeadLetterRecord, b: DeadLetterRecord) => a.partition - b.partition || Number(a.offset) - Number(b.offset);

/**
 * What an operator does with this service's dead letters: list and inspect them, replay them
 * to their origin topic, or discard them with a reason. Every action is recorded with who did it.
 */
@Injectable()
export class DeadLetters {
  private readonly logger = new Logger('DeadLetters');

  constructor(
    private readonly reader: DeadLetterReader,
    private readonly kafka: DeadLetterKafka,
    private readonly actions: DeadLetterActions,
  ) {}

  /** One page, newest first, and how many match in all. */
  async list(filter: DeadLetterFilter, page: number, pageSize: number): Promise<{ items: DeadLetterEntry[]; total: number }> {
    const letters = await this.reader.all();
    const statuses = await this.actions.statuses(letters.map((l) => l.id));
    const topic = filter.topic ? deadLetterTopicOf(filter.topic) : undefined;
    const matching = letters
      .map((letter) => ({ letter, status: statuses.get(letter.id)! }))
      .filter((e) => (!filter.status || e.status === filter.status) && (!topic || e.letter.topic === topic))
      .sort(newestFirst);
    return { items: matching.slice((page - 1) * pageSize, page * pageSize), total: matching.length };
  }

  async get(id: string): Promise<DeadLetterDetails> {
    return this.details(await this.find(id));
  }

  /**
   * Sends the original message to its origin topic again. The audit row commits only once Kafka
   * has the message. Replaying twice is allowed: the envelope id is the same, so every consumer's
   * inbox lets it have one effect.
   */
  async replay(id: string, actor: string, reason: string | null): Promise<DeadLetterDetails> {
    const letter = await this.find(id);
    await this.actions.transaction(async (manager) => {
      await this.actions.lockTopic(manager, letter.topic);
      await this.actions.record(manager, [letter.id], 'replayed', actor, reason);
      await this.kafka.send([replayOf(letter)]);
    });
    this.logger.log({ msg: 'dead letter replayed', id, originTopic: letter.originTopic, actor, reason });
    return this.details(letter);
  }

  /** Replays every pending dead letter of one topic, in the order they were dead-lettered. */
  async replayTopic(topic: string, actor: string, reason: string | null): Promise<{ topic: string; replayed: string[] }> {
    const dlqTopic = deadLetterTopicOf(topic);
    const letters = (await this.reader.all()).filter((l) => l.topic === dlqTopic);
    if (letters.length === 0) {
      throw new DomainError('not-found', 'dead-letter-topic-not-found', `This service has no dead letters on ${dlqTopic}`);
    }
    const replayed = await this.actions.transaction(async (manager) => {
      await this.actions.lockTopic(manager, dlqTopic);
      // Read under the lock, so two operators replaying the same topic at once send each letter once.
      const statuses = await this.actions.statuses(letters.map((l) => l.id), manager);
      const pending = letters.filter((l) => statuses.get(l.id) === 'pending').sort(inTopicOrder);
      await this.actions.record(manager, pending.map((l) => l.id), 'replayed', actor, reason);
      for (let i = 0; i < pending.length; i += REPLAY_BATCH) await this.kafka.send(pending.slice(i, i + REPLAY_BATCH).map(replayOf));
      return pending.map((l) => l.id);
    });
    this.logger.log({ msg: 'dead letters replayed', topic: dlqTopic, count: replayed.length, actor, reason });
    return { topic: dlqTopic, replayed };
  }

  /** Records that a dead letter will not be replayed, and why. A letter is discarded once. */
  async discard(id: string, actor: string, reason: string): Promise<DeadLetterDetails> {
    const letter = await this.find(id);
    await this.actions.transaction(async (manager) => {
      await this.actions.lockTopic(manager, letter.topic);
      const status = (await this.actions.statuses([id], manager)).get(id);
      if (status !== 'pending') {
        throw new DomainError('conflict', `dead-letter-already-${status}`, `Dead letter ${id} has already been ${status}`, { status });
      }
      await this.actions.record(manager, [id], 'discarded', actor, reason);
    });
    this.logger.log({ msg: 'dead letter discarded', id, originTopic: letter.originTopic, actor, reason });
    return this.details(letter);
  }

  private async find(id: string): Promise<DeadLetterRecord> {
    const letter = (await this.reader.all()).find((l) => l.id === id);
    if (!letter) throw DomainError.notFound('Dead letter', id);
    return letter;
  }

  private async details(letter: DeadLetterRecord): Promise<DeadLetterDetails> {
    const [statuses, history] = await Promise.all([this.actions.statuses([letter.id]), this.actions.history(letter.id)]);
    return { letter, status: statuses.get(letter.id)!, history };
  }
}
