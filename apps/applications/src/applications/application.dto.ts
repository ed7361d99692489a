import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { countWords, REGIONS, SECTORS, SPIN_OUT_STAGES, SUPPORT_TYPES } from '@mutuals/domain';
import type { AuditEntryEntity } from '../audit/audit-entry.entity';
import { APPLICATION_STATUSES, ApplicationStatus } from './application';
import type { ApplicationEntity } from './application.entity';

const MAX_PENCE = 1_000_000_000_00;

export class AnswerDto {
  @ApiProperty({ example: 'need', maxLength: 60, description: "The id of one of the fund's questions" })
  @IsString() @Length(1, 60) @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'questionId must be a question id from the fund' })
  questionId!: string;

  @ApiProperty({
    example: 'Our staff group is preparing to transfer 120 staff out of the council; we need legal and pensions advice to agree the admission to the pension fund.',
    maxLength: 50000,
    description: "Counted in words against the question's limit; empty text clears the answer",
  })
  @IsString() @MaxLength(50000)
  text!: string;
}

export class CreateApplicationDto {
  @ApiProperty({ format: 'uuid', example: '0b7d8a52-5b7e-4f7e-9f55-2f0c6f1d9a01' })
  @IsUUID()
  fundId!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Legal and pensions advice for our staff transfer', maxLength: 200 })
  @IsOptional() @IsString() @Length(1, 200)
  title?: string | null;

  @ApiPropertyOptional({ nullable: true, enum: SUPPORT_TYPES, isArray: true, example: ['legal', 'hr-and-pensions'] })
  @IsOptional() @IsArray() @ArrayMaxSize(SUPPORT_TYPES.length) @ArrayUnique() @IsIn(SUPPORT_TYPES, { each: true })
  supportTypes?: string[] | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 2_500_000, description: "Integer pence (here £25,000), at most the fund's cap" })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_PENCE)
  amountRequestedPence?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 500_000, description: 'Cash match funding you put in, integer pence' })
  @IsOptional() @IsInt() @Min(0) @Max(MAX_PENCE)
  matchFundingPence?: number | null;

  @ApiPropertyOptional({ nullable: true, type: [AnswerDto], description: 'Saved answers are kept; send only those that change' })
  @IsOptional() @IsArray() @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => AnswerDto)
  answers?: AnswerDto[] | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 4_000_000, description: 'Subsidy received in this and the two previous financial years, integer pence (0 if none)' })
  @IsOptional() @IsInt() @Min(0) @Max(MAX_PENCE)
  subsidyReceivedPence?: number | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true, example: true, description: 'The services are delivered in England' })
  @IsOptional() @IsBoolean()
  servicesDeliveredInEngland?: boolean | null;
}

export class UpdateApplicationDto extends PartialType(OmitType(CreateApplicationDto, ['fundId'])) {
  @ApiProperty({ example: 1, description: 'The version you last read; a stale version gets 409' })
  @IsInt() @Min(1)
  version!: number;
}

export class VersionDto {
  @ApiProperty({ example: 2, description: 'The version you last read; a stale version gets 409' })
  @IsInt() @Min(1)
  version!: number;
}

export class WithdrawDto extends VersionDto {
  @ApiPropertyOptional({ example: 'The council has decided to keep the service in house', maxLength: 2000 })
  @IsOptional() @IsString() @Length(1, 2000)
  reason?: string;
}

const SORTS = ['createdAt', 'submittedAt', 'amountRequestedPence', 'reference', 'organisationName', 'status'] as const;
export const SORT_OPTIONS = SORTS.flatMap((s) => [s, `-${s}`]);

const list = Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((v) => v.trim()) : value));
const integer = Type(() => Number);

export class ApplicationFilterDto {
  @ApiPropertyOptional({ enum: APPLICATION_STATUSES, isArray: true, example: ['submitted', 'in_assessment'], description: 'One or more, comma-separated' })
  @IsOptional() @list @IsArray() @ArrayMaxSize(APPLICATION_STATUSES.length) @IsIn(APPLICATION_STATUSES, { each: true })
  status?: ApplicationStatus[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  fundId?: string;

  @ApiPropertyOptional({ enum: SECTORS, example: 'youth' })
  @IsOptional() @IsIn(SECTORS)
  sector?: string;

  @ApiPropertyOptional({ enum: REGIONS, example: 'north-west' })
  @IsOptional() @IsIn(REGIONS)
  region?: string;

  @ApiPropertyOptional({ enum: SPIN_OUT_STAGES, example: 'business-case' })
  @IsOptional() @IsIn(SPIN_OUT_STAGES)
  spinOutStage?: string;

  @ApiPropertyOptional({ example: 1_000_000, description: 'Amount requested at least this, integer pence' })
  @IsOptional() @integer @IsInt() @Min(0) @Max(MAX_PENCE)
  minAmountPence?: number;

  @ApiPropertyOptional({ example: 2_500_000, description: 'Amount requested at most this, integer pence' })
  @IsOptional() @integer @IsInt() @Min(0) @Max(MAX_PENCE)
  maxAmountPence?: number;

  @ApiPropertyOptional({ example: '2026-04-01T00:00:00Z', description: 'Submitted at or after this time (ISO-8601, UTC)' })
  @IsOptional() @IsISO8601({ strict: true })
  submittedFrom?: string;

  @ApiPropertyOptional({ example: '2026-07-01T00:00:00Z', description: 'Submitted before this time (ISO-8601, UTC)' })
  @IsOptional() @IsISO8601({ strict: true })
  submittedTo?: string;

  @ApiPropertyOptional({ enum: SORT_OPTIONS, example: '-submittedAt', description: 'A leading - sorts newest or largest first; default -createdAt' })
  @IsOptional() @IsIn(SORT_OPTIONS)
  sort?: string;
}

export class ApplicationQueryDto extends ApplicationFilterDto {
  @ApiPropertyOptional({ example: 1, minimum: 1, default: 1 })
  @IsOptional() @integer @IsInt() @Min(1) @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ example: 25, minimum: 1, maximum: 100, default: 25 })
  @IsOptional() @integer @IsInt() @Min(1) @Max(100)
  pageSize?: number;
}

