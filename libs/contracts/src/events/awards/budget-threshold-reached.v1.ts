import { IsInt, IsISO8601, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { defineEvent } from '../../contract';

export class BudgetThresholdReachedV1 {
  @IsUUID() programmeId!: string;
  @IsString() @Length(1, 200) programmeName!: string;
  @IsInt() @Min(0) budgetPence!: number;
  @IsInt() @Min(0) committedPence!: number;
  /** The threshold crossed, in percent of the budget (e.g. 90). */
  @IsInt() @Min(1) @Max(100) thresholdPercent!: number;
  @IsISO8601({ strict: true }) reachedAt!: string;
}

export const BudgetThresholdReached = defineEvent({
  context: 'awards',
  aggregate: 'budget',
  event: 'threshold-reached',
  version: 1,
  description: "Commitments passed a threshold of a programme's or fund's budget (90%): officers are alerted once per threshold.",
  payload: BudgetThresholdReachedV1,
  example: {
    programmeId: '0b7d8a52-5b7e-4f7e-9f55-2f0c6f1d9a01',
    programmeName: 'Mutuals Interim Support Fund',
    budgetPence: 100_000_000,
    committedPence: 91_000_000,
    thresholdPercent: 90,
    reachedAt: '2026-09-01T10:00:00.000Z',
  },
});
