/** The shapes the applications service answers with (its OpenAPI document at /docs). */

export interface FundQuestion {
  id: string;
  text: string;
  wordLimit: number;
  required: boolean;
}

export interface FundView {
  id: string;
  name: string;
  capPerApplicationPence: number;
  budgetPence: number;
  open: boolean;
  matchFundingRequired: boolean;
  questions: FundQuestion[];
  version: number;
  description?: string;
  openingWindows?: { opensAt: string; closesAt: string }[];
  takingApplications?: boolean;
  assessment?: AssessmentSettings;
}

export interface AssessmentSettings {
  criteria: { id: string; name: string; weight: number }[];
  scaleMax: number;
  assessorsPerCase: number;
  moderationThreshold: number;
}

export interface ApplicationView {
  id: string;
  reference: string;
  status: string;
  statusChangedAt: string;
  fundId: string | null;
  organisationId: string | null;
  organisationName: string | null;
  title: string | null;
  supportTypes: string[];
  amountRequestedPence: number | null;
  matchFundingPence: number | null;
  answers: { questionId: string; text: string; words: number }[];
  subsidyReceivedPence: number | null;
  servicesDeliveredInEngland: boolean | null;
  awardedPence: number | null;
  caseId?: string | null;
  reconsiderationStatus?: 'requested' | 'upheld' | 'overturned' | null;
  reconsiderationReason?: string | null;
  reconsiderationAt?: string | null;
  version: number;
  createdAt: string;
  submittedAt: string | null;
  withdrawnAt: string | null;
  sector?: string | null;
  region?: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface OrganisationView {
  id: string;
  name: string;
  type: string;
  legalForm: string;
  parentBody: string | null;
  sector: string | null;
  region: string | null;
  servicesInScope: string[];
  employeeSharePercent: number | null;
  version: number;
}

export interface HistoryEntry {
  at: string;
  action: string;
  from: string | null;
  to: string | null;
  actorId: string;
  actorName: string | null;
  detail: Record<string, unknown> | null;
}

export interface DocumentView {
  id: string;
  name: string;
  type: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: string;
  /** On an award's case (awards): attached by the mutual, not by a programme officer. */
  fromApplicant?: boolean;
}

export interface DocumentList {
  items: DocumentView[];
  totalBytes: number;
  maxBytes: number;
  maxTotalBytes: number;
  allowedTypes: string[];
}
