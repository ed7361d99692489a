import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { ApplicationSubmitted, ApplicationWithdrawn, BidScreened, BidWithdrawn } from '@mutuals/contracts';
import { EventConsumer } from '@mutuals/messaging';
import { CaseIntakeService } from './case-intake.service';

/** Cases come from eligible bids (intake) and submitted support-fund applications (applications). */
@Controller()
export class CaseEventsConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly cases: CaseIntakeService,
  ) {}

  @EventPattern(BidScreened.topic)
  onBidScreened(@Ctx() context: KafkaContext) {
    return this.consumer.handle(BidScreened, context, async ({ data }, m) => {
      if (data.outcome !== 'eligible') return;
      await this.cases.open(m, {
        source: 'bid',
        sourceId: data.bidId,
        reference: data.reference,
        programmeId: data.programmeId,
        programmeKind: 'bid-programme',
        schemeId: data.roundId,
        applicantId: null,
        organisationCode: data.authorityCode,
        authorityCodes: [data.authorityCode, ...data.partnerAuthorityCodes],
        organisationName: data.authorityName,
        parentBody: null,
        title: data.title,
        sector: data.sector,
        region: data.region,
        contact: data.contact,
        amountRequestedPence: data.amountRequestedPence,
        maxAwardPence: data.maxAwardPence,
      });
    });
  }

  @EventPattern(ApplicationSubmitted.topic)
  onApplicationSubmitted(@Ctx() context: KafkaContext) {
    return this.consumer.handle(ApplicationSubmitted, context, async ({ data }, m) => {
      const fundId = data.fundId ?? this.cases.config.DEFAULT_FUND_ID;
      await this.cases.open(m, {
        source: 'application',
        sourceId: data.applicationId,
        reference: data.reference,
        programmeId: fundId,
        programmeKind: 'fund',
        schemeId: fundId,
        applicantId: data.applicantId,
        organisationCode: data.organisationId ?? null,
        authorityCodes: [],
        organisationName: data.organisationName,
        parentBody: data.parentBody ?? null,
        title: data.title,
        sector: data.sector ?? null,
        region: data.region ?? null,
        contact: data.contact,
        amountRequestedPence: data.amountRequestedPence,
        maxAwardPence: null,
      });
    });
  }

  @EventPattern(BidWithdrawn.topic)
  onBidWithdrawn(@Ctx() context: KafkaContext) {
    return this.consumer.handle(BidWithdrawn, context, ({ data }, m) => this.cases.withdraw(m, 'bid', data.bidId, undefined));
  }

  @EventPattern(ApplicationWithdrawn.topic)
  onApplicationWithdrawn(@Ctx() context: KafkaContext) {
    return this.consumer.handle(ApplicationWithdrawn, context, ({ data }, m) => this.cases.withdraw(m, 'application', data.applicationId, data.reason));
  }
}
