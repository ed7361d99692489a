import { Type } from 'class-transformer';
import { IsIn, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { CASE_SOURCES, CaseSource, Contact } from '../../shared/fields';

/** What every awards event says about the case it concerns, so consumers need no lookup. */
export class CaseRef {
  @IsUUID() caseId!: string;
  @IsIn(CASE_SOURCES) source!: CaseSource;
  /** The bid id or application id the case was opened from. */
  @IsUUID() sourceId!: string;
  /** The applicant-facing reference of the bid or application. */
  @IsString() @Length(1, 40) reference!: string;
  /** The bid programme or support fund whose budget the case draws on. */
  @IsUUID() programmeId!: string;
  /** The applicant (or council contact) messages about this case go to. */
  @ValidateNested() @Type(() => Contact) contact!: Contact;
}

export const CASE_REF_EXAMPLE = {
  caseId: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
  source: 'application' as const,
  sourceId: '6f1c1f2e-8d0a-4b59-9a3c-0c5d2f1e7a10',
  reference: 'MSF-2026-000123',
  programmeId: '0b7d8a52-5b7e-4f7e-9f55-2f0c6f1d9a01',
  contact: { name: 'Alex Morgan', email: 'alex.morgan@3bm.example.org' },
};
