import { DomainError, StateMachine } from '@mutuals/domain';

export const ROUND_STATUSES = ['draft', 'scheduled', 'open', 'closed', 'in_assessment', 'decided', 'archived'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/** Opening and closing are the scheduler's alone: they happen on time, whoever is watching. */
export const roundLifecycle = new StateMachine<RoundStatus>('round', {
  draft: ['scheduled'],
  scheduled: ['draft', 'open'],
  open: ['closed'],
  closed: ['in_assessment'],
  in_assessment: ['decided'],
  decided: ['archived'],
  archived: [],
});

/** The moves an officer makes by hand. */
export const OFFICER_ROUND_MOVES = ['scheduled', 'draft', 'in_assessment', 'decided', 'archived'] as const;

export interface EligibilityRules {
  /** The lead and every partner must be English local authorities (ONS codes E06-E10). */
  englishLocalAuthoritiesOnly: boolean;
  jointBidsAllowed: boolean;
  /** Partners a joint bid may name besides its lead. */
  maxPartners: number;
}

export interface Question {
  id: string;
  text: string;
  wordLimit: number;
  required: boolean;
}

export interface RoundTimes {
  opensAt: Date;
  closesAt: Date;
}

export interface WeightedCriterion {
  id: string;
  name?: string;
  weight: number;
}

/** What is wrong with a round's settings as a whole (the DTOs check each field), with the fields at fault. */
export function roundSettingsFaults(times: RoundTimes, questions: Question[], criteria: WeightedCriterion[]): { problem: string; fields: string[] }[] {
  const faults: { problem: string; fields: string[] }[] = [];
  if (times.opensAt.getUTCMilliseconds() !== 0 || times.closesAt.getUTCMilliseconds() !== 0) {
    faults.push({ problem: 'opensAt and closesAt are to the second: leave out fractions of a second', fields: ['opensAt', 'closesAt'] });
  }
  if (times.closesAt.getTime() <= times.opensAt.getTime()) faults.push({ problem: 'closesAt must be after opensAt', fields: ['closesAt'] });
  const weights = criteria.reduce((sum, c) => sum + c.weight, 0);
  if (weights !== 100) {
    const named = criteria.every((c) => c.name) ? ` (${criteria.map((c) => `${c.name} ${c.weight}`).join(', ')})` : '';
    faults.push({ problem: `the criteria weights${named} add up to ${weights}; they must add up to 100`, fields: criteria.map((_, i) => `assessment.criteria.${i}.weight`) });
  }
  if (new Set(criteria.map((c) => c.id)).size !== criteria.length) faults.push({ problem: 'each criterion needs its own id', fields: ['assessment.criteria'] });
  if (new Set(questions.map((q) => q.id)).size !== questions.length) faults.push({ problem: 'each question needs its own id', fields: ['questions'] });
  return faults;
}

export function roundSettingsProblems(times: RoundTimes, questions: Question[], criteria: WeightedCriterion[]): string[] {
  return roundSettingsFaults(times, questions, criteria).map((f) => f.problem);
}

export function assertRoundSettings(times: RoundTimes, questions: Question[], criteria: WeightedCriterion[]): void {
  const faults = roundSettingsFaults(times, questions, criteria);
  if (faults.length > 0) {
    const problems = faults.map((f) => f.problem);
    throw new DomainError('unprocessable', 'invalid-round-settings', problems.join('; '), { problems, fields: faults.flatMap((f) => f.fields) });
  }
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "16:00:00 UTC on 30 May 2014": how a closing time is told to people. */
export function formatUtc(at: Date): string {
  const time = at.toISOString().slice(11, 19);
  return `${time} UTC on ${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()}`;
}

/** Bids are taken while the round is open and the server's clock is before the closing time; at the closing second it is too late. */
export function submissionRefusal(round: { name: string; status: RoundStatus; opensAt: Date; closesAt: Date }, now: Date): DomainError | undefined {
  if (now.getTime() >= round.closesAt.getTime()) {
    return new DomainError(
      'unprocessable',
      'round-closed',
      `${round.name} closed at ${formatUtc(round.closesAt)} (${round.closesAt.toISOString()}); bids are not accepted at or after the closing time`,
      { closesAt: round.closesAt.toISOString(), receivedAt: now.toISOString() },
    );
  }
  if (round.status !== 'open') {
    return new DomainError('unprocessable', 'round-not-open', `${round.name} opens for bids at ${formatUtc(round.opensAt)}`, { opensAt: round.opensAt.toISOString() });
  }
  return undefined;
}
