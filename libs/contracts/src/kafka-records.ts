/**
 * How events travel as Kafka records: the CloudEvents Kafka protocol binding in structured mode
 * (the whole JSON envelope is the record value, keyed by the subject), and the headers a dead
 * letter adds to the original record. Outside clients rely on both; see docs/asyncapi.yaml.
 */
export const CONTENT_TYPE_HEADER = 'content-type';

/** Structured mode requires this on every record, or a CloudEvents reader finds no event. */
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

/** Why a consumer gave up on a record: the `dlq-reason` header. */
export const DEAD_LETTER_REASONS = ['not-json', 'no-value', 'invalid-envelope', 'unknown-type', 'contract-violation', 'rejected', 'handler-failed'] as const;
export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

/** Reasons whose record was never an event envelope: its value is kept as it came, and is no CloudEvent. */
export const NOT_AN_EVENT_REASONS: readonly DeadLetterReason[] = ['not-json', 'no-value', 'invalid-envelope'];

/** The headers a dead letter carries besides the original record's own, each a string. */
export const DEAD_LETTER_HEADERS = {
  'dlq-reason': 'Why the consumer gave up on the record',
  'dlq-detail': 'What went wrong, in words (at most 2000 characters)',
  'dlq-origin-topic': 'The topic the record was read from; a replay goes back there',
  'dlq-origin-partition': 'The partition it was read from',
  'dlq-origin-offset': 'Its offset there',
  'dlq-consumer-group': 'The consumer group (the service) that gave up on it',
  'dlq-failed-at': 'When it gave up (UTC ISO-8601)',
} as const;
export type DeadLetterHeader = keyof typeof DEAD_LETTER_HEADERS;
