import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Min } from 'class-validator';
import { defineEvent } from '../../contract';
import { CASE_REF_EXAMPLE, CaseRef } from './case-ref';

export const DECISION_OUTCOMES = ['approved', 'reserve', 'rejected'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export class CaseDecidedV1 extends CaseRef {
  @IsIn(DECISION_OUTCOMES) outcome!: DecisionOutcome;
  /** The approved amount; present only when approved. */
  @IsOptional() @IsInt() @Min(0) amountPence?: number;
  @IsString() @Length(1, 2000) reason!: string;
  @IsString() @Length(1, 200) decidedBy!: string;
  @IsISO8601({ strict: true }) decidedAt!: string;
}

export const CaseDecided = defineEvent({
  context: 'awards',
  aggregate: 'case',
  event: 'decided',
  version: 1,
  description: 'A programme officer decided a case: approved (with the amount), reserve or rejected.',
  payload: CaseDecidedV1,
  example: {
    ...CASE_REF_EXAMPLE,
    outcome: 'approved',
    amountPence: 2_500_000,
    reason: 'Strong case with clear staff support; above the funding line',
    decidedBy: 'officer-sam',
    decidedAt: '2026-06-10T11:00:00.000Z',
  },
});
