import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { onCommitSignal, PollingLoop } from '@mutuals/persistence';
import { SpanKind } from '@opentelemetry/api';
import { classifyFailure } from '@mutuals/messaging';
import { contextFrom, inSpan, spanFailed } from '@mutuals/observability';
import { MESSAGE_CHANNEL, MessageChannel, PermanentFailure, SendResult } from '../channels/channel';
import { NotificationsConfig } from '../config';
import { MissingPersonalisationError, render } from '../templates/template';
import { templateVersion } from '../templates/catalogue';
import { DeliveriesRepository, DELIVERY_QUEUED } from './deliveries.repository';
import { DeliveryEntity } from './delivery.entity';
import { DeliveryMetrics } from './delivery-metrics';
import { MAX_ATTEMPTS, retryDelaySeconds } from './retry-policy';
import { sendRateBucket } from './send-rate';

/** Sends in flight at most. */
const BATCH = 20;
/** Free slots that make the sender claim again. */
const REFILL_AT = 5;
/** Attempts at recording a sent message while shutting down, or failing for a reason that is not a dependency away. */
const MAX_RECORD_ATTEMPTS = 5;
/** The longest wait between attempts at recording a sent message: it is recorded soon after the database is back. */
const RECORD_RETRY_MAX_MS = 1000;
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
  private stopping = false;

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
    this.stopping = true;
    await this.loop.stop();
  }

  /**
   * Sends what is due, up to BATCH at a time, claiming more as sends finish rather than waiting for
   * a whole claimed batch; returns true when there may be more to send at once.
   */
  async sendDue(): Promise<boolean> {
    const inFlight = new Set<Promise<void>>();
    let failure: { reason: unknown } | undefined;
    let outOfTokens = false;
    try {
      while (!this.stopping) {
        const free = BATCH - inFlight.size;
        const { claimed, tokensLeft } = await this.deliveries.claimDue(free, this.config.DELIVERY_LEASE_SECONDS, this.bucket);
        for (const delivery of claimed) {
          const sending: Promise<void> = this.sendOne(delivery)
            .catch((reason) => void (failure ??= { reason }))
            .finally(() => inFlight.delete(sending));
          inFlight.add(sending);
        }
        if (claimed.length < free) {
          outOfTokens = tokensLeft < 1;
          break;
        }
        // Claim again once a few sends have finished: one claim per send would load the database.
        while (inFlight.size > BATCH - REFILL_AT && !failure) await Promise.race(inFlight);
        if (failure) break;
      }
    } finally {
      // Every claimed send settles (sent and recorded, or failed) before the tick ends: one whose
      // record waits for the database must not be left behind while its claim runs out.
      await Promise.all(inFlight);
    }
    if (failure) throw failure.reason;
    if (outOfTokens) {
      // Out of tokens with work perhaps waiting: wait for the bucket to refill rather than asking again at once.
      await sleep(Math.min(1000, Math.ceil((Math.min(BATCH, this.bucket.capacity) / this.bucket.perSecond) * 1000)));
      return true;
    }
    return false;
  }

  private async sendOne(delivery: DeliveryEntity): Promise<void> {
    // The attempt is a span in the trace of the event that queued the message (the sender loop runs
    // outside it), so the email shows in that trace, and so do the attempt's log lines.
    const attributes = { 'notification.channel': this.channel.name, 'notification.delivery_id': delivery.id, 'notification.attempt': delivery.attempts };
    await inSpan(`${this.channel.name} send`, { kind: SpanKind.CLIENT, attributes, parent: contextFrom(delivery) }, async () => {
      const accepted = await this.send(delivery);
      if (accepted) await this.recordSent(delivery, accepted);
    });
  }

  /** Hands the message to the channel; a refusal or failure is recorded here. Returns what the provider accepted. */
  private async send(delivery: DeliveryEntity): Promise<SendResult | undefined> {
    try {
      const template = templateVersion(delivery.templateId, delivery.templateVersion);
      if (!template) throw new PermanentFailure(`no template ${delivery.templateId} version ${delivery.templateVersion}`);
      const personalisation = delivery.personalisation;
      const { subject, body } = render(template, personalisation);
      const accepted = await this.channel.send({
        reference: delivery.id,
        to: delivery.recipient,
        template,
        personalisation,
        subject,
        body,
        mayAlreadyBeSent: delivery.attempts > 1,
      });
      this.logger.log({ msg: 'message sent', deliveryId: delivery.id, channel: this.channel.name, attempts: delivery.attempts });
      return accepted;
    } catch (err) {
      spanFailed(err);
      const refused = err instanceof PermanentFailure || err instanceof MissingPersonalisationError;
      const permanent = refused || delivery.attempts >= MAX_ATTEMPTS;
      const detail = err instanceof Error ? err.message : String(err);
      const reason = refused || !permanent ? detail : `gave up after ${delivery.attempts} attempts; last: ${detail}`;
      this.logger.warn({ msg: permanent ? 'message failed permanently' : 'message failed; will retry', deliveryId: delivery.id, attempts: delivery.attempts, error: reason });
      await this.deliveries.markFailed(delivery, permanent, reason, retryDelaySeconds(delivery.attempts, this.config.DELIVERY_RETRY_BASE_SECONDS));
      this.metrics?.failed.inc({ kind: permanent ? 'permanent' : 'temporary' });
      return undefined;
    }
  }

  /**
   * Records that the provider accepted the message. The message is out, so a failure to record it
   * must never lead to sending it again: it is not a failed send (which would be retried), and the
   * record itself is retried until the database takes it, while this sender still holds the claim.
   * A crash between sending and recording is the other way to lose the record; the claim covers
   * that: it marks the row 'sending' with the attempt's number before anything is sent, so the
   * next claim knows an earlier attempt may have gone out (Notify is then asked by reference, and
   * SMTP, which cannot be asked, sends the same message again with the same Message-ID).
   * Only if the database stays away longer than the claim's lease and another replica claims the
   * row first could the message go twice; a sender cannot prevent that without the database.
   */
  private async recordSent(delivery: DeliveryEntity, accepted: SendResult): Promise<void> {
    let bugFailures = 0;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const recorded = await this.deliveries.markSent(delivery, this.channel.name, accepted.providerId, accepted.status);
        if (!recorded) this.logger.warn({ msg: 'sent, but another sender had claimed the message meanwhile', deliveryId: delivery.id, attempts: delivery.attempts });
        if (attempt > 1) this.logger.log({ msg: 'sent message recorded after retries', deliveryId: delivery.id, attempts: attempt });
        if (accepted.status === 'permanent-failure') this.metrics?.failed.inc({ kind: 'permanent' });
        else this.metrics?.sent.inc({ channel: this.channel.name });
        return;
      } catch (err) {
        const detail = err instanceof Error ? err.message : String(err);
        // A dependency away (the database) is waited for; anything else is most likely a bug, not worth blocking the sender on.
        if (classifyFailure(err) !== 'transient' && ++bugFailures >= MAX_RECORD_ATTEMPTS) {
          this.logger.error({ msg: 'sent, but could not record it; the message may be sent again when its claim runs out', deliveryId: delivery.id, error: detail });
          return;
        }
        if (this.stopping && attempt >= MAX_RECORD_ATTEMPTS) {
          this.logger.error({ msg: 'shutting down with a sent message unrecorded; it may be sent again when its claim runs out', deliveryId: delivery.id, error: detail });
          return;
        }
        if (attempt === 1 || attempt % 20 === 0) this.logger.warn({ msg: 'sent, but recording it failed; retrying the record, not the send', deliveryId: delivery.id, attempt, error: detail });
        await sleep(Math.min(RECORD_RETRY_MAX_MS, 100 * 2 ** Math.min(attempt - 1, 10)));
      }
    }
  }
}
