import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { traceCarrier } from '@mutuals/observability';
import { signalOnCommit, StatementBatcher } from '@mutuals/persistence';
import { MessageTemplate } from '../templates/template';
import { DeliveryEntity, DeliveryStatus } from './delivery.entity';
import { refilled } from './send-rate';

/** Commit signal that wakes the sender. */
export const DELIVERY_QUEUED = 'delivery-queued';

/** What caused a message: an event, or a scheduled reminder (ids are never personal data). */
export interface MessageSource {
  eventId: string;
  eventType: string;
}

export interface NewDelivery {
  template: MessageTemplate;
  recipient: string | undefined;
  personalisation: Record<string, string>;
  subjectId: string;
  /** Why there is no recipient, when there is none. */
  missingRecipientReason?: string;
}

interface Acceptance {
  id: string;
  /** The attempt that holds the lease: a sender whose lease lapsed records nothing. */
  attempts: number;
  channel: string;
  providerId: string;
  status: 'sent' | 'delivered' | 'permanent-failure';
}

export interface DeliveryFilter {
  subjectId?: string;
  recipient?: string;
  status?: DeliveryStatus;
  from?: Date;
  to?: Date;
}

@Injectable()
export class DeliveriesRepository {
  private readonly acceptances = new StatementBatcher((accepted: Acceptance[]) => this.recordAcceptances(accepted));

  constructor(private readonly dataSource: DataSource) {}

  /** Records the message to send, once per (event, template, recipient); the sender picks it up after commit. */
  async enqueue(manager: EntityManager, source: MessageSource, delivery: NewDelivery): Promise<void> {
    const recipient = delivery.recipient?.trim().toLowerCase() ?? '';
    const trace = traceCarrier();
    await manager.query(
      `insert into deliveries (id, event_id, event_type, template_id, template_version, recipient, personalisation, subject_id, status, failure_reason, traceparent, tracestate)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       on conflict on constraint deliveries_once do nothing`,
      [
        randomUUID(),
        source.eventId,
        source.eventType,
        delivery.template.id,
        delivery.template.version,
        recipient,
        JSON.stringify(delivery.personalisation),
        delivery.subjectId,
        recipient ? 'created' : 'permanent-failure',
        recipient ? null : (delivery.missingRecipientReason ?? 'the event names no email address for the recipient'),
        trace.traceparent ?? null,
        trace.tracestate ?? null,
      ],
    );
    signalOnCommit(manager, DELIVERY_QUEUED);
  }

  /**
   * Claims due messages for sending, no more than the shared send-rate bucket allows. A claim is
   * a lease: a sender that dies mid-send leaves the row 'sending' until the lease runs out, when
   * it is claimed again (attempts > 1 tells the sender a previous attempt may have gone out).
   * The bucket's row lock makes replicas take tokens one after another.
   */
  async claimDue(
    batch: number,
    leaseSeconds: number,
    bucket: { capacity: number; perSecond: number },
  ): Promise<{ claimed: DeliveryEntity[]; tokensLeft: number }> {
    return this.dataSource.transaction(async (manager) => {
      const [rate]: { tokens: number; elapsed: string; at: string }[] = await manager.query(
        `select tokens, extract(epoch from clock_timestamp() - refilled_at) as elapsed, clock_timestamp()::text as at
         from send_rate where id = 1 for update`,
      );
      const available = refilled(rate.tokens, Number(rate.elapsed), bucket);
      const take = Math.min(batch, Math.floor(available));
      let ids: string[] = [];
      if (take > 0) {
        // TypeORM answers an UPDATE ... RETURNING with [rows, affectedCount].
        const [rows]: [{ id: string }[], number] = await manager.query(
          `update deliveries set status = 'sending', attempts = attempts + 1,
                  next_attempt_at = now() + make_interval(secs => $2), updated_at = now()
           where id in (
             select id from deliveries
             where status in ('created', 'temporary-failure', 'sending') and next_attempt_at <= now()
             order by next_attempt_at limit $1 for update skip locked)
           returning id`,
          [take, leaseSeconds],
        );
        ids = rows.map((r) => r.id);
      }
      await manager.query('update send_rate set tokens = $1, refilled_at = $2::timestamptz where id = 1', [available - ids.length, rate.at]);
      const claimed = ids.length === 0 ? [] : await manager.getRepository(DeliveryEntity).findBy({ id: In(ids) });
      return { claimed, tokensLeft: available - ids.length };
    });
  }

