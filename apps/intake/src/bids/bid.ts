import { countWords, DomainError, formatPence, Region, StateMachine } from '@mutuals/domain';
import type { EligibilityRules, Question } from '../rounds/round';

export const BID_STATUSES = [
  'draft',
  'submitted',
  'eligible',
  'ineligible',
  'withdrawn',
  'in_assessment',
  'approved',
  'reserve',
  'rejected',
  'offer_issued',
  'accepted',
  'declined',
  'lapsed',
] as const;
export type BidStatus = (typeof BID_STATUSES)[number];

export const bidLifecycle = new StateMachine<BidStatus>('bid', {
  draft: ['submitted', 'withdrawn'],
  submitted: ['eligible', 'ineligible', 'withdrawn'],
  // An officer may overturn a screening until assessment starts.
  eligible: ['ineligible', 'eligible', 'in_assessment', 'withdrawn'],
  ineligible: ['eligible', 'ineligible', 'withdrawn'],
  in_assessment: ['approved', 'reserve', 'rejected', 'withdrawn'],
  approved: ['offer_issued', 'reserve'],
  reserve: ['approved', 'rejected'],
  rejected: [],
  offer_issued: ['accepted', 'declined', 'lapsed'],
  accepted: [],
  declined: [],
  lapsed: [],
  withdrawn: [],
});

/** Where the awards service's case stands, as the council sees it. */
const AWARDS_STATUSES: BidStatus[] = ['in_assessment', 'reserve', 'approved', 'rejected', 'offer_issued', 'accepted', 'declined', 'lapsed'];
export type AwardsStatus = 'in_assessment' | 'approved' | 'reserve' | 'rejected' | 'offer_issued' | 'accepted' | 'declined' | 'lapsed';

/**
 * Whether an awards event moves the bid on. Only an eligible bid goes to assessment; events may
 * arrive late or out of order (the later event wins; at the same instant, the last to arrive), and a withdrawal or ineligibility stands.
 */
export function acceptsAwardsUpdate(bid: { status: BidStatus; awardsEventAt: Date | null }, update: { status: AwardsStatus; at: Date }): boolean {
  if (bid.status === update.status) return false;
  if (bid.status !== 'eligible' && !AWARDS_STATUSES.includes(bid.status)) return false;
  return !bid.awardsEventAt || update.at.getTime() >= bid.awardsEventAt.getTime();
}

/** ONS (GSS) codes of English local authorities: unitary (E06), district (E07), metropolitan (E08), London borough (E09), county (E10). */
export const ENGLISH_LOCAL_AUTHORITY_CODE = /^E(06|07|08|09|10)\d{6}$/;
export const AUTHORITY_CODE = /^[ENSW]\d{8}$/;
const NON_ENGLISH_REGIONS: Region[] = ['scotland', 'wales', 'northern-ireland'];

export interface ScreenedBid {
  authorityCode: string;
  partnerAuthorityCodes: string[];
  region: string;
  amountRequestedPence: number;
}

export interface ScreenedRound {
  eligibility: EligibilityRules;
  maxAwardPence: number;
}

/** Automatic eligibility screening: the reasons a bid is ineligible (none means eligible). */
export function ineligibilityReasons(bid: ScreenedBid, round: ScreenedRound): string[] {
  const reasons: string[] = [];
  const rules = round.eligibility;
  if (rules.englishLocalAuthoritiesOnly) {
    if (!ENGLISH_LOCAL_AUTHORITY_CODE.test(bid.authorityCode) || NON_ENGLISH_REGIONS.includes(bid.region as Region)) {
      reasons.push(`The lead authority ${bid.authorityCode} is not an English local authority`);
    }
    const outside = bid.partnerAuthorityCodes.filter((code) => !ENGLISH_LOCAL_AUTHORITY_CODE.test(code));
    if (outside.length > 0) reasons.push(`Partners must be English local authorities: ${outside.join(', ')} are not`);
  }
  if (bid.amountRequestedPence > round.maxAwardPence) {
    reasons.push(`The bid asks for ${formatPence(bid.amountRequestedPence)}; this round awards at most ${formatPence(round.maxAwardPence)}`);
  }
  return reasons;
}

/**
 * Partners are checked when the bid is saved, not at screening: naming a partner takes that
 * authority's one bid in the round, so a bid the round cannot take must not hold it.
 */
export function assertPartnersAllowed(lead: string, partners: string[], rules: EligibilityRules): void {
  if (partners.length === 0) return;
  const refuse = (code: string, message: string) => new DomainError('unprocessable', code, message, { fields: ['partnerAuthorityCodes'] });
  if (!rules.jointBidsAllowed) throw refuse('joint-bids-not-allowed', 'This round does not take joint bids');
  if (partners.includes(lead)) throw refuse('lead-named-as-partner', `${lead} leads this bid, so it cannot also be a partner`);
  if (partners.length > rules.maxPartners) {
    throw refuse('too-many-partners', `A joint bid may name at most ${rules.maxPartners} partners; this one names ${partners.length}`);
  }
}

/** Answers must be to the round's questions and within their word limits, at every save. */
export function assertAnswersFit(answers: Record<string, string>, questions: Question[]): void {
  for (const [questionId, text] of Object.entries(answers)) {
    const question = questions.find((q) => q.id === questionId);
    if (!question) throw new DomainError('unprocessable', 'unknown-question', `This round has no question ${questionId}`, { questionId });
    const words = countWords(text);
    if (words > question.wordLimit) {
      throw new DomainError('unprocessable', 'answer-too-long', `Your answer to "${question.text}" has ${words} words; the limit is ${question.wordLimit}`, {
        questionId,
        words,
        wordLimit: question.wordLimit,
      });
    }
  }
}

/** What a council must still fill in before the bid can be submitted. */
export function missingForSubmission(
  bid: { title: string | null; sector: string | null; amountRequestedPence: number | null; answers: Record<string, string> },
  questions: Question[],
): string[] {
  const missing: string[] = [];
  if (!bid.title) missing.push('title');
  if (!bid.sector) missing.push('sector');
  if (bid.amountRequestedPence === null) missing.push('amountRequestedPence');
  for (const q of questions) if (q.required && !bid.answers[q.id]?.trim()) missing.push(`answers.${q.id}`);
  return missing;
}

export function formatBidReference(prefix: string, seq: number): string {
  return `${prefix}-${String(seq).padStart(4, '0')}`;
}
