import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventHandlers } from '@mutuals/messaging';
import { MessageDispatcher } from './message-dispatcher';
import { TRIGGERS } from './triggers';

/**
 * Every event that tells someone something (see triggers.ts): its message plan is turned into
 * deliveries and schedules inside the consumer's transaction. Every effect is a row written through
 * the transaction's manager, so a Kafka batch of these events is recorded in one transaction.
 */
@Injectable()
export class TriggeredMessages implements OnModuleInit {
  constructor(
    private readonly handlers: EventHandlers,
    private readonly dispatcher: MessageDispatcher,
  ) {}

  onModuleInit() {
    for (const { contract, plan } of TRIGGERS) {
      this.handlers.register(
        contract,
        (event, manager) => this.dispatcher.apply(manager, { eventId: event.id, eventType: event.type }, plan(event.data, new Date(event.time))),
        'TriggeredMessages',
        { batch: true },
      );
    }
  }
}
