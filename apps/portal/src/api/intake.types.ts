import type { AssessmentSettings } from './applications.types';
/** The shapes the intake service answers with (its OpenAPI document at /docs). */

export interface RoundView {
  id: string;
  programmeId: string;
  name: string;
  referencePrefix: string;
  status: string;
  opensAt: string;
  closesAt: string;
  maxAwardPence: number;
  places: number;
  eligibility: { englishLocalAuthoritiesOnly: boolean; jointBidsAllowed: boolean; maxPartners: number };
  questions: { id: string; text: string; wordLimit: number; required: boolean }[];
  assessment?: AssessmentSettings;
}

export interface BidView {
  id: string;
  reference: string;
  roundId: string;
  programmeId: string;
  status: string;
  authorityCode: string;
  authorityName: string;
  partnerAuthorityCodes: string[];
  partners: PartnerView[];
  region: string;
  sector: string | null;
  title: string | null;
  amountRequestedPence: number | null;
  answers: { questionId: string; text: string; words: number }[];
  screeningReasons: string[];
  awardedPence: number | null;
  caseId?: string | null;
  reconsiderationStatus?: 'requested' | 'upheld' | 'overturned' | null;
  reconsiderationReason?: string | null;
  reconsiderationAt?: string | null;
  createdAt: string;
  submittedAt: string | null;
  withdrawnAt: string | null;
}

export interface IntakeProgrammeView {
  id: string;
  code: string;
  title: string;
  departments?: string[];
  budgetPence?: number;
  legalPower?: string;
  grantsSchemeReference?: string;
  seniorResponsibleOfficer?: string;
  revision?: number;
}

export interface RoundFigures {
  roundId: string;
  byStatus: Record<string, number>;
  byRegion: Record<string, number>;
  bySector: Record<string, number>;
  bidsSubmitted: number;
  totalRequestedPence: number;
  lateAttemptsRefused: number;
}

export interface BidHistoryEntry {
  at: string;
  action: string;
  from: string | null;
  to: string | null;
  actorId: string;
  detail: Record<string, unknown> | null;
}

/** A named partner's answer to a joint bid: invited until a council user of the partner accepts or declines. */
export interface PartnerView {
  authorityCode: string;
  answer: 'invited' | 'accepted' | 'declined';
  answeredBy: string | null;
  answeredAt: string | null;
  reason: string | null;
}

export interface InvitationView {
  bidId: string;
  reference: string;
  roundId: string;
  bidStatus: string;
  leadAuthorityCode: string;
  leadAuthorityName: string;
  title: string | null;
  sector: string | null;
  amountRequestedPence: number | null;
  yourAnswer: PartnerView;
}

export interface ScreeningReconsiderationView {
  id: string;
  bidId: string;
  reference: string;
  authorityName: string;
  screenedAt: string;
  screenedBy: string;
  reasons: string[];
  grounds: string;
  documentIds: string[];
  requestedBy: string;
  requestedAt: string;
  status: 'requested' | 'upheld' | 'overturned';
  reason: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  cannotReviewBecause: string | null;
}

export interface AssessorView {
  id: string;
  name: string;
  email: string;
  sectors: string[];
  programmeIds: string[];
  capacity: number;
  openCases: number;
  conflicts: { kind: string; value: string; reason: string | null }[];
}

export interface ContactView {
  id: string;
  kind: string;
  name: string;
  email: string;
  organisation: string | null;
  createdAt: string;
}
