import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { DestinationStream, Logger } from 'pino';
import { REDACTED, REDACTED_PATHS } from './log-redaction';
import { currentContext } from './request-context';

export type { Logger } from 'pino';

/** The ids that tie a line to its request or event (correlationId) and to its trace (traceId, spanId). */
export function logCorrelation(): Record<string, string> {
  const ids: Record<string, string> = {};
  const correlationId = currentContext()?.correlationId;
  if (correlationId) ids.correlationId = correlationId;
  const span = trace.getActiveSpan()?.spanContext();
  if (span && isSpanContextValid(span)) Object.assign(ids, { traceId: span.traceId, spanId: span.spanId });
  return ids;
}

/**
 * The service's pino logger: one JSON object per line, `{ level, time, service, correlationId,
 * traceId, spanId, context, msg, ... }`, with `level` as its name, `time` in ISO-8601 UTC, secrets
 * and personal data redacted (log-redaction.ts). `level` is LOG_LEVEL (`silent` writes nothing).
 */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: logCorrelation,
    redact: { paths: [...REDACTED_PATHS], censor: REDACTED },
    // An Error under these keys keeps its message and stack (JSON.stringify would give `{}`).
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err, detail: pino.stdSerializers.err },
  };
  return destination ? pino(options, destination) : pino(options);
}
