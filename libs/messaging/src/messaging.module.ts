import { DynamicModule, Global, Module } from '@nestjs/common';
import { EventConsumer } from './event-consumer';
import { EventPublisher } from './event-publisher';
import { KafkaConnection } from './kafka-connection';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging-options';
import { MessagingLifecycle } from './messaging-lifecycle';
import { OutboxRelay } from './outbox-relay';

export function topicsOf(options: MessagingOptions): string[] {
  return [
    ...options.produces.map((c) => c.topic),
    ...options.consumes.flatMap((c) => [c.topic, c.deadLetterTopic]),
  ];
}

@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [{ provide: MESSAGING_OPTIONS, useValue: options }, KafkaConnection, EventPublisher, OutboxRelay, EventConsumer, MessagingLifecycle],
      exports: [MESSAGING_OPTIONS, KafkaConnection, EventPublisher, OutboxRelay, EventConsumer, MessagingLifecycle],
    };
  }
}
