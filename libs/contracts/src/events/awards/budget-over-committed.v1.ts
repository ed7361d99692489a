import { IsInt, IsISO8601, IsString, IsUUID, Length, Min } from 'class-validator';
import { defineEvent } from '../../contract';

export class BudgetOverCommittedV1 {
  @IsUUID() programmeId!: string;
  @IsString() @Length(1, 200) programmeName!: string;
  @IsInt() @Min(0) budgetPence!: number;
  @IsInt() @Min(0) committedPence!: number;
  /** Committed beyond the budget. */
  @IsInt() @Min(1) overCommittedPence!: number;
  /** The revision of the programme or fund settings that lowered the budget. */
  @IsInt() @Min(1) budgetRevision!: number;
  @IsISO8601({ strict: true }) detectedAt!: string;
}

export const BudgetOverCommitted = defineEvent({
  context: 'awards',
  aggregate: 'budget',
  event: 'over-committed',
  version: 1,
  description:
    "A programme's or fund's budget was lowered below what awards had already committed (the change crossed an approval in flight). " +
    'Nothing more is approved on it; officers are alerted to resolve it.',
  payload: BudgetOverCommittedV1,
  example: {
    programmeId: '0b7d8a52-5b7e-4f7e-9f55-2f0c6f1d9a01',
    programmeName: 'Mutuals Interim Support Fund',
    budgetPence: 60_000_000,
    committedPence: 62_500_000,
    overCommittedPence: 2_500_000,
    budgetRevision: 3,
    detectedAt: '2026-09-01T10:00:00.000Z',
  },
});
