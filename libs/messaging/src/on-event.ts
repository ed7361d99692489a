import { applyDecorators, SetMetadata } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventContract, EventEnvelope } from '@mutuals/contracts';

export const ON_EVENT = Symbol('ON_EVENT');
export const ON_EVENT_OPTIONS = Symbol('ON_EVENT_OPTIONS');

/** The envelope of a contract's event, for typing handler parameters. */
export type EventOf<C> = C extends EventContract<infer T> ? EventEnvelope<T> : never;

export type EventHandler<T extends object = object> = (event: EventEnvelope<T>, manager: EntityManager) => Promise<void>;

export interface OnEventOptions {
  /**
   * The handler may share its transaction with the other events of a Kafka batch (one commit for
   * many events, many times the throughput of a backlog). Declare it only for a handler whose every
   * effect goes through `manager`, that takes no lock others wait on for long (the locks are held
   * until the batch commits) and never carries on after a database error. A failure anywhere in the
   * batch rolls it back and its events are handled one at a time, as without this option.
   */
  batch?: boolean;
}

/**
 * Marks a provider method as this service's handler of one event type. It runs inside the
 * transaction that records the event in the inbox; every effect goes through `manager`.
 */
export const OnEvent = (contract: EventContract, options: OnEventOptions = {}) =>
  applyDecorators(SetMetadata(ON_EVENT, contract), SetMetadata(ON_EVENT_OPTIONS, options));
