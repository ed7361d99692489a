import { Injectable } from '@nestjs/common';
import { AwardAccepted, AwardDeclined, AwardLapsed, AwardOffered, AwardOfferReissued, CaseDecided, CaseOpened, CaseReconsiderationRequested, CaseReconsidered, CaseRef } from '@mutuals/contracts';
import { EventOf, OnEvent } from '@mutuals/messaging';
import { EntityManager } from 'typeorm';
import { AwardsUpdate, BidsService } from './bids.service';

const AWARDS = 'awards-service';

/** The awards service's progress on a bid's case, turned into where the bid stands for its council. */
@Injectable()
export class AwardEventsConsumer {
  constructor(private readonly bids: BidsService) {}

  @OnEvent(CaseOpened)
  onCaseOpened(event: EventOf<typeof CaseOpened>, m: EntityManager) {
    return this.follow(m, event.data, { status: 'in_assessment', at: new Date(event.data.openedAt), actorId: AWARDS });
  }

  @OnEvent(CaseDecided)
  onCaseDecided(event: EventOf<typeof CaseDecided>, m: EntityManager) {
    return this.follow(m, event.data, { status: event.data.outcome, at: new Date(event.data.decidedAt), actorId: event.data.decidedBy, awardedPence: event.data.amountPence });
  }

  @OnEvent(AwardOffered)
  onAwardOffered(event: EventOf<typeof AwardOffered>, m: EntityManager) {
    return this.follow(m, event.data, { status: 'offer_issued', at: new Date(event.time), actorId: AWARDS, awardedPence: event.data.amountPence });
  }

  @OnEvent(AwardAccepted)
  onAwardAccepted(event: EventOf<typeof AwardAccepted>, m: EntityManager) {
    return this.follow(m, event.data, { status: 'accepted', at: new Date(event.data.respondedAt), actorId: event.data.respondedBy });
  }

  @OnEvent(AwardDeclined)
  onAwardDeclined(event: EventOf<typeof AwardDeclined>, m: EntityManager) {
    return this.follow(m, event.data, { status: 'declined', at: new Date(event.data.respondedAt), actorId: event.data.respondedBy });
  }

  @OnEvent(AwardLapsed)
  onAwardLapsed(event: EventOf<typeof AwardLapsed>, m: EntityManager) {
    return this.follow(m, event.data, { status: 'lapsed', at: new Date(event.data.lapsedAt), actorId: AWARDS });
  }

  @OnEvent(CaseReconsiderationRequested)
  onReconsiderationRequested({ data }: EventOf<typeof CaseReconsiderationRequested>, m: EntityManager) {
    if (data.source !== 'bid') return;
    return this.bids.followReconsideration(m, data.sourceId, { status: 'requested', at: new Date(data.requestedAt), actorId: data.requestedBy });
  }

  @OnEvent(CaseReconsidered)
  onReconsidered({ data }: EventOf<typeof CaseReconsidered>, m: EntityManager) {
    if (data.source !== 'bid') return;
    return this.bids.followReconsideration(m, data.sourceId, { status: data.outcome, at: new Date(data.reviewedAt), actorId: data.reviewedBy, reason: data.reason });
  }

  @OnEvent(AwardOfferReissued)
  onOfferReissued({ data }: EventOf<typeof AwardOfferReissued>, m: EntityManager) {
    if (data.source !== 'bid') return;
    return this.bids.followOfferReissued(m, data.sourceId, { at: new Date(data.reissuedAt), actorId: data.reissuedBy });
  }

  /** Cases opened from support-fund applications belong to the applications service. */
  private async follow(manager: EntityManager, ref: CaseRef, update: Omit<AwardsUpdate, 'caseId'>): Promise<void> {
    if (ref.source !== 'bid') return;
    await this.bids.followAwards(manager, ref.sourceId, { ...update, caseId: ref.caseId });
  }
}
