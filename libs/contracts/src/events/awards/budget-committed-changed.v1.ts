import { IsIn, IsInt, IsISO8601, IsUUID, Min } from 'class-validator';
import { defineEvent } from '../../contract';

export const PROGRAMME_KINDS = ['bid-programme', 'fund'] as const;
export type ProgrammeKind = (typeof PROGRAMME_KINDS)[number];

/**
 * What awards has committed on a programme or fund, as a whole figure rather than a change, so a
 * consumer that keeps the highest revision is right whatever order or how often events arrive.
 */
export class BudgetCommittedChangedV1 {
  /** The bid programme (intake) or fund (applications). */
  @IsUUID() programmeId!: string;
  @IsIn(PROGRAMME_KINDS) kind!: ProgrammeKind;
  /** Approved and not declined, lapsed, withdrawn or recovered: the least the budget may be. */
  @IsInt() @Min(0) committedPence!: number;
  /** The budget awards holds (its owner's latest revision as awards has it). */
  @IsInt() @Min(0) budgetPence!: number;
  /** Increases with every change of the commitment. */
  @IsInt() @Min(1) revision!: number;
  @IsISO8601({ strict: true }) changedAt!: string;
}

export const BudgetCommittedChanged = defineEvent({
  context: 'awards',
  aggregate: 'budget',
  event: 'committed-changed',
  version: 1,
  description:
    'What is committed on a programme or fund changed (an approval, a decline, a lapse, a withdrawal, a clawback). ' +
    "The budget's owner keeps the latest figure and refuses to lower the budget below it.",
  payload: BudgetCommittedChangedV1,
  example: {
    programmeId: '0b7d8a52-5b7e-4f7e-9f55-2f0c6f1d9a01',
    kind: 'fund',
    committedPence: 62_500_000,
    budgetPence: 100_000_000,
    revision: 14,
    changedAt: '2026-09-01T10:00:00.000Z',
  },
});
