import { EventContract } from '../../contract';
import { AwardAccepted, AwardDeclined, AwardLapsed, AwardOffered, AwardPaymentMade } from './award-events.v1';
import { AwardWithdrawn } from './award-withdrawn.v1';
import { AssessorChanged } from './assessor-changed.v1';
import { AssessmentSubmitted, CaseAllocationBlocked, CaseModerated } from './assessment-events.v1';
import { BudgetCommittedChanged } from './budget-committed-changed.v1';
import { BudgetOverCommitted } from './budget-over-committed.v1';
import { BudgetThresholdReached } from './budget-threshold-reached.v1';
import { CaseAssessorsAllocated } from './case-assessors-allocated.v1';
import { CaseClosed } from './case-closed.v1';
import { CaseDecided } from './case-decided.v1';
import { CaseEvidenceAttached, CaseEvidenceRemoved } from './case-evidence.v1';
import { CaseOpened } from './case-opened.v1';
import { CaseRescreeningRefused } from './case-rescreening-refused.v1';
import { AwardClawedBack, AwardPaymentScheduled } from './payment-events.v1';
import { AwardConditionEvidenceSubmitted, AwardConditionResolved, AwardMonitoringReturnReminded, AwardMonitoringReturnReviewed, AwardMonitoringReturnSubmitted, AwardMonitoringScheduled } from './award-monitoring.v1';
import { SupplierInvoicePaid, SupplierInvoiceReceived, SupplierRegistered, SupportDeliveryReported, SupportPackageAwarded, SupportPackageClosed } from './support-in-kind.v1';
import { EnquiryRecorded, MutualFiguresRecorded, MutualRegistered, MutualStageRecorded } from './mutual-events.v1';
import { AwardOfferReissued, CaseAssessmentOverdue, CaseReconsiderationRequested, CaseReconsidered } from './reconsideration-events.v1';

export * from './case-ref';
export * from './case-opened.v1';
export * from './case-assessors-allocated.v1';
export * from './case-decided.v1';
export * from './award-events.v1';
export * from './budget-threshold-reached.v1';
export * from './assessment-events.v1';
export * from './payment-events.v1';
export * from './case-closed.v1';
export * from './case-rescreening-refused.v1';
export * from './award-withdrawn.v1';
export * from './budget-committed-changed.v1';
export * from './budget-over-committed.v1';
export * from './reconsideration-events.v1';
export * from './assessor-changed.v1';
export * from './case-evidence.v1';
export * from './award-monitoring.v1';
export * from './support-in-kind.v1';
export * from './mutual-events.v1';

/** Events the awards service publishes. */
export const AWARDS_EVENTS: readonly EventContract[] = [
  CaseOpened,
  CaseAssessorsAllocated,
  CaseAllocationBlocked,
  AssessmentSubmitted,
  CaseModerated,
  CaseDecided,
  CaseClosed,
  CaseRescreeningRefused,
  CaseEvidenceAttached,
  CaseEvidenceRemoved,
  AwardOffered,
  AwardAccepted,
  AwardDeclined,
  AwardLapsed,
  AwardPaymentScheduled,
  AwardPaymentMade,
  AwardClawedBack,
  AwardWithdrawn,
  AwardConditionEvidenceSubmitted,
  AwardConditionResolved,
  AwardMonitoringScheduled,
  AwardMonitoringReturnSubmitted,
  AwardMonitoringReturnReviewed,
  AwardMonitoringReturnReminded,
  BudgetThresholdReached,
  BudgetCommittedChanged,
  BudgetOverCommitted,
  CaseReconsiderationRequested,
  CaseReconsidered,
  AwardOfferReissued,
  CaseAssessmentOverdue,
  AssessorChanged,
  SupplierRegistered,
  SupportPackageAwarded,
  SupportDeliveryReported,
  SupplierInvoiceReceived,
  SupplierInvoicePaid,
  SupportPackageClosed,
  EnquiryRecorded,
  MutualRegistered,
  MutualStageRecorded,
  MutualFiguresRecorded,
];
