import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuthenticatedUser, hasRole } from '@mutuals/auth';
import { BidReconsidered, BidReconsiderationRequested, BidRef } from '@mutuals/contracts';
import { assertIndependentReviewer, assertWithinWindow, DomainError } from '@mutuals/domain';
import { offsetOf } from '@mutuals/http';
import { EventPublisher } from '@mutuals/messaging';
import { recordChange } from '../audit';
import { IntakeConfig } from '../config';
import { BidEntity } from './bid.entity';
import { BidsService } from './bids.service';
import { RequestScreeningReconsiderationDto, ReviewScreeningReconsiderationDto, ScreeningReconsiderationPage, ScreeningReconsiderationQueryDto, ScreeningReconsiderationView } from './screening-reconsideration.dto';

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/**
 * A council asks for its bid's screening as ineligible to be reconsidered; an officer who did not
 * screen it reviews it. An ineligible bid never became an awards case, so this lives in intake, and
 * an overturn screens the bid eligible, which opens its case in awards as any eligible bid's would.
 */
@Injectable()
export class ScreeningReconsiderationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventPublisher,
    private readonly bids: BidsService,
    @Inject(IntakeConfig) private readonly config: IntakeConfig,
  ) {}

  async request(user: AuthenticatedUser, bidId: string, input: RequestScreeningReconsiderationDto): Promise<ScreeningReconsiderationView> {
    const id = await this.dataSource.transaction(async (m) => {
      const bid = await this.bids.get(user, bidId, m, true);
      if (bid.status !== 'ineligible' || !bid.screenedAt) {
        throw new DomainError('conflict', 'bid-not-reconsiderable', `Bid ${bid.reference} is ${bid.status}; only a screening as ineligible can be reconsidered here`);
      }
      const [existing] = await m.query('select status from screening_reconsiderations where bid_id = $1 and screened_at = $2', [bid.id, bid.screenedAt]);
      if (existing) {
        throw new DomainError(
          'conflict',
          'reconsideration-exists',
          existing.status === 'requested' ? 'A reconsideration of this screening has already been asked for and is waiting for review' : `This screening has already been reconsidered (${existing.status})`,
        );
      }
      const now = new Date();
      assertWithinWindow(bid.screenedAt, this.config.RECONSIDERATION_DAYS, now);
      const id = randomUUID();
      const documentIds = [...new Set(input.documentIds ?? [])];
      await m.query(
        `insert into screening_reconsiderations (id, bid_id, screened_at, screened_by, reasons, grounds, document_ids, requested_by, requested_at, status)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'requested')`,
        [id, bid.id, bid.screenedAt, bid.screenedBy ?? 'automatic', bid.screeningReasons, input.grounds, documentIds, user.id, now],
      );
      Object.assign(bid, { reconsiderationStatus: 'requested', reconsiderationReason: null, reconsiderationAt: now });
      await m.save(bid);
      await this.events.publish(m, BidReconsiderationRequested, bid.id, {
        ...this.ref(bid),
        reconsiderationId: id,
        screenedAt: bid.screenedAt.toISOString(),
        screenedBy: bid.screenedBy ?? 'automatic',
        reasons: bid.screeningReasons,
        grounds: input.grounds,
        documentIds,
        requestedBy: user.id,
        requestedAt: now.toISOString(),
      });
      await recordChange(m, { subjectType: 'bid', subjectId: bid.id, action: 'reconsideration-requested', from: bid.status, to: bid.status, actorId: user.id, detail: { reconsiderationId: id, grounds: input.grounds, documentIds } }, now);
      return id;
    });
    return this.get(user, id);
  }

  async review(officer: AuthenticatedUser, id: string, input: ReviewScreeningReconsiderationDto): Promise<ScreeningReconsiderationView> {
    await this.dataSource.transaction(async (m) => {
      // The bid first, then the request: the order asking takes them in, so the two never deadlock.
      const [found] = await m.query('select bid_id from screening_reconsiderations where id = $1', [id]);
      if (!found) throw DomainError.notFound('Reconsideration', id);
      const bid = await this.bids.get(officer, found.bid_id, m, true);
      const [r] = await m.query('select * from screening_reconsiderations where id = $1 for update', [id]);
      assertIndependentReviewer(await this.partTakenBy(m, officer.id, bid.id));
      if (r.status !== 'requested') throw new DomainError('conflict', 'reconsideration-reviewed', `This reconsideration has already been reviewed (${r.status})`);
      const reviewedAt = new Date();
      await m.query('update screening_reconsiderations set status = $2, reason = $3, reviewed_by = $4, reviewed_at = $5 where id = $1', [id, input.outcome, input.reason, officer.id, reviewedAt]);
      if (input.outcome === 'overturned' && bid.status === 'ineligible') await this.bids.screenEligibleOnReview(m, bid, officer.id, reviewedAt, input.reason);
      Object.assign(bid, { reconsiderationStatus: input.outcome, reconsiderationReason: input.reason, reconsiderationAt: reviewedAt });
      await m.save(bid);
      await this.events.publish(m, BidReconsidered, bid.id, { ...this.ref(bid), reconsiderationId: id, outcome: input.outcome, reason: input.reason, reviewedBy: officer.id, reviewedAt: reviewedAt.toISOString() });
      await recordChange(m, { subjectType: 'bid', subjectId: bid.id, action: `reconsideration-${input.outcome}`, from: 'ineligible', to: bid.status, actorId: officer.id, detail: { reconsiderationId: id, reason: input.reason } }, reviewedAt);
    });
    return this.get(officer, id);
  }

  async list(user: AuthenticatedUser, query: ScreeningReconsiderationQueryDto): Promise<ScreeningReconsiderationPage> {
    const { offset, limit, page, pageSize } = offsetOf(query);
    const where = `where ($1 or b.authority_code = $2) and ($3::text is null or r.status = $3) and ($4::uuid is null or r.bid_id = $4)`;
    const params = [hasRole(user, 'programme_officer'), user.organisationId ?? null, query.status ?? null, query.bidId ?? null];
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(`select r.id from screening_reconsiderations r join bids b on b.id = r.bid_id ${where} order by r.requested_at desc, r.id desc offset $5 limit $6`, [...params, offset, limit]),
      this.dataSource.query(`select count(*)::int as total from screening_reconsiderations r join bids b on b.id = r.bid_id ${where}`, params),
    ]);
    return { items: await Promise.all(rows.map((r: { id: string }) => this.get(user, r.id))), page, pageSize, total };
  }

  async get(user: AuthenticatedUser, id: string): Promise<ScreeningReconsiderationView> {
    const [r] = await this.dataSource.query('select r.*, b.reference, b.authority_name, b.authority_code from screening_reconsiderations r join bids b on b.id = r.bid_id where r.id = $1', [id]);
    const officer = hasRole(user, 'programme_officer');
    if (!r || !(officer || r.authority_code === user.organisationId)) throw DomainError.notFound('Reconsideration', id);
    const why = officer ? await this.partTakenBy(this.dataSource.manager, user.id, r.bid_id) : undefined;
    return {
      id: r.id,
      bidId: r.bid_id,
      reference: r.reference,
      authorityName: r.authority_name,
      screenedAt: iso(r.screened_at)!,
      screenedBy: r.screened_by,
      reasons: r.reasons,
      grounds: r.grounds,
      documentIds: r.document_ids,
      requestedBy: r.requested_by,
      requestedAt: iso(r.requested_at)!,
      status: r.status,
      reason: r.reason,
      reviewedBy: r.reviewed_by,
      reviewedAt: iso(r.reviewed_at),
      cannotReviewBecause: why ? `You cannot review this reconsideration: ${why}` : null,
    };
  }

  /** An officer who screened the bid ineligible (the audit trail keeps every screening) took part in the decision. */
  private async partTakenBy(m: EntityManager, officerId: string, bidId: string): Promise<string | undefined> {
    const [row] = await m.query(`select 1 from audit_entries where subject_type = 'bid' and subject_id = $1 and to_state = 'ineligible' and actor_id = $2 limit 1`, [bidId, officerId]);
    return row ? 'you screened this bid as ineligible' : undefined;
  }

  private ref(bid: BidEntity): BidRef {
    return {
      bidId: bid.id,
      reference: bid.reference,
      roundId: bid.roundId,
      programmeId: bid.programmeId,
      authorityCode: bid.authorityCode,
      authorityName: bid.authorityName,
      contact: { name: bid.contactName!, email: bid.contactEmail! },
    };
  }
}
