import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { AwardAccepted, AwardDeclined, AwardLapsed, AwardOffered, CaseDecided, CaseOpened, CaseRef } from '@mutuals/contracts';
import { EventConsumer } from '@mutuals/messaging';
import { EntityManager } from 'typeorm';
import { AwardsUpdate, BidsService } from './bids.service';

const AWARDS = 'awards-service';

/** The awards service's progress on a bid's case, turned into where the bid stands for its council. */
@Controller()
export class AwardEventsConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly bids: BidsService,
  ) {}

  @EventPattern(CaseOpened.topic)
  onCaseOpened(@Ctx() context: KafkaContext) {
    return this.consumer.handle(CaseOpened, context, (event, m) =>
      this.follow(m, event.data, { status: 'in_assessment', at: new Date(event.data.openedAt), actorId: AWARDS }),
    );
  }

  @EventPattern(CaseDecided.topic)
  onCaseDecided(@Ctx() context: KafkaContext) {
    return this.consumer.handle(CaseDecided, context, (event, m) =>
      this.follow(m, event.data, { status: event.data.outcome, at: new Date(event.data.decidedAt), actorId: event.data.decidedBy, awardedPence: event.data.amountPence }),
    );
  }

  @EventPattern(AwardOffered.topic)
  onAwardOffered(@Ctx() context: KafkaContext) {
    return this.consumer.handle(AwardOffered, context, (event, m) =>
      this.follow(m, event.data, { status: 'offer_issued', at: new Date(event.time), actorId: AWARDS, awardedPence: event.data.amountPence }),
    );
  }

  @EventPattern(AwardAccepted.topic)
  onAwardAccepted(@Ctx() context: KafkaContext) {
    return this.consumer.handle(AwardAccepted, context, (event, m) =>
      this.follow(m, event.data, { status: 'accepted', at: new Date(event.data.respondedAt), actorId: event.data.respondedBy }),
    );
  }

  @EventPattern(AwardDeclined.topic)
  onAwardDeclined(@Ctx() context: KafkaContext) {
    return this.consumer.handle(AwardDeclined, context, (event, m) =>
      this.follow(m, event.data, { status: 'declined', at: new Date(event.data.respondedAt), actorId: event.data.respondedBy }),
    );
  }

  @EventPattern(AwardLapsed.topic)
  onAwardLapsed(@Ctx() context: KafkaContext) {
    return this.consumer.handle(AwardLapsed, context, (event, m) =>
      this.follow(m, event.data, { status: 'lapsed', at: new Date(event.data.lapsedAt), actorId: AWARDS }),
    );
  }

  /** Cases opened from support-fund applications belong to the applications service. */
  private async follow(manager: EntityManager, ref: CaseRef, update: Omit<AwardsUpdate, 'caseId'>): Promise<void> {
    if (ref.source !== 'bid') return;
    await this.bids.followAwards(manager, ref.sourceId, { ...update, caseId: ref.caseId });
  }
}
