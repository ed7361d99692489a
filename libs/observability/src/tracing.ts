import type { NodeSDK } from '@opentelemetry/sdk-node';

/** Requests that would only add noise to every trace store: probes and scrapes. */
const UNTRACED_PATHS = /^\/(health|metrics)(\/|\?|$)/;

let sdk: NodeSDK | undefined;

/**
 * Starts OpenTelemetry tracing for this process when OTEL_EXPORTER_OTLP_ENDPOINT is set: spans of
 * incoming and outgoing HTTP, Express routes and PostgreSQL queries (plus the messaging spans made
 * by hand), exported over OTLP/HTTP (JSON) to `<endpoint>/v1/traces`. Unset, nothing is loaded.
 * It must run before express, http and pg are required, so each main.ts imports it first.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (sdk || !env.OTEL_EXPORTER_OTLP_ENDPOINT) return false;
  // Loaded only when tracing is on: the SDK is heavy and a service without it pays nothing.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  /* eslint-enable @typescript-eslint/no-require-imports */
  sdk = new NodeSDK({
    serviceName,
    traceExporter: new OTLPTraceExporter(), // reads OTEL_EXPORTER_OTLP_ENDPOINT (and the other OTEL_EXPORTER_OTLP_* settings)
    // Traces only: metrics are Prometheus' (/metrics) and logs go to stdout.
    metricReaders: [],
    logRecordProcessors: [],
    // No kafkajs instrumentation: the trace travels in the event envelope through the outbox, and
    // the relay publishes rows long after the request that wrote them, so a span made around the
    // Kafka send would start a new trace and its header context would compete with the envelope's.
    // The relay and the consumer make their spans by hand from the envelope (messaging tracing).
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.test(req.url ?? '') }),
      new ExpressInstrumentation(),
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  // Nest handles SIGTERM (closing the app) and then raises it again without its own listener: the
  // spans of the shutdown are flushed then, before the signal ends the process as it would have.
  const flushAndExit = (signal: NodeJS.Signals) => {
    if (process.listenerCount(signal) > 1) return; // the app is still closing; it raises the signal again
    process.removeListener(signal, flushAndExit);
    void stopTracing().finally(() => process.kill(process.pid, signal));
  };
  process.on('SIGTERM', flushAndExit);
  process.on('SIGINT', flushAndExit);
  return true;
}

/** Exports the spans still buffered and stops tracing (a bounded wait: an absent collector cannot hold up shutdown). */
export async function stopTracing(): Promise<void> {
  const running = sdk;
  sdk = undefined;
  if (!running) return;
  await Promise.race([running.shutdown().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
}
