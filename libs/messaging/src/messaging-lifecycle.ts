import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { OutboxRelay } from './outbox-relay';

/**
 * Graceful shutdown in the order that loses nothing: stop consuming (the handler in flight
 * finishes, or leaves its message uncommitted if it is waiting on a dependency), then flush the
 * outbox, all before the database closes.
 */
@Injectable()
export class MessagingLifecycle implements BeforeApplicationShutdown {
  private stopConsumers: () => Promise<unknown> = async () => undefined;

  constructor(private readonly relay: OutboxRelay) {}

  onConsumersStop(stop: () => Promise<unknown>) {
    this.stopConsumers = stop;
  }

  async beforeApplicationShutdown() {
    await this.stopConsumers();
    await this.relay.stop();
  }
}
