import { DomainError } from '@mutuals/domain';
import { acceptedPartners, alreadyBidding, assertAllAnswered, assertAnswerable } from './partner-consent';

describe("a joint bid's partners", () => {
  it('are screened with those that accepted, not those that declined', () => {
    expect(
      acceptedPartners([
        { authorityCode: 'E08000011', answer: 'accepted' },
        { authorityCode: 'E08000013', answer: 'declined' },
      ]),
    ).toEqual(['E08000011']);
  });

  it('must all have answered before the bid goes in, naming those still to answer', () => {
    expect(() => assertAllAnswered([{ authorityCode: 'E08000011', answer: 'accepted' }, { authorityCode: 'E08000013', answer: 'invited' }])).toThrow(
      'Partners have not yet accepted or declined: E08000013',
    );
    expect(() => assertAllAnswered([{ authorityCode: 'E08000011', answer: 'declined' }])).not.toThrow();
  });

  it('answer only while the bid is a draft', () => {
    expect(() => assertAnswerable({ status: 'submitted', reference: 'DD14-0042' })).toThrow('Bid DD14-0042 is submitted; a partner answers only while the bid is a draft');
    expect(() => assertAnswerable({ status: 'draft', reference: 'DD14-0042' })).not.toThrow();
  });

  it('are refused a second place in a round with a message naming only their own authority', () => {
    const refusal = alreadyBidding('E08000011');
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal.message).toBe('E08000011 is already in a bid for this round; an authority may be in only one');
    expect(refusal.details).toEqual({ authorityCode: 'E08000011' });
  });
});
