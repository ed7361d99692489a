import { WITHDRAWABLE_AWARD_STATUSES } from '@mutuals/contracts';
import { formatPence } from '@mutuals/domain';
import { CaseStatus, UNDECIDED } from './case';

/**
 * What a withdrawal or a re-screening from a case's source (intake or applications) does, whatever
 * the case has reached when it arrives. Streams keep one aggregate's events in order, but an
 * applicant can withdraw (and an officer re-screen) before the service they use has heard of
 * awards' decision, and replayed dead letters or legacy topics arrive late, so every state counts.
 */

export interface CaseState {
  status: CaseStatus;
  approvedPence: number | null;
}

export interface AwardState {
  status: string;
  amountPence: number;
  paidPence: number;
}

export type WithdrawalEffect =
  /** No case yet: the recorded withdrawal stops it from opening later. */
  | { kind: 'no-case' }
  /** Close the case; an approval not yet offered returns its amount to the budget. */
  | { kind: 'close'; releasePence: number }
  /** Withdraw the offer or grant: the unpaid part returns to the budget, paid money stays committed and is flagged. */
  | { kind: 'withdraw-award'; releasePence: number; paidPence: number }
  | { kind: 'nothing'; why: string };

export function withdrawalEffect(c: CaseState | undefined, award: AwardState | undefined): WithdrawalEffect {
  if (!c) return { kind: 'no-case' };
  if (UNDECIDED.includes(c.status)) return { kind: 'close', releasePence: 0 };
  if (c.status === 'approved') return { kind: 'close', releasePence: c.approvedPence ?? 0 };
  if (c.status === 'offered' && award && (WITHDRAWABLE_AWARD_STATUSES as readonly string[]).includes(award.status)) {
    return { kind: 'withdraw-award', releasePence: award.amountPence - award.paidPence, paidPence: award.paidPence };
  }
  if (c.status === 'offered') return { kind: 'nothing', why: `the award is ${award?.status ?? 'missing'}: nothing is committed that a withdrawal could free` };
  return { kind: 'nothing', why: `the case is ${c.status}` };
}

export type RescreeningEffect =
  /** No case yet: the recorded screening stops it from opening unless a newer one says eligible. */
  | { kind: 'no-case' }
  /** Undecided: close it and release its assessors. */
  | { kind: 'close' }
  /**
   * Approved, or offered and not declined or lapsed: keep the decision and flag it. The approval was
   * an officer's decision, already told to the council, and may carry a commitment, an offer or
   * payments; intake allowed the override only because it had not yet heard of that decision. Undoing
   * it automatically would reverse public money decisions without anyone deciding to, so an officer
   * resolves it (rescind the award, or put the screening back).
   */
  | { kind: 'refuse-and-flag' }
  | { kind: 'nothing'; why: string };

export function rescreeningEffect(c: CaseState | undefined, award: AwardState | undefined): RescreeningEffect {
  if (!c) return { kind: 'no-case' };
  if (UNDECIDED.includes(c.status)) return { kind: 'close' };
  if (c.status === 'approved') return { kind: 'refuse-and-flag' };
  if (c.status === 'offered' && award && !['declined', 'lapsed', 'withdrawn'].includes(award.status)) return { kind: 'refuse-and-flag' };
  // Rejected, withdrawn, already ineligible, or an offer nobody took up: nothing stands to be paid.
  return { kind: 'nothing', why: `the case is ${c.status}${award ? ` and its award ${award.status}` : ''}` };
}

/** The text an officer sees on a case whose approval outlived an ineligible screening. */
export function rescreeningFlag(screenedBy: string, screenedAt: string, reasons: string[], status: CaseStatus): string {
  return `Screened ineligible by ${screenedBy} at ${screenedAt} after the case was ${status}: ${reasons.length > 0 ? reasons.join('; ') : 'no reason given'}. The decision stands until an officer resolves it.`;
}

/** The text an officer sees on an award withdrawn after money was paid on it. */
export function paidWithdrawalFlag(paidPence: number, withdrawnAt: string): string {
  return `Withdrawn by the applicant at ${withdrawnAt} after ${formatPence(paidPence)} had been paid: decide whether to claw it back.`;
}
