import { Pence } from '@mutuals/domain';

export interface RankableCase {
  caseId: string;
  /** Breaks a tie on score, so equal scores rank the same way every time (case ids are random). */
  reference: string;
  finalScore: number;
  /** What approving it would commit: what was asked, limited by the cap. */
  askPence: Pence;
  /** Already approved (or offered or accepted): its money is committed, not drawn from the remainder. */
  committed: boolean;
}

export interface RankedCase extends RankableCase {
  rank: number;
  aboveFundingLine: boolean;
}

/**
 * Orders cases by final score, ties by reference, and draws the funding line: undecided cases, best
 * first, are above it while what they ask still fits the remaining budget; the first that does not
 * fit ends it.
 */
export function rankCases(cases: RankableCase[], remainingPence: Pence): RankedCase[] {
  const ordered = [...cases].sort((a, b) => b.finalScore - a.finalScore || a.reference.localeCompare(b.reference) || a.caseId.localeCompare(b.caseId));
  let remaining = remainingPence;
  let lineDrawn = false;
  return ordered.map((c, i) => {
    if (c.committed) return { ...c, rank: i + 1, aboveFundingLine: true };
    const fits = !lineDrawn && c.askPence <= remaining;
    if (fits) remaining -= c.askPence;
    else lineDrawn = true;
    return { ...c, rank: i + 1, aboveFundingLine: fits };
  });
}
