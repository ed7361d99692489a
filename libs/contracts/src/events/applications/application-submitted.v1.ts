import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../../contract';
import { AnsweredQuestion, Contact, DocumentRef } from '../../shared/fields';

/** The organisation as registered when it applied: what an assessor reads beside the answers. */
export class OrganisationProfile {
  @IsString() @Length(1, 60) type!: string;
  @IsString() @Length(1, 60) legalForm!: string;
  @IsOptional() @IsString() @Length(1, 40) companiesHouseNumber?: string;
  @IsOptional() @IsString() @Length(1, 40) charityNumber?: string;
  @IsOptional() @IsString() @Length(1, 40) societyNumber?: string;
  @IsOptional() @IsInt() @Min(0) staffCount?: number;
  @IsArray() @IsString({ each: true }) servicesInScope!: string[];
  @IsOptional() @IsString() @Length(1, 60) spinOutStage?: string;
  @IsOptional() @IsInt() @Min(0) @Max(100) employeeSharePercent?: number;
  @IsOptional() @IsInt() @Min(0) @Max(100) parentBodySharePercent?: number;
  @IsOptional() @IsInt() @Min(0) @Max(100) partnerSharePercent?: number;
  @IsOptional() @IsString() @Length(10, 10) tradingStartDate?: string;
  @IsOptional() @IsBoolean() stillOnOriginalContract?: boolean;
}

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

  // What an assessor reads (the dossier); optional so events published before them stay valid.

  /** Every question of the fund with its answer, in the fund's order. */
  @IsOptional() @ValidateNested({ each: true }) @Type(() => AnsweredQuestion)
  answers?: AnsweredQuestion[];

  @IsOptional() @ValidateNested() @Type(() => OrganisationProfile)
  organisationProfile?: OrganisationProfile;

  @IsOptional() @IsArray() @IsString({ each: true })
  supportTypes?: string[];

  @IsOptional() @IsInt() @Min(0)
  matchFundingPence?: number;

  /** The attachments as submitted: ids, names, types, sizes and SHA-256, never bytes. */
  @IsOptional() @ValidateNested({ each: true }) @Type(() => DocumentRef)
  documents?: DocumentRef[];
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
    answers: [
      { questionId: 'need', question: 'What support do you need, and why now?', answer: 'Legal and pensions advice before our staff transfer in September.' },
      { questionId: 'parent-body', question: 'How does your parent body support the spin-out?', answer: 'The council has agreed a five-year contract and sits on our board.' },
    ],
    organisationProfile: { type: 'live-mutual', legalForm: 'company-limited-by-guarantee', companiesHouseNumber: '09876543', staffCount: 120, servicesInScope: ['school business support'], spinOutStage: 'business-case', employeeSharePercent: 51 },
    supportTypes: ['legal', 'pensions'],
    matchFundingPence: 500_000,
    documents: [{ documentId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', name: 'Business plan.pdf', contentType: 'application/pdf', sizeBytes: 482113, sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }],
  },
});
