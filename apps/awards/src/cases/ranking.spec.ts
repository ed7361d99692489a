import { rankCases } from './ranking';

const c = (caseId: string, finalScore: number, askPence: number, committed = false) => ({ caseId, finalScore, askPence, committed });

describe('ranking and the funding line', () => {
  it('orders by score and funds the best until the remaining budget runs out', () => {
    const ranked = rankCases([c('low', 40, 100), c('top', 90, 500), c('mid', 70, 400), c('next', 60, 50)], 900);
    expect(ranked.map((r) => [r.caseId, r.rank, r.aboveFundingLine])).toEqual([
      ['top', 1, true],
      ['mid', 2, true],
      ['next', 3, false],
      ['low', 4, false],
    ]);
  });

  it('counts approved cases as already committed', () => {
    const ranked = rankCases([c('approved', 95, 800, true), c('waiting', 80, 200)], 200);
    expect(ranked.every((r) => r.aboveFundingLine)).toBe(true);
  });
});
