/**
 * CloudEvents 1.0 style envelope every event travels in. Extension attribute names follow
 * the CloudEvents rule (lower-case letters and digits only).
 */
export interface EventEnvelope<T = unknown> {
  specversion: '1.0';
  /** Unique per event; consumers de-duplicate on it. */
  id: string;
  /** `<context>.<aggregate>.<event>.v<N>`; consumers dispatch on it (the topic is the aggregate's stream). */
  type: string;
  /** The producing service, e.g. `/services/applications`. */
  source: string;
  /** The aggregate id; also the Kafka message key, so one aggregate's events stay in order. */
  subject: string;
  /** UTC ISO-8601. */
  time: string;
  datacontenttype: 'application/json';
  /** The request or first event that started this chain of work. */
  correlationid: string;
  /** The event (or request) that directly caused this one. */
  causationid: string;
  /**
   * CloudEvents distributed-tracing extension: the W3C Trace Context of the work that wrote the
   * event, so one trace follows it through the outbox, the relay and every consumer. Optional:
   * events written with tracing off (and events from before it) have none.
   */
  traceparent?: string;
  tracestate?: string;
  data: T;
}

const ENVELOPE_STRING_FIELDS = ['id', 'type', 'source', 'subject', 'time', 'correlationid', 'causationid'] as const;
const OPTIONAL_STRING_FIELDS = ['traceparent', 'tracestate'] as const;

/** Structural check of an envelope read off the wire; returns the problems found. */
export function envelopeProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['message is not a JSON object'];
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  if (record.specversion !== '1.0') problems.push('specversion must be "1.0"');
  for (const field of ENVELOPE_STRING_FIELDS) {
    if (typeof record[field] !== 'string' || (record[field] as string).length === 0) problems.push(`${field} is missing`);
  }
  // Strings when present; a traceparent that does not parse only starts a new trace, it never refuses the event.
  for (const field of OPTIONAL_STRING_FIELDS) {
    if (record[field] !== undefined && typeof record[field] !== 'string') problems.push(`${field} is not a string`);
  }
  if (typeof record.time === 'string' && Number.isNaN(Date.parse(record.time))) problems.push('time is not a timestamp');
  if (typeof record.data !== 'object' || record.data === null) problems.push('data is missing');
  return problems;
}
