import { Inject, Injectable } from '@nestjs/common';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging-options';

export interface OutboxReport {
  state: 'starting' | 'relaying' | 'failing' | 'stopped';
  ready: boolean;
  detail?: string;
  /** When the relay last completed a pass (published, or found nothing to publish). */
  lastRelayedAt?: string;
}

/**
 * What the outbox relay is doing, for /health/ready: relaying, or failing to publish (and since
 * when, and why). A relay that has failed for longer than `outboxStallMs` makes the service not
 * ready: its writes are committed but their events reach nobody.
 */
@Injectable()
export class OutboxHealth {
  private stopped = false;
  private lastRelayedAt?: number;
  private failingSince?: number;
  private lastError?: string;

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {}

  stop() {
    this.stopped = true;
  }

  relayed(now = Date.now()) {
    this.lastRelayedAt = now;
    this.failingSince = undefined;
    this.lastError = undefined;
  }

  failed(error: unknown, now = Date.now()) {
    this.failingSince ??= now;
    this.lastError = error instanceof Error ? error.message : String(error);
  }

  readiness(now = Date.now()): OutboxReport {
    const lastRelayedAt = this.lastRelayedAt === undefined ? undefined : new Date(this.lastRelayedAt).toISOString();
    if (this.stopped) return { state: 'stopped', ready: false, detail: 'the relay has stopped (shutting down)', lastRelayedAt };
    if (this.failingSince !== undefined) {
      const seconds = Math.round((now - this.failingSince) / 1000);
      const ready = now - this.failingSince <= (this.options.outboxStallMs ?? 60000);
      return { state: 'failing', ready, detail: `publishing has failed for ${seconds} s, events wait in the outbox: ${this.lastError}`, lastRelayedAt };
    }
    if (lastRelayedAt === undefined) return { state: 'starting', ready: true, detail: "events wait in the outbox until the service's topics exist" };
    return { state: 'relaying', ready: true, lastRelayedAt };
  }
}
