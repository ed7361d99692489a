import { DomainError, formatPence, Pence } from '@mutuals/domain';

/** GovS 015: spend over £100,000 needs a second approval. */
export const SECOND_APPROVAL_ABOVE_PENCE: Pence = 10_000_000;
/** Subsidy control: minimal financial assistance over the current and two previous financial years. */
export const SUBSIDY_LIMIT_PENCE: Pence = 31_500_000;

export function assertApprovableAmount(amount: Pence, requested: Pence, cap: Pence | null): void {
  if (amount < 1) throw new DomainError('unprocessable', 'amount-required', 'An approval needs an amount of at least 1p');
  if (amount > requested) {
    throw new DomainError('unprocessable', 'amount-above-request', `${formatPence(amount)} is more than the ${formatPence(requested)} asked for`);
  }
  if (cap !== null && amount > cap) {
    throw new DomainError('unprocessable', 'amount-above-cap', `${formatPence(amount)} is more than the ${formatPence(cap)} cap per award`);
  }
}

export function needsSecondApproval(amount: Pence): boolean {
  return amount > SECOND_APPROVAL_ABOVE_PENCE;
}

/** org-id.guide identifiers: country, register, then the id in that register's own format. */
const REGISTER_FORMATS: Record<string, RegExp> = {
  'GB-COH': /^[0-9A-Z]{8}$/,
  'GB-CHC': /^\d{6,7}$/,
  'GB-SC': /^SC\d{6}$/,
  'GB-MPR': /^[0-9A-Z]{1,8}$/,
  'GB-LAE': /^[A-Z]{3,4}$/,
  'GB-GOR': /^[A-Z0-9]{1,10}$/,
  'GB-NHS': /^[A-Z0-9]{3,5}$/,
};

export function identifierProblems(identifier: string): string[] {
  const match = /^([A-Z]{2}-[A-Z]{2,5})-(.+)$/.exec(identifier);
  if (!match) return [`${identifier} is not an org-id such as GB-COH-09876543 (country, register, id)`];
  const format = REGISTER_FORMATS[match[1]];
  if (!format) return [`${match[1]} is not a register we accept (${Object.keys(REGISTER_FORMATS).join(', ')})`];
  if (!format.test(match[2])) return [`${match[2]} is not a well-formed ${match[1]} id`];
  return [];
}

export interface DueDiligenceInput {
  recipientOrgIdentifier: string;
  /** What the recipient declared receiving from elsewhere in the three financial years. */
  subsidyDeclaredPence: Pence;
  /** What this programme has already awarded the same recipient in that window. */
  awardedElsewherePence: Pence;
  amountPence: Pence;
}

export function dueDiligenceProblems(input: DueDiligenceInput): { subsidyTotalPence: Pence; problems: string[] } {
  const problems = identifierProblems(input.recipientOrgIdentifier);
  const subsidyTotalPence = input.subsidyDeclaredPence + input.awardedElsewherePence + input.amountPence;
  if (subsidyTotalPence > SUBSIDY_LIMIT_PENCE) {
    problems.push(`Subsidy over three financial years would be ${formatPence(subsidyTotalPence)}, above the ${formatPence(SUBSIDY_LIMIT_PENCE)} limit`);
  }
  return { subsidyTotalPence, problems };
}

/** 1 April of the financial year two before the one `at` falls in: the start of the subsidy window. */
export function subsidyWindowStart(at: Date): Date {
  const year = at.getUTCMonth() >= 3 ? at.getUTCFullYear() : at.getUTCFullYear() - 1;
  return new Date(Date.UTC(year - 2, 3, 1));
}

export interface MilestoneInput {
  name: string;
  amountPence: Pence;
}

export function assertScheduleSumsTo(milestones: MilestoneInput[], award: Pence): void {
  const total = milestones.reduce((sum, m) => sum + m.amountPence, 0);
  if (total !== award) {
    throw new DomainError('unprocessable', 'schedule-does-not-sum', `The milestones add up to ${formatPence(total)}, not the ${formatPence(award)} awarded`, {
      totalPence: total,
      awardPence: award,
    });
  }
}
