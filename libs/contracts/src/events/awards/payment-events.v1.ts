import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsString, IsUUID, Length, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../../contract';
import { AwardRef } from './award-events.v1';
import { CASE_REF_EXAMPLE } from './case-ref';

const AWARD_EXAMPLE = { ...CASE_REF_EXAMPLE, awardId: '5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b', amountPence: 2_500_000 };

export class ScheduledMilestone {
  @IsUUID() milestoneId!: string;
  @IsString() @Length(1, 200) name!: string;
  @IsInt() @Min(1) amountPence!: number;
  /** Calendar date the payment is due, YYYY-MM-DD. */
  @IsISO8601({ strict: true }) dueOn!: string;
}

export class AwardPaymentScheduledV1 extends AwardRef {
  /** The whole schedule; it sums to the award. */
  @ValidateNested({ each: true }) @Type(() => ScheduledMilestone) milestones!: ScheduledMilestone[];
  @IsString() @Length(1, 200) scheduledBy!: string;
  @IsISO8601({ strict: true }) scheduledAt!: string;
}

export const AwardPaymentScheduled = defineEvent({
  context: 'awards',
  aggregate: 'award',
  event: 'payment-scheduled',
  version: 1,
  description: "An award's milestone payment schedule was agreed (it sums to the award).",
  payload: AwardPaymentScheduledV1,
  example: {
    ...AWARD_EXAMPLE,
    milestones: [
      { milestoneId: '3c2b1a0f-9e8d-4c7b-a6f5-e4d3c2b1a0f9', name: 'On signing the grant agreement', amountPence: 1_250_000, dueOn: '2026-06-25' },
      { milestoneId: '4d3c2b1a-0f9e-4d8c-b7a6-f5e4d3c2b1a0', name: 'On receipt of the business plan', amountPence: 1_250_000, dueOn: '2026-09-30' },
    ],
    scheduledBy: 'officer-sam',
    scheduledAt: '2026-06-21T09:00:00.000Z',
  },
});

export class AwardClawedBackV1 extends AwardRef {
  @IsInt() @Min(1) clawedBackPence!: number;
  @IsString() @Length(1, 2000) reason!: string;
  @IsString() @Length(1, 200) recordedBy!: string;
  @IsISO8601({ strict: true }) recordedAt!: string;
}

export const AwardClawedBack = defineEvent({
  context: 'awards',
  aggregate: 'award',
  event: 'clawed-back',
  version: 1,
  description: 'Money paid on an award is being recovered (clawback), with the reason.',
  payload: AwardClawedBackV1,
  example: {
    ...AWARD_EXAMPLE,
    clawedBackPence: 500_000,
    reason: 'Spent on advisers not named in the grant agreement',
    recordedBy: 'officer-sam',
    recordedAt: '2026-11-02T14:00:00.000Z',
  },
});
