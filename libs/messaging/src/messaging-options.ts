import { EventContract } from '@mutuals/contracts';

export interface MessagingOptions {
  /** Service name: the event source and the Kafka client id. */
  service: string;
  brokers: string[];
  /** Consumer group; also names this service's rows in the inbox. */
  groupId: string;
  /** Events this service writes to its outbox. */
  produces: readonly EventContract[];
  /** Events this service handles. */
  consumes: readonly EventContract[];
  outboxPollMs?: number;
  /** Handler attempts before an event is dead-lettered. */
  maxHandlerAttempts?: number;
  /** First retry delay; doubles each attempt. */
  retryBackoffMs?: number;
  topicPartitions?: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export function parseBrokers(list: string): string[] {
  return list.split(',').map((b) => b.trim()).filter(Boolean);
}
