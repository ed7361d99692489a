import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PollingLoop } from '@mutuals/persistence';
import { IntakeConfig } from '../config';
import { RoundsService } from './rounds.service';

/** Opens and closes rounds on time by itself; safe with any number of replicas (see RoundsService.openDue). */
@Injectable()
export class RoundScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: PollingLoop;

  constructor(
    private readonly dataSource: DataSource,
    private readonly rounds: RoundsService,
    config: IntakeConfig,
  ) {
    this.loop = new PollingLoop({ name: 'RoundScheduler', pollMs: config.ROUND_SCHEDULER_POLL_MS, tick: () => this.tick() });
  }

  onApplicationBootstrap() {
    this.loop.start();
  }

  async beforeApplicationShutdown() {
    await this.loop.stop();
  }

  private tick(): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const opened = await this.rounds.openDue(m);
      const closed = await this.rounds.closeDue(m);
      return opened.length + closed.length > 0;
    });
  }
}