export class AnswerView {
  @ApiProperty({ example: 'need' }) questionId!: string;
  @ApiProperty({ example: 'Our staff group is preparing to transfer 120 staff out of the council.' }) text!: string;
  @ApiProperty({ example: 14, description: 'Words counted against the limit' }) words!: number;
}

export class ApplicationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'MSF-2026-000123' }) reference!: string;
  @ApiProperty({ enum: APPLICATION_STATUSES, example: 'in_assessment' }) status!: ApplicationStatus;
  @ApiProperty({ example: '2026-05-15T08:00:00.000Z', description: 'When the status last changed' }) statusChangedAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) fundId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) organisationId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '3BM' }) organisationName!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Bath and North East Somerset Council' }) parentBody!: string | null;
  @ApiProperty({ nullable: true, enum: SECTORS, example: 'school-support' }) sector!: string | null;
  @ApiProperty({ nullable: true, enum: REGIONS, example: 'south-west' }) region!: string | null;
  @ApiProperty({ nullable: true, enum: SPIN_OUT_STAGES, example: 'first-full-year-of-trading' }) spinOutStage!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Legal and pensions advice for our staff transfer' }) title!: string | null;
  @ApiProperty({ enum: SUPPORT_TYPES, isArray: true, example: ['legal', 'hr-and-pensions'] }) supportTypes!: string[];
  @ApiProperty({ type: Number, nullable: true, example: 2_500_000 }) amountRequestedPence!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 500_000 }) matchFundingPence!: number | null;
  @ApiProperty({ type: [AnswerView] }) answers!: AnswerView[];
  @ApiProperty({ type: Number, nullable: true, example: 0 }) subsidyReceivedPence!: number | null;
  @ApiProperty({ type: Boolean, nullable: true, example: true }) servicesDeliveredInEngland!: boolean | null;
  @ApiProperty({ type: Number, nullable: true, example: 2_500_000, description: 'The amount approved, once decided' }) awardedPence!: number | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-07-10T16:00:00.000Z', description: 'Until when the grant offer stands, once offered' }) offerExpiresAt!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['requested', 'upheld', 'overturned'], description: 'Where a reconsideration of the decision stands, once asked for' }) reconsiderationStatus!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The reviewing officer’s reasons, once reviewed' }) reconsiderationReason!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-06-15T09:30:00.000Z' }) reconsiderationAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The awards case, once assessment began' }) caseId!: string | null;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ example: '2026-05-14T16:59:59.000Z' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-05-14T16:59:59.000Z' }) submittedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) withdrawnAt!: string | null;

  static of(a: ApplicationEntity): ApplicationView {
    return {
      id: a.id,
      reference: a.reference,
      status: a.status,
      statusChangedAt: a.statusChangedAt.toISOString(),
      fundId: a.fundId,
      organisationId: a.organisationId,
      organisationName: a.organisationName,
      parentBody: a.parentBody,
      sector: a.sector,
      region: a.region,
      spinOutStage: a.spinOutStage,
      title: a.title,
      supportTypes: a.supportTypes,
      amountRequestedPence: a.amountRequestedPence,
      matchFundingPence: a.matchFundingPence,
      answers: Object.entries(a.answers).map(([questionId, text]) => ({ questionId, text, words: countWords(text) })),
      subsidyReceivedPence: a.subsidyReceivedPence,
      servicesDeliveredInEngland: a.servicesDeliveredInEngland,
      awardedPence: a.awardedPence,
      offerExpiresAt: a.offerExpiresAt?.toISOString() ?? null,
      reconsiderationStatus: a.reconsiderationStatus ?? null,
      reconsiderationReason: a.reconsiderationReason ?? null,
      reconsiderationAt: a.reconsiderationAt?.toISOString() ?? null,
      caseId: a.caseId ?? null,
      version: a.version,
      createdAt: a.createdAt.toISOString(),
      submittedAt: a.submittedAt?.toISOString() ?? null,
      withdrawnAt: a.withdrawnAt?.toISOString() ?? null,
    };
  }
}

export class ApplicationPage {
  @ApiProperty({ type: [ApplicationView] }) items!: ApplicationView[];
  @ApiProperty({ example: 148, description: 'Applications matching the filters, on every page' }) total!: number;
  @ApiProperty({ example: 1 }) page!: number;
  @ApiProperty({ example: 25 }) pageSize!: number;
}

export class HistoryEntryView {
  @ApiProperty({ example: '2026-05-14T16:59:59.000Z' }) at!: string;
  @ApiProperty({ example: 'submitted' }) action!: string;
  @ApiProperty({ type: String, nullable: true, example: 'draft' }) from!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'submitted' }) to!: string | null;
  @ApiProperty({ example: 'user-3bm-lead', description: 'The user, or the service for changes that came from another service' }) actorId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Alex Morgan' }) actorName!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, example: { reason: 'Strong case with clear staff support' } }) detail!: Record<string, unknown> | null;

  static of(e: AuditEntryEntity): HistoryEntryView {
    return { at: e.at.toISOString(), action: e.action, from: e.fromState, to: e.toState, actorId: e.actorId, actorName: e.actorName, detail: e.detail };
  }
}
