/** What the decision records say about who shaped it. */
export interface DecisionRecord {
  action: string;
  actor: string;
}

/** Audit actions that make an officer part of a decision: deciding it, approving first, or moderating its scores. */
const PART_OF_DECISION: Record<string, string> = {
  'decided-rejected': 'you made the decision being reconsidered',
  'decided-approved': 'you made a decision on this case',
  'decided-reserve': 'you made a decision on this case',
  'approval-requested': 'you gave the first approval on this case',
  moderated: 'you moderated the scores the decision rested on',
};

/**
 * Why this officer took part in the decision, if they did: recorded in the case's audit trail as
 * deciding, approving or moderating it (the trail records every decision, approval and moderation).
 */
export function partTakenBy(officerId: string, records: DecisionRecord[]): string | undefined {
  const mine = records.filter((r) => r.actor === officerId && PART_OF_DECISION[r.action]);
  const decided = mine.find((r) => r.action === 'decided-rejected');
  return PART_OF_DECISION[(decided ?? mine[0])?.action ?? ''];
}
