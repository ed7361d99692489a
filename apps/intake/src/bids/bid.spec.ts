import { acceptsAwardsUpdate, assertAnswersFit, assertPartnersAllowed, bidLifecycle, formatBidReference, ineligibilityReasons, missingForSubmission } from './bid';

const round = { eligibility: { englishLocalAuthoritiesOnly: true, jointBidsAllowed: true, maxPartners: 2 }, maxAwardPence: 10_000_000 };
const bid = { authorityCode: 'E08000012', partnerAuthorityCodes: ['E08000011'], region: 'north-west', amountRequestedPence: 9_500_000 };

describe('a bid', () => {
  describe('automatic screening', () => {
    it('finds a joint bid by English councils within the maximum award eligible', () => {
      expect(ineligibilityReasons(bid, round)).toEqual([]);
    });

    it('finds a Welsh council ineligible where only English local authorities may bid', () => {
      expect(ineligibilityReasons({ ...bid, authorityCode: 'W06000015', region: 'wales' }, round)).toEqual([
        'The lead authority W06000015 is not an English local authority',
      ]);
    });

    it('names partners that are not English local authorities', () => {
      expect(ineligibilityReasons({ ...bid, partnerAuthorityCodes: ['E08000011', 'S12000036'] }, round)).toEqual([
        'Partners must be English local authorities: S12000036 are not',
      ]);
    });

    it('is refused, when saved, for more partners than the round allows, for joint bids where none are taken, and for a lead named as partner', () => {
      expect(() => assertPartnersAllowed('E08000012', ['E08000011', 'E08000013', 'E08000014'], round.eligibility)).toThrow('at most 2 partners; this one names 3');
      expect(() => assertPartnersAllowed('E08000012', ['E08000011'], { ...round.eligibility, jointBidsAllowed: false })).toThrow('does not take joint bids');
      expect(() => assertPartnersAllowed('E08000012', ['E08000012'], round.eligibility)).toThrow('cannot also be a partner');
      expect(() => assertPartnersAllowed('E08000012', [], { ...round.eligibility, jointBidsAllowed: false })).not.toThrow();
    });

    it('finds a bid over the maximum award ineligible, in pounds', () => {
      expect(ineligibilityReasons({ ...bid, amountRequestedPence: 10_000_001 }, round)).toEqual([
        'The bid asks for £100,000.01; this round awards at most £100,000.00',
      ]);
    });
  });

  describe('answers', () => {
    const questions = [{ id: 'vision', text: 'Your vision', wordLimit: 3, required: true }];

    it('are refused over the word limit', () => {
      expect(() => assertAnswersFit({ vision: 'one two three four' }, questions)).toThrow('has 4 words; the limit is 3');
    });

    it('are refused for a question the round does not ask', () => {
      expect(() => assertAnswersFit({ budget: 'x' }, questions)).toThrow('no question budget');
    });

    it('must all be there for a submission, with the title, sector and amount', () => {
      expect(missingForSubmission({ title: null, sector: 'youth', amountRequestedPence: null, answers: { vision: ' ' } }, questions)).toEqual([
        'title',
        'amountRequestedPence',
        'answers.vision',
      ]);
    });
  });

  describe('following the awards service', () => {
    const at = (iso: string) => new Date(iso);
    it('moves on through assessment to a decision and an offer', () => {
      expect(acceptsAwardsUpdate({ status: 'eligible', awardsEventAt: null }, { status: 'in_assessment', at: at('2014-06-02') })).toBe(true);
      expect(acceptsAwardsUpdate({ status: 'in_assessment', awardsEventAt: at('2014-06-02') }, { status: 'approved', at: at('2014-07-01') })).toBe(true);
      expect(acceptsAwardsUpdate({ status: 'approved', awardsEventAt: at('2014-07-01') }, { status: 'offer_issued', at: at('2014-07-02') })).toBe(true);
    });

    it('ignores a late event that would take the bid back, and anything after a withdrawal', () => {
      expect(acceptsAwardsUpdate({ status: 'offer_issued', awardsEventAt: at('2014-07-02') }, { status: 'in_assessment', at: at('2014-06-02') })).toBe(false);
      expect(acceptsAwardsUpdate({ status: 'withdrawn', awardsEventAt: null }, { status: 'in_assessment', at: at('2014-06-02') })).toBe(false);
      expect(acceptsAwardsUpdate({ status: 'ineligible', awardsEventAt: null }, { status: 'in_assessment', at: at('2014-06-02') })).toBe(false);
    });
  });

  it('can be withdrawn before a decision but not after one', () => {
    expect(bidLifecycle.canMove('eligible', 'withdrawn')).toBe(true);
    expect(bidLifecycle.canMove('rejected', 'withdrawn')).toBe(false);
  });

  it('has a reference made of the round prefix and a number', () => {
    expect(formatBidReference('DD14', 42)).toBe('DD14-0042');
  });
});