  /** Records the provider's acceptance, unless the lease was lost to another sender meanwhile; true when recorded. */
  markSent(delivery: DeliveryEntity, channel: string, providerId: string, status: 'sent' | 'delivered' | 'permanent-failure' = 'sent'): Promise<boolean> {
    return this.acceptances.submit({ id: delivery.id, attempts: delivery.attempts, channel, providerId, status });
  }

  /** The acceptances that queued while the last statement was on its way, recorded in one statement. */
  private async recordAcceptances(accepted: Acceptance[]): Promise<boolean[]> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affectedCount].
    const [rows]: [{ id: string }[], number] = await this.dataSource.query(
      `update deliveries d set status = a.status, channel = a.channel, provider_id = a.provider_id, sent_at = coalesce(d.sent_at, now()), updated_at = now(),
              failure_reason = case when a.status = 'permanent-failure' then 'the provider reported a permanent failure' end
       from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[]) as a(id, channel, provider_id, status, attempts)
       where d.id = a.id and d.status = 'sending' and d.attempts = a.attempts
       returning d.id`,
      [accepted.map((a) => a.id), accepted.map((a) => a.channel), accepted.map((a) => a.providerId), accepted.map((a) => a.status), accepted.map((a) => a.attempts)],
    );
    const recorded = new Set(rows.map((r) => r.id));
    return accepted.map((a) => recorded.has(a.id));
  }

  async markFailed(delivery: DeliveryEntity, permanent: boolean, reason: string, retryInSeconds: number): Promise<void> {
    await this.dataSource.query(
      `update deliveries set status = $2, failure_reason = $3, updated_at = now(),
              next_attempt_at = now() + make_interval(secs => $4)
       where id = $1 and status = 'sending' and attempts = $5`,
      [delivery.id, permanent ? 'permanent-failure' : 'temporary-failure', reason.slice(0, 1000), retryInSeconds, delivery.attempts],
    );
  }

  /**
   * A provider's delivery receipt. Matched by our reference and the provider's id, so a receipt
   * for an attempt we have since replaced changes nothing; a delivered message stays delivered.
   */
  async applyReceipt(
    reference: string,
    providerId: string,
    outcome: { status: 'delivered' | 'temporary-failure' | 'permanent-failure'; reason: string | null; retryInSeconds: number },
    maxAttempts: number,
  ): Promise<boolean> {
    const [rows]: [unknown[], number] = await this.dataSource.query(
      `update deliveries set
         status = case when $3 = 'temporary-failure' and attempts >= $6 then 'permanent-failure' else $3 end,
         failure_reason = case when $3 = 'temporary-failure' and attempts >= $6 then $4 || '; no attempts left' else $4 end,
         provider_id = $2, updated_at = now(), next_attempt_at = now() + make_interval(secs => $5)
       where id = $1 and (provider_id is null or provider_id = $2) and status <> 'delivered'
       returning id`,
      [reference, providerId, outcome.status, outcome.reason, outcome.retryInSeconds, maxAttempts],
    );
    return rows.length > 0;
  }

  async exists(id: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('select 1 from deliveries where id = $1', [id]);
    return rows.length > 0;
  }

  async search(filter: DeliveryFilter, page: number, pageSize: number): Promise<{ items: DeliveryEntity[]; total: number }> {
    const query = this.dataSource.getRepository(DeliveryEntity).createQueryBuilder('d');
    if (filter.subjectId) query.andWhere('d.subject_id = :subjectId', { subjectId: filter.subjectId });
    if (filter.recipient) query.andWhere('d.recipient = lower(:recipient)', { recipient: filter.recipient });
    if (filter.status) query.andWhere('d.status = :status', { status: filter.status });
    if (filter.from) query.andWhere('d.created_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('d.created_at < :to', { to: filter.to });
    const [items, total] = await query
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items, total };
  }
}
