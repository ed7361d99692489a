import { DomainError } from '@mutuals/domain';
import { acceptsAwardsUpdate, assertAnswersFit, assertWithdrawable, missingForSubmission } from './application';

const questions = [
  { id: 'need', text: 'What support do you need?', wordLimit: 5, required: true },
  { id: 'extra', text: 'Anything else?', wordLimit: 5, required: false },
];

describe('an application', () => {
  describe('following the awards service', () => {
    const at = (iso: string) => new Date(iso);
    it('moves forwards through assessment, decision, offer and answer', () => {
      expect(acceptsAwardsUpdate({ status: 'submitted', awardsEventAt: null }, { status: 'in_assessment', at: at('2026-05-15') })).toBe(true);
      expect(acceptsAwardsUpdate({ status: 'in_assessment', awardsEventAt: at('2026-05-15') }, { status: 'approved', at: at('2026-06-10') })).toBe(true);
      expect(acceptsAwardsUpdate({ status: 'approved', awardsEventAt: at('2026-06-10') }, { status: 'offer_issued', at: at('2026-06-11') })).toBe(true);
      expect(acceptsAwardsUpdate({ status: 'offer_issued', awardsEventAt: at('2026-06-11') }, { status: 'accepted', at: at('2026-06-20') })).toBe(true);
    });

    it('never moves backwards when events arrive out of order', () => {
      expect(acceptsAwardsUpdate({ status: 'approved', awardsEventAt: at('2026-06-10') }, { status: 'in_assessment', at: at('2026-05-15') })).toBe(false);
      expect(acceptsAwardsUpdate({ status: 'accepted', awardsEventAt: at('2026-06-20') }, { status: 'offer_issued', at: at('2026-06-11') })).toBe(false);
    });

    it('takes a later re-decision (reserve, then approved) but not an earlier one', () => {
      expect(acceptsAwardsUpdate({ status: 'reserve', awardsEventAt: at('2026-06-10') }, { status: 'approved', at: at('2026-07-01') })).toBe(true);
      expect(acceptsAwardsUpdate({ status: 'approved', awardsEventAt: at('2026-07-01') }, { status: 'reserve', at: at('2026-06-10') })).toBe(false);
    });

    it('ignores awards events for a withdrawn application or a draft', () => {
      expect(acceptsAwardsUpdate({ status: 'withdrawn', awardsEventAt: null }, { status: 'in_assessment', at: at('2026-05-15') })).toBe(false);
      expect(acceptsAwardsUpdate({ status: 'draft', awardsEventAt: null }, { status: 'approved', at: at('2026-05-15') })).toBe(false);
    });
  });

  it('may be withdrawn until a decision is made', () => {
    for (const status of ['draft', 'submitted', 'in_assessment'] as const) expect(() => assertWithdrawable(status)).not.toThrow();
    expect(() => assertWithdrawable('approved')).toThrow('A decision has been made on this application (approved); it can no longer be withdrawn');
    expect(() => assertWithdrawable('withdrawn')).toThrow(DomainError);
  });

  it('lists every missing answer and declaration before submission', () => {
    const empty = { title: null, supportTypes: [], amountRequestedPence: null, subsidyReceivedPence: null, servicesDeliveredInEngland: null, answers: { need: '  ' } };
    expect(missingForSubmission(empty, questions)).toEqual([
      'title',
      'supportTypes',
      'amountRequestedPence',
      'answers.need',
      'subsidyReceivedPence',
      'servicesDeliveredInEngland',
    ]);
  });

  it('refuses an answer over its word limit, naming the question and the count', () => {
    expect(() => assertAnswersFit({ need: 'one two three four five' }, questions)).not.toThrow();
    expect(() => assertAnswersFit({ need: 'one two three four five six' }, questions)).toThrow('Your answer to "What support do you need?" has 6 words; the limit is 5');
    expect(() => assertAnswersFit({ other: 'hello' }, questions)).toThrow('This fund asks no question with the id other');
  });
});
