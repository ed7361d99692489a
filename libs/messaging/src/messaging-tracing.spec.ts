import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { KafkaContext } from '@nestjs/microservices';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, NodeTracerProvider, ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { DataSource, EntityManager } from 'typeorm';
import { ApplicationSubmitted, ApplicationWithdrawn, EventEnvelope } from '@mutuals/contracts';
import { tracer } from '@mutuals/observability';
import { ConsumerHealth } from './consumer-health';
import { OutboxHealth } from './outbox-health';
import { EventConsumer } from './event-consumer';
import { EventHandlers } from './event-handlers';
import { EventPublisher, OUTBOX_WRITTEN } from './event-publisher';
import { KafkaConnection } from './kafka-connection';
import { MessagingOptions } from './messaging-options';
import { OutboxRelay } from './outbox-relay';

/**
 * The trace context travels in the envelope from the request that writes an event, through the
 * outbox and the relay, to the consumer and the events its handler writes; here without a broker
 * or a database (the outbox is a list, Kafka an array).
 */
describe('trace context through the outbox', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const options: MessagingOptions = { service: 'applications', brokers: [], groupId: 'notifications', produces: [], consumes: [ApplicationSubmitted] };
  const publisher = new EventPublisher(options);

  beforeAll(() => {
    Logger.overrideLogger(false);
    provider.register({ contextManager: new AsyncLocalStorageContextManager() });
  });
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
  });
  beforeEach(() => exporter.reset());

  const spanNamed = (prefix: string): ReadableSpan => {
    const found = exporter.getFinishedSpans().filter((s) => s.name.startsWith(prefix));
    expect(found).toHaveLength(1);
    return found[0];
  };

  /** A transaction's manager whose queries land in `outbox` (inserts) or answer from `answer`. */
  function fakeManager(outbox: EventEnvelope[], answer: (sql: string) => unknown = () => []): EntityManager {
    return {
      queryRunner: { isTransactionActive: true, data: {} },
      query: async (sql: string, params: unknown[]) => {
        if (sql.startsWith('insert into outbox_messages')) outbox.push(JSON.parse(params[3] as string));
        return answer(sql);
      },
    } as unknown as EntityManager;
  }
  const fakeDataSource = (manager: EntityManager) => ({ subscribers: [], transaction: (work: (m: EntityManager) => unknown) => work(manager) }) as unknown as DataSource;

  function submitted(): EventEnvelope<object> {
    const applicationId = randomUUID();
    return publisher.envelope(ApplicationSubmitted, applicationId, { ...ApplicationSubmitted.example, applicationId });
  }

  /** The relay publishes what the outbox holds; returns the Kafka messages' values. */
  async function relay(outbox: EventEnvelope[]): Promise<string[]> {
    const sent: string[] = [];
    const rows = outbox.map((e, i) => ({ seq: String(i + 1), topic: ApplicationSubmitted.topic, message_key: e.subject, envelope: JSON.stringify(e), event_id: e.id, type: e.type, traceparent: e.traceparent ?? null, tracestate: e.tracestate ?? null }));
    let unread = rows;
    const runner = {
      connect: async () => undefined,
      release: async () => undefined,
      query: async (sql: string) => {
        if (sql.includes('advisory_lock')) return [{ locked: true }];
        if (!sql.startsWith('select seq')) return [];
        const read = unread;
        unread = [];
        return read;
      },
    };
    const dataSource = { subscribers: [], createQueryRunner: () => runner } as unknown as DataSource;
    const kafka = {
      topicsReady: true,
      topic: (name: string) => name,
      getProducer: async () => ({ sendBatch: async (batch: { topicMessages: { messages: { value: string }[] }[] }) => sent.push(...batch.topicMessages.flatMap((t) => t.messages.map((m) => m.value))) }),
    } as unknown as KafkaConnection;
    expect(await new OutboxRelay(dataSource, kafka, new OutboxHealth(options), options).relayOnce()).toBe(outbox.length);
    return sent;
  }

  /** The consumer handles one Kafka message; returns what its handler wrote to the outbox. */
  async function consume(value: string, handler: (event: EventEnvelope<object>, manager: EntityManager) => Promise<void>): Promise<EventEnvelope[]> {
    const written: EventEnvelope[] = [];
    const manager = fakeManager(written, (sql) => (sql.startsWith('insert into inbox_messages') ? [{ event_id: 'new' }] : []));
    const handlers = new EventHandlers(options, {} as never, {} as never, {} as never);
    handlers.register(ApplicationSubmitted, handler);
    const consumer = new EventConsumer(fakeDataSource(manager), {} as KafkaConnection, handlers, new ConsumerHealth(options), options);
    const message = { value: Buffer.from(value), offset: '7', key: null, headers: {} };
    await consumer.consume({ getMessage: () => message, getTopic: () => ApplicationSubmitted.topic, getPartition: () => 0 } as unknown as KafkaContext);
    return written;
  }

  it('carries the request’s trace from the outbox write, through the relay’s send, to the consumer and the events it writes', async () => {
    const outbox: EventEnvelope[] = [];
    const request = tracer.startSpan('POST /applications/:id/submit', { kind: SpanKind.SERVER });
    const requestTrace = request.spanContext().traceId;
    await context.with(trace.setSpan(context.active(), request), () => publisher.publish(fakeManager(outbox), ApplicationSubmitted, randomUUID(), ApplicationSubmitted.example));
    request.end();

    // The outbox write is a span of the request, and the envelope carries its context (CloudEvents distributed tracing).
    const create = spanNamed('create ');
    expect(create.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(outbox[0].traceparent).toBe(`00-${requestTrace}-${create.spanContext().spanId}-01`);

    // The relay, later and outside the request, sends in a span that is the outbox write's child.
    const [value] = await relay(outbox);
    const send = spanNamed('send ');
    expect(send.kind).toBe(SpanKind.PRODUCER);
    expect(send.spanContext().traceId).toBe(requestTrace);
    expect(send.parentSpanContext?.spanId).toBe(create.spanContext().spanId);
    expect(JSON.parse(value).traceparent).toBe(outbox[0].traceparent);

    // The consumer handles it in a consumer span of the same trace, and what the handler writes carries that trace on.
    let inHandler: string | undefined;
    const onward = await consume(value, async (event, manager) => {
      inHandler = trace.getActiveSpan()?.spanContext().traceId;
      await publisher.publish(manager, ApplicationWithdrawn, event.subject, { ...ApplicationWithdrawn.example, applicationId: event.subject });
    });
    const process = spanNamed('process ');
    expect(process.kind).toBe(SpanKind.CONSUMER);
    expect(process.spanContext().traceId).toBe(requestTrace);
    expect(process.parentSpanContext?.spanId).toBe(create.spanContext().spanId);
    expect(inHandler).toBe(requestTrace);
    expect(onward[0].traceparent).toMatch(new RegExp(`^00-${requestTrace}-[0-9a-f]{16}-01$`));
  });

  it('an outbox row the caller’s own statement writes: the same span and trace context, the envelope handed over without its data', async () => {
    const request = tracer.startSpan('POST /cases/:id/decision', { kind: SpanKind.SERVER });
    const statements: unknown[][] = [];
    const manager = { queryRunner: { isTransactionActive: true, data: {} }, query: async (_sql: string, params: unknown[]) => void statements.push(params) } as unknown as EntityManager;
    const subject = randomUUID();
    const answer = await context.with(trace.setSpan(context.active(), request), () =>
      publisher.publishFrom(manager, ApplicationSubmitted, subject, async (row) => {
        await manager.query('with moved as (update ...) insert into outbox_messages ... select $1, $2, $3, $4::jsonb || ... from moved', row);
        return 'moved';
      }),
    );
    request.end();

    expect(answer).toBe('moved');
    const [[eventId, topic, key, json]] = statements;
    const envelope = JSON.parse(json as string);
    const create = spanNamed('create ');
    expect(create.attributes['messaging.message.id']).toBe(eventId);
    expect(envelope).toMatchObject({ id: eventId, type: ApplicationSubmitted.type, source: '/services/applications', subject });
    expect(envelope).not.toHaveProperty('data');
    expect(envelope.traceparent).toBe(`00-${request.spanContext().traceId}-${create.spanContext().spanId}-01`);
    expect([topic, key]).toEqual([ApplicationSubmitted.topic, subject]);
    expect(manager.queryRunner!.data).toEqual({ [OUTBOX_WRITTEN]: true });
    await expect(publisher.publishFrom({} as EntityManager, ApplicationSubmitted, subject, async () => 'moved')).rejects.toThrow('must be published inside the transaction');
  });

  it('an event without a trace context (written before tracing, or with it off) is handled in a trace of its own', async () => {
    const event = submitted();
    expect(event.traceparent).toBeUndefined(); // written outside any span
    let inHandler: string | undefined;
    await consume(JSON.stringify(event), async () => void (inHandler = trace.getActiveSpan()?.spanContext().traceId));
    const process = spanNamed('process ');
    expect(process.parentSpanContext).toBeUndefined();
    expect(inHandler).toBe(process.spanContext().traceId);
  });

  it('a trace context that does not parse starts a new trace instead of refusing the event', async () => {
    let handled = false;
    await consume(JSON.stringify({ ...submitted(), traceparent: 'not-a-traceparent' }), async () => void (handled = true));
    expect(handled).toBe(true);
    expect(spanNamed('process ').parentSpanContext).toBeUndefined();
  });
});
