import { EventContract } from '../../contract';
import { AwardAccepted, AwardDeclined, AwardLapsed, AwardOffered, AwardPaymentMade } from './award-events.v1';
import { AssessmentSubmitted, CaseAllocationBlocked, CaseModerated } from './assessment-events.v1';
import { BudgetThresholdReached } from './budget-threshold-reached.v1';
import { CaseAssessorsAllocated } from './case-assessors-allocated.v1';
import { CaseDecided } from './case-decided.v1';
import { CaseOpened } from './case-opened.v1';
import { AwardClawedBack, AwardPaymentScheduled } from './payment-events.v1';

export * from './case-ref';
export * from './case-opened.v1';
export * from './case-assessors-allocated.v1';
export * from './case-decided.v1';
export * from './award-events.v1';
export * from './budget-threshold-reached.v1';
export * from './assessment-events.v1';
export * from './payment-events.v1';

/** Events the awards service publishes. */
export const AWARDS_EVENTS: readonly EventContract[] = [
  CaseOpened,
  CaseAssessorsAllocated,
  CaseAllocationBlocked,
  AssessmentSubmitted,
  CaseModerated,
  CaseDecided,
  AwardOffered,
  AwardAccepted,
  AwardDeclined,
  AwardLapsed,
  AwardPaymentScheduled,
  AwardPaymentMade,
  AwardClawedBack,
  BudgetThresholdReached,
];
