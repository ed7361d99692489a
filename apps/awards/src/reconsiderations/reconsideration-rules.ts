import { DomainError } from '@mutuals/domain';

const DAY_MS = 86_400_000;
const london = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'long', timeStyle: 'short' });

/** The last moment a decision may be challenged. */
export function reconsiderationDeadline(decidedAt: Date, days: number): Date {
  return new Date(decidedAt.getTime() + days * DAY_MS);
}

export function assertWithinWindow(decidedAt: Date, days: number, now: Date): void {
  const deadline = reconsiderationDeadline(decidedAt, days);
  if (now > deadline) {
    throw new DomainError(
      'unprocessable',
      'reconsideration-window-closed',
      `A reconsideration had to be asked for within ${days} days of the decision, by ${london.format(deadline)} (UK time); that deadline has passed`,
      { deadline: deadline.toISOString() },
    );
  }
}

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
 * Why this officer took part in the decision, if they did: named on the decision or moderation, or
 * recorded in the case's audit trail as deciding, approving or moderating it. Reviews must be independent.
 */
export function partTakenBy(officerId: string, records: DecisionRecord[]): string | undefined {
  const mine = records.filter((r) => r.actor === officerId && PART_OF_DECISION[r.action]);
  const decided = mine.find((r) => r.action === 'decided-rejected');
  return PART_OF_DECISION[(decided ?? mine[0])?.action ?? ''];
}

export function assertIndependentReviewer(officerId: string, records: DecisionRecord[]): void {
  const why = partTakenBy(officerId, records);
  if (why) {
    throw new DomainError('forbidden', 'reviewer-took-part', `You cannot review this reconsideration: ${why}. A programme officer who took no part in the decision must review it`);
  }
}
