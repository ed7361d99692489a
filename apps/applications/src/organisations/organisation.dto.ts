import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import {
  LEGAL_FORMS,
  LegalForm,
  normaliseRegistrationNumber,
  ORGANISATION_TYPES,
  OrganisationType,
  Region,
  REGIONS,
  REGISTRATION_FORMATS,
  Sector,
  SECTORS,
  SPIN_OUT_STAGES,
  SpinOutStage,
} from '@mutuals/domain';
import { NestedObject, PageOf } from '@mutuals/http';
import type { ContactPerson, OrganisationEntity } from './organisation.entity';

const normalised = Transform(({ value }) => (typeof value === 'string' ? normaliseRegistrationNumber(value) : value));
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export class ContactDto implements ContactPerson {
  @ApiProperty({ example: 'Alex Morgan', maxLength: 200 })
  @IsString() @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ example: 'Managing director', maxLength: 200 })
  @IsOptional() @IsString() @Length(1, 200)
  role?: string;

  @ApiProperty({ example: 'alex.morgan@3bm.example.org', maxLength: 320 })
  @IsEmail() @MaxLength(320)
  email!: string;

  @ApiPropertyOptional({ example: '01225 000000', maxLength: 40 })
  @IsOptional() @IsString() @Matches(/^[0-9 +()-]{6,40}$/, { message: 'phone must be a telephone number' })
  phone?: string;
}

export class RegisterOrganisationDto {
  @ApiProperty({ example: '3BM', maxLength: 300 })
  @IsString() @Length(1, 300)
  name!: string;

  @ApiProperty({ enum: ORGANISATION_TYPES, example: 'live-mutual' })
  @IsIn(ORGANISATION_TYPES)
  type!: OrganisationType;

  @ApiProperty({ enum: LEGAL_FORMS, example: 'company-limited-by-guarantee' })
  @IsIn(LEGAL_FORMS)
  legalForm!: LegalForm;

  @ApiPropertyOptional({ type: String, nullable: true, example: '09876543', description: REGISTRATION_FORMATS.companiesHouseNumber.message })
  @IsOptional() @IsString() @normalised @Matches(REGISTRATION_FORMATS.companiesHouseNumber.pattern, { message: REGISTRATION_FORMATS.companiesHouseNumber.message })
  companiesHouseNumber?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '1123456', description: REGISTRATION_FORMATS.charityNumber.message })
  @IsOptional() @IsString() @normalised @Matches(REGISTRATION_FORMATS.charityNumber.pattern, { message: REGISTRATION_FORMATS.charityNumber.message })
  charityNumber?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '30178R', description: REGISTRATION_FORMATS.societyNumber.message })
  @IsOptional() @IsString() @normalised @Matches(REGISTRATION_FORMATS.societyNumber.pattern, { message: REGISTRATION_FORMATS.societyNumber.message })
  societyNumber?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Bath and North East Somerset Council', maxLength: 300, description: 'The council, NHS body or department the mutual spins out of' })
  @IsOptional() @IsString() @Length(1, 300)
  parentBody?: string | null;

  @ApiPropertyOptional({ nullable: true, enum: SECTORS, example: 'school-support' })
  @IsOptional() @IsIn(SECTORS)
  sector?: Sector | null;

  @ApiPropertyOptional({ nullable: true, enum: REGIONS, example: 'south-west' })
  @IsOptional() @IsIn(REGIONS)
  region?: Region | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 120, minimum: 0, maximum: 1_000_000 })
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000)
  staffCount?: number | null;

  @ApiPropertyOptional({ example: ['School business management', 'HR and payroll for schools'], maxItems: 30 })
  @IsOptional() @IsArray() @ArrayMaxSize(30) @IsString({ each: true }) @Length(1, 200, { each: true })
  servicesInScope?: string[];

  @ApiPropertyOptional({ nullable: true, enum: SPIN_OUT_STAGES, example: 'first-full-year-of-trading' })
  @IsOptional() @IsIn(SPIN_OUT_STAGES)
  spinOutStage?: SpinOutStage | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 100, minimum: 0, maximum: 100, description: 'Employees’ share, in percent; the three shares add up to at most 100' })
  @IsOptional() @IsInt() @Min(0) @Max(100)
  employeeSharePercent?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 0, minimum: 0, maximum: 100 })
  @IsOptional() @IsInt() @Min(0) @Max(100)
  parentBodySharePercent?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 0, minimum: 0, maximum: 100 })
  @IsOptional() @IsInt() @Min(0) @Max(100)
  partnerSharePercent?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2023-09-01', format: 'date' })
  @IsOptional() @Matches(DATE_ONLY, { message: 'tradingStartDate must be a date as YYYY-MM-DD' }) @IsISO8601({ strict: true })
  tradingStartDate?: string | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true, example: true, description: 'A live mutual still delivering its first contract with the parent body' })
  @IsOptional() @IsBoolean()
  stillOnOriginalContract?: boolean | null;

  @ApiPropertyOptional({ nullable: true, type: ContactDto })
  @IsOptional() @NestedObject(() => ContactDto)
  seniorSponsor?: ContactDto | null;

  @ApiPropertyOptional({ nullable: true, type: ContactDto })
  @IsOptional() @NestedObject(() => ContactDto)
  projectLead?: ContactDto | null;
}

