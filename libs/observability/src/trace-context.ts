import { Context, context, defaultTextMapGetter, defaultTextMapSetter, isSpanContextValid, ROOT_CONTEXT, Span, SpanOptions, SpanStatusCode, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/** W3C Trace Context as the CloudEvents distributed-tracing extension carries it in an envelope. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

const w3c = new W3CTraceContextPropagator();

/** The platform's own spans (messaging, email); a no-op until tracing is started. */
export const tracer = trace.getTracer('@mutuals/platform');

/** The trace context of `ctx` (the current work by default), for an envelope or a queued row; empty outside a trace. */
export function traceCarrier(ctx: Context = context.active()): TraceCarrier {
  const carrier: TraceCarrier = {};
  w3c.inject(ctx, carrier, defaultTextMapSetter);
  return carrier;
}

/** The context a carrier names, to parent the work it caused; the root (a new trace) when it names none or does not parse. */
export function contextFrom(carrier: TraceCarrier | { traceparent?: string | null; tracestate?: string | null }): Context {
  return w3c.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
}

/** `traceId` and `spanId` of the span in progress, for log lines; empty outside a trace. */
export function activeTraceIds(): { traceId?: string; spanId?: string } {
  const span = trace.getActiveSpan()?.spanContext();
  return span && isSpanContextValid(span) ? { traceId: span.traceId, spanId: span.spanId } : {};
}

/** Marks a span failed (the current one by default), with why. */
export function spanFailed(error: unknown, span: Span | undefined = trace.getActiveSpan()): void {
  if (!span) return;
  if (error instanceof Error) span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/**
 * Runs `work` in a new span, the current one's child or `parent`'s, which stays current for
 * everything `work` does (queries, events it writes, log lines); a thrown error marks it failed.
 */
export function inSpan<T>(name: string, options: SpanOptions & { parent?: Context }, work: (span: Span) => Promise<T>): Promise<T> {
  const { parent, ...spanOptions } = options;
  return tracer.startActiveSpan(name, spanOptions, parent ?? context.active(), async (span) => {
    try {
      return await work(span);
    } catch (err) {
      spanFailed(err, span);
      throw err;
    } finally {
      span.end();
    }
  });
}
