import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayNotEmpty, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { NestedObject, PageOf } from '@mutuals/http';
import { EligibilityRules, ORGANISATION_TYPES, OrganisationType } from '@mutuals/domain';
import { DOCUMENT_TYPES, type DocumentType } from '@mutuals/documents';
import { AssessmentSpec, FundEntity, FundQuestion, OpeningWindow, takesApplications } from './fund.entity';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const MAX_PENCE = 1_000_000_000_00; // £1bn: far beyond any fund, still exact in a JavaScript number

export class QuestionDto implements FundQuestion {
  @ApiProperty({ example: 'need', description: 'Stable id answers refer to (lower-case, dashes)', maxLength: 60 })
  @IsString() @Length(1, 60) @Matches(SLUG, { message: 'id must be lower-case letters, digits and dashes' })
  id!: string;

  @ApiProperty({ example: 'What support do you need, and why now?', maxLength: 1000 })
  @IsString() @Length(1, 1000)
  text!: string;

  @ApiProperty({ example: 500, minimum: 1, maximum: 5000 })
  @IsInt() @Min(1) @Max(5000)
  wordLimit!: number;

  @ApiProperty({ example: true })
  @IsBoolean()
  required!: boolean;
}

export class EligibilityRulesDto implements EligibilityRules {
  @ApiProperty({ enum: ORGANISATION_TYPES, isArray: true, example: ['staff-group', 'mutual-in-development', 'live-mutual'] })
  @IsArray() @ArrayNotEmpty() @IsIn(ORGANISATION_TYPES, { each: true })
  organisationTypes!: OrganisationType[];

  @ApiProperty({ example: 5, minimum: 0, maximum: 50, description: 'An existing mutual qualifies while trading this many years or less, or still on its original contract' })
  @IsInt() @Min(0) @Max(50)
  maxYearsTrading!: number;

  @ApiProperty({ example: 25, minimum: 0, maximum: 100, description: 'The employees’ share that counts as significant influence or control' })
  @IsInt() @Min(0) @Max(100)
  minimumEmployeeSharePercent!: number;
}

export class CriterionDto {
  @ApiProperty({ example: 'need', maxLength: 60 })
  @IsString() @Length(1, 60) @Matches(SLUG, { message: 'id must be lower-case letters, digits and dashes' })
  id!: string;

  @ApiProperty({ example: 'Need for support', maxLength: 200 })
  @IsString() @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 40, minimum: 1, maximum: 100, description: 'Percent; the weights add up to 100' })
  @IsInt() @Min(1) @Max(100)
  weight!: number;
}

export class AssessmentDto implements AssessmentSpec {
  @ApiProperty({ type: [CriterionDto] })
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => CriterionDto)
  criteria!: CriterionDto[];

  @ApiProperty({ example: 5, minimum: 1, maximum: 10 })
  @IsInt() @Min(1) @Max(10)
  scaleMax!: number;

  @ApiProperty({ example: 2, minimum: 1, maximum: 5 })
  @IsInt() @Min(1) @Max(5)
  assessorsPerCase!: number;

  @ApiProperty({ example: 20, minimum: 0, maximum: 100, description: 'Weighted totals further apart than this go to moderation' })
  @IsInt() @Min(0) @Max(100)
  moderationThreshold!: number;
}

export class OpeningWindowDto implements OpeningWindow {
  @ApiProperty({ example: '2026-04-01T08:00:00Z', description: 'ISO-8601 UTC instant, to the second' })
  @IsISO8601({ strict: true })
  opensAt!: string;

  @ApiProperty({ example: '2026-06-30T16:00:00Z', description: 'ISO-8601 UTC instant, to the second; an application at or after this is refused' })
  @IsISO8601({ strict: true })
  closesAt!: string;
}

