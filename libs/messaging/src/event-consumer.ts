import { Inject, Injectable, Logger } from '@nestjs/common';
import type { KafkaContext } from '@nestjs/microservices';
import { DataSource, EntityManager } from 'typeorm';
import { EventContract, EventEnvelope, envelopeProblems, validatePayload } from '@mutuals/contracts';
import { runWithContext } from '@mutuals/observability';
import { KafkaConnection } from './kafka-connection';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging-options';

export type DeadLetterReason = 'not-json' | 'invalid-envelope' | 'unknown-type' | 'contract-violation' | 'handler-failed';

export type EventHandler<T> = (event: EventEnvelope<T>, manager: EntityManager) => Promise<void>;

export class DeadLetter extends Error {
  constructor(readonly reason: DeadLetterReason, detail: string) {
    super(detail);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs a Kafka handler so that it never blocks its partition and never has a second effect:
 * the message is checked (JSON, envelope, type, contract), the handler runs in a transaction
 * that also records the event id in the inbox, failures are retried with backoff a bounded
 * number of times, and whatever still fails goes to `<topic>.dlq` with the reason in headers.
 * Only a failure to dead-letter is thrown, so the offset stays uncommitted and nothing is lost.
 */
@Injectable()
export class EventConsumer {
  private readonly logger = new Logger('EventConsumer');

  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: KafkaConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  async handle<T extends object>(contract: EventContract<T>, context: KafkaContext, handler: EventHandler<T>): Promise<void> {
    const message = context.getMessage();
    const raw = message.value;
    let envelope: EventEnvelope<T>;
    try {
      envelope = await this.read(contract, raw);
    } catch (err) {
      if (err instanceof DeadLetter) return this.deadLetter(context, err.reason, err.message);
      throw err;
    }
    const consumer = this.options.groupId;
    const attempts = this.options.maxHandlerAttempts ?? 5;
    const backoff = this.options.retryBackoffMs ?? 200;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await runWithContext({ correlationId: envelope.correlationid, causationId: envelope.id }, () =>
          this.dataSource.transaction(async (manager) => {
            const inserted = await manager.query(
              `insert into inbox_messages (consumer, event_id, event_type) values ($1, $2, $3)
               on conflict do nothing returning event_id`,
              [consumer, envelope.id, envelope.type],
            );
            if (inserted.length === 0) {
              this.logger.debug({ msg: 'duplicate event skipped', eventId: envelope.id, type: envelope.type });
              return;
            }
            await handler(envelope, manager);
          }),
        );
        return;
      } catch (err) {
        const detail = err instanceof Error ? err.message : String(err);
        if (attempt >= attempts) {
          return this.deadLetter(context, 'handler-failed', `${attempts} attempts failed; last: ${detail}`);
        }
        this.logger.warn({ msg: 'event handler failed; retrying', eventId: envelope.id, type: envelope.type, attempt, error: detail });
        await sleep(Math.min(backoff * 2 ** (attempt - 1), 5000));
        await context.getHeartbeat()().catch(() => undefined);
      }
    }
  }

  private async read<T extends object>(contract: EventContract<T>, raw: unknown): Promise<EventEnvelope<T>> {
    let parsed: unknown;
    if (Buffer.isBuffer(raw) || typeof raw === 'string') {
      try {
        parsed = JSON.parse(raw.toString());
      } catch {
        throw new DeadLetter('not-json', 'message value is not JSON');
      }
    } else if (raw === null || raw === undefined) {
      throw new DeadLetter('not-json', 'message has no value');
    } else {
      parsed = raw;
    }
    const problems = envelopeProblems(parsed);
    if (problems.length > 0) throw new DeadLetter('invalid-envelope', problems.join('; '));
    const envelope = parsed as EventEnvelope<T>;
    if (envelope.type !== contract.type) {
      throw new DeadLetter('unknown-type', `type ${envelope.type} is not ${contract.type}, the only type this topic carries`);
    }
    const result = await validatePayload(contract, envelope.data);
    if (!result.ok) throw new DeadLetter('contract-violation', result.problems.join('; '));
    return { ...envelope, data: result.value };
  }

  private async deadLetter(context: KafkaContext, reason: DeadLetterReason, detail: string): Promise<void> {
    const message = context.getMessage();
    const topic = context.getTopic();
    this.logger.error({ msg: 'event dead-lettered', topic, partition: context.getPartition(), offset: message.offset, reason, detail });
    const producer = await this.kafka.getProducer();
    try {
      await producer.send({
        topic: `${topic}.dlq`,
        acks: -1,
        messages: [
          {
            key: message.key as Buffer | string | null,
            value: message.value as Buffer | string | null,
            headers: {
              'dlq-reason': reason,
              'dlq-detail': detail.slice(0, 2000),
              'dlq-origin-topic': topic,
              'dlq-origin-partition': String(context.getPartition()),
              'dlq-origin-offset': String(message.offset),
              'dlq-consumer-group': this.options.groupId,
              'dlq-failed-at': new Date().toISOString(),
            },
          },
        ],
      });
    } catch (err) {
      await this.kafka.resetProducer();
      throw err; // offset stays uncommitted; the message is retried rather than lost
    }
  }
}
