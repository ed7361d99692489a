import type { DeadLetterReason } from './event-consumer';

/** What became of one attempt at handling an event. */
export type HandlerOutcome = 'handled' | 'duplicate' | 'dead-lettered' | 'retried-transient' | 'retried-failure';

/**
 * Told what the messaging side does, for metrics. Optional: a service without one (or a test)
 * runs the same; an implementation must be cheap and must never throw.
 */
export interface MessagingObserver {
  /** One attempt at an event of `type` ended with `outcome` after `seconds`. */
  eventHandled(type: string, outcome: HandlerOutcome, seconds: number): void;
  /** A message of `topic` (as on the broker) was written to its dead-letter topic. */
  deadLettered(topic: string, reason: DeadLetterReason): void;
  /** The outbox relay published `count` rows. */
  outboxPublished(count: number): void;
}

export const MESSAGING_OBSERVER = Symbol('MESSAGING_OBSERVER');
