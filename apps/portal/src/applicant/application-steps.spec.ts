import type { ApplicationView, FundView } from '../api/applications.types';
import { firstUnanswered, readStep, stepsFor, summaryValue } from './application-steps';

const fund = {
  capPerApplicationPence: 2_500_000,
  matchFundingRequired: false,
  questions: [
    { id: 'need', text: 'What support do you need?', wordLimit: 5, required: true },
    { id: 'outcomes', text: 'What difference will it make?', wordLimit: 5, required: false },
  ],
} as FundView;

const draft = { title: null, supportTypes: [], amountRequestedPence: null, matchFundingPence: null, subsidyReceivedPence: null, servicesDeliveredInEngland: null, answers: [] } as unknown as ApplicationView;

describe('an application, one question per page', () => {
  const steps = stepsFor(fund);
  const step = (id: string) => steps.find((s) => s.id === id)!;

  it('asks the fixed questions, then each of the fund’s, and match funding only when the fund needs it', () => {
    expect(steps.map((s) => s.id)).toEqual(['title', 'support', 'amount', 'subsidy', 'england', 'question-need', 'question-outcomes']);
    expect(stepsFor({ ...fund, matchFundingRequired: true }).map((s) => s.id)).toContain('match-funding');
  });

  it('turns answers into changes for the applications API', () => {
    expect(readStep(step('amount'), '£25,000')).toEqual({ ok: true, patch: { amountRequestedPence: 2_500_000 } });
    expect(readStep(step('support'), ['legal', 'financial'])).toEqual({ ok: true, patch: { supportTypes: ['legal', 'financial'] } });
    expect(readStep(step('england'), 'no')).toEqual({ ok: true, patch: { servicesDeliveredInEngland: false } });
    expect(readStep(step('question-need'), ' Pensions advice now ')).toEqual({ ok: true, patch: { answers: [{ questionId: 'need', text: 'Pensions advice now' }] } });
  });

  it('refuses blanks, malformed values, unknown choices and answers over the word limit', () => {
    expect(readStep(step('title'), '')).toMatchObject({ ok: false, error: 'Enter the name of your project' });
    expect(readStep(step('amount'), 'lots')).toMatchObject({ ok: false });
    expect(readStep(step('support'), ['legal', 'astrology'])).toMatchObject({ ok: false });
    expect(readStep(step('england'), 'maybe')).toMatchObject({ ok: false });
    expect(readStep(step('question-need'), 'one two three four five six')).toMatchObject({ ok: false, error: 'Your answer must be 5 words or fewer; it has 6' });
  });

  it('saving for later keeps blanks but still refuses what is malformed', () => {
    expect(readStep(step('title'), '', true)).toEqual({ ok: true, patch: {} });
    expect(readStep(step('question-need'), '', true)).toMatchObject({ ok: true });
    expect(readStep(step('amount'), 'lots', true)).toMatchObject({ ok: false });
  });

  it('an optional question may stay empty; the first unanswered required page is where to continue', () => {
    expect(readStep(step('question-outcomes'), '')).toMatchObject({ ok: true });
    expect(firstUnanswered(steps, draft)?.id).toBe('title');
    const done = { ...draft, title: 'T', supportTypes: ['legal'], amountRequestedPence: 100, subsidyReceivedPence: 0, servicesDeliveredInEngland: true, answers: [{ questionId: 'need', text: 'Help', words: 1 }] } as ApplicationView;
    expect(firstUnanswered(steps, done)).toBeUndefined();
    expect(summaryValue(step('support'), done)).toBe('Legal');
    expect(summaryValue(step('subsidy'), done)).toBe('£0');
  });
});
