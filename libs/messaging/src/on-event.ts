import { SetMetadata } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventContract, EventEnvelope } from '@mutuals/contracts';

export const ON_EVENT = Symbol('ON_EVENT');

/** The envelope of a contract's event, for typing handler parameters. */
export type EventOf<C> = C extends EventContract<infer T> ? EventEnvelope<T> : never;

export type EventHandler<T extends object = object> = (event: EventEnvelope<T>, manager: EntityManager) => Promise<void>;

/**
 * Marks a provider method as this service's handler of one event type. It runs inside the
 * transaction that records the event in the inbox; every effect goes through `manager`.
 */
export const OnEvent = (contract: EventContract) => SetMetadata(ON_EVENT, contract);
