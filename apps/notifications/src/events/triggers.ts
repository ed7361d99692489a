import {
  ApplicationSubmitted,
  AssessmentSubmitted,
  AwardAccepted,
  AwardDeclined,
  AwardLapsed,
  AwardMonitoringReturnReminded,
  AwardOffered,
  AwardOfferReissued,
  AwardPaymentMade,
  AwardWithdrawn,
  BidReconsidered,
  BidReconsiderationRequested,
  BidScreened,
  BidSubmitted,
  BudgetOverCommitted,
  BudgetThresholdReached,
  CaseAllocationBlocked,
  CaseAssessmentOverdue,
  CaseAssessorsAllocated,
  CaseClosed,
  CaseDecided,
  CaseReconsiderationRequested,
  CaseReconsidered,
  CaseRescreeningRefused,
  EventContract,
  RoundClosed,
  RoundOpened,
  UserInvited,
} from '@mutuals/contracts';
import * as plans from './message-plans';

/** An event this service acts on, and what it means for messages. */
export interface Trigger<T extends object = any> {
  contract: EventContract<T>;
  /** `happenedAt` is the event's own time, so what it plans does not depend on when it is consumed. */
  plan: (data: T, happenedAt: Date) => plans.MessagePlan;
}

const trigger = <T extends object>(contract: EventContract<T>, plan: Trigger<T>['plan']): Trigger<T> => ({ contract, plan });

export const TRIGGERS: Trigger[] = [
  trigger(ApplicationSubmitted, plans.applicationSubmitted),
  trigger(BidSubmitted, plans.bidSubmitted),
  trigger(BidScreened, plans.bidScreened),
  trigger(RoundOpened, plans.roundOpened),
  trigger(RoundClosed, plans.roundClosed),
  trigger(CaseAssessorsAllocated, plans.caseAssessorsAllocated),
  trigger(AssessmentSubmitted, plans.assessmentSubmitted),
  trigger(CaseDecided, plans.caseDecided),
  trigger(CaseClosed, plans.caseClosed),
  trigger(CaseRescreeningRefused, plans.caseRescreeningRefused),
  trigger(AwardOffered, plans.awardOffered),
  trigger(AwardAccepted, plans.awardAnswered),
  trigger(AwardDeclined, plans.awardAnswered),
  trigger(AwardLapsed, plans.awardAnswered),
  trigger(AwardPaymentMade, plans.awardPaymentMade),
  trigger(AwardWithdrawn, plans.awardWithdrawn),
  trigger(AwardMonitoringReturnReminded, plans.monitoringReturnReminder),
  trigger(BudgetThresholdReached, plans.budgetThresholdReached),
  trigger(BudgetOverCommitted, plans.budgetOverCommitted),
  trigger(UserInvited, plans.userInvited),
  trigger(CaseReconsiderationRequested, plans.caseReconsiderationRequested),
  trigger(CaseReconsidered, plans.caseReconsidered),
  trigger(AwardOfferReissued, plans.awardOfferReissued),
  trigger(CaseAssessmentOverdue, plans.caseAssessmentOverdue),
  trigger(CaseAllocationBlocked, plans.caseAllocationBlocked),
  trigger(BidReconsiderationRequested, plans.bidReconsiderationRequested),
  trigger(BidReconsidered, plans.bidReconsidered),
];

export const CONSUMED_CONTRACTS = TRIGGERS.map((t) => t.contract);

