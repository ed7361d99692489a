import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID, Length } from 'class-validator';
import { COMMISSIONER_KINDS, JOURNEY_STAGES, REGIONS, SECTORS } from '@mutuals/domain';
import { PageOf, PageQuery } from '@mutuals/http';
import { BID_OUTCOMES, TARGET_MUTUALS } from './portfolio';

const DateFilter = (name: string, example: string, description: string) =>
  applyDecorators(
    ApiPropertyOptional({ example, description }),
    IsOptional(),
    IsISO8601({ strict: true }, { message: `${name} must be a real date, YYYY-MM-DD` }),
    Length(10, 10, { message: `${name} must be a date, YYYY-MM-DD` }),
  );

/**
 * The dashboard's filters. Dates select mutuals by their launch date, or for those not launched the
 * date they entered their current stage; the pipeline counts stage entries dated in the period.
 * Sector, region and kind select mutuals; the kind is the commissioning body's (the parent body's
 * until launch). `page` and `pageSize` page the support given per mutual.
 */
export class PortfolioQuery extends PageQuery {
  @DateFilter('from', '2011-04-01', 'First day of the period, inclusive')
  from?: string;

  @DateFilter('to', '2014-07-31', 'Last day of the period, inclusive')
  to?: string;

  @ApiPropertyOptional({ enum: SECTORS })
  @IsOptional()
  @IsIn(SECTORS, { message: `sector must be one of ${SECTORS.join(', ')}` })
  sector?: string;

  @ApiPropertyOptional({ enum: REGIONS })
  @IsOptional()
  @IsIn(REGIONS, { message: `region must be one of ${REGIONS.join(', ')}` })
  region?: string;

  @ApiPropertyOptional({ enum: COMMISSIONER_KINDS })
  @IsOptional()
  @IsIn(COMMISSIONER_KINDS, { message: `commissionerKind must be one of ${COMMISSIONER_KINDS.join(', ')}` })
  commissionerKind?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The bid programme whose bids are counted by outcome; by default the one named "Delivering Differently"' })
  @IsOptional()
  @IsUUID()
  bidProgrammeId?: string;
}

export class HeadlineView {
  @ApiProperty({ example: 100, description: 'Launched on a mutual route (staff-led mutual or joint venture)' }) mutualsLaunched!: number;
  @ApiProperty({ example: 35_000, description: 'Current staff of the mutuals launched' }) staffEmployed!: number;
  @ApiProperty({ example: 150_000_000_000, description: 'Current contract values of the mutuals launched, in pence' }) publicSpendingPence!: number;
  @ApiProperty({ example: TARGET_MUTUALS }) targetMutuals!: number;
  @ApiProperty({ example: 12, description: 'Local-authority trading companies launched (not counted as mutuals)' }) tradingCompaniesLaunched!: number;
}

export class LaunchQuarterView {
  @ApiProperty({ example: '2014-Q2' }) quarter!: string;
  @ApiProperty({ example: '2014-04-01' }) quarterStart!: string;
  @ApiProperty({ example: 9, description: 'Mutuals launched in the quarter (within the period)' }) launched!: number;
  @ApiProperty({ example: 96, description: 'Mutuals launched since the programme began, to the end of the quarter' }) cumulative!: number;
}

export class BreakdownView {
  @ApiProperty({ example: 'local-government', description: "The vocabulary's code, or not-recorded" }) code!: string;
  @ApiProperty({ example: 'Local government' }) label!: string;
  @ApiProperty({ example: 40 }) mutuals!: number;
  @ApiProperty({ example: 14_000 }) staff!: number;
  @ApiProperty({ example: 60_000_000_000 }) spendingPence!: number;
}

export class PipelineStageView {
  @ApiProperty({ enum: JOURNEY_STAGES }) stage!: string;
  @ApiProperty({ example: 'Business case' }) label!: string;
  @ApiProperty({ example: 12, description: 'Mutuals at this stage now (entered within the period)' }) atStageNow!: number;
  @ApiProperty({ example: 30, description: 'Mutuals that entered this stage within the period' }) reached!: number;
  @ApiProperty({ example: 24, description: 'Of those, how many have since gone on to a later stage' }) movedOn!: number;
  @ApiProperty({ type: Number, nullable: true, example: 80, description: 'movedOn as a share of reached, per cent; null when none reached it or for the last stages' })
  conversionPercent!: number | null;
}

export class SupportFigures {
  @ApiProperty({ example: 2_500_000, description: 'Cash approved and still committed (as the budget counts it)' }) cashCommittedPence!: number;
  @ApiProperty({ example: 1_000_000, description: 'Cash paid, less any clawed back' }) cashPaidPence!: number;
  @ApiProperty({ example: 1_800_000, description: 'Value of the support packages awarded in kind' }) inKindValuePence!: number;
  @ApiProperty({ example: 375_000 }) inKindInvoicedPence!: number;
  @ApiProperty({ example: 375_000 }) inKindPaidPence!: number;
}

export class MutualSupportView extends SupportFigures {
  @ApiProperty({ format: 'uuid' }) mutualId!: string;
  @ApiProperty({ example: 'MUT-0001' }) reference!: string;
  @ApiProperty({ example: 'Bristol Care Mutual CIC' }) name!: string;
  @ApiProperty({ example: 2, description: 'Cases (applications and bids) linked to the mutual' }) cases!: number;
}

export class SupportTotalsView extends SupportFigures {
  @ApiProperty({ example: 21, description: 'Mutuals given support' }) mutuals!: number;
}

export class MutualSupportPage extends PageOf(MutualSupportView, 'Mutuals with support') {
  @ApiProperty({ type: SupportTotalsView }) totals!: SupportTotalsView;
}

export class BidOutcomeView {
  @ApiProperty({ enum: BID_OUTCOMES }) outcome!: string;
  @ApiProperty({ example: 'Became a mutual' }) label!: string;
  @ApiProperty({ example: 8 }) bids!: number;
}

export class BidProgrammeRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Delivering Differently' }) name!: string;
}

export class BidOutcomesView {
  @ApiProperty({ type: BidProgrammeRef, nullable: true, description: 'The programme counted; null when there is none' }) programme!: BidProgrammeRef | null;
  @ApiProperty({ example: 148 }) total!: number;
  @ApiProperty({ type: [BidOutcomeView] }) outcomes!: BidOutcomeView[];
}

export class PortfolioDashboardView {
  @ApiProperty({ type: HeadlineView }) headline!: HeadlineView;
  @ApiProperty({ type: [LaunchQuarterView] }) launches!: LaunchQuarterView[];
  @ApiProperty({ type: [BreakdownView], description: 'Mutuals launched by the kind of body commissioning them' }) byCommissionerKind!: BreakdownView[];
  @ApiProperty({ type: [BreakdownView] }) bySector!: BreakdownView[];
  @ApiProperty({ type: [BreakdownView] }) byRegion!: BreakdownView[];
  @ApiProperty({ type: [PipelineStageView] }) pipeline!: PipelineStageView[];
  @ApiProperty({ type: MutualSupportPage }) support!: MutualSupportPage;
  @ApiProperty({ type: BidOutcomesView }) bids!: BidOutcomesView;
}
