import { Injectable } from '@nestjs/common';
import { AwardAccepted, AwardDeclined, AwardLapsed, AwardOffered, CaseDecided, CaseOpened, CaseRef } from '@mutuals/contracts';
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

  /** Cases opened from support-fund applications belong to the applications service. */
  private async follow(manager: EntityManager, ref: CaseRef, update: Omit<AwardsUpdate, 'caseId'>): Promise<void> {
    if (ref.source !== 'bid') return;
    await this.bids.followAwards(manager, ref.sourceId, { ...update, caseId: ref.caseId });
  }
}
