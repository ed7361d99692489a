import { randomUUID } from 'node:crypto';
import { DD_2014_ROUND, deliveringDifferentlyBids } from '../../../intake/src/demo/demo-data';
import { AssessmentSettings, weightedScore } from '../assessments/scoring';
import { rankCases } from '../cases/ranking';
import { demoScores } from './demo-register';

/** The 2014 bids that reach assessment, with their references (the round's sequence, from 0001), scored as the demo scores them. */
function assessedBids() {
  const settings = DD_2014_ROUND.assessment as AssessmentSettings;
  return deliveringDifferentlyBids()
    .map((bid, i) => ({ bid, reference: `${DD_2014_ROUND.referencePrefix}-${String(i + 1).padStart(4, '0')}` }))
    .filter(({ bid }) => bid.outcome === 'eligible' && bid.content.amountRequestedPence! <= DD_2014_ROUND.maxAwardPence)
    .map(({ bid, reference }) => ({
      reference,
      finalScore: weightedScore(settings, demoScores(reference, settings.criteria.length, settings.scaleMax).map((score, i) => ({ criterionId: settings.criteria[i].id, score, comment: 'Scored' }))),
      askPence: bid.content.amountRequestedPence!,
    }));
}

describe('the demo funding line of 2014', () => {
  it('falls in the same place on every run, though bids tie on score across it and case ids are random', () => {
    const bids = assessedBids();
    const funded = () => {
      const shuffled = [...bids].sort(() => Math.random() - 0.5);
      const ranked = rankCases(shuffled.map((b) => ({ ...b, caseId: randomUUID(), committed: false })), 100_000_000);
      return ranked.map((r) => [r.reference, r.aboveFundingLine]);
    };
    const first = funded();
    const line = first.findIndex(([, above]) => !above);
    const scoreOf = (reference: unknown) => bids.find((b) => b.reference === reference)!.finalScore;
    // The case this guards: a tie straddles the funding line.
    expect(scoreOf(first[line - 1][0])).toBe(scoreOf(first[line][0]));
    for (let run = 0; run < 10; run += 1) expect(funded()).toEqual(first);
  });
});
