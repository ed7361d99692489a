import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { CLOUDEVENTS_CONTENT_TYPE, CONTENT_TYPE_HEADER, DeadLetterHeader, DeadLetterReason, NOT_AN_EVENT_REASONS } from '@mutuals/contracts';

export { DEAD_LETTER_REASONS } from '@mutuals/contracts';

export const DEAD_LETTER_STATUSES = ['pending', 'replayed', 'discarded'] as const;
export type DeadLetterStatus = (typeof DEAD_LETTER_STATUSES)[number];

/** What an operator did to a dead letter; the latest action is its status. */
export type DeadLetterAction = Exclude<DeadLetterStatus, 'pending'>;

/** Header naming the dead letter a replayed message came from, so its trail can be followed. */
export const REPLAYED_FROM_HEADER = 'dlq-replayed-from';

const DLQ_HEADER_PREFIX = 'dlq-';
export const DEAD_LETTER_TOPIC_SUFFIX = '.dlq';

/** Kafka topic names: letters, digits, dots, underscores and hyphens. */
const TOPIC = '[A-Za-z0-9._-]{1,249}';
export const DEAD_LETTER_ID_PATTERN = new RegExp(`^(${TOPIC}\\${DEAD_LETTER_TOPIC_SUFFIX}):(\\d{1,6}):(\\d{1,19})$`);
export const TOPIC_PATTERN = new RegExp(`^${TOPIC}$`);

/** One record on a dead-letter topic, as the consumer that gave up on it wrote it. */
export interface DeadLetterRecord {
  /** `<dlq topic>:<partition>:<offset>`: where the dead letter itself is. */
  id: string;
  topic: string;
  partition: number;
  offset: string;
  reason: string;
  detail: string;
  originTopic: string;
  /** Null only for a record written without the header. */
  originPartition: number | null;
  originOffset: string;
  consumerGroup: string;
  failedAt: string;
  /** Key and value byte for byte, so a replay is the original message. */
  key: Buffer | null;
  value: Buffer | null;
  /** Every header, the dlq-* ones included. */
  headers: Record<string, string>;
}

export function deadLetterId(topic: string, partition: number, offset: string): string {
  return `${topic}:${partition}:${offset}`;
}

/** `x.dlq` or `x` both name the dead-letter topic `x.dlq`. */
export function deadLetterTopicOf(topic: string): string {
  return topic.endsWith(DEAD_LETTER_TOPIC_SUFFIX) ? topic : `${topic}${DEAD_LETTER_TOPIC_SUFFIX}`;
}

export function isDeadLetterTopic(topic: string, prefix: string): boolean {
  return topic.endsWith(DEAD_LETTER_TOPIC_SUFFIX) && topic.startsWith(prefix);
}

function headerText(value: IHeaders[string]): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => v.toString()).join(', ');
  return value.toString();
}

/** Where and why a consumer gave up on a record. */
export interface DeadLetterFailure {
  reason: DeadLetterReason;
  detail: string;
  originTopic: string;
  originPartition: number;
  originOffset: string;
  consumerGroup: string;
  failedAt: Date;
}

/**
 * The headers of a dead letter: the original record's own, kept, plus why it was given up on. A
 * record that was an event gets the CloudEvents content type whatever it came with (some producers
 * leave it out), so the dead letter, and the replay made from it, is still a CloudEvent.
 */
export function deadLetterHeaders(original: IHeaders | undefined, failure: DeadLetterFailure): Record<string, string | Buffer> {
  const headers: Record<string, string | Buffer> = {};
  for (const [name, value] of Object.entries(original ?? {})) {
    if (value !== undefined && value !== null) headers[name] = Buffer.isBuffer(value) ? value : String(value);
  }
  if (!NOT_AN_EVENT_REASONS.includes(failure.reason)) headers[CONTENT_TYPE_HEADER] = CLOUDEVENTS_CONTENT_TYPE;
  const added: Record<DeadLetterHeader, string> = {
    'dlq-reason': failure.reason,
    'dlq-detail': failure.detail.slice(0, 2000),
    'dlq-origin-topic': failure.originTopic,
    'dlq-origin-partition': String(failure.originPartition),
    'dlq-origin-offset': failure.originOffset,
    'dlq-consumer-group': failure.consumerGroup,
    'dlq-failed-at': failure.failedAt.toISOString(),
  };
  return Object.assign(headers, added);
}

/** A dead letter read off its topic; undefined when the record carries no dead-letter headers. */
export function deadLetterFrom(topic: string, partition: number, message: KafkaMessage): DeadLetterRecord | undefined {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = headerText(value);
  const group = headers['dlq-consumer-group'];
  const originTopic = headers['dlq-origin-topic'];
  if (!group || !originTopic) return undefined;
  return {
    id: deadLetterId(topic, partition, message.offset),
    topic,
    partition,
    offset: message.offset,
    reason: headers['dlq-reason'] ?? '',
    detail: headers['dlq-detail'] ?? '',
    originTopic,
    originPartition: /^\d+$/.test(headers['dlq-origin-partition'] ?? '') ? Number(headers['dlq-origin-partition']) : null,
    originOffset: headers['dlq-origin-offset'] ?? '',
    consumerGroup: group,
    // The record's own timestamp stands in for a dead letter written without the header.
    failedAt: headers['dlq-failed-at'] || new Date(Number(message.timestamp)).toISOString(),
    key: message.key ?? null,
    value: message.value ?? null,
    headers,
  };
}

/**
 * The original message again: same key, value and headers (an event's with the CloudEvents content type), to its origin topic and partition
 * (so it keeps its place in its key's order), marked with the dead letter it came from. The
 * envelope id is unchanged, so consumers that already handled it skip it in their inbox.
 */
export function replayOf(letter: DeadLetterRecord): { topic: string; message: Message } {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(letter.headers)) {
    if (!name.startsWith(DLQ_HEADER_PREFIX)) headers[name] = value;
  }
  // A dead letter written before it kept the content type still replays as a CloudEvent.
  if (!(NOT_AN_EVENT_REASONS as readonly string[]).includes(letter.reason)) headers[CONTENT_TYPE_HEADER] = CLOUDEVENTS_CONTENT_TYPE;
  headers[REPLAYED_FROM_HEADER] = letter.id;
  return { topic: letter.originTopic, message: { key: letter.key, value: letter.value, headers, partition: letter.originPartition ?? undefined } };
}

/** The envelope's id and type, when the value is an event envelope at all. */
export function envelopeFieldsOf(value: Buffer | null): { eventId: string | null; eventType: string | null; json: unknown } {
  if (!value) return { eventId: null, eventType: null, json: undefined };
  try {
    const json: unknown = JSON.parse(value.toString('utf8'));
    const record = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
    return {
      eventId: typeof record.id === 'string' ? record.id : null,
      eventType: typeof record.type === 'string' ? record.type : null,
      json,
    };
  } catch {
    return { eventId: null, eventType: null, json: undefined };
  }
}
