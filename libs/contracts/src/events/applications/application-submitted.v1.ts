import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../../contract';
import { Contact } from '../../shared/fields';

export class ApplicationSubmittedV1 {
  @IsUUID()
  applicationId!: string;

  /** The reference quoted to the applicant, e.g. MSF-2026-000123. */
  @IsString()
  @Length(1, 40)
  reference!: string;

  /** The applicant's user id (token subject). */
  @IsString()
  @Length(1, 200)
  applicantId!: string;

  @ValidateNested()
  @Type(() => Contact)
  contact!: Contact;

  /** The fund applied to; absent only for applications made before funds existed. */
  @IsOptional()
  @IsUUID()
  fundId?: string;

  @IsOptional()
  @IsUUID()
  organisationId?: string;

  /** The council, NHS body or department the mutual is spinning out of. */
  @IsOptional()
  @IsString()
  @Length(1, 300)
  parentBody?: string;

  @IsOptional()
  @IsString()
  @Length(1, 60)
  sector?: string;

  @IsOptional()
  @IsString()
  @Length(1, 60)
  region?: string;

  @IsString()
  @Length(1, 300)
  organisationName!: string;

  @IsString()
  @Length(1, 300)
  title!: string;

  @IsInt()
  @Min(0)
  amountRequestedPence!: number;

  @IsISO8601({ strict: true })
  submittedAt!: string;
}

export const ApplicationSubmitted = defineEvent({
  context: 'applications',
  aggregate: 'application',
  event: 'submitted',
  version: 1,
  description: 'An applicant submitted a support-fund application; it is now locked for editing.',
  payload: ApplicationSubmittedV1,
  example: {
    applicationId: '6f1c1f2e-8d0a-4b59-9a3c-0c5d2f1e7a10',
    reference: 'MSF-2026-000123',
    applicantId: 'user-3bm-lead',
    contact: { name: 'Alex Morgan', email: 'alex.morgan@3bm.example.org' },
    fundId: '0b7d8a52-5b7e-4f7e-9f55-2f0c6f1d9a01',
    organisationId: '4a3e2c1b-0d9f-4e8a-b7c6-5d4e3f2a1b0c',
    parentBody: 'Bristol City Council',
    sector: 'school-support',
    region: 'south-west',
    organisationName: '3BM',
    title: 'Legal and pensions advice for our staff transfer',
    amountRequestedPence: 2_500_000,
    submittedAt: '2026-05-14T16:59:59.000Z',
  },
});
