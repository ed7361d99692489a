import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Min } from 'class-validator';
import { defineEvent } from '../../contract';
import { CASE_REF_EXAMPLE, CaseRef } from './case-ref';

/** Why a case closed without an award: its applicant withdrew, or intake screened the bid out. */
export const CASE_CLOSE_REASONS = ['withdrawn', 'ineligible'] as const;
export type CaseCloseReason = (typeof CASE_CLOSE_REASONS)[number];

export class CaseClosedV1 extends CaseRef {
  @IsIn(CASE_CLOSE_REASONS) reason!: CaseCloseReason;
  /** The case's status when it closed, e.g. in-assessment, or approved for an approval withdrawn before its offer. */
  @IsString() @Length(1, 40) previousStatus!: string;
  /** Budget committed to the case and now free again (an approval not yet offered); 0 when nothing was committed. */
  @IsInt() @Min(0) releasedPence!: number;
  /** The applicant's reason for withdrawing, or the screening reasons. */
  @IsOptional() @IsString() @Length(1, 2000) detail?: string;
  /** 'applicant' for a withdrawal, the screening officer's id (or 'automatic') for a screening. */
  @IsString() @Length(1, 200) closedBy!: string;
  @IsISO8601({ strict: true }) closedAt!: string;
}

export const CaseClosed = defineEvent({
  context: 'awards',
  aggregate: 'case',
  event: 'closed',
  version: 1,
  description:
    'A case closed without an award: the applicant withdrew before an offer, or intake re-screened the bid as ineligible before a decision. ' +
    'Its assessors are released and any approval not yet offered is returned to the budget.',
  payload: CaseClosedV1,
  example: {
    ...CASE_REF_EXAMPLE,
    source: 'bid' as const,
    reference: 'DD14-0042',
    reason: 'ineligible',
    previousStatus: 'in-assessment',
    releasedPence: 0,
    detail: 'The partner authority is not an English local authority',
    closedBy: 'officer-sam',
    closedAt: '2026-05-20T10:00:00.000Z',
  },
});
