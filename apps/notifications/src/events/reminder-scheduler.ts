import { Injectable, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PollingLoop } from '@mutuals/persistence';
import { MessageDispatcher } from './message-dispatcher';
import { ScheduledMessagesRepository } from './scheduled-messages.repository';

/** Fires scheduled messages when they fall due; safe with any number of replicas. */
@Injectable()
export class ReminderScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop = new PollingLoop({ name: 'ReminderScheduler', pollMs: 1000, tick: () => this.fireOne() });

  constructor(
    private readonly dataSource: DataSource,
    private readonly schedules: ScheduledMessagesRepository,
    private readonly dispatcher: MessageDispatcher,
  ) {}

  onApplicationBootstrap() {
    this.loop.start();
  }

  async beforeApplicationShutdown() {
    await this.loop.stop();
  }

  /** Fires one due message; true when there may be more. */
  fireOne(): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const due = await this.schedules.claimDue(manager);
      if (due === undefined) return false;
      if (due === null) return true;
      await this.dispatcher.send(manager, { eventId: `scheduled:${due.id}`, eventType: 'scheduled-message' }, due);
      return true;
    });
  }
}
