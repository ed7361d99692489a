import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { onCommitSignal, PollingLoop } from '@mutuals/persistence';
import { MESSAGE_CHANNEL, MessageChannel, PermanentFailure } from '../channels/channel';
import { NotificationsConfig } from '../config';
import { MissingPersonalisationError, render } from '../templates/template';
import { templateVersion } from '../templates/catalogue';
import { DeliveriesRepository, DELIVERY_QUEUED } from './deliveries.repository';
import { DeliveryEntity } from './delivery.entity';
import { DeliveryMetrics } from './delivery-metrics';
import { MAX_ATTEMPTS, retryDelaySeconds } from './retry-policy';
import { sendRateBucket } from './send-rate';

const BATCH = 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends recorded messages through the channel, retrying temporary failures with backoff, never
 * faster than the shared send rate. Any number of replicas may run it: claims are leases.
 */
@Injectable()
export class DeliverySender implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DeliverySender');
  private readonly loop: PollingLoop;
  private readonly bucket: { capacity: number; perSecond: number };

  constructor(
    dataSource: DataSource,
    private readonly deliveries: DeliveriesRepository,
    @Inject(MESSAGE_CHANNEL) private readonly channel: MessageChannel,
    private readonly config: NotificationsConfig,
    @Optional() private readonly metrics?: DeliveryMetrics,
  ) {
    this.bucket = sendRateBucket(config.SEND_RATE_LIMIT, config.SEND_RATE_WINDOW_SECONDS);
    this.loop = new PollingLoop({ name: 'DeliverySender', pollMs: 500, tick: () => this.sendDue() });
    onCommitSignal(dataSource, DELIVERY_QUEUED, () => this.loop.nudge());
  }

  onApplicationBootstrap() {
    this.loop.start();
  }

  async beforeApplicationShutdown() {
    await this.loop.stop();
  }

  async sendDue(): Promise<boolean> {
    const { claimed, tokensLeft } = await this.deliveries.claimDue(BATCH, this.config.DELIVERY_LEASE_SECONDS, this.bucket);
    await Promise.all(claimed.map((d) => this.sendOne(d)));
    if (claimed.length < BATCH && tokensLeft < 1) {
      // Out of tokens with work perhaps waiting: wait for the bucket to refill rather than asking again at once.
      await sleep(Math.min(1000, Math.ceil((Math.min(BATCH, this.bucket.capacity) / this.bucket.perSecond) * 1000)));
      return true;
    }
    return claimed.length === BATCH;
  }

  private async sendOne(delivery: DeliveryEntity): Promise<void> {
    try {
      const template = templateVersion(delivery.templateId, delivery.templateVersion);
      if (!template) throw new PermanentFailure(`no template ${delivery.templateId} version ${delivery.templateVersion}`);
      const personalisation = delivery.personalisation;
      const { subject, body } = render(template, personalisation);
      const result = await this.channel.send({
        reference: delivery.id,
        to: delivery.recipient,
        template,
        personalisation,
        subject,
        body,
        mayAlreadyBeSent: delivery.attempts > 1,
      });
      await this.deliveries.markSent(delivery, this.channel.name, result.providerId, result.status);
      if (result.status === 'permanent-failure') this.metrics?.failed.inc({ kind: 'permanent' });
      else this.metrics?.sent.inc({ channel: this.channel.name });
    } catch (err) {
      const refused = err instanceof PermanentFailure || err instanceof MissingPersonalisationError;
      const permanent = refused || delivery.attempts >= MAX_ATTEMPTS;
      const detail = err instanceof Error ? err.message : String(err);
      const reason = refused || !permanent ? detail : `gave up after ${delivery.attempts} attempts; last: ${detail}`;
      this.logger.warn({ msg: permanent ? 'message failed permanently' : 'message failed; will retry', deliveryId: delivery.id, attempts: delivery.attempts, error: reason });
      await this.deliveries.markFailed(delivery, permanent, reason, retryDelaySeconds(delivery.attempts, this.config.DELIVERY_RETRY_BASE_SECONDS));
      this.metrics?.failed.inc({ kind: permanent ? 'permanent' : 'temporary' });
    }
  }
}
