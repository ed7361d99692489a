import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { KafkaContext } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { contractForType, DeadLetterReason, EventEnvelope, envelopeProblems, validatePayload } from '@mutuals/contracts';
import { Attributes, SpanKind } from '@opentelemetry/api';
import { contextFrom, inSpan, runWithContext, spanFailed } from '@mutuals/observability';
import { ConsumerHealth } from './consumer-health';
import { deadLetterHeaders } from './dead-letters/dead-letter';
import { EventHandlers } from './event-handlers';
import { classifyFailure, isRebalance } from './failures';
import { KafkaConnection } from './kafka-connection';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging-options';
import { HandlerOutcome, MESSAGING_OBSERVER, MessagingObserver } from './messaging-observer';
import { messagingAttributes } from './messaging-tracing';

export type { DeadLetterReason };

export class DeadLetter extends Error {
  constructor(readonly reason: DeadLetterReason, detail: string) {
    super(detail);
  }
}

/** The consumer is shutting down: leave the message uncommitted for whoever takes the partition next. */
export class ConsumerStopping extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The messages of one partition that Kafka handed over together, with the means to acknowledge them. */
export interface ConsumedBatch {
  topic: string;
  partition: number;
  messages: KafkaContext[];
  /** Marks this message and every one before it as done (committed with the group's offsets). */
  resolveOffset(offset: string): void;
  heartbeat(): Promise<void>;
  commitOffsetsIfNecessary(): Promise<void>;
  /** False once the consumer is stopping or the partition is being taken away: leave the rest uncommitted. */
  current(): boolean;
}

/** A message of a batch; `envelope` is unset for a platform event this service has no interest in. */
interface Pending {
  context: KafkaContext;
  envelope?: EventEnvelope<object>;
}

/** Events of a batch committed in one transaction, at most: a rollback and retry one at a time stay cheap. */
const DEFAULT_BATCH_TRANSACTION_SIZE = 100;

/**
 * Receives every message of the topics this service consumes and runs the handler for its event
 * type, so that nothing is lost, nothing has a second effect and one aggregate's events apply in order:
 * - the message is checked (a value, JSON, envelope, type, contract); one that will never pass goes
 *   to `<topic>.dlq` with the reason in its headers, and the consumer moves on;
 * - the handler runs in a transaction that also records the event id in the inbox;
 * - a failure because a dependency is away (database, broker, network) is retried in place without
 *   limit, with capped backoff: the partition waits, its offset stays uncommitted, other partitions
 *   go on, and /health/ready shows it as degraded;
 * - a rule refusing the event is dead-lettered at once; any other failure after a few attempts.
 * Kafka hands over a partition's messages in batches: consecutive events whose handlers allow it
 * (`@OnEvent(contract, { batch: true })`) are handled, and recorded in the inbox, in one transaction.
 * If that transaction fails for any reason it is rolled back and its events are handled one at a
 * time as above, so a poison event is dead-lettered alone and a dependency away is waited for.
 * Offsets are resolved only for what is done, in order.
 */