export class CreateFundDto {
  @ApiProperty({ example: 'Mutuals Interim Support Fund', maxLength: 200 })
  @IsString() @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ example: 'Grants of up to £25,000 for staff groups spinning out of the public sector', maxLength: 5000, default: '' })
  @IsOptional() @IsString() @Length(0, 5000)
  description?: string;

  @ApiPropertyOptional({ type: [OpeningWindowDto], description: 'When it takes applications (none: whenever it is open); in order, not overlapping' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => OpeningWindowDto)
  openingWindows?: OpeningWindowDto[];

  @ApiProperty({ example: 2_500_000, description: 'Integer pence (here £25,000)' })
  @IsInt() @Min(1) @Max(MAX_PENCE)
  capPerApplicationPence!: number;

  @ApiProperty({ example: 100_000_000, description: 'Integer pence (here £1,000,000)' })
  @IsInt() @Min(0) @Max(MAX_PENCE)
  budgetPence!: number;

  @ApiProperty({ example: true })
  @IsBoolean()
  open!: boolean;

  @ApiProperty({ example: false })
  @IsBoolean()
  matchFundingRequired!: boolean;

  @ApiProperty({ type: [QuestionDto] })
  @IsArray() @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => QuestionDto)
  questions!: QuestionDto[];

  @ApiPropertyOptional({ type: EligibilityRulesDto, description: 'By default: staff groups, mutuals in development and live mutuals; 5 years of trading; 25% employee share' })
  @IsOptional() @NestedObject(() => EligibilityRulesDto)
  eligibility?: EligibilityRulesDto;

  @ApiPropertyOptional({ type: AssessmentDto, description: 'By default: need 40, deliverability 35, value for money 25; scored 0-5 by 2 assessors' })
  @IsOptional() @NestedObject(() => AssessmentDto)
  assessment?: AssessmentDto;

  @ApiPropertyOptional({ enum: DOCUMENT_TYPES, isArray: true, description: 'The document types applicants may attach; all six by default' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @IsIn(DOCUMENT_TYPES, { each: true })
  allowedDocumentTypes?: DocumentType[];
}

export class UpdateFundDto extends PartialType(CreateFundDto) {
  @ApiProperty({ example: 1, description: 'The version you last read; a stale version gets 409' })
  @IsInt() @Min(1)
  version!: number;

  @ApiPropertyOptional({ example: 'Budget raised after the spending review', maxLength: 2000, description: 'Why it is changed; kept in the audit history' })
  @IsOptional() @IsString() @Length(1, 2000)
  reason?: string;
}

export class FundView extends CreateFundDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: EligibilityRulesDto }) declare eligibility: EligibilityRulesDto;
  @ApiProperty({ type: AssessmentDto }) declare assessment: AssessmentDto;
  @ApiProperty({ example: 'Grants of up to £25,000 for staff groups spinning out of the public sector' }) declare description: string;
  @ApiProperty({ type: [OpeningWindowDto] }) declare openingWindows: OpeningWindowDto[];
  @ApiProperty({ example: true, description: 'Open and, when it has opening windows, inside one now' }) takingApplications!: boolean;
  @ApiProperty({ enum: DOCUMENT_TYPES, isArray: true }) declare allowedDocumentTypes: DocumentType[];
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ example: '2026-04-01T09:00:00.000Z' }) updatedAt!: string;

  static of(f: FundEntity): FundView {
    return {
      id: f.id,
      name: f.name,
      description: f.description,
      capPerApplicationPence: f.capPerApplicationPence,
      budgetPence: f.budgetPence,
      open: f.open,
      matchFundingRequired: f.matchFundingRequired,
      questions: f.questions,
      eligibility: f.eligibility,
      assessment: f.assessment,
      openingWindows: f.openingWindows,
      takingApplications: takesApplications(f, new Date()),
      allowedDocumentTypes: f.allowedDocumentTypes as DocumentType[],
      version: f.version,
      updatedAt: f.updatedAt.toISOString(),
    };
  }
}

export class FundPage extends PageOf(FundView, 'Funds') {}
