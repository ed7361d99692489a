import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { REOPEN_STAGES, RECONSIDERATION_OUTCOMES, ReconsiderationOutcome, ReopenStage } from '@mutuals/contracts';
import { PageOf, PageQuery } from '@mutuals/http';

export const RECONSIDERATION_STATUSES = ['requested', 'upheld', 'overturned'] as const;

export class RequestReconsiderationDto {
  @ApiProperty({ format: 'uuid', description: 'The decided case (its id is on the application or bid)' })
  @IsUUID()
  caseId!: string;

  @ApiProperty({ example: 'The assessors did not see the letter of support from the parent body.', maxLength: 5000 })
  @IsString()
  @Length(1, 5000)
  grounds!: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Supporting documents already uploaded, by id (at most 10)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  documentIds?: string[];
}

export class ReviewReconsiderationDto {
  @ApiProperty({ enum: RECONSIDERATION_OUTCOMES, example: 'overturned' })
  @IsIn(RECONSIDERATION_OUTCOMES)
  outcome!: ReconsiderationOutcome;

  @ApiProperty({ example: 'The letter of support answers the panel’s concern.', maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason!: string;

  @ApiPropertyOptional({ enum: REOPEN_STAGES, default: 'in-assessment', description: 'Overturned only: back to assessment (scores kept, one more assessor) or straight to a new decision' })
  @IsOptional()
  @IsIn(REOPEN_STAGES)
  reopenAt?: ReopenStage;
}

export class ReconsiderationQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: RECONSIDERATION_STATUSES })
  @IsOptional()
  @IsIn(RECONSIDERATION_STATUSES)
  status?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  caseId?: string;
}

export class ReissueOfferDto {
  @ApiProperty({ example: '2026-08-10T16:00:00.000Z', description: 'The new expiry, in the future (UTC)' })
  @IsISO8601({ strict: true })
  expiresAt!: string;
}

export class ReconsiderationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'MSF-2026-000123' }) reference!: string;
  @ApiProperty({ example: 'Business planning for the staff mutual' }) title!: string;
  @ApiProperty({ example: '3BM Services' }) organisationName!: string;
  @ApiProperty({ example: 'rejected' }) decisionOutcome!: string;
  @ApiProperty({ example: 'Below the funding line' }) decisionReason!: string;
  @ApiProperty({ example: 'officer-sam' }) decidedBy!: string;
  @ApiProperty({ example: '2026-06-10T11:00:00.000Z' }) decidedAt!: string;
  @ApiProperty({ example: 'The assessors did not see the letter of support.' }) grounds!: string;
  @ApiProperty({ type: [String] }) documentIds!: string[];
  @ApiProperty({ example: 'user-3bm-lead' }) requestedBy!: string;
  @ApiProperty({ example: '2026-06-15T09:30:00.000Z' }) requestedAt!: string;
  @ApiProperty({ enum: RECONSIDERATION_STATUSES }) status!: string;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: REOPEN_STAGES }) reopenedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) reviewedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) reviewedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'For an officer: why they may not review it (they took part in the decision); null when they may' })
  cannotReviewBecause!: string | null;
}

export class ReconsiderationPage extends PageOf(ReconsiderationView, 'Reconsideration requests, newest first') {}

export class WindowView {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ description: 'Whether a reconsideration may be asked for now' }) open!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The last moment to ask (UTC)' }) deadline!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why not, when it may not' }) reason!: string | null;
  @ApiProperty({ type: ReconsiderationView, nullable: true, description: 'The latest request about this decision' }) latest!: ReconsiderationView | null;
}
