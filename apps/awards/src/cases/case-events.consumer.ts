import { Injectable } from '@nestjs/common';
import { ApplicationSubmitted, ApplicationWithdrawn, BidScreened, BidWithdrawn } from '@mutuals/contracts';
import { EventOf, OnEvent } from '@mutuals/messaging';
import { EntityManager } from 'typeorm';
import { EMPTY_DOSSIER } from '../dossier/dossier';
import { CaseIntakeService } from './case-intake.service';

/**
 * Cases come from eligible bids (intake) and submitted support-fund applications (applications), and
 * close when those are withdrawn or screened out, whichever order the events arrive in.
 */
@Injectable()
export class CaseEventsConsumer {
  constructor(private readonly cases: CaseIntakeService) {}

  /** Eligible opens the case; an officer's later override to ineligible closes it (see CaseIntakeService.screen). */
  @OnEvent(BidScreened)
  async onBidScreened({ data }: EventOf<typeof BidScreened>, m: EntityManager) {
    const screening = { bidId: data.bidId, outcome: data.outcome, reasons: data.reasons, screenedBy: data.screenedBy, screenedAt: data.screenedAt };
    await this.cases.screen(m, screening, {
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
      dossier: {
        ...EMPTY_DOSSIER,
        submittedAt: data.submittedAt ?? null,
        answers: data.answers ?? [],
        eligibility: { outcome: data.outcome, notes: [...data.reasons, ...(data.screeningNotes ? [data.screeningNotes] : [])], checkedBy: data.screenedBy, checkedAt: data.screenedAt },
        documents: data.documents ?? [],
      },
    });
  }

  @OnEvent(ApplicationSubmitted)
  async onApplicationSubmitted({ data }: EventOf<typeof ApplicationSubmitted>, m: EntityManager) {
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
      dossier: {
        submittedAt: data.submittedAt,
        answers: data.answers ?? [],
        organisationProfile: data.organisationProfile ?? null,
        supportTypes: data.supportTypes ?? [],
        matchFundingPence: data.matchFundingPence ?? null,
        // Applications refuses a submission its fund's eligibility rules do not allow.
        eligibility: { outcome: 'eligible', notes: ["Met the fund's eligibility rules when submitted"], checkedBy: 'automatic', checkedAt: data.submittedAt },
        documents: data.documents ?? [],
      },
    });
  }

  @OnEvent(BidWithdrawn)
  onBidWithdrawn({ data }: EventOf<typeof BidWithdrawn>, m: EntityManager) {
    return this.cases.withdraw(m, 'bid', data.bidId, undefined, data.withdrawnAt);
  }

  @OnEvent(ApplicationWithdrawn)
  onApplicationWithdrawn({ data }: EventOf<typeof ApplicationWithdrawn>, m: EntityManager) {
    return this.cases.withdraw(m, 'application', data.applicationId, data.reason, data.withdrawnAt);
  }
}
