import { INestApplication, Inject, Injectable, Logger } from '@nestjs/common';
import { KafkaContext, ServerKafka } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { ConsumerHealth } from './consumer-health';
import { ConsumedBatch, EventConsumer } from './event-consumer';
import { EventHandlers } from './event-handlers';
import { KafkaConnection } from './kafka-connection';
import { kafkaMicroserviceOptions } from './kafka-microservice';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging-options';
import { MessagingLifecycle } from './messaging-lifecycle';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Nest's Kafka transport, with the consumer's health watched from before it joins its group, and
 * messages handed over a partition's batch at a time (kafkajs `eachBatch`), so that the consumer
 * can commit many events in one transaction. Only offsets the consumer resolves are committed.
 */
class BatchingServerKafka extends ServerKafka {
  constructor(
    options: ConstructorParameters<typeof ServerKafka>[0],
    private readonly health: ConsumerHealth,
    private readonly onBatch: (batch: ConsumedBatch) => Promise<void>,
  ) {
    super(options);
  }

  protected override registerConsumerEventListeners(): void {
    super.registerConsumerEventListeners();
    if (this.consumer) this.health.watch(this.consumer);
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    const topics = [...this.messageHandlers.keys()];
    if (topics.length > 0) await consumer.subscribe({ ...(this.options.subscribe ?? {}), topics });
    await consumer.run({ ...(this.options.run ?? {}), eachBatchAutoResolve: false, eachBatch: (payload) => this.onBatch(this.batchOf(consumer, payload)) });
  }

  private batchOf(consumer: Consumer, payload: EachBatchPayload): ConsumedBatch {
    const { batch } = payload;
    return {
      topic: batch.topic,
      partition: batch.partition,
      // The same message and context a Nest handler gets (keys and headers decoded, the value left binary).
      messages: batch.messages.map(
        (message) =>
          new KafkaContext([
            this.parser!.parse(Object.assign(message, { topic: batch.topic, partition: batch.partition })),
            batch.partition,
            batch.topic,
            consumer,
            payload.heartbeat,
            this.producer!,
          ]),
      ),
      resolveOffset: (offset) => payload.resolveOffset(offset),
      heartbeat: payload.heartbeat,
      commitOffsetsIfNecessary: () => payload.commitOffsetsIfNecessary(),
      current: () => payload.isRunning() && !payload.isStale() && !this.health.stopping,
    };
  }
}

/** Topics a service needs (names before the prefix): its own streams, and those it reads with their dead letters. */
export function topicsOf(options: MessagingOptions): string[] {
  return [
    ...new Set([...options.produces.map((c) => c.topic), ...options.consumes.flatMap((c) => [c.topic, c.deadLetterTopic])]),
  ];
}

/**
 * Brings the service's Kafka side up in any order of start: the HTTP side is already serving (and
 * reports not ready); this creates the topics the service writes and reads, subscribes once they
 * exist and retries until the broker is there. Nothing is fatal: a broker that is down, or topics
 * another service has not created yet, only delay readiness.
 */
@Injectable()
export class MessagingStarter {
  private readonly logger = new Logger('Messaging');
  private server?: ServerKafka;
  private readonly subscribed = new Set<string>();
  private done?: Promise<void>;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly kafka: KafkaConnection,
    private readonly handlers: EventHandlers,
    private readonly consumer: EventConsumer,
    private readonly health: ConsumerHealth,
    private readonly lifecycle: MessagingLifecycle,
  ) {}

  /** Before `listen`: connects the Kafka transport to the app (hybrid app, same pipes and filters). */
  attach(app: INestApplication): void {
    if (this.options.consumes.length === 0) return;
    const server = new BatchingServerKafka(kafkaMicroserviceOptions(this.options).options!, this.health, (batch) => this.consumer.consumeBatch(batch));
    app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
    this.server = server;
    this.lifecycle.onConsumersStop(async () => {
      this.health.requestStop();
      await server.close();
    });
  }

  /**
   * After `listen` (handlers register on module init): starts in the background; the promise settles
   * once consuming (or on shutdown). A missing handler throws here, at start.
   */
  start(app: INestApplication): Promise<void> {
    this.handlers.assertComplete();
    this.done ??= this.run(app);
    return this.done;
  }

  private async run(app: INestApplication): Promise<void> {
    for (let attempt = 1; !this.health.stopping; attempt += 1) {
      try {
        await this.kafka.ensureTopics(topicsOf(this.options), this.options.topicPartitions);
        this.kafka.topicsReady = true;
        if (!this.server) return;
        await this.subscribeAll();
        await app.startAllMicroservices();
        this.logger.log({ msg: 'consuming', topics: [...this.subscribed] });
        return;
      } catch (err) {
        const problem = err instanceof Error ? err.message : String(err);
        this.health.startFailed(problem);
        this.logger.warn({ msg: 'Kafka not ready yet; trying again', attempt, error: problem });
        await this.server?.close().catch(() => undefined);
        await sleep(Math.min(500 * attempt, 2000));
      }
    }
  }

  /**
   * Every stream the service reads, and any per-event-type topic left from before streams, so that
   * events published before an upgrade are still handled (the inbox keeps them exactly once).
   */
  private async subscribeAll(): Promise<void> {
    const streams = [...new Set(this.options.consumes.map((c) => c.topic))];
    const legacy = await this.kafka.existingTopics([...new Set(this.options.consumes.map((c) => c.legacyTopic))]);
    for (const name of [...streams, ...legacy]) {
      const topic = this.kafka.topic(name);
      if (this.subscribed.has(topic)) continue;
      // The topics to subscribe to; messages reach the consumer a batch at a time (BatchingServerKafka).
      // Event handlers on one pattern are chained by Nest, so each topic is registered exactly once.
      this.server!.addHandler(topic, (_data: unknown, context: KafkaContext) => this.consumer.consume(context), true);
      this.subscribed.add(topic);
    }
  }
}
