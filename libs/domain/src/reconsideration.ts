import { DomainError } from './domain-error';

const DAY_MS = 86_400_000;
const london = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'long', timeStyle: 'short' });

/** The default number of days after a decision in which it may be challenged. */
export const DEFAULT_RECONSIDERATION_DAYS = 28;

/** The last moment a decision may be challenged. */
export function reconsiderationDeadline(decidedAt: Date, days: number): Date {
  return new Date(decidedAt.getTime() + days * DAY_MS);
}

/** A request after the window is refused, naming the deadline in UK time. */
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

/** Reviews must be independent: one who took part in the decision may not review it, and is told why. */
export function assertIndependentReviewer(tookPartBecause: string | undefined): void {
  if (tookPartBecause) {
    throw new DomainError('forbidden', 'reviewer-took-part', `You cannot review this reconsideration: ${tookPartBecause}. A programme officer who took no part in the decision must review it`);
  }
}
