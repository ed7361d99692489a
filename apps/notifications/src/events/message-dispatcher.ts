import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ContactsRepository } from '../contacts/contacts.repository';
import { DeliveriesRepository, MessageSource } from '../deliveries/deliveries.repository';
import { MessagePlan, PlannedMessage } from './message-plans';
import { ScheduledMessagesRepository } from './scheduled-messages.repository';

/** Turns an event's message plan into delivery records and schedules, inside the consumer's transaction. */
@Injectable()
export class MessageDispatcher {
  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly contacts: ContactsRepository,
    private readonly schedules: ScheduledMessagesRepository,
  ) {}

  async apply(manager: EntityManager, source: MessageSource, plan: MessagePlan): Promise<void> {
    if (plan.cancels.length > 0) await this.schedules.cancel(manager, plan.cancels);
    for (const message of plan.messages) {
      if (message.schedule) await this.schedules.schedule(manager, { ...message, schedule: message.schedule });
      else if (!message.expiresAt || message.expiresAt > new Date()) await this.send(manager, source, message);
    }
  }

  /** Records one delivery per recipient; an audience with nobody in it is recorded as a failure with the reason. */
  async send(manager: EntityManager, source: MessageSource, message: PlannedMessage): Promise<void> {
    const audience = message.audience;
    const people = 'people' in audience ? audience.people : await this.contacts.list(audience.contacts, manager);
    const base = { template: message.template, subjectId: message.subjectId };
    if (people.length === 0) {
      const reason = 'contacts' in audience ? `no ${audience.contacts} contacts are registered` : 'the event names no recipient';
      await this.deliveries.enqueue(manager, source, { ...base, recipient: undefined, personalisation: message.personalisation, missingRecipientReason: reason });
      return;
    }
    for (const person of people) {
      await this.deliveries.enqueue(manager, source, { ...base, recipient: person.email, personalisation: { ...message.personalisation, name: person.name } });
    }
  }
}
