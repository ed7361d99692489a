import { DomainError } from '@mutuals/domain';
import { assessmentOutcome, DEFAULT_ASSESSMENT, scoreProblems, weightedScore } from './scoring';

const full = (need: number, deliverability: number, value: number) => [
  { criterionId: 'need', score: need, comment: 'clear need' },
  { criterionId: 'deliverability', score: deliverability, comment: 'plan is credible' },
  { criterionId: 'value', score: value, comment: 'fair price' },
];

describe('weighted scoring', () => {
  it('weighs each criterion as a share of the scale', () => {
    expect(weightedScore(DEFAULT_ASSESSMENT, full(5, 5, 5))).toBe(100);
    expect(weightedScore(DEFAULT_ASSESSMENT, full(0, 0, 0))).toBe(0);
    // 4/5*40 + 3/5*35 + 2/5*25 = 32 + 21 + 10
    expect(weightedScore(DEFAULT_ASSESSMENT, full(4, 3, 2))).toBe(63);
  });

  it('rounds to two decimals', () => {
    const settings = { ...DEFAULT_ASSESSMENT, criteria: [{ id: 'a', name: 'A', weight: 1 }], scaleMax: 3 };
    expect(weightedScore(settings, [{ criterionId: 'a', score: 1, comment: 'ok' }])).toBe(33.33);
  });

  it('names every problem: missing, unknown, off the scale, no comment, twice', () => {
    const problems = scoreProblems(DEFAULT_ASSESSMENT, [
      { criterionId: 'need', score: 6, comment: 'x' },
      { criterionId: 'need', score: 1, comment: 'x' },
      { criterionId: 'charm', score: 1, comment: 'x' },
      { criterionId: 'value', score: 2, comment: '  ' },
    ]);
    expect(problems).toEqual([
      'need must be scored with a whole number from 0 to 5',
      'need is scored more than once',
      'charm is not a criterion of this case',
      'value needs a comment',
      'deliverability (Deliverability) is not scored',
    ]);
    expect(() => weightedScore(DEFAULT_ASSESSMENT, [])).toThrow(DomainError);
  });
});

describe('moderation', () => {
  it('is needed only when the totals are further apart than the threshold', () => {
    expect(assessmentOutcome([80, 60], 20)).toEqual({ moderation: false, finalScore: 70 });
    expect(assessmentOutcome([80, 59.99], 20)).toEqual({ moderation: true });
    expect(assessmentOutcome([70.5, 70], 0)).toEqual({ moderation: true });
  });
});
