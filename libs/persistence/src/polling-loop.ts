import { Logger } from '@nestjs/common';

export interface PollingLoopOptions {
  name: string;
  /** Fallback poll; new work found by another replica waits at most this long. */
  pollMs: number;
  /** Does one unit of work; returns true when there may be more waiting right away. */
  tick: () => Promise<boolean>;
  maxBackoffMs?: number;
}

/**
 * A background worker that polls for work, runs at once when nudged by this process (after it
 * commits new work), and backs off while its tick fails. Several replicas may run one; the tick
 * must be safe for that. Wake-ups deliberately avoid PostgreSQL NOTIFY: its queue lock serialises
 * every notifying commit in the database, which caps write throughput.
 */
export class PollingLoop {
  private readonly logger: Logger;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private signalled = false;
  private failures = 0;

  constructor(private readonly options: PollingLoopOptions) {
    this.logger = new Logger(options.name);
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the tick in flight finishes. */
  async stop() {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** New work was just committed: run soon rather than at the next poll. */
  nudge() {
    this.signalled = true;
    this.wake?.();
  }

  private async run() {
    while (this.running) {
      try {
        this.signalled = false;
        const more = await this.options.tick();
        if (this.failures > 0) this.logger.log({ msg: 'recovered', afterFailures: this.failures });
        this.failures = 0;
        if (!more && !this.signalled) await this.sleep(this.options.pollMs);
      } catch (err) {
        this.failures += 1;
        if (this.failures === 1 || this.failures % 20 === 0) {
          this.logger.warn({ msg: 'work failed; will retry', error: String(err), failures: this.failures });
        }
        await this.sleep(Math.min(this.options.maxBackoffMs ?? 5000, 100 * 2 ** Math.min(this.failures, 6)));
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
