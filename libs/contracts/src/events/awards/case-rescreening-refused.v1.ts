import { IsArray, IsISO8601, IsString, Length } from 'class-validator';
import { defineEvent } from '../../contract';
import { CASE_REF_EXAMPLE, CaseRef } from './case-ref';

export class CaseRescreeningRefusedV1 extends CaseRef {
  /** The case's status, which the screening did not change (approved or offered). */
  @IsString() @Length(1, 40) status!: string;
  @IsString() @Length(1, 200) screenedBy!: string;
  @IsArray() @IsString({ each: true }) reasons!: string[];
  @IsISO8601({ strict: true }) screenedAt!: string;
  /** What the officer is asked to look at, as shown on the case. */
  @IsString() @Length(1, 2000) flaggedReason!: string;
  @IsISO8601({ strict: true }) flaggedAt!: string;
}

export const CaseRescreeningRefused = defineEvent({
  context: 'awards',
  aggregate: 'case',
  event: 'rescreening-refused',
  version: 1,
  description:
    'Intake screened a bid ineligible after awards had approved its case: the approval (and any offer or payment) stands, ' +
    'and the case is flagged for a programme officer to resolve.',
  payload: CaseRescreeningRefusedV1,
  example: {
    ...CASE_REF_EXAMPLE,
    source: 'bid' as const,
    reference: 'DD14-0042',
    status: 'approved',
    screenedBy: 'officer-sam',
    reasons: ['The partner authority is not an English local authority'],
    screenedAt: '2026-06-11T09:00:00.000Z',
    flaggedReason: 'Screened ineligible by officer-sam on 2026-06-11T09:00:00.000Z after the case was approved: The partner authority is not an English local authority',
    flaggedAt: '2026-06-11T09:00:01.000Z',
  },
});