@Injectable()
export class EventConsumer {
  private readonly logger = new Logger('EventConsumer');

  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: KafkaConnection,
    private readonly handlers: EventHandlers,
    private readonly health: ConsumerHealth,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Optional() @Inject(MESSAGING_OBSERVER) private readonly observer?: MessagingObserver,
  ) {}

  /** The Kafka transport's entry point for every consumed topic. */
  async consume(context: KafkaContext): Promise<void> {
    this.health.active();
    let envelope: EventEnvelope<object> | undefined;
    try {
      envelope = await this.read(context.getMessage().value);
    } catch (err) {
      if (err instanceof DeadLetter) return this.deadLetter(context, err.reason, err.message);
      throw err;
    }
    if (envelope) await this.handle(context, envelope);
  }

  /**
   * The Kafka transport's entry point for a batch of one partition: in order, consecutive events
   * of batching handlers together, anything else one at a time.
   */
  async consumeBatch(batch: ConsumedBatch): Promise<void> {
    this.health.active();
    const limit = this.options.batchTransactionSize ?? DEFAULT_BATCH_TRANSACTION_SIZE;
    let run: Pending[] = [];
    let events = 0;
    const flush = async () => {
      const pending = run;
      run = [];
      events = 0;
      if (pending.length > 0) await this.handleTogether(batch, pending);
    };
    for (const context of batch.messages) {
      if (!batch.current()) return; // what is not resolved is handled again by whoever gets the partition
      let envelope: EventEnvelope<object> | undefined;
      try {
        envelope = await this.read(context.getMessage().value);
      } catch (err) {
        if (!(err instanceof DeadLetter)) throw err;
        await flush();
        if (!batch.current()) return;
        await this.deadLetter(context, err.reason, err.message);
        await this.done(batch, context);
        continue;
      }
      if (envelope && !this.handlers.get(envelope.type)!.batch) {
        await flush();
        if (!batch.current()) return;
        await this.handle(context, envelope);
        await this.done(batch, context);
        continue;
      }
      run.push({ context, envelope });
      if (envelope) events += 1;
      if (events >= limit) await flush();
    }
    if (batch.current()) await flush();
  }

  private async done(batch: ConsumedBatch, context: KafkaContext): Promise<void> {
    batch.resolveOffset(context.getMessage().offset);
    this.health.active();
    await batch.heartbeat();
    await batch.commitOffsetsIfNecessary();
  }

  /** One transaction for the events of `run`; on any failure, each of them on its own. */
  private async handleTogether(batch: ConsumedBatch, run: Pending[]): Promise<void> {
    const events = run.filter((p): p is Required<Pending> => p.envelope !== undefined);
    if (events.length > 1) {
      try {
        await this.applyTogether(events);
        this.health.recovered(batch.topic, batch.partition);
        return this.done(batch, run[run.length - 1].context);
      } catch (err) {
        this.logger.warn({
          msg: 'a batch of events failed; handling them one at a time',
          topic: batch.topic,
          partition: batch.partition,
          events: events.length,
          error: err instanceof Error ? err.message : String(err),
        });
      }
    }
    for (const { context, envelope } of run) {
      if (!batch.current()) return;
      if (envelope) await this.handle(context, envelope);
      await this.done(batch, context);
    }
  }

  /**
   * Records the events in the inbox with one statement and runs the handler of each one not seen
   * before, in order, all in one transaction. Each handler runs in its event's consumer span.
   */
  private async applyTogether(events: Required<Pending>[]): Promise<void> {
    const started = performance.now();
    const outcomes: HandlerOutcome[] = [];
    await this.dataSource.transaction(async (manager) => {
      const inserted: { event_id: string }[] = await manager.query(
        `insert into inbox_messages (consumer, event_id, event_type)
         select $1, id, type from unnest($2::text[], $3::text[]) as e(id, type)
         on conflict do nothing returning event_id`,
        [this.options.groupId, events.map((e) => e.envelope.id), events.map((e) => e.envelope.type)],
      );
      const fresh = new Set(inserted.map((row) => row.event_id));
      outcomes.length = 0;
      for (const { context, envelope } of events) {
        // A second copy of an event in the same batch finds its id already taken out of `fresh`.
        if (!fresh.delete(envelope.id)) {
          outcomes.push('duplicate');
          this.logger.debug({ msg: 'duplicate event skipped', eventId: envelope.id, type: envelope.type });
          continue;
        }
        const { handler } = this.handlers.get(envelope.type)!;
        await this.inConsumerSpan(context, envelope, { 'messaging.batch.message_count': events.length }, () =>
          runWithContext({ correlationId: envelope.correlationid, causationId: envelope.id }, () => handler(envelope, manager)),
        );
        outcomes.push('handled');
      }
    });
    const seconds = (performance.now() - started) / 1000 / events.length;
    events.forEach(({ envelope }, i) => {
      if (outcomes[i] === 'handled') this.logger.debug({ msg: 'event handled', eventId: envelope.id, type: envelope.type });
      this.observer?.eventHandled(envelope.type, outcomes[i], seconds);
    });
  }

  /** The envelope, or undefined for a platform event this service has no interest in. */
  private async read(raw: unknown): Promise<EventEnvelope<object> | undefined> {
    if (raw === null || raw === undefined) throw new DeadLetter('no-value', 'message has no value (a tombstone or an empty produce)');
    let parsed: unknown;
    if (Buffer.isBuffer(raw) || typeof raw === 'string') {
      try {
        parsed = JSON.parse(raw.toString());
      } catch {
        throw new DeadLetter('not-json', 'message value is not JSON');
      }
    } else {
      parsed = raw;
    }
    const problems = envelopeProblems(parsed);
    if (problems.length > 0) throw new DeadLetter('invalid-envelope', problems.join('; '));
    const envelope = parsed as EventEnvelope<object>;
    const registered = this.handlers.get(envelope.type);
    if (!registered) {
      // Another event of a stream we read (e.g. a draft saved): not ours to handle.
      if (contractForType(envelope.type)) return undefined;
      throw new DeadLetter('unknown-type', `${envelope.type} is not an event type of this platform`);
    }
    const result = await validatePayload(registered.contract, envelope.data);
    if (!result.ok) throw new DeadLetter('contract-violation', result.problems.join('; '));
    return { ...envelope, data: result.value };
  }

  /**
   * Handles the event in a consumer span, the child of the envelope's trace context: the queries,
   * log lines and events of the handler belong to the trace of the work that wrote the event.
   */
  private handle(context: KafkaContext, envelope: EventEnvelope<object>): Promise<void> {
    return this.inConsumerSpan(context, envelope, {}, () => this.handleWithRetries(context, envelope));
  }

  private inConsumerSpan<T>(context: KafkaContext, envelope: EventEnvelope<object>, extra: Attributes, work: () => Promise<T>): Promise<T> {
    const attributes = messagingAttributes('process', context.getTopic(), envelope.type, {
      'messaging.message.id': envelope.id,
      'messaging.consumer.group.name': this.options.groupId,
      'messaging.kafka.offset': Number(context.getMessage().offset),
      ...extra,
    });
    return inSpan(`process ${context.getTopic()}`, { kind: SpanKind.CONSUMER, attributes, parent: contextFrom(envelope) }, work);
  }

  private async handleWithRetries(context: KafkaContext, envelope: EventEnvelope<object>): Promise<void> {
    const { handler } = this.handlers.get(envelope.type)!;
    const consumer = this.options.groupId;
    const topic = context.getTopic();
    const partition = context.getPartition();
    const attempts = this.options.maxHandlerAttempts ?? 5;
    let failures = 0;
    for (let attempt = 1; ; attempt += 1) {
      const started = performance.now();
      const took = () => (performance.now() - started) / 1000;
      let duplicate = false;
      try {
        await runWithContext({ correlationId: envelope.correlationid, causationId: envelope.id }, () =>
          this.dataSource.transaction(async (manager) => {
            const inserted = await manager.query(
              `insert into inbox_messages (consumer, event_id, event_type) values ($1, $2, $3)
               on conflict do nothing returning event_id`,
              [consumer, envelope.id, envelope.type],
            );
            if (inserted.length === 0) {
              duplicate = true;
              this.logger.debug({ msg: 'duplicate event skipped', eventId: envelope.id, type: envelope.type });
              return;
            }
            await handler(envelope, manager);
          }),
        );
        if (attempt > 1) this.logger.log({ msg: 'event handled after retries', eventId: envelope.id, type: envelope.type, attempts: attempt });
        else if (!duplicate) this.logger.debug({ msg: 'event handled', eventId: envelope.id, type: envelope.type });
        this.health.recovered(topic, partition);
        this.observer?.eventHandled(envelope.type, duplicate ? 'duplicate' : 'handled', took());
        return;
      } catch (err) {
        const detail = err instanceof Error ? err.message : String(err);
        const kind = classifyFailure(err);
        if (kind === 'rejected') {
          this.observer?.eventHandled(envelope.type, 'dead-lettered', took());
          return this.deadLetter(context, 'rejected', detail);
        }
        if (kind === 'failed') {
          failures += 1;
          if (failures >= attempts) {
            this.observer?.eventHandled(envelope.type, 'dead-lettered', took());
            return this.deadLetter(context, 'handler-failed', `${attempts} attempts failed; last: ${detail}`);
          }
        } else {
          this.health.waitingOn(topic, partition, detail);
        }
        this.observer?.eventHandled(envelope.type, kind === 'transient' ? 'retried-transient' : 'retried-failure', took());
        this.logger.warn({ msg: kind === 'transient' ? 'a dependency is unavailable; the event waits' : 'event handler failed; retrying', eventId: envelope.id, type: envelope.type, attempt, error: detail });
        await this.pause(context, attempt);
      }
    }
  }

  /** Waits before the next attempt, keeping the group membership alive and leaving promptly on shutdown or rebalance. */
  private async pause(context: KafkaContext, attempt: number): Promise<void> {
    const base = this.options.retryBackoffMs ?? 200;
    const cap = this.options.maxRetryBackoffMs ?? 5000;
    const until = Date.now() + Math.min(base * 2 ** Math.min(attempt - 1, 20), cap);
    while (Date.now() < until) {
      if (this.health.stopping) throw new ConsumerStopping('the consumer is stopping; the event stays uncommitted');
      try {
        await context.getHeartbeat()();
      } catch (err) {
        // The partition may be on its way to another member: give it back, uncommitted.
        if (isRebalance(err)) throw err;
      }
      await sleep(Math.min(500, Math.max(0, until - Date.now())));
    }
  }

  private async deadLetter(context: KafkaContext, reason: DeadLetterReason, detail: string): Promise<void> {
    const message = context.getMessage();
    const topic = context.getTopic();
    this.logger.error({ msg: 'event dead-lettered', topic, partition: context.getPartition(), offset: message.offset, reason, detail });
    spanFailed(new Error(`dead-lettered (${reason}): ${detail}`));
    const headers = deadLetterHeaders(message.headers, {
      reason,
      detail,
      originTopic: topic,
      originPartition: context.getPartition(),
      originOffset: String(message.offset),
      consumerGroup: this.options.groupId,
      failedAt: new Date(),
    });
    // A dead letter is only as safe as its write: while the broker is away, keep trying (uncommitted).
    for (let attempt = 1; ; attempt += 1) {
      try {
        const producer = await this.kafka.getProducer();
        await producer.send({
          topic: `${topic}.dlq`,
          acks: -1,
          messages: [{ key: message.key as Buffer | string | null, value: message.value as Buffer | string | null, headers }],
        });
        this.observer?.deadLettered(topic, reason);
        return;
      } catch (err) {
        await this.kafka.resetProducer();
        this.health.waitingOn(topic, context.getPartition(), `dead-letter topic unavailable: ${err instanceof Error ? err.message : String(err)}`);
        await this.pause(context, attempt);
      }
    }
  }
}
