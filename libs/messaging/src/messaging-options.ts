import { EventContract } from '@mutuals/contracts';
import { KafkaSecurity, kafkaSecurityFromSettings, KafkaSecuritySettings } from './kafka-security';

export { kafkaClientSecurity } from './kafka-security';

export interface MessagingOptions {
  /** Service name: the event source and the Kafka client id. */
  service: string;
  brokers: string[];
  /** Consumer group; also names this service's rows in the inbox. */
  groupId: string;
  /** Put before every topic name at the Kafka boundary (empty in a normal deployment). */
  topicPrefix?: string;
  /** Events this service writes to its outbox. */
  produces: readonly EventContract[];
  /** Events this service handles; each needs exactly one `@OnEvent` handler. */
  consumes: readonly EventContract[];
  outboxPollMs?: number;
  /** The relay failing to publish for this long: not ready. */
  outboxStallMs?: number;
  /** Attempts before an event whose handler fails for an unknown reason is dead-lettered. */
  maxHandlerAttempts?: number;
  /** First retry delay; doubles each attempt up to `maxRetryBackoffMs`. */
  retryBackoffMs?: number;
  maxRetryBackoffMs?: number;
  topicPartitions?: number;
  /** Most events of batching handlers committed in one transaction (default 100). */
  batchTransactionSize?: number;
  /** No fetch and no handler activity for this long: not ready. */
  consumerStallMs?: number;
  /** Stopped, or stalled with the broker up, for this long: not live. */
  consumerLivenessGraceMs?: number;
  /** A member that stops heartbeating keeps its partitions this long. */
  sessionTimeoutMs?: number;
  security?: KafkaSecurity;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export function parseBrokers(list: string): string[] {
  return list.split(',').map((b) => b.trim()).filter(Boolean);
}

/** The settings every service shares, as messaging options. */
export function messagingSettings(config: KafkaSecuritySettings & {
  KAFKA_BROKERS: string;
  KAFKA_GROUP_ID: string;
  KAFKA_TOPIC_PREFIX: string;
  OUTBOX_POLL_MS: number;
  OUTBOX_STALL_SECONDS: number;
  CONSUMER_STALL_SECONDS: number;
  CONSUMER_LIVENESS_GRACE_SECONDS: number;
  KAFKA_SESSION_TIMEOUT_SECONDS: number;
}): Pick<MessagingOptions, 'brokers' | 'groupId' | 'topicPrefix' | 'outboxPollMs' | 'outboxStallMs' | 'consumerStallMs' | 'consumerLivenessGraceMs' | 'sessionTimeoutMs' | 'security'> {
  return {
    brokers: parseBrokers(config.KAFKA_BROKERS),
    groupId: config.KAFKA_GROUP_ID,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    outboxPollMs: config.OUTBOX_POLL_MS,
    outboxStallMs: config.OUTBOX_STALL_SECONDS * 1000,
    consumerStallMs: config.CONSUMER_STALL_SECONDS * 1000,
    consumerLivenessGraceMs: config.CONSUMER_LIVENESS_GRACE_SECONDS * 1000,
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_SECONDS * 1000,
    security: kafkaSecurityFromSettings(config),
  };
}
