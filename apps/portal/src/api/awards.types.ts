/** The shapes the awards service answers with (its OpenAPI document at /docs). */
import type { SupportLot } from '@mutuals/contracts';
import type { DocumentView, Page } from './applications.types';

export interface MoneyFigures {
  budgetPence: number;
  committedPence: number;
  paidPence: number;
  remainingPence: number;
}

export interface ProgrammeView extends MoneyFigures {
  id: string;
  kind: 'bid-programme' | 'fund';
  name: string;
}

export interface BreakdownRow {
  key: string;
  awards: number;
  awardedPence: number;
  paidPence: number;
}

export interface ProgrammeTracking extends ProgrammeView {
  rounds: { id: string; name: string; cases: number; committedPence: number; paidPence: number }[];
  bySector: BreakdownRow[];
  byRegion: BreakdownRow[];
  byStatus: BreakdownRow[];
}

export interface Ranking {
  remainingPence: number;
  cases: { rank: number; caseId: string; reference: string; organisationName: string; finalScore: number; askPence: number; status: string; aboveFundingLine: boolean }[];
}

export interface CriterionScore {
  criterionId: string;
  score: number;
  comment: string;
}

export interface AssessmentView {
  id: string;
  assessorId: string;
  scores: CriterionScore[];
  recommendation: string;
  weightedScore: number;
  submittedAt: string;
}

export interface AssessorCaseView {
  caseId: string;
  reference: string;
  title: string;
  organisationName: string;
  parentBody: string | null;
  sector: string | null;
  region: string | null;
  amountRequestedPence: number;
  criteria: { id: string; name: string; weight: number }[];
  scaleMax: number;
  dueAt: string;
  allocationStatus: 'allocated' | 'submitted';
  myAssessment: AssessmentView | null;
}

export interface CaseView {
  id: string;
  source: 'bid' | 'application';
  sourceId: string;
  reference: string;
  programmeId: string;
  schemeId: string;
  organisationName: string;
  parentBody: string | null;
  title: string;
  sector: string | null;
  region: string | null;
  amountRequestedPence: number;
  status: string;
  blockedReason: string | null;
  finalScore: number | null;
  approvedPence: number | null;
  moderation: { agreedScore: number; reason: string; moderatedBy: string; moderatedAt: string } | null;
  firstApproval: { by?: string; amountPence?: number; inKind?: { supplierId: string; lots: { lot: SupportLot; days: number }[] }; reason?: string } | null;
  decision: { outcome?: string; reason?: string; inKindPence?: number } | null;
  /** Something an officer must resolve, e.g. a bid screened ineligible after its approval. */
  flaggedReason: string | null;
  openedAt: string;
}

export interface DueDiligenceView {
  id: string;
  recipientOrgIdentifier: string;
  subsidyDeclaredPence: number;
  subsidyTotalPence: number;
  passed: boolean;
  problems: string[];
  checkedBy: string;
  checkedAt: string;
}

export interface CaseDetail extends CaseView {
  allocations: { assessorId: string; name: string; status: string; dueAt: string; releaseReason: string | null }[];
  assessments: AssessmentView[];
  dueDiligence: DueDiligenceView[];
}

export interface CaseHistoryEntry {
  at: string;
  subjectType: string;
  subjectId: string;
  action: string;
  actor: string;
  details: Record<string, unknown>;
}

export const RECOMMENDATIONS = [
  { value: 'fund', text: 'Fund' },
  { value: 'fund-with-conditions', text: 'Fund with conditions' },
  { value: 'do-not-fund', text: 'Do not fund' },
];

export interface AwardView {
  id: string;
  caseId: string;
  reference: string;
  title: string;
  organisationName: string;
  programmeId: string;
  status: string;
  conditions: string[];
  expiresAt: string;
  awardedPence: number;
  paidPence: number;
  clawedBackPence: number;
  outstandingPence: number;
  offeredAt: string;
  respondedAt: string | null;
  withdrawnAt: string | null;
  /** Something an officer must resolve, e.g. money paid before the applicant withdrew. */
  flaggedReason: string | null;
  milestones: MilestoneView[];
  trackedConditions: ConditionView[];
}

export interface MilestoneView {
  id: string;
  name: string;
  amountPence: number;
  dueOn: string;
  paidAt: string | null;
  dependsOnConditionIds: string[];
}

/** A document the mutual attached to its award's case: the conditions whose evidence, waiting for review or accepted, names it, so it must stay. */
export interface AwardDocumentView extends DocumentView {
  evidenceOf: { conditionId: string; condition: string; status: 'evidence-submitted' | 'met' }[];
  removable: boolean;
}

