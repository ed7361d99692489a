import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PollingLoop } from '@mutuals/persistence';
import { AwardsConfig } from '../config';
import { MonitoringService } from './monitoring.service';

const BATCH = 50;

/** Reminds of monitoring returns falling due and flags overdue ones, each once; safe on several replicas. */
@Injectable()
export class MonitoringScanWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: PollingLoop;

  constructor(monitoring: MonitoringService, @Inject(AwardsConfig) config: AwardsConfig) {
    this.loop = new PollingLoop({ name: 'MonitoringScan', pollMs: config.MONITORING_SCAN_POLL_MS, tick: async () => (await monitoring.scan(BATCH)) >= BATCH });
  }

  onApplicationBootstrap() {
    this.loop.start();
  }

  async beforeApplicationShutdown() {
    await this.loop.stop();
  }
}
