import type { AnsweredQuestion, DocumentRef, OrganisationProfile } from '@mutuals/contracts';

/** The eligibility check a case passed: the fund's rules at submission, or intake's screening of a bid. */
export interface EligibilityRecord {
  outcome: 'eligible' | 'ineligible';
  notes: string[];
  checkedBy: string;
  checkedAt: string;
}

/**
 * The application or bid as its applicant submitted it, kept on the case from the events that
 * brought it (see the README's "The assessor's dossier"): the source service is never asked again.
 */
export interface Dossier {
  submittedAt: string | null;
  answers: AnsweredQuestion[];
  organisationProfile: OrganisationProfile | null;
  supportTypes: string[];
  matchFundingPence: number | null;
  eligibility: EligibilityRecord | null;
  documents: DocumentRef[];
}

export const EMPTY_DOSSIER: Dossier = { submittedAt: null, answers: [], organisationProfile: null, supportTypes: [], matchFundingPence: null, eligibility: null, documents: [] };
