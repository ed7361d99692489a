import { IsArray, IsInt, IsISO8601, IsString, IsUUID, Length, Min } from 'class-validator';
import { defineEvent } from '../../contract';
import { CASE_REF_EXAMPLE, CaseRef } from './case-ref';

export class AwardRef extends CaseRef {
  @IsUUID() awardId!: string;
  @IsInt() @Min(0) amountPence!: number;
}

const AWARD_EXAMPLE = { ...CASE_REF_EXAMPLE, awardId: '5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b', amountPence: 2_500_000 };

export class AwardOfferedV1 extends AwardRef {
  @IsArray() @IsString({ each: true }) conditions!: string[];
  @IsISO8601({ strict: true }) expiresAt!: string;
}

export const AwardOffered = defineEvent({
  context: 'awards',
  aggregate: 'award',
  event: 'offered',
  version: 1,
  description: 'A grant offer with conditions and an expiry was issued to the applicant.',
  payload: AwardOfferedV1,
  example: {
    ...AWARD_EXAMPLE,
    conditions: ['Spend only on the advisers named in the application', 'Report on outcomes after six months'],
    expiresAt: '2026-07-10T16:00:00.000Z',
  },
});

export class AwardRespondedV1 extends AwardRef {
  @IsString() @Length(1, 200) respondedBy!: string;
  @IsISO8601({ strict: true }) respondedAt!: string;
}

export const AwardAccepted = defineEvent({
  context: 'awards',
  aggregate: 'award',
  event: 'accepted',
  version: 1,
  description: 'The applicant accepted the grant offer; the award is active.',
  payload: AwardRespondedV1,
  example: { ...AWARD_EXAMPLE, respondedBy: 'user-3bm-lead', respondedAt: '2026-06-20T10:00:00.000Z' },
});

export const AwardDeclined = defineEvent({
  context: 'awards',
  aggregate: 'award',
  event: 'declined',
  version: 1,
  description: 'The applicant declined the grant offer; its budget is freed.',
  payload: AwardRespondedV1,
  example: { ...AWARD_EXAMPLE, respondedBy: 'user-3bm-lead', respondedAt: '2026-06-20T10:00:00.000Z' },
});

export class AwardLapsedV1 extends AwardRef {
  @IsISO8601({ strict: true }) lapsedAt!: string;
}

export const AwardLapsed = defineEvent({
  context: 'awards',
  aggregate: 'award',
  event: 'lapsed',
  version: 1,
  description: 'The offer expired without an answer; its budget is freed.',
  payload: AwardLapsedV1,
  example: { ...AWARD_EXAMPLE, lapsedAt: '2026-07-10T16:00:00.000Z' },
});

export class AwardPaymentMadeV1 extends AwardRef {
  @IsUUID() milestoneId!: string;
  @IsString() @Length(1, 200) milestone!: string;
  @IsInt() @Min(1) paidPence!: number;
  @IsInt() @Min(0) totalPaidPence!: number;
  @IsISO8601({ strict: true }) paidAt!: string;
}

export const AwardPaymentMade = defineEvent({
  context: 'awards',
  aggregate: 'award',
  event: 'payment-made',
  version: 1,
  description: 'A payment milestone of an award was paid.',
  payload: AwardPaymentMadeV1,
  example: {
    ...AWARD_EXAMPLE,
    milestoneId: '3c2b1a0f-9e8d-4c7b-a6f5-e4d3c2b1a0f9',
    milestone: 'On signing the grant agreement',
    paidPence: 1_250_000,
    totalPaidPence: 1_250_000,
    paidAt: '2026-06-25T12:00:00.000Z',
  },
});
