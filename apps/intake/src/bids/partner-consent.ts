import { DomainError } from '@mutuals/domain';

/**
 * A partner authority named in a joint bid answers for itself: until it accepts, its one place in
 * the round stays its own (it may still bid alone), and the bid cannot count it.
 */
export const PARTNER_ANSWERS = ['invited', 'accepted', 'declined'] as const;
export type PartnerAnswer = (typeof PARTNER_ANSWERS)[number];
export const PARTNER_DECISIONS = ['accepted', 'declined'] as const;
export type PartnerDecision = (typeof PARTNER_DECISIONS)[number];

export interface PartnerConsent {
  authorityCode: string;
  answer: PartnerAnswer;
}

/** A partner answers while the lead is still writing the bid; once submitted, the bid's partners are settled. */
export function assertAnswerable(bid: { status: string; reference: string }): void {
  if (bid.status !== 'draft') {
    throw new DomainError('conflict', 'invitation-closed', `Bid ${bid.reference} is ${bid.status}; a partner answers only while the bid is a draft`);
  }
}

/**
 * A joint bid goes in only when every partner has answered: the lead should not present a partner
 * that has not agreed, and a partner still deciding may yet bid alone (one bid per authority).
 */
export function assertAllAnswered(partners: PartnerConsent[]): void {
  const waiting = partners.filter((p) => p.answer === 'invited').map((p) => p.authorityCode);
  if (waiting.length > 0) {
    throw new DomainError('unprocessable', 'partners-not-answered', `Partners have not yet accepted or declined: ${waiting.join(', ')}; wait for them or remove them from the bid`, {
      waiting,
      fields: ['partnerAuthorityCodes'],
    });
  }
}

/** The partners a submitted bid is made of, screened and assessed with: those that accepted. */
export const acceptedPartners = (partners: PartnerConsent[]) => partners.filter((p) => p.answer === 'accepted').map((p) => p.authorityCode);

/** The refusal when an authority's place is taken; it names no other authority's bid. */
export function alreadyBidding(authorityCode: string): DomainError {
  return new DomainError('conflict', 'authority-already-bidding', `${authorityCode} is already in a bid for this round; an authority may be in only one`, { authorityCode });
}
