import { DomainError } from './domain-error';
import { formatPence, Pence } from './money';

/**
 * A budget's owner (intake for programmes, applications for funds) may lower it to what the awards
 * service has committed on it, never below: awards could not honour approvals already made.
 */
export function assertBudgetCoversCommitted(budgetPence: Pence, committedPence: Pence, what: string): void {
  if (budgetPence >= committedPence) return;
  throw new DomainError(
    'conflict',
    'budget-below-committed',
    `${formatPence(committedPence)} is already committed on ${what}: its budget cannot be lowered below that (${formatPence(budgetPence)} was asked for)`,
    { committedPence, budgetPence, fields: ['budgetPence'] },
  );
}
