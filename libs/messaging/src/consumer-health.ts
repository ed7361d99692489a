import { Inject, Injectable } from '@nestjs/common';
import type { Consumer } from 'kafkajs';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging-options';

export type ConsumerState = 'starting' | 'running' | 'stopped' | 'crashed';

export interface ConsumerReport {
  state: ConsumerState | 'degraded' | 'stalled' | 'none';
  ready: boolean;
  detail?: string;
  /** Partitions whose next event waits for a dependency to come back. */
  waiting?: { topic: string; partition: number; since: string; error: string }[];
}

/**
 * What the service's Kafka consumer is doing, for /health: started and joined, fetching, handling,
 * waiting on a dependency, or stopped by kafkajs for good (which nothing else would notice).
 */
@Injectable()
export class ConsumerHealth {
  private state: ConsumerState = 'starting';
  private stateSince = Date.now();
  private startProblem?: string;
  private lastActivityAt = Date.now();
  private stopRequested = false;
  private readonly waiting = new Map<string, { since: number; error: string }>();

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {}

  get consumes(): boolean {
    return this.options.consumes.length > 0;
  }

  get stopping(): boolean {
    return this.stopRequested;
  }

  startFailed(problem: string) {
    this.startProblem = problem;
  }

  /** Follows the kafkajs consumer through its instrumentation events. */
  watch(consumer: Consumer) {
    const { GROUP_JOIN, FETCH_START, FETCH, START_BATCH_PROCESS, END_BATCH_PROCESS, HEARTBEAT, CRASH, STOP } = consumer.events;
    consumer.on(GROUP_JOIN, () => this.set('running'));
    for (const event of [FETCH_START, FETCH, START_BATCH_PROCESS, END_BATCH_PROCESS, HEARTBEAT]) consumer.on(event, () => this.active());
    consumer.on(CRASH, (e: { payload: { restart?: boolean; error?: Error } }) => {
      // kafkajs restarts after most crashes; only one it will not restart leaves the consumer dead.
      if (e.payload.restart === false) this.set('crashed', e.payload.error?.message);
    });
    consumer.on(STOP, () => {
      if (!this.stopRequested) this.set('stopped');
    });
  }

  requestStop() {
    this.stopRequested = true;
  }

  active() {
    this.lastActivityAt = Date.now();
  }

  waitingOn(topic: string, partition: number, error: string) {
    const key = `${topic}/${partition}`;
    const current = this.waiting.get(key);
    this.waiting.set(key, { since: current?.since ?? Date.now(), error });
    this.active();
  }

  recovered(topic: string, partition: number) {
    this.waiting.delete(`${topic}/${partition}`);
  }

  private set(state: ConsumerState, detail?: string) {
    this.state = state;
    this.stateSince = Date.now();
    this.startProblem = detail;
    this.active();
  }

  readiness(now = Date.now()): ConsumerReport {
    if (!this.consumes) return { state: 'none', ready: true };
    if (this.state !== 'running') {
      const detail = this.state === 'starting' ? `waiting for its topics and group${this.startProblem ? `: ${this.startProblem}` : ''}` : this.startProblem;
      return { state: this.state, ready: false, detail };
    }
    const idleMs = now - this.lastActivityAt;
    if (idleMs > (this.options.consumerStallMs ?? 60000)) {
      return { state: 'stalled', ready: false, detail: `no fetch or handler activity for ${Math.round(idleMs / 1000)} s` };
    }
    if (this.waiting.size > 0) {
      const waiting = [...this.waiting].map(([key, w]) => {
        const [topic, partition] = [key.slice(0, key.lastIndexOf('/')), Number(key.slice(key.lastIndexOf('/') + 1))];
        return { topic, partition, since: new Date(w.since).toISOString(), error: w.error };
      });
      return { state: 'degraded', ready: true, detail: 'events wait for a dependency to come back; none is lost', waiting };
    }
    return { state: 'running', ready: true };
  }

  /**
   * Not live when kafkajs stopped the consumer, or it has stalled, for longer than the grace period:
   * a restart is what brings it back. `brokerAnswers` is asked only then, since a restart cannot
   * help while the broker itself is away.
   */
  async liveness(brokerAnswers: () => Promise<boolean>, now = Date.now()): Promise<{ live: boolean; detail?: string }> {
    if (!this.consumes) return { live: true };
    const grace = this.options.consumerLivenessGraceMs ?? 180000;
    const dead = (this.state === 'crashed' || this.state === 'stopped') && now - this.stateSince > grace;
    const stalled = this.state === 'running' && now - this.lastActivityAt > grace;
    if (!dead && !stalled) return { live: true };
    if (!(await brokerAnswers())) return { live: true, detail: 'the consumer waits for the broker' };
    return { live: false, detail: dead ? `the Kafka consumer ${this.state} ${Math.round((now - this.stateSince) / 1000)} s ago` : 'the Kafka consumer has stalled' };
  }
}