/** A condition of an award as a tracked item (awards' monitoring). */
export interface ConditionView {
  id: string;
  text: string;
  dueOn: string | null;
  status: 'open' | 'evidence-submitted' | 'met' | 'waived';
  evidenceNote: string | null;
  evidenceDocumentIds: string[];
  /** Those the reader may see: all to an officer, to the mutual those it attached. */
  evidenceDocuments: DocumentView[];
  evidenceSubmittedBy: string | null;
  evidenceSubmittedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  waivedReason: string | null;
}

export interface OutcomeFigure {
  measure: string;
  value: string;
}

export interface MonitoringReturnView {
  id: string;
  period: number;
  periodStart: string;
  periodEnd: string;
  dueOn: string;
  status: 'due' | 'submitted' | 'accepted' | 'returned';
  overdue: boolean;
  overdueFlaggedAt: string | null;
  staff: number | null;
  contractValuePence: number | null;
  contractRenewals: number | null;
  turnoverPence: number | null;
  savingsToCommissionerPence: number | null;
  outcomes: OutcomeFigure[];
  submittedBy: string | null;
  submittedAt: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
}

export interface MonitoringView {
  awardId: string;
  intervalMonths: number;
  conditions: ConditionView[];
  returns: MonitoringReturnView[];
}

export interface SupplierLotView {
  lot: SupportLot;
  dayRatePence: number;
  capacityDays: number;
  committedDays: number;
  availableDays: number;
}

export interface SupplierView {
  id: string;
  name: string;
  companyNumber: string;
  contactName: string;
  contactEmail: string;
  lots: SupplierLotView[];
  conflicts: { kind: string; value: string; reason: string | null }[];
}

export interface SupportPackageView {
  id: string;
  caseId: string;
  reference: string;
  organisationName: string;
  programmeId: string;
  supplierId: string;
  supplierName: string;
  status: 'active' | 'completed' | 'closed';
  flaggedReason: string | null;
  closedReason: string | null;
  lots: { lot: SupportLot; days: number; dayRatePence: number; valuePence: number; daysDelivered: number }[];
  valuePence: number;
  invoicedPence: number;
  paidPence: number;
  remainingPence: number;
  startOn: string;
  endOn: string;
  awardedBy: string;
  awardedAt: string;
  reports: { id: string; lot: SupportLot; daysDelivered: number; summary: string; recordedBy: string; recordedAt: string }[];
  invoices: { id: string; supplierReference: string; amountPence: number; days: number; status: 'submitted' | 'paid'; recordedBy: string; recordedAt: string; paidBy: string | null; paidAt: string | null }[];
}

/** GET /awards: a page of awards with sums over every matching award. */
export interface AwardPage extends Page<AwardView> {
  totals: { awardedPence: number; paidPence: number; outstandingPence: number };
}

export interface ReconsiderationView {
  id: string;
  caseId: string;
  reference: string;
  title: string;
  organisationName: string;
  decisionOutcome: string;
  decisionReason: string;
  decidedBy: string;
  decidedAt: string;
  grounds: string;
  documentIds: string[];
  requestedBy: string;
  requestedAt: string;
  status: 'requested' | 'upheld' | 'overturned';
  reason: string | null;
  reopenedAt: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  cannotReviewBecause: string | null;
}

export interface ReconsiderationWindow {
  caseId: string;
  open: boolean;
  deadline: string | null;
  reason: string | null;
  latest: ReconsiderationView | null;
}

export interface OfficerAlerts {
  overdueAssessments: { caseId: string; reference: string; assessorId: string; assessorName: string; dueAt: string }[];
  overdueAssessmentsTotal: number;
  blockedAllocations: { caseId: string; reference: string; reason: string }[];
  blockedAllocationsTotal: number;
  waitingReconsiderations: { id: string; caseId: string; reference: string; requestedAt: string }[];
  waitingReconsiderationsTotal: number;
}

export interface DossierDocument {
  documentId: string;
  name: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

/** The application or bid as submitted (awards' GET /assessor/cases/:id/dossier). */
export interface DossierView {
  caseId: string;
  reference: string;
  source: 'application' | 'bid';
  sourceId: string;
  submittedAt: string | null;
  answers: { questionId: string; question: string; answer: string }[];
  organisationProfile: Record<string, unknown> | null;
  supportTypes: string[];
  matchFundingPence: number | null;
  eligibility: { outcome: string; notes: string[]; checkedBy: string; checkedAt: string } | null;
  documents: DossierDocument[];
}
