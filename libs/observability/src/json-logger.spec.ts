import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { JsonLogger } from './json-logger';
import { runWithContext } from './request-context';
import { tracer } from './trace-context';

describe('JSON logs', () => {
  const capture = (level = 'info') => {
    const lines: Record<string, unknown>[] = [];
    return { lines, logger: new JsonLogger('applications', level, (l) => lines.push(JSON.parse(l))) };
  };

  it('one JSON object per line with service, level, context and the correlation id of the work', () => {
    const { lines, logger } = capture();
    runWithContext({ correlationId: 'corr-1', causationId: 'cause-1' }, () => logger.log('submitted', 'ApplicationsService'));
    expect(lines).toEqual([expect.objectContaining({ level: 'info', service: 'applications', context: 'ApplicationsService', msg: 'submitted', correlationId: 'corr-1' })]);
    expect(Date.parse(lines[0].time as string)).not.toBeNaN();
  });

  it('never writes secrets', () => {
    const { lines, logger } = capture();
    logger.warn({ msg: 'login', password: 'hunter2', headers: { authorization: 'Bearer abc' }, apiKey: 'k' });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('Bearer abc');
    expect(text).toContain('[redacted]');
  });

  it('drops messages below the configured level', () => {
    const { lines, logger } = capture('warn');
    logger.log('chatter');
    logger.error('broken');
    expect(lines.map((l) => l.msg)).toEqual(['broken']);
  });
});

describe('JSON logs in a trace', () => {
  const provider = new NodeTracerProvider();
  beforeAll(() => provider.register({ contextManager: new AsyncLocalStorageContextManager() }));
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
  });

  it('carry the trace and span ids of the work in progress, and none outside a trace', () => {
    const lines: Record<string, unknown>[] = [];
    const logger = new JsonLogger('notifications', 'info', (l) => lines.push(JSON.parse(l)));
    const span = tracer.startSpan('smtp send');
    context.with(trace.setSpan(context.active(), span), () => logger.log('message sent'));
    span.end();
    logger.log('idle');
    expect(lines[0]).toMatchObject({ traceId: span.spanContext().traceId, spanId: span.spanContext().spanId });
    expect(lines[1]).not.toHaveProperty('traceId');
    expect(lines[1]).not.toHaveProperty('spanId');
  });
});
