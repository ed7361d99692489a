import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { EventContract, EventEnvelope } from '@mutuals/contracts';
import { SpanKind } from '@opentelemetry/api';
import { contextOrNew, inSpan, traceCarrier } from '@mutuals/observability';
import { signalCommitted, signalOnCommit } from '@mutuals/persistence';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging-options';
import { messagingAttributes } from './messaging-tracing';

/** Commit signal that wakes the outbox relay. */
export const OUTBOX_WRITTEN = 'outbox-written';

/** The values of one outbox row, in the order of `outbox_messages (event_id, topic, message_key, envelope)`. */
export type OutboxRow = [eventId: string, topic: string, messageKey: string, envelope: string];

/** An event for `publishAllFrom`. */
export interface EventToWrite {
  contract: EventContract<object>;
  subject: string;
  data: object;
}

/**
 * Outbox rows as the four arrays of one insert, in order:
 * `insert into outbox_messages (event_id, topic, message_key, envelope) select * from unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[])`.
 */
export function outboxColumns(rows: OutboxRow[]): [string[], string[], string[], string[]] {
  return [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3])];
}

/** An envelope whose `data` the statement that writes it adds, from the rows it changes. */
export type EnvelopeWithoutData = Omit<EventEnvelope<object>, 'data'>;

/**
 * Writes events to the outbox inside the caller's transaction, so a state change and its
 * events commit together. The relay publishes them after commit.
 */
@Injectable()
export class EventPublisher {
  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {}

  envelope<T extends object>(contract: EventContract<T>, subject: string, data: T, time = new Date()): EventEnvelope<T> {
    return { ...this.envelopeWithoutData(contract, subject, time), data };
  }

  private envelopeWithoutData(contract: EventContract<object>, subject: string, time = new Date()): EnvelopeWithoutData {
    const context = contextOrNew();
    return {
      specversion: '1.0',
      id: randomUUID(),
      type: contract.type,
      source: `/services/${this.options.service}`,
      subject,
      time: time.toISOString(),
      datacontenttype: 'application/json',
      correlationid: context.correlationId,
      causationid: context.causationId,
      ...traceCarrier(),
    };
  }

  async publish<T extends object>(
    manager: EntityManager,
    contract: EventContract<T>,
    subject: string,
    data: T,
  ): Promise<EventEnvelope<T>> {
    assertInTransaction(manager, contract);
    return this.inProducerSpan(contract, () => this.envelope(contract, subject, data), async (envelope) => {
      await manager.query(
        'insert into outbox_messages (event_id, topic, message_key, envelope) values ($1, $2, $3, $4)',
        [envelope.id, contract.topic, subject, JSON.stringify(envelope)],
      );
      signalOnCommit(manager, OUTBOX_WRITTEN);
      return envelope;
    });
  }

  /**
   * For an event written by the caller's own statement, inside the caller's transaction, so the
   * outbox row costs no round trip of its own: `write` runs that statement with the row's values.
   * Without `data`, the envelope has none yet: the statement takes it from the rows it changes
   * (`<envelope>::jsonb || jsonb_build_object('data', ...)`) and writes no row when it changed nothing.
   * The same span as `publish`; the relay is woken when the transaction commits.
   */
  async publishFrom<T extends object, R>(manager: EntityManager, contract: EventContract<T>, subject: string, write: (row: OutboxRow) => Promise<R>, data?: T): Promise<R> {
    assertInTransaction(manager, contract);
    const envelope = () => (data === undefined ? this.envelopeWithoutData(contract, subject) : this.envelope(contract, subject, data));
    return this.inProducerSpan(contract, envelope, async (envelope) => {
      const result = await write([envelope.id, contract.topic, subject, JSON.stringify(envelope)]);
      signalOnCommit(manager, OUTBOX_WRITTEN);
      return result;
    });
  }

  /**
   * `publishFrom` for any number of events (none included), written by one statement of the
   * caller's: `write` gets their outbox rows in order (see `outboxColumns`). Each event has its span.
   */
  async publishAllFrom<R>(manager: EntityManager, events: EventToWrite[], write: (rows: OutboxRow[]) => Promise<R>, written: OutboxRow[] = []): Promise<R> {
    if (events.length === 0) return write(written);
    const [{ contract, subject, data }, ...rest] = events;
    return this.publishFrom(manager, contract, subject, (row) => this.publishAllFrom(manager, rest, write, [...written, row]), data);
  }

  /**
   * For a change made in one statement that commits on its own (no transaction around it): the
   * same envelope and span as `publish`, but `write` inserts the outbox row in its own statement,
   * together with the change. The relay is woken once `write` has returned, i.e. committed.
   */
  async publishWith<T extends object, R>(
    dataSource: DataSource,
    contract: EventContract<T>,
    subject: string,
    data: T,
    write: (row: OutboxRow, envelope: EventEnvelope<T>) => Promise<R>,
  ): Promise<R> {
    return this.inProducerSpan(contract, () => this.envelope(contract, subject, data), async (envelope) => {
      const result = await write([envelope.id, contract.topic, subject, JSON.stringify(envelope)], envelope);
      signalCommitted(dataSource, OUTBOX_WRITTEN);
      return result;
    });
  }

  /** The event's span: the envelope is made inside it, so the relay's publish and every consumer join this trace. */
  private inProducerSpan<E extends EnvelopeWithoutData, R>(contract: EventContract<object>, envelope: () => E, write: (envelope: E) => Promise<R>): Promise<R> {
    return inSpan(`create ${contract.topic}`, { kind: SpanKind.PRODUCER, attributes: messagingAttributes('create', contract.topic, contract.type) }, async (span) => {
      const made = envelope();
      span.setAttribute('messaging.message.id', made.id);
      return write(made);
    });
  }
}

function assertInTransaction(manager: EntityManager, contract: EventContract<object>): void {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error(`${contract.type} must be published inside the transaction that makes the change`);
  }
}
