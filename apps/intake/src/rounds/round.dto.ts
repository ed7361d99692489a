import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { DOCUMENT_TYPES, type DocumentType } from '@mutuals/documents';
import {
  ArrayMaxSize,
  ArrayMinSize,
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
  Min,
  ValidateNested,
} from 'class-validator';
import { NestedObject, PageOf, PageQuery } from '@mutuals/http';
import { MAX_PENCE } from '../programmes/programme.dto';
import { OFFICER_ROUND_MOVES, ROUND_STATUSES, RoundStatus } from './round';
import type { RoundEntity } from './round.entity';

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export class EligibilityRulesDto {
  @ApiProperty({ example: true, description: 'The lead and every partner must be English local authorities (ONS codes E06-E10)' })
  @IsBoolean()
  englishLocalAuthoritiesOnly!: boolean;

  @ApiProperty({ example: true, description: 'Joint bids with a lead authority and partners' })
  @IsBoolean()
  jointBidsAllowed!: boolean;

  @ApiProperty({ example: 4, minimum: 0, maximum: 20 })
  @IsInt() @Min(0) @Max(20)
  maxPartners!: number;
}

export class QuestionDto {
  @ApiProperty({ example: 'vision', maxLength: 60 })
  @IsString() @Length(1, 60) @Matches(ID, { message: 'id must be lower-case words joined by dashes' })
  id!: string;

  @ApiProperty({ example: 'What service do you want to deliver differently, and how?', maxLength: 1000 })
  @IsString() @Length(1, 1000)
  text!: string;

  @ApiProperty({ example: 500, minimum: 1, maximum: 5000 })
  @IsInt() @Min(1) @Max(5000)
  wordLimit!: number;

  @ApiProperty({ example: true })
  @IsBoolean()
  required!: boolean;
}

export class CriterionDto {
  @ApiProperty({ example: 'ambition', maxLength: 60 })
  @IsString() @Length(1, 60) @Matches(ID, { message: 'id must be lower-case words joined by dashes' })
  id!: string;

  @ApiProperty({ example: 'Ambition and scale of change', maxLength: 200 })
  @IsString() @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 40, minimum: 1, maximum: 100, description: "Percent; a round's weights add up to 100" })
  @IsInt() @Min(1) @Max(100)
  weight!: number;
}

export class AssessmentSettingsDto {
  @ApiProperty({ type: [CriterionDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => CriterionDto)
  criteria!: CriterionDto[];

  @ApiProperty({ example: 5, minimum: 1, maximum: 10, description: 'Each criterion is scored 0..scaleMax' })
  @IsInt() @Min(1) @Max(10)
  scaleMax!: number;

  @ApiProperty({ example: 2, minimum: 1, maximum: 5 })
  @IsInt() @Min(1) @Max(5)
  assessorsPerCase!: number;

  @ApiProperty({ example: 20, minimum: 0, maximum: 100, description: 'Weighted totals further apart than this go to moderation' })
  @IsInt() @Min(0) @Max(100)
  moderationThreshold!: number;
}

export class CreateRoundDto {
  @ApiProperty({ example: 'Delivering Differently 2014', maxLength: 200 })
  @IsString() @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'DD14', description: 'Starts every bid reference (DD14-0042): 2-8 upper-case letters and digits' })
  @IsString() @Matches(/^[A-Z0-9]{2,8}$/, { message: 'referencePrefix must be 2-8 upper-case letters and digits' })
  referencePrefix!: string;

  @ApiProperty({ example: '2014-04-14T09:00:00Z', description: 'ISO-8601, to the second' })
  @IsISO8601({ strict: true })
  opensAt!: string;

  @ApiProperty({ example: '2014-05-30T16:00:00Z', description: 'ISO-8601, to the second; a bid at or after this is refused' })
  @IsISO8601({ strict: true })
  closesAt!: string;

  @ApiProperty({ example: 10_000_000, description: 'Integer pence (here £100,000)' })
  @IsInt() @Min(1) @Max(MAX_PENCE)
  maxAwardPence!: number;

  @ApiProperty({ example: 10, minimum: 1, maximum: 10000 })
  @IsInt() @Min(1) @Max(10000)
  places!: number;

  @ApiProperty({ type: EligibilityRulesDto })
  @NestedObject(() => EligibilityRulesDto)
  eligibility!: EligibilityRulesDto;

