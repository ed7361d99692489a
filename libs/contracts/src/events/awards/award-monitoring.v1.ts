import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../../contract';
import { AwardRef } from './award-events.v1';
import { CASE_REF_EXAMPLE } from './case-ref';

const AWARD_EXAMPLE = { ...CASE_REF_EXAMPLE, awardId: '5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b', amountPence: 2_500_000 };
const CONDITION_EXAMPLE = { conditionId: '6f5e4d3c-2b1a-4f0e-9d8c-7b6a5f4e3d2c', condition: 'Report on outcomes after six months' };

/** One condition of an award, named as the offer stated it. */
export class AwardConditionRef extends AwardRef {
  @IsUUID() conditionId!: string;
  @IsString() @Length(1, 1000) condition!: string;
}

export class AwardConditionEvidenceSubmittedV1 extends AwardConditionRef {
  /** Documents on the award's case that evidence it (ids only; the bytes stay in awards). */
  @IsArray() @IsUUID('all', { each: true }) documentIds!: string[];
  @IsOptional() @IsString() @Length(1, 4000) note?: string;
  @IsString() @Length(1, 200) submittedBy!: string;
  @IsISO8601({ strict: true }) submittedAt!: string;
}

export const AwardConditionEvidenceSubmitted = defineEvent({
  context: 'awards',
  aggregate: 'award',
  event: 'condition-evidence-submitted',
  version: 1,
  description: 'Evidence that a condition of an award is met was submitted (a note and/or documents); an officer is to accept it.',
  payload: AwardConditionEvidenceSubmittedV1,
  example: { ...AWARD_EXAMPLE, ...CONDITION_EXAMPLE, documentIds: ['3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b'], note: 'Six-month report attached', submittedBy: 'user-3bm-lead', submittedAt: '2026-12-20T10:00:00.000Z' },
});

export class AwardConditionResolvedV1 extends AwardConditionRef {
  @IsIn(['met', 'waived']) outcome!: 'met' | 'waived';
  /** Why a condition was waived; absent when met. */
  @IsOptional() @IsString() @Length(1, 2000) reason?: string;
  /** The programme officer who accepted the evidence or waived the condition. */
  @IsString() @Length(1, 200) decidedBy!: string;
  @IsISO8601({ strict: true }) decidedAt!: string;
}

export const AwardConditionResolved = defineEvent({
  context: 'awards',
  aggregate: 'award',
  event: 'condition-resolved',
  version: 1,
  description: "A programme officer accepted a condition's evidence (met) or waived it with a reason; payments that depended on it may now be made.",
  payload: AwardConditionResolvedV1,
  example: { ...AWARD_EXAMPLE, ...CONDITION_EXAMPLE, outcome: 'met' as const, decidedBy: 'officer-sam', decidedAt: '2026-12-21T09:00:00.000Z' },
});

export class MonitoringPeriod {
  @IsUUID() returnId!: string;
  @IsInt() @Min(1) period!: number;
  /** Calendar dates, YYYY-MM-DD. */
  @IsISO8601({ strict: true }) periodStart!: string;
  @IsISO8601({ strict: true }) periodEnd!: string;
  @IsISO8601({ strict: true }) dueOn!: string;
}

export class AwardMonitoringScheduledV1 extends AwardRef {
  @IsInt() @Min(1) intervalMonths!: number;
  /** The returns not yet submitted, as now scheduled (replacing any earlier schedule of them). */
  @ValidateNested({ each: true }) @Type(() => MonitoringPeriod) returns!: MonitoringPeriod[];
  @IsString() @Length(1, 200) scheduledBy!: string;
  @IsISO8601({ strict: true }) scheduledAt!: string;
}

const PERIOD_EXAMPLE = { returnId: '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d', period: 1, periodStart: '2026-06-20', periodEnd: '2026-09-20', dueOn: '2026-10-20' };

export const AwardMonitoringScheduled = defineEvent({
  context: 'awards',
  aggregate: 'award',
  event: 'monitoring-scheduled',
  version: 1,
  description: "The award's monitoring returns were scheduled: one per interval from acceptance (or as an officer set it), each with its due date.",
  payload: AwardMonitoringScheduledV1,
  example: { ...AWARD_EXAMPLE, intervalMonths: 3, returns: [PERIOD_EXAMPLE], scheduledBy: 'user-3bm-lead', scheduledAt: '2026-06-20T10:00:00.000Z' },
});

