import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PollingLoop } from '@mutuals/persistence';
import { AwardsConfig } from '../config';
import { AwardsService } from './awards.service';

const BATCH = 50;

/** Lapses offers nobody answered in time; safe on several replicas (rows are claimed with skip locked). */
@Injectable()
export class OfferExpiryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: PollingLoop;

  constructor(awards: AwardsService, @Inject(AwardsConfig) config: AwardsConfig) {
    this.loop = new PollingLoop({ name: 'OfferExpiry', pollMs: config.OFFER_EXPIRY_POLL_MS, tick: async () => (await awards.lapseExpired(BATCH)) === BATCH });
  }

  onApplicationBootstrap() {
    this.loop.start();
  }

  async beforeApplicationShutdown() {
    await this.loop.stop();
  }
}
