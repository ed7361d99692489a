import { IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { defineEvent } from '../../contract';
import { AwardRef } from './award-events.v1';
import { CASE_REF_EXAMPLE, CaseRef } from './case-ref';

/** Decisions an applicant or council may ask to have reconsidered. */
export const RECONSIDERABLE_OUTCOMES = ['rejected'] as const;
export const RECONSIDERATION_OUTCOMES = ['upheld', 'overturned'] as const;
export type ReconsiderationOutcome = (typeof RECONSIDERATION_OUTCOMES)[number];
/** Where an overturned decision sends the case: back to assessment (scores kept, one more assessor) or to a new decision. */
export const REOPEN_STAGES = ['in-assessment', 'assessed'] as const;
export type ReopenStage = (typeof REOPEN_STAGES)[number];

export class CaseReconsiderationRequestedV1 extends CaseRef {
  @IsUUID() reconsiderationId!: string;
  @IsIn(RECONSIDERABLE_OUTCOMES) decisionOutcome!: (typeof RECONSIDERABLE_OUTCOMES)[number];
  @IsISO8601({ strict: true }) decidedAt!: string;
  /** The officer whose decision it was, who may not review it. */
  @IsString() @Length(1, 200) decidedBy!: string;
  @IsString() @Length(1, 5000) grounds!: string;
  /** Supporting documents, by id; the bytes stay in the documents store. */
  @IsArray() @IsUUID('all', { each: true }) documentIds!: string[];
  @IsString() @Length(1, 200) requestedBy!: string;
  @IsISO8601({ strict: true }) requestedAt!: string;
}

const RECONSIDERATION_ID = '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d';

export const CaseReconsiderationRequested = defineEvent({
  context: 'awards',
  aggregate: 'case',
  event: 'reconsideration-requested',
  version: 1,
  description: 'The applicant or council asked, in time and with grounds, for the decision on their case to be reconsidered; an officer who took no part in it will review it.',
  payload: CaseReconsiderationRequestedV1,
  example: {
    ...CASE_REF_EXAMPLE,
    reconsiderationId: RECONSIDERATION_ID,
    decisionOutcome: 'rejected',
    decidedAt: '2026-06-10T11:00:00.000Z',
    decidedBy: 'officer-sam',
    grounds: 'The assessors did not see the letter of support from the parent body, sent on 2 June.',
    documentIds: ['0d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a'],
    requestedBy: 'user-3bm-lead',
    requestedAt: '2026-06-15T09:30:00.000Z',
  },
});

export class CaseReconsideredV1 extends CaseRef {
  @IsUUID() reconsiderationId!: string;
  @IsIn(RECONSIDERATION_OUTCOMES) outcome!: ReconsiderationOutcome;
  @IsString() @Length(1, 2000) reason!: string;
  /** Where an overturned case went back to; absent when upheld. */
  @IsOptional() @IsIn(REOPEN_STAGES) reopenedAt?: ReopenStage;
  @IsString() @Length(1, 200) reviewedBy!: string;
  @IsISO8601({ strict: true }) reviewedAt!: string;
}

export const CaseReconsidered = defineEvent({
  context: 'awards',
  aggregate: 'case',
  event: 'reconsidered',
  version: 1,
  description: 'An officer who took no part in the decision reviewed the request: upheld (the decision stands) or overturned (the case re-opens where it left off).',
  payload: CaseReconsideredV1,
  example: {
    ...CASE_REF_EXAMPLE,
    reconsiderationId: RECONSIDERATION_ID,
    outcome: 'overturned',
    reason: 'The letter of support answers the panel’s concern; a further assessor will score the case.',
    reopenedAt: 'in-assessment',
    reviewedBy: 'officer-kim',
    reviewedAt: '2026-06-20T14:00:00.000Z',
  },
});

export class AwardOfferReissuedV1 extends AwardRef {
  @IsArray() @IsString({ each: true }) conditions!: string[];
  @IsISO8601({ strict: true }) expiresAt!: string;
  @IsISO8601({ strict: true }) previousExpiresAt!: string;
  /** Committed again because the lapse had released it. */
  @IsInt() @Min(0) recommittedPence!: number;
  @IsString() @Length(1, 200) reissuedBy!: string;
  @IsISO8601({ strict: true }) reissuedAt!: string;
}

export const AwardOfferReissued = defineEvent({
  context: 'awards',
  aggregate: 'award',
  event: 'offer-reissued',
  version: 1,
  description: 'An officer re-issued a lapsed offer with a new expiry; its amount is committed against the budget again.',
  payload: AwardOfferReissuedV1,
  example: {
    ...CASE_REF_EXAMPLE,
    awardId: '5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b',
    amountPence: 2_500_000,
    conditions: ['Report on outcomes after six months'],
    expiresAt: '2026-08-10T16:00:00.000Z',
    previousExpiresAt: '2026-07-10T16:00:00.000Z',
    recommittedPence: 2_500_000,
    reissuedBy: 'officer-sam',
    reissuedAt: '2026-07-12T09:00:00.000Z',
  },
});

export class CaseAssessmentOverdueV1 extends CaseRef {
  @IsString() @Length(1, 200) assessorId!: string;
  @IsString() @Length(1, 200) assessorName!: string;
  @IsISO8601({ strict: true }) dueAt!: string;
  @IsISO8601({ strict: true }) detectedAt!: string;
}

export const CaseAssessmentOverdue = defineEvent({
  context: 'awards',
  aggregate: 'case',
  event: 'assessment-overdue',
  version: 1,
  description: 'An allocated assessor has not submitted by the due date; officers are told once per allocation.',
  payload: CaseAssessmentOverdueV1,
  example: {
    ...CASE_REF_EXAMPLE,
    assessorId: 'assessor-priya',
    assessorName: 'Priya Shah',
    dueAt: '2026-05-29T08:00:00.000Z',
    detectedAt: '2026-05-29T08:01:00.000Z',
  },
});
