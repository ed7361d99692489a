import { Type } from 'class-transformer';
import { IsEmail, IsISO8601, IsString, Length, ValidateNested } from 'class-validator';
import { defineEvent } from '../../contract';
import { CASE_REF_EXAMPLE, CaseRef } from './case-ref';

export class AllocatedAssessor {
  @IsString() @Length(1, 200) assessorId!: string;
  @IsString() @Length(1, 200) name!: string;
  @IsEmail() email!: string;
}

export class CaseAssessorsAllocatedV1 extends CaseRef {
  /** Assessors newly allocated by this event (a replacement lists only the newcomer). */
  @ValidateNested({ each: true }) @Type(() => AllocatedAssessor) assessors!: AllocatedAssessor[];
  @IsISO8601({ strict: true }) dueAt!: string;
}

export const CaseAssessorsAllocated = defineEvent({
  context: 'awards',
  aggregate: 'case',
  event: 'assessors-allocated',
  version: 1,
  description: 'Assessors with no conflict of interest were allocated to a case (also when one replaces another).',
  payload: CaseAssessorsAllocatedV1,
  example: {
    ...CASE_REF_EXAMPLE,
    assessors: [{ assessorId: 'assessor-priya', name: 'Priya Shah', email: 'priya.shah@assessors.example.org' }],
    dueAt: '2026-05-29T16:00:00.000Z',
  },
});
