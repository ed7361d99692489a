import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { AwardAccepted, AwardDeclined, AwardLapsed, AwardOffered, CaseDecided, CaseOpened, CaseRef } from '@mutuals/contracts';
import { EventConsumer } from '@mutuals/messaging';
import { EntityManager } from 'typeorm';
import { ApplicationsService, AwardsUpdate } from './applications.service';

const AWARDS = { id: 'awards-service', name: 'Awards service' };

/** The awards service's decisions, turned into where each application stands for its applicant. */
@Controller()
export class AwardEventsConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly applications: ApplicationsService,
  ) {}

  @EventPattern(CaseOpened.topic)
  onCaseOpened(@Ctx() context: KafkaContext) {
    return this.consumer.handle(CaseOpened, context, (event, m) =>
      this.follow(m, event.data, { status: 'in_assessment', at: new Date(event.data.openedAt), actor: AWARDS }),
    );
  }

  @EventPattern(CaseDecided.topic)
  onCaseDecided(@Ctx() context: KafkaContext) {
    return this.consumer.handle(CaseDecided, context, (event, m) =>
      this.follow(m, event.data, {
        status: event.data.outcome,
        at: new Date(event.data.decidedAt),
        actor: { id: event.data.decidedBy },
        awardedPence: event.data.amountPence,
        detail: { reason: event.data.reason },
      }),
    );
  }

  @EventPattern(AwardOffered.topic)
  onAwardOffered(@Ctx() context: KafkaContext) {
    return this.consumer.handle(AwardOffered, context, (event, m) =>
      this.follow(m, event.data, {
        status: 'offer_issued',
        at: new Date(event.time),
        actor: AWARDS,
        awardedPence: event.data.amountPence,
        offerExpiresAt: new Date(event.data.expiresAt),
        detail: { expiresAt: event.data.expiresAt, conditions: event.data.conditions },
      }),
    );
  }

  @EventPattern(AwardAccepted.topic)
  onAwardAccepted(@Ctx() context: KafkaContext) {
    return this.consumer.handle(AwardAccepted, context, (event, m) =>
      this.follow(m, event.data, { status: 'accepted', at: new Date(event.data.respondedAt), actor: { id: event.data.respondedBy } }),
    );
  }

  @EventPattern(AwardDeclined.topic)
  onAwardDeclined(@Ctx() context: KafkaContext) {
    return this.consumer.handle(AwardDeclined, context, (event, m) =>
      this.follow(m, event.data, { status: 'declined', at: new Date(event.data.respondedAt), actor: { id: event.data.respondedBy } }),
    );
  }

  @EventPattern(AwardLapsed.topic)
  onAwardLapsed(@Ctx() context: KafkaContext) {
    return this.consumer.handle(AwardLapsed, context, (event, m) =>
      this.follow(m, event.data, { status: 'lapsed', at: new Date(event.data.lapsedAt), actor: AWARDS }),
    );
  }

  /** Cases opened from intake bids belong to the intake service. */
  private async follow(manager: EntityManager, ref: CaseRef, update: Omit<AwardsUpdate, 'caseId'>): Promise<void> {
    if (ref.source !== 'application') return;
    await this.applications.followAwards(manager, ref.sourceId, { ...update, caseId: ref.caseId });
  }
}
