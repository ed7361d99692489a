import { IsISO8601, IsString, Length } from 'class-validator';
import { defineEvent } from '../../contract';
import { CASE_REF_EXAMPLE, CaseRef } from './case-ref';

export class CaseOpenedV1 extends CaseRef {
  @IsString() @Length(1, 300) organisationName!: string;
  @IsISO8601({ strict: true }) openedAt!: string;
}

export const CaseOpened = defineEvent({
  context: 'awards',
  aggregate: 'case',
  event: 'opened',
  version: 1,
  description: 'An assessment case was opened from an eligible bid or a submitted application: it is now in assessment.',
  payload: CaseOpenedV1,
  example: { ...CASE_REF_EXAMPLE, organisationName: '3BM', openedAt: '2026-05-15T08:00:00.000Z' },
});