  @ApiProperty({ type: [QuestionDto] })
  @IsArray() @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => QuestionDto)
  questions!: QuestionDto[];

  @ApiProperty({ type: AssessmentSettingsDto })
  @NestedObject(() => AssessmentSettingsDto)
  assessment!: AssessmentSettingsDto;

  @ApiPropertyOptional({ enum: DOCUMENT_TYPES, isArray: true, description: 'The document types councils may attach; all six by default' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @IsIn(DOCUMENT_TYPES, { each: true })
  allowedDocumentTypes?: DocumentType[];
}

export class UpdateRoundDto extends PartialType(CreateRoundDto) {
  @ApiPropertyOptional({ example: 'Budget raised after the spending review', maxLength: 2000, description: 'Why it is changed; kept in the audit history' })
  @IsOptional() @IsString() @Length(1, 2000)
  reason?: string;
}

export class MoveRoundDto {
  @ApiProperty({ enum: OFFICER_ROUND_MOVES, example: 'scheduled', description: 'scheduled (it then opens and closes on time by itself), back to draft, in_assessment, decided or archived' })
  @IsIn(OFFICER_ROUND_MOVES)
  status!: (typeof OFFICER_ROUND_MOVES)[number];
}

export class RoundView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ example: 'Delivering Differently 2014' }) name!: string;
  @ApiProperty({ example: 'DD14' }) referencePrefix!: string;
  @ApiProperty({ enum: ROUND_STATUSES, example: 'open' }) status!: RoundStatus;
  @ApiProperty({ example: '2014-04-14T09:00:00.000Z' }) opensAt!: string;
  @ApiProperty({ example: '2014-05-30T16:00:00.000Z' }) closesAt!: string;
  @ApiProperty({ example: 10_000_000 }) maxAwardPence!: number;
  @ApiProperty({ example: 10 }) places!: number;
  @ApiProperty({ type: EligibilityRulesDto }) eligibility!: EligibilityRulesDto;
  @ApiProperty({ type: [QuestionDto] }) questions!: QuestionDto[];
  @ApiProperty({ type: AssessmentSettingsDto }) assessment!: AssessmentSettingsDto;
  @ApiProperty({ enum: DOCUMENT_TYPES, isArray: true }) allowedDocumentTypes!: DocumentType[];
  @ApiProperty({ type: String, nullable: true, example: '2014-04-14T09:00:00.000Z', description: 'When it actually opened' }) openedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'When it actually closed' }) closedAt!: string | null;

  static of(r: RoundEntity): RoundView {
    return {
      id: r.id,
      programmeId: r.programmeId,
      name: r.name,
      referencePrefix: r.referencePrefix,
      status: r.status,
      opensAt: r.opensAt.toISOString(),
      closesAt: r.closesAt.toISOString(),
      maxAwardPence: r.maxAwardPence,
      places: r.places,
      eligibility: r.eligibility,
      questions: r.questions,
      assessment: r.assessment,
      allowedDocumentTypes: r.allowedDocumentTypes as DocumentType[],
      openedAt: r.openedAt?.toISOString() ?? null,
      closedAt: r.closedAt?.toISOString() ?? null,
    };
  }
}

export class RoundFiguresView {
  @ApiProperty({ format: 'uuid' }) roundId!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { draft: 3, eligible: 131, ineligible: 9, withdrawn: 8 }, description: 'Bids in each status' }) byStatus!: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { 'north-west': 22, london: 19 }, description: 'Submitted bids that are not withdrawn, by lead authority region' }) byRegion!: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { youth: 30, 'adult-social-care': 24 }, description: 'Submitted bids that are not withdrawn, by sector' }) bySector!: Record<string, number>;
  @ApiProperty({ example: 140, description: 'Submitted bids that are not withdrawn' }) bidsSubmitted!: number;
  @ApiProperty({ example: 1_184_250_000, description: 'Amount requested by those bids, integer pence' }) totalRequestedPence!: number;
  @ApiProperty({ example: 4, description: 'Submissions refused because they came at or after the closing time' }) lateAttemptsRefused!: number;
}

export class RoundQueryDto extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  programmeId?: string;

  @ApiPropertyOptional({ enum: ROUND_STATUSES, example: 'open' })
  @IsOptional() @IsIn(ROUND_STATUSES)
  status?: RoundStatus;
}

export class RoundPage extends PageOf(RoundView, 'Rounds matching the filters') {}