/** Absent means unchanged; null is refused for the fields every organisation must have. */
const unlessAbsent = ValidateIf((_, value) => value !== undefined);

export class UpdateOrganisationDto extends PartialType(OmitType(RegisterOrganisationDto, ['name', 'type', 'legalForm'])) {
  @ApiPropertyOptional({ example: '3BM', maxLength: 300 })
  @unlessAbsent @IsString() @Length(1, 300)
  name?: string;

  @ApiPropertyOptional({ enum: ORGANISATION_TYPES, example: 'live-mutual' })
  @unlessAbsent @IsIn(ORGANISATION_TYPES)
  type?: OrganisationType;

  @ApiPropertyOptional({ enum: LEGAL_FORMS, example: 'company-limited-by-guarantee' })
  @unlessAbsent @IsIn(LEGAL_FORMS)
  legalForm?: LegalForm;

  @ApiProperty({ example: 1, description: 'The version you last read; a stale version gets 409' })
  @IsInt() @Min(1)
  version!: number;
}

export class OrganisationView extends OmitType(RegisterOrganisationDto, ['seniorSponsor', 'projectLead']) {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: ContactDto, nullable: true }) seniorSponsor!: ContactDto | null;
  @ApiProperty({ type: ContactDto, nullable: true }) projectLead!: ContactDto | null;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ example: '2026-05-01T09:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ example: '2026-05-01T09:00:00.000Z' }) updatedAt!: string;

  static of(o: OrganisationEntity): OrganisationView {
    return {
      id: o.id,
      name: o.name,
      type: o.type,
      legalForm: o.legalForm,
      companiesHouseNumber: o.companiesHouseNumber,
      charityNumber: o.charityNumber,
      societyNumber: o.societyNumber,
      parentBody: o.parentBody,
      sector: o.sector,
      region: o.region,
      staffCount: o.staffCount,
      servicesInScope: o.servicesInScope,
      spinOutStage: o.spinOutStage,
      employeeSharePercent: o.employeeSharePercent,
      parentBodySharePercent: o.parentBodySharePercent,
      partnerSharePercent: o.partnerSharePercent,
      tradingStartDate: o.tradingStartDate,
      stillOnOriginalContract: o.stillOnOriginalContract,
      seniorSponsor: o.seniorSponsor,
      projectLead: o.projectLead,
      version: o.version,
      createdAt: o.createdAt.toISOString(),
      updatedAt: o.updatedAt.toISOString(),
    };
  }
}

export class OrganisationPage extends PageOf(OrganisationView, 'Organisations') {}
