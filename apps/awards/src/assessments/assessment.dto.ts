import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { Recommendation, RECOMMENDATIONS } from '@mutuals/contracts';
import { PageOf, PageQuery } from '@mutuals/http';

export class CriterionScoreDto {
  @ApiProperty({ example: 'need', maxLength: 60 })
  @IsString()
  @Length(1, 60)
  criterionId!: string;

  @ApiProperty({ example: 4, description: "Whole number from 0 to the round's scale maximum" })
  @IsInt()
  @Min(0)
  @Max(100)
  score!: number;

  @ApiProperty({ example: 'The staff group has lost two bids for lack of legal advice', maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  comment!: string;
}

export class SubmitAssessmentDto {
  @ApiProperty({ type: [CriterionScoreDto], description: 'One score with a comment per criterion' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => CriterionScoreDto)
  scores!: CriterionScoreDto[];

  @ApiProperty({ enum: RECOMMENDATIONS, example: 'fund' })
  @IsIn(RECOMMENDATIONS)
  recommendation!: Recommendation;
}

export class ModerateDto {
  @ApiProperty({ example: 68.5, description: 'The agreed weighted score, 0-100' })
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100)
  agreedScore!: number;

  @ApiProperty({ example: 'Agreed with both assessors: strong need, delivery plan thin', maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class CriterionView {
  @ApiProperty({ example: 'need' }) id!: string;
  @ApiProperty({ example: 'Need for support' }) name!: string;
  @ApiProperty({ example: 40 }) weight!: number;
}

export class AssessmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'assessor-priya' }) assessorId!: string;
  @ApiProperty({ type: [CriterionScoreDto] }) scores!: CriterionScoreDto[];
  @ApiProperty({ enum: RECOMMENDATIONS }) recommendation!: string;
  @ApiProperty({ example: 74.5, description: 'Computed from the scores and weights' }) weightedScore!: number;
  @ApiProperty({ example: '2026-05-27T15:20:00.000Z' }) submittedAt!: string;
}

/** A case as its assessor sees it: what assessment needs, no contact details, no other assessor's scores. */
export class AssessorCaseView {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'MSF-2026-000123' }) reference!: string;
  @ApiProperty({ example: 'Legal and pensions advice for our staff transfer' }) title!: string;
  @ApiProperty({ example: '3BM' }) organisationName!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Bristol City Council' }) parentBody!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'school-support' }) sector!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'south-west' }) region!: string | null;
  @ApiProperty({ example: 2_500_000 }) amountRequestedPence!: number;
  @ApiProperty({ type: [CriterionView] }) criteria!: CriterionView[];
  @ApiProperty({ example: 5 }) scaleMax!: number;
  @ApiProperty({ example: '2026-05-29T16:00:00.000Z' }) dueAt!: string;
  @ApiProperty({ enum: ['allocated', 'submitted'] }) allocationStatus!: string;
  @ApiPropertyOptional({ type: AssessmentView, nullable: true }) myAssessment!: AssessmentView | null;
}

export class AssessorCaseQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: ['allocated', 'submitted'], description: 'Only cases still to assess, or only those assessed' })
  @IsOptional()
  @IsIn(['allocated', 'submitted'])
  state?: 'allocated' | 'submitted';
}

export class AssessorCasePage extends PageOf(AssessorCaseView, 'Cases allocated to you') {}
