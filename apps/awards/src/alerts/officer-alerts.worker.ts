import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PollingLoop } from '@mutuals/persistence';
import { AwardsConfig } from '../config';
import { OfficerAlertsService } from './officer-alerts.service';

const BATCH = 50;

/** Looks for assessments past their due date, so officers are told of each once. */
@Injectable()
export class OfficerAlertsWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: PollingLoop;

  constructor(alerts: OfficerAlertsService, @Inject(AwardsConfig) config: AwardsConfig) {
    this.loop = new PollingLoop({ name: 'OfficerAlerts', pollMs: config.OFFICER_ALERTS_POLL_MS, tick: async () => (await alerts.announceOverdue(BATCH)) === BATCH });
  }

  onApplicationBootstrap() {
    this.loop.start();
  }

  async beforeApplicationShutdown() {
    await this.loop.stop();
  }
}
