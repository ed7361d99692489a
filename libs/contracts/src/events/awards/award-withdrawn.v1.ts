import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Min } from 'class-validator';
import { defineEvent } from '../../contract';
import { AwardRef } from './award-events.v1';
import { CASE_REF_EXAMPLE } from './case-ref';

/** Award statuses a withdrawal can end: the offer stood, or the grant was accepted and perhaps partly or wholly paid. */
export const WITHDRAWABLE_AWARD_STATUSES = ['offered', 'accepted', 'active', 'completed'] as const;

export class AwardWithdrawnV1 extends AwardRef {
  @IsIn(WITHDRAWABLE_AWARD_STATUSES) previousStatus!: (typeof WITHDRAWABLE_AWARD_STATUSES)[number];
  /** The applicant's reason, when they gave one. */
  @IsOptional() @IsString() @Length(1, 2000) reason?: string;
  /** Paid on the award and not recovered: it stays committed until an officer claws it back. */
  @IsInt() @Min(0) paidPence!: number;
  /** The unpaid part of the award, returned to the budget. */
  @IsInt() @Min(0) releasedPence!: number;
  /** Money had been paid: the award is flagged for an officer to decide on recovery. */
  @IsBoolean() officerActionNeeded!: boolean;
  @IsISO8601({ strict: true }) withdrawnAt!: string;
}

export const AwardWithdrawn = defineEvent({
  context: 'awards',
  aggregate: 'award',
  event: 'withdrawn',
  version: 1,
  description:
    'The applicant withdrew after the grant was offered (or accepted): the offer is withdrawn and its unpaid part returned to the budget. ' +
    'Money already paid is not undone: the award is flagged for an officer.',
  payload: AwardWithdrawnV1,
  example: {
    ...CASE_REF_EXAMPLE,
    awardId: '5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b',
    amountPence: 2_500_000,
    previousStatus: 'active',
    reason: 'The parent body has decided to keep the service in house',
    paidPence: 1_250_000,
    releasedPence: 1_250_000,
    officerActionNeeded: true,
    withdrawnAt: '2026-07-02T09:30:00.000Z',
  },
});
