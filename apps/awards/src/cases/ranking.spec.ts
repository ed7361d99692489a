import { rankCases } from './ranking';

const c = (caseId: string, finalScore: number, askPence: number, committed = false, reference = caseId) => ({ caseId, reference, finalScore, askPence, committed });

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

  it('ranks cases tied on score by reference, whatever their ids and the order they come in', () => {
    // Ids sort the other way from references, as random ids may.
    const tied = [c('f', 82, 300, false, 'DD14-0001'), c('e', 82, 300, false, 'DD14-0002'), c('d', 82, 300, false, 'DD14-0003'), c('a', 90, 300, false, 'DD14-0004')];
    for (const input of [tied, [...tied].reverse(), [tied[2], tied[0], tied[3], tied[1]]]) {
      expect(rankCases(input, 900).map((r) => [r.reference, r.aboveFundingLine])).toEqual([
        ['DD14-0004', true],
        ['DD14-0001', true],
        ['DD14-0002', true],
        ['DD14-0003', false],
      ]);
    }
  });
});
