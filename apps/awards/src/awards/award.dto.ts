import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageOf, PageQuery } from '@mutuals/http';
import { ConditionView } from '../monitoring/monitoring.dto';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsISO8601, isISO8601, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateBy, ValidateNested } from 'class-validator';

export class OfferDto {
  @ApiProperty({ example: ['Spend only on the advisers named in the application', 'Report on outcomes after six months'] })
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @Length(1, 1000, { each: true })
  conditions!: string[];

  @ApiProperty({ example: '2026-07-10T16:00:00.000Z', description: 'UTC; the offer lapses if not accepted by then' })
  @IsISO8601({ strict: true })
  expiresAt!: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', format: 'date', nullable: true },
    example: ['2026-09-30', null],
    description: 'Due date of each condition (YYYY-MM-DD), or null for one without, in the same order as the conditions',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateBy({
    name: 'datesOrNull',
    validator: { validate: (v: unknown) => Array.isArray(v) && v.every((d) => d === null || (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) && isISO8601(d, { strict: true }))), defaultMessage: () => 'conditionsDueOn must hold dates, YYYY-MM-DD, or null' },
  })
  conditionsDueOn?: (string | null)[];
}

export class MilestoneDto {
  @ApiProperty({ example: 'On signing the grant agreement', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 1_250_000, description: 'Integer pence' })
  @IsInt()
  @Min(1)
  @Max(100_000_000_00)
  amountPence!: number;

  @ApiProperty({ example: '2026-06-25', description: 'Date the payment is due' })
  @IsISO8601({ strict: true })
  @Length(10, 10, { message: 'dueOn must be a date, YYYY-MM-DD' })
  dueOn!: string;

  @ApiPropertyOptional({ type: [String], description: "Ids of the award's conditions that must be met (or waived) before this is paid" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsUUID('all', { each: true })
  dependsOnConditionIds?: string[];
}

export class ScheduleDto {
  @ApiProperty({ type: [MilestoneDto], description: 'Must add up to the award exactly' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(24)
  @ValidateNested({ each: true })
  @Type(() => MilestoneDto)
  milestones!: MilestoneDto[];
}

export class ClawbackDto {
  @ApiProperty({ example: 500_000, description: 'Integer pence to recover; at most what was paid and not already recovered' })
  @IsInt()
  @Min(1)
  @Max(100_000_000_00)
  amountPence!: number;

  @ApiProperty({ example: 'Spent on advisers not named in the grant agreement', maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class MilestoneView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'On signing the grant agreement' }) name!: string;
  @ApiProperty({ example: 1_250_000 }) amountPence!: number;
  @ApiProperty({ example: '2026-06-25' }) dueOn!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-06-25T12:00:00.000Z' }) paidAt!: string | null;
  @ApiProperty({ type: [String], description: 'Conditions that must be met (or waived) before it is paid' }) dependsOnConditionIds!: string[];
}

export const AWARD_STATUSES = ['offered', 'accepted', 'declined', 'lapsed', 'active', 'completed', 'clawed-back', 'withdrawn'];

export class AwardQueryDto extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this programme or fund' })
  @IsOptional()
  @IsUUID()
  programmeId?: string;

  @ApiPropertyOptional({ enum: AWARD_STATUSES })
  @IsOptional()
  @IsIn(AWARD_STATUSES)
  status?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the award of this case' })
  @IsOptional()
  @IsUUID()
  caseId?: string;
}

export class AwardView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'MSF-2026-000123' }) reference!: string;
  @ApiProperty({ example: 'Legal and pensions advice for our staff transfer' }) title!: string;
  @ApiProperty({ example: '3BM' }) organisationName!: string;
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ enum: AWARD_STATUSES }) status!: string;
  @ApiProperty({ example: ['Report on outcomes after six months'] }) conditions!: string[];
  @ApiProperty({ example: '2026-07-10T16:00:00.000Z' }) expiresAt!: string;
  @ApiProperty({ example: 2_500_000, description: 'Awarded, pence' }) awardedPence!: number;
  @ApiProperty({ example: 1_250_000 }) paidPence!: number;
  @ApiProperty({ example: 0 }) clawedBackPence!: number;
  @ApiProperty({ example: 1_250_000, description: 'Awarded and not yet paid (nothing once clawed back)' }) outstandingPence!: number;
  @ApiProperty({ example: '2026-06-12T09:00:00.000Z' }) offeredAt!: string;
  @ApiProperty({ type: String, nullable: true }) respondedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'When the applicant withdrew after the offer', example: null }) withdrawnAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'What an officer must resolve, e.g. money paid before a withdrawal', example: null }) flaggedReason!: string | null;
  @ApiProperty({ type: [MilestoneView] }) milestones!: MilestoneView[];
  @ApiProperty({ type: [ConditionView], description: 'The conditions as tracked items: due date, status, evidence, who accepted it' }) trackedConditions!: ConditionView[];
}

export class AwardTotalsView {
  @ApiProperty({ example: 2_500_000 }) awardedPence!: number;
  @ApiProperty({ example: 1_250_000 }) paidPence!: number;
  @ApiProperty({ example: 1_250_000 }) outstandingPence!: number;
}

export class AwardPage extends PageOf(AwardView, 'Awards matching the filters') {
  @ApiProperty({ type: AwardTotalsView, description: 'Sums over every matching award, on every page' }) totals!: AwardTotalsView;
}
