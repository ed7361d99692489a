import { EntityManager } from 'typeorm';
import { AuthenticatedUser, hasRole } from '@mutuals/auth';
import { CaseRef, CaseSource, SupportLot } from '@mutuals/contracts';
import { DomainError } from '@mutuals/domain';
import { AssessmentSettings } from '../assessments/scoring';

export interface InKindRequest {
  supplierId: string;
  lots: { lot: SupportLot; days: number }[];
  startOn: string;
  endOn: string;
}

export const CASE_STATUSES = [
  'awaiting-allocation',
  'in-assessment',
  'moderation',
  'assessed',
  'approval-pending',
  'approved',
  'reserve',
  'rejected',
  'offered',
  'withdrawn',
  'ineligible',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Before a decision takes effect a withdrawal closes the case. */
export const UNDECIDED: readonly CaseStatus[] = ['awaiting-allocation', 'in-assessment', 'moderation', 'assessed', 'approval-pending', 'reserve'];

export interface Approval {
  amountPence: number;
  /** Support in kind asked for with the approval, awarded when it takes effect. */
  inKind?: InKindRequest;
  reason: string;
  by: string;
  at: string;
}

export interface Decision {
  outcome: 'approved' | 'reserve' | 'rejected';
  amountPence?: number;
  /** The value of support in kind awarded with the approval. */
  inKindPence?: number;
  reason: string;
  decidedBy: string;
  firstApprover?: string;
  decidedAt: string;
}

export interface Moderation {
  assessorScores: number[];
  agreedScore: number;
  reason: string;
  moderatedBy: string;
  moderatedAt: string;
}

export interface Case {
  id: string;
  source: CaseSource;
  sourceId: string;
  reference: string;
  programmeId: string;
  schemeId: string;
  applicantId: string | null;
  organisationCode: string | null;
  authorityCodes: string[];
  organisationName: string;
  parentBody: string | null;
  title: string;
  sector: string | null;
  region: string | null;
  contactName: string;
  contactEmail: string;
  amountRequestedPence: number;
  maxAwardPence: number | null;
  assessment: AssessmentSettings;
  status: CaseStatus;
  blockedReason: string | null;
  finalScore: number | null;
  moderation: Moderation | null;
  firstApproval: Approval | null;
  decision: Decision | null;
  approvedPence: number | null;
  /** Assessors beyond the scheme's number: one per decision overturned back to assessment. */
  extraAssessors: number;
  /** Something an officer must resolve by hand, and since when. */
  flaggedReason: string | null;
  flaggedAt: Date | null;
  openedAt: Date;
}

export function caseOf(r: Record<string, any>): Case {
  return {
    id: r.id,
    source: r.source,
    sourceId: r.source_id,
    reference: r.reference,
    programmeId: r.programme_id,
    schemeId: r.scheme_id,
    applicantId: r.applicant_id,
    organisationCode: r.organisation_code,
    authorityCodes: r.authority_codes,
    organisationName: r.organisation_name,
    parentBody: r.parent_body,
    title: r.title,
    sector: r.sector,
    region: r.region,
    contactName: r.contact_name,
    contactEmail: r.contact_email,
    amountRequestedPence: Number(r.amount_requested_pence),
    maxAwardPence: r.max_award_pence === null ? null : Number(r.max_award_pence),
    assessment: r.assessment,
    status: r.status,
    blockedReason: r.blocked_reason,
    finalScore: r.final_score === null ? null : Number(r.final_score),
    moderation: r.moderation,
    firstApproval: r.first_approval,
    decision: r.decision,
    approvedPence: r.approved_pence === null ? null : Number(r.approved_pence),
    extraAssessors: Number(r.extra_assessors ?? 0),
    flaggedReason: r.flagged_reason ?? null,
    flaggedAt: r.flagged_at ? new Date(r.flagged_at) : null,
    openedAt: new Date(r.opened_at),
  };
}

/** How many assessors must score the case before it is assessed. */
export function assessorsWanted(c: Pick<Case, 'assessment' | 'extraAssessors'>): number {
  return c.assessment.assessorsPerCase + c.extraAssessors;
}

/** What every awards event says about its case. */
export function caseRef(c: Case): CaseRef {
  return {
    caseId: c.id,
    source: c.source,
    sourceId: c.sourceId,
    reference: c.reference,
    programmeId: c.programmeId,
    contact: { name: c.contactName, email: c.contactEmail },
  };
}

export async function loadCase(manager: EntityManager, id: string, forUpdate = false): Promise<Case> {
  const [row] = await manager.query(`select * from cases where id = $1 ${forUpdate ? 'for update' : ''}`, [id]);
  if (!row) throw DomainError.notFound('Case', id);
  return caseOf(row);
}

export function assertStatus(c: Case, allowed: readonly CaseStatus[], doing: string): void {
  if (!allowed.includes(c.status)) {
    throw new DomainError('conflict', 'case-wrong-status', `A case that is ${c.status} cannot be ${doing} (it must be ${allowed.join(' or ')})`, {
      status: c.status,
    });
  }
}

/** The applicant who may act on the case's offer: the application's author, or the bidding authority's users. */
export function isApplicantOf(user: AuthenticatedUser, c: Pick<Case, 'applicantId' | 'organisationCode'>): boolean {
  if (!hasRole(user, 'applicant')) return false;
  return (c.applicantId !== null && c.applicantId === user.id) || (c.organisationCode !== null && c.organisationCode === user.organisationId);
}
