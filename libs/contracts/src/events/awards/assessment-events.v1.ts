import { IsArray, IsIn, IsInt, IsISO8601, IsNumber, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { defineEvent } from '../../contract';
import { CASE_REF_EXAMPLE, CaseRef } from './case-ref';

export const RECOMMENDATIONS = ['fund', 'fund-with-conditions', 'do-not-fund'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

export class AssessmentSubmittedV1 extends CaseRef {
  @IsUUID() assessmentId!: string;
  @IsString() @Length(1, 200) assessorId!: string;
  /** Computed from the criterion scores and weights, 0-100 with two decimals. */
  @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) weightedScore!: number;
  @IsIn(RECOMMENDATIONS) recommendation!: Recommendation;
  @IsISO8601({ strict: true }) submittedAt!: string;
}

export const AssessmentSubmitted = defineEvent({
  context: 'awards',
  aggregate: 'assessment',
  event: 'submitted',
  version: 1,
  description: 'An assessor submitted (and so locked) their scored assessment of a case.',
  payload: AssessmentSubmittedV1,
  example: {
    ...CASE_REF_EXAMPLE,
    assessmentId: '8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a',
    assessorId: 'assessor-priya',
    weightedScore: 74.5,
    recommendation: 'fund',
    submittedAt: '2026-05-27T15:20:00.000Z',
  },
});

export class CaseModeratedV1 extends CaseRef {
  /** The assessors' weighted totals that disagreed by more than the threshold. */
  @IsArray() @IsNumber({ maxDecimalPlaces: 2 }, { each: true }) assessorScores!: number[];
  @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) agreedScore!: number;
  @IsString() @Length(1, 2000) reason!: string;
  @IsString() @Length(1, 200) moderatedBy!: string;
  @IsISO8601({ strict: true }) moderatedAt!: string;
}

export const CaseModerated = defineEvent({
  context: 'awards',
  aggregate: 'case',
  event: 'moderated',
  version: 1,
  description: "A moderator recorded the agreed score of a case whose assessors' scores diverged.",
  payload: CaseModeratedV1,
  example: {
    ...CASE_REF_EXAMPLE,
    assessorScores: [82, 51.5],
    agreedScore: 68,
    reason: 'Second assessor under-weighted the parent body’s letter of support',
    moderatedBy: 'officer-sam',
    moderatedAt: '2026-06-01T10:00:00.000Z',
  },
});

export class CaseAllocationBlockedV1 extends CaseRef {
  @IsString() @Length(1, 2000) reason!: string;
  @IsInt() @Min(1) assessorsNeeded!: number;
  @IsInt() @Min(0) assessorsAllocated!: number;
  @IsISO8601({ strict: true }) flaggedAt!: string;
}

export const CaseAllocationBlocked = defineEvent({
  context: 'awards',
  aggregate: 'case',
  event: 'allocation-blocked',
  version: 1,
  description: 'Not enough assessors without a conflict and with spare capacity: officers must act on the case.',
  payload: CaseAllocationBlockedV1,
  example: {
    ...CASE_REF_EXAMPLE,
    reason: 'Only 1 of 2 assessors available: 3 have a conflict of interest, 2 are at capacity',
    assessorsNeeded: 2,
    assessorsAllocated: 1,
    flaggedAt: '2026-05-15T08:00:00.000Z',
  },
});
