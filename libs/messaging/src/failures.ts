import { HttpException } from '@nestjs/common';

/**
 * Thrown by a handler when a domain rule refuses the event: it would be refused again the same
 * way, so it goes straight to the dead-letter topic.
 */
export class EventRejected extends Error {
  override readonly name = 'EventRejected';
}

/**
 * How a handler failure is treated:
 * - `transient`: a dependency is unavailable (database, broker, network). Retried without limit,
 *   in place, so the partition waits and nothing is lost or reordered.
 * - `rejected`: a rule refuses the event. Dead-lettered at once.
 * - `failed`: anything else (most likely a bug). Retried a few times, then dead-lettered, so a fix
 *   and a replay bring it back.
 */
export type FailureKind = 'transient' | 'rejected' | 'failed';

const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EAI_AGAIN', 'ENOTFOUND',
]);

/** SQLSTATEs that say the server or connection is unavailable, or the transaction lost a race. */
const TRANSIENT_SQLSTATES = new Set([
  '57P01', // admin_shutdown: our session was terminated
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '53000', // insufficient_resources
  '53100', // disk_full
  '53200', // out_of_memory
  '53300', // too_many_connections
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
  '57014', // query_canceled (statement timeout)
]);

/** Errors of the pg driver and pool that carry no code but mean the connection is gone. */
const TRANSIENT_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /client has encountered a connection error/i,
  /connection is not established/i,
  /is not currently accepting connections/i, // SQLSTATE 55000 when a database refuses connections
  /cannot use a pool after calling end/i,
  /not queryable/i,
];

function causes(err: unknown): unknown[] {
  const seen: unknown[] = [];
  const queue = [err];
  while (queue.length > 0 && seen.length < 10) {
    const next = queue.shift();
    if (next === undefined || next === null || seen.includes(next)) continue;
    seen.push(next);
    const e = next as { driverError?: unknown; cause?: unknown; originalError?: unknown; errors?: unknown[] };
    queue.push(e.driverError, e.cause, e.originalError, ...(Array.isArray(e.errors) ? e.errors : []));
  }
  return seen;
}

export function classifyFailure(err: unknown): FailureKind {
  for (const e of causes(err)) {
    if (e instanceof EventRejected) return 'rejected';
    const { code, retriable, name, message } = e as { code?: unknown; retriable?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'string' && (TRANSIENT_NETWORK_CODES.has(code) || TRANSIENT_SQLSTATES.has(code) || code.startsWith('08'))) return 'transient';
    if (typeof name === 'string' && name.startsWith('KafkaJS') && retriable === true) return 'transient';
    if (typeof name === 'string' && (name === 'KafkaJSConnectionError' || name === 'KafkaJSRequestTimeoutError' || name === 'KafkaJSNumberOfRetriesExceeded')) return 'transient';
    if (typeof message === 'string' && TRANSIENT_MESSAGES.some((pattern) => pattern.test(message))) return 'transient';
  }
  // A 4xx from the domain (not found, conflict, unprocessable) is a rule refusing the event.
  if (err instanceof HttpException && err.getStatus() < 500) return 'rejected';
  return 'failed';
}

/** kafkajs errors on a heartbeat that mean the group is rebalancing: give the partition back. */
export function isRebalance(err: unknown): boolean {
  const type = (err as { type?: unknown })?.type;
  return type === 'REBALANCE_IN_PROGRESS' || type === 'UNKNOWN_MEMBER_ID' || type === 'ILLEGAL_GENERATION' || type === 'NOT_COORDINATOR';
}
