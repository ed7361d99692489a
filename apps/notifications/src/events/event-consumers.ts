import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import {
  ApplicationSubmitted,
  AssessmentSubmitted,
  AwardAccepted,
  AwardDeclined,
  AwardLapsed,
  AwardOffered,
  AwardPaymentMade,
  BidScreened,
  BidSubmitted,
  BudgetThresholdReached,
  CaseAssessorsAllocated,
  CaseDecided,
  RoundClosed,
  RoundOpened,
} from '@mutuals/contracts';
import { MessageDispatcher } from './message-dispatcher';

/** Events of the applications and intake services that tell someone something. */
@Controller()
export class ApplicationAndIntakeEventsConsumer {
  constructor(private readonly dispatcher: MessageDispatcher) {}

  @EventPattern(ApplicationSubmitted.topic)
  onApplicationSubmitted(@Ctx() context: KafkaContext) {
    return this.dispatcher.handle(ApplicationSubmitted, context);
  }

  @EventPattern(BidSubmitted.topic)
  onBidSubmitted(@Ctx() context: KafkaContext) {
    return this.dispatcher.handle(BidSubmitted, context);
  }

  @EventPattern(BidScreened.topic)
  onBidScreened(@Ctx() context: KafkaContext) {
    return this.dispatcher.handle(BidScreened, context);
  }

  @EventPattern(RoundOpened.topic)
  onRoundOpened(@Ctx() context: KafkaContext) {
    return this.dispatcher.handle(RoundOpened, context);
  }

  @EventPattern(RoundClosed.topic)
  onRoundClosed(@Ctx() context: KafkaContext) {
    return this.dispatcher.handle(RoundClosed, context);
  }
}

/** Events of the awards service that tell someone something, or withdraw a reminder. */
@Controller()
export class AwardsEventsConsumer {
  constructor(private readonly dispatcher: MessageDispatcher) {}

  @EventPattern(CaseAssessorsAllocated.topic)
  onCaseAssessorsAllocated(@Ctx() context: KafkaContext) {
    return this.dispatcher.handle(CaseAssessorsAllocated, context);
  }

  @EventPattern(AssessmentSubmitted.topic)
  onAssessmentSubmitted(@Ctx() context: KafkaContext) {
    return this.dispatcher.handle(AssessmentSubmitted, context);
  }

  @EventPattern(CaseDecided.topic)
  onCaseDecided(@Ctx() context: KafkaContext) {
    return this.dispatcher.handle(CaseDecided, context);
  }

  @EventPattern(AwardOffered.topic)
  onAwardOffered(@Ctx() context: KafkaContext) {
    return this.dispatcher.handle(AwardOffered, context);
  }

  @EventPattern(AwardAccepted.topic)
  onAwardAccepted(@Ctx() context: KafkaContext) {
    return this.dispatcher.handle(AwardAccepted, context);
  }

  @EventPattern(AwardDeclined.topic)
  onAwardDeclined(@Ctx() context: KafkaContext) {
    return this.dispatcher.handle(AwardDeclined, context);
  }

  @EventPattern(AwardLapsed.topic)
  onAwardLapsed(@Ctx() context: KafkaContext) {
    return this.dispatcher.handle(AwardLapsed, context);
  }

  @EventPattern(AwardPaymentMade.topic)
  onAwardPaymentMade(@Ctx() context: KafkaContext) {
    return this.dispatcher.handle(AwardPaymentMade, context);
  }

  @EventPattern(BudgetThresholdReached.topic)
  onBudgetThresholdReached(@Ctx() context: KafkaContext) {
    return this.dispatcher.handle(BudgetThresholdReached, context);
  }
}
