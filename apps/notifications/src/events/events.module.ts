import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { TriggeredMessages } from './event-consumers';
import { MessageDispatcher } from './message-dispatcher';
import { ReminderScheduler } from './reminder-scheduler';
import { ScheduledMessagesRepository } from './scheduled-messages.repository';

@Module({
  imports: [DeliveriesModule, ContactsModule],
  providers: [TriggeredMessages, MessageDispatcher, ScheduledMessagesRepository, ReminderScheduler],
})
export class EventsModule {}
