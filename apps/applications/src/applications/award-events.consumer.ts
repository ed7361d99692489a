import { Injectable } from '@nestjs/common';
import { AwardAccepted, AwardDeclined, AwardLapsed, AwardOffered, AwardOfferReissued, CaseDecided, CaseOpened, CaseReconsiderationRequested, CaseReconsidered, CaseRef } from '@mutuals/contracts';
import { EventOf, OnEvent } from '@mutuals/messaging';
import { EntityManager } from 'typeorm';
import { ApplicationsService, AwardsUpdate } from './applications.service';

const AWARDS = { id: 'awards-service', name: 'Awards service' };

/** The awards service's decisions, turned into where each application stands for its applicant. */
@Injectable()
export class AwardEventsConsumer {
  constructor(private readonly applications: ApplicationsService) {}

  @OnEvent(CaseOpened)
  onCaseOpened(event: EventOf<typeof CaseOpened>, m: EntityManager) {
    return this.follow(m, event.data, { status: 'in_assessment', at: new Date(event.data.openedAt), actor: AWARDS });
  }

  @OnEvent(CaseDecided)
  onCaseDecided(event: EventOf<typeof CaseDecided>, m: EntityManager) {
    return this.follow(m, event.data, {
      status: event.data.outcome,
      at: new Date(event.data.decidedAt),
      actor: { id: event.data.decidedBy },
      awardedPence: event.data.amountPence,
      detail: { reason: event.data.reason },
    });
  }

  @OnEvent(AwardOffered)
  onAwardOffered(event: EventOf<typeof AwardOffered>, m: EntityManager) {
    return this.follow(m, event.data, {
      status: 'offer_issued',
      at: new Date(event.time),
      actor: AWARDS,
      awardedPence: event.data.amountPence,
      offerExpiresAt: new Date(event.data.expiresAt),
      detail: { expiresAt: event.data.expiresAt, conditions: event.data.conditions },
    });
  }

  @OnEvent(AwardAccepted)
  onAwardAccepted(event: EventOf<typeof AwardAccepted>, m: EntityManager) {
    return this.follow(m, event.data, { status: 'accepted', at: new Date(event.data.respondedAt), actor: { id: event.data.respondedBy } });
  }

  @OnEvent(AwardDeclined)
  onAwardDeclined(event: EventOf<typeof AwardDeclined>, m: EntityManager) {
    return this.follow(m, event.data, { status: 'declined', at: new Date(event.data.respondedAt), actor: { id: event.data.respondedBy } });
  }

  @OnEvent(AwardLapsed)
  onAwardLapsed(event: EventOf<typeof AwardLapsed>, m: EntityManager) {
    return this.follow(m, event.data, { status: 'lapsed', at: new Date(event.data.lapsedAt), actor: AWARDS });
  }

  @OnEvent(CaseReconsiderationRequested)
  onReconsiderationRequested({ data }: EventOf<typeof CaseReconsiderationRequested>, m: EntityManager) {
    if (data.source !== 'application') return;
    return this.applications.followReconsideration(m, data.sourceId, { status: 'requested', at: new Date(data.requestedAt), actor: { id: data.requestedBy } });
  }

  @OnEvent(CaseReconsidered)
  onReconsidered({ data }: EventOf<typeof CaseReconsidered>, m: EntityManager) {
    if (data.source !== 'application') return;
    return this.applications.followReconsideration(m, data.sourceId, { status: data.outcome, at: new Date(data.reviewedAt), actor: { id: data.reviewedBy }, reason: data.reason });
  }

  @OnEvent(AwardOfferReissued)
  onOfferReissued({ data }: EventOf<typeof AwardOfferReissued>, m: EntityManager) {
    if (data.source !== 'application') return;
    return this.applications.followOfferReissued(m, data.sourceId, { at: new Date(data.reissuedAt), expiresAt: new Date(data.expiresAt), actor: { id: data.reissuedBy } });
  }

  /** Cases opened from intake bids belong to the intake service. */
  private async follow(manager: EntityManager, ref: CaseRef, update: Omit<AwardsUpdate, 'caseId'>): Promise<void> {
    if (ref.source !== 'application') return;
    await this.applications.followAwards(manager, ref.sourceId, { ...update, caseId: ref.caseId });
  }
}