export class AwardMonitoringReturnRef extends AwardRef {
  @IsUUID() returnId!: string;
  @IsInt() @Min(1) period!: number;
  @IsISO8601({ strict: true }) dueOn!: string;
}

export class ServiceOutcome {
  @IsString() @Length(1, 200) measure!: string;
  @IsString() @Length(1, 200) value!: string;
}

export class AwardMonitoringReturnSubmittedV1 extends AwardMonitoringReturnRef {
  @IsInt() @Min(0) staff!: number;
  @IsInt() @Min(0) contractValuePence!: number;
  @IsInt() @Min(0) contractRenewals!: number;
  @IsInt() @Min(0) turnoverPence!: number;
  @IsInt() @Min(0) savingsToCommissionerPence!: number;
  @ValidateNested({ each: true }) @Type(() => ServiceOutcome) outcomes!: ServiceOutcome[];
  @IsString() @Length(1, 200) submittedBy!: string;
  @IsISO8601({ strict: true }) submittedAt!: string;
}

export const AwardMonitoringReturnSubmitted = defineEvent({
  context: 'awards',
  aggregate: 'award',
  event: 'monitoring-return-submitted',
  version: 1,
  description: 'The mutual submitted a monitoring return: staff, contract value and renewals, turnover, savings to the commissioner and service outcomes.',
  payload: AwardMonitoringReturnSubmittedV1,
  example: {
    ...AWARD_EXAMPLE,
    returnId: PERIOD_EXAMPLE.returnId,
    period: 1,
    dueOn: PERIOD_EXAMPLE.dueOn,
    staff: 250,
    contractValuePence: 1_200_000_000,
    contractRenewals: 0,
    turnoverPence: 310_000_000,
    savingsToCommissionerPence: 45_000_000,
    outcomes: [{ measure: 'People supported at home', value: '1,240' }],
    submittedBy: 'user-3bm-lead',
    submittedAt: '2026-10-10T10:00:00.000Z',
  },
});

export class AwardMonitoringReturnReviewedV1 extends AwardMonitoringReturnRef {
  /** Accepted, or returned to the mutual to correct. */
  @IsIn(['accepted', 'returned']) outcome!: 'accepted' | 'returned';
  @IsOptional() @IsString() @Length(1, 2000) note?: string;
  @IsString() @Length(1, 200) reviewedBy!: string;
  @IsISO8601({ strict: true }) reviewedAt!: string;
}

export const AwardMonitoringReturnReviewed = defineEvent({
  context: 'awards',
  aggregate: 'award',
  event: 'monitoring-return-reviewed',
  version: 1,
  description: 'A programme officer reviewed a monitoring return: accepted it, or returned it to the mutual with a note.',
  payload: AwardMonitoringReturnReviewedV1,
  example: { ...AWARD_EXAMPLE, returnId: PERIOD_EXAMPLE.returnId, period: 1, dueOn: PERIOD_EXAMPLE.dueOn, outcome: 'accepted' as const, reviewedBy: 'officer-sam', reviewedAt: '2026-10-12T09:00:00.000Z' },
});

export class AwardMonitoringReturnRemindedV1 extends AwardMonitoringReturnRef {
  /** due-soon: a reminder before the due date; overdue: flagged once, the day after it passes unsubmitted. */
  @IsIn(['due-soon', 'overdue']) kind!: 'due-soon' | 'overdue';
  @IsISO8601({ strict: true }) at!: string;
}

export const AwardMonitoringReturnReminded = defineEvent({
  context: 'awards',
  aggregate: 'award',
  event: 'monitoring-return-reminded',
  version: 1,
  description: 'A monitoring return falls due soon, or is overdue (flagged once); notifications can remind the mutual.',
  payload: AwardMonitoringReturnRemindedV1,
  example: { ...AWARD_EXAMPLE, returnId: PERIOD_EXAMPLE.returnId, period: 1, dueOn: PERIOD_EXAMPLE.dueOn, kind: 'overdue' as const, at: '2026-10-21T06:00:00.000Z' },
});
