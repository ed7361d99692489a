import { DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ConsumerHealth } from './consumer-health';
import { EventConsumer } from './event-consumer';
import { EventHandlers } from './event-handlers';
import { EventPublisher } from './event-publisher';
import { KafkaConnection } from './kafka-connection';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging-options';
import { MessagingLifecycle } from './messaging-lifecycle';
import { MessagingStarter } from './messaging-starter';
import { OutboxHealth } from './outbox-health';
import { OutboxRelay } from './outbox-relay';

const PROVIDERS = [KafkaConnection, EventPublisher, OutboxRelay, OutboxHealth, EventHandlers, EventConsumer, ConsumerHealth, MessagingLifecycle, MessagingStarter];

@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      imports: [DiscoveryModule],
      providers: [{ provide: MESSAGING_OPTIONS, useValue: options }, ...PROVIDERS],
      exports: [MESSAGING_OPTIONS, ...PROVIDERS],
    };
  }
}
