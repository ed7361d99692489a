import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { PageOf } from '@mutuals/http';

export class MoneyFigures {
  @ApiProperty({ example: 100_000_000 }) budgetPence!: number;
  @ApiProperty({ example: 62_500_000, description: 'Approved and not declined, lapsed, withdrawn or recovered' }) committedPence!: number;
  @ApiProperty({ example: 21_000_000 }) paidPence!: number;
  @ApiProperty({ example: 37_500_000, description: 'Budget less committed, never below 0' }) remainingPence!: number;
  @ApiProperty({ example: 0, description: 'Committed beyond the budget (its owner lowered it while an approval was in flight); nothing more is approved until it is 0' })
  overCommittedPence!: number;
}

export class ProgrammeView extends MoneyFigures {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['bid-programme', 'fund'] }) kind!: string;
  @ApiProperty({ example: 'Mutuals Interim Support Fund' }) name!: string;
}

export class ProgrammePage extends PageOf(ProgrammeView, 'Programmes and funds') {}

export class BreakdownRow {
  @ApiProperty({ example: 'youth', description: 'The sector, region, status or round' }) key!: string;
  @ApiProperty({ example: 3 }) awards!: number;
  @ApiProperty({ example: 7_500_000 }) awardedPence!: number;
  @ApiProperty({ example: 2_500_000 }) paidPence!: number;
}

export class RoundFigures {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Delivering Differently 2014' }) name!: string;
  @ApiProperty({ example: 12 }) cases!: number;
  @ApiProperty({ example: 9_000_000, description: 'Approved amounts still committed' }) committedPence!: number;
  @ApiProperty({ example: 4_500_000 }) paidPence!: number;
}

export class ProgrammeTrackingView extends ProgrammeView {
  @ApiProperty({ type: [RoundFigures], description: 'Per bid round (a fund is its own single round)' }) rounds!: RoundFigures[];
  @ApiProperty({ type: [BreakdownRow] }) bySector!: BreakdownRow[];
  @ApiProperty({ type: [BreakdownRow] }) byRegion!: BreakdownRow[];
  @ApiProperty({ type: [BreakdownRow] }) byStatus!: BreakdownRow[];
}

export class RankingQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this bid round' })
  @IsOptional()
  @IsUUID()
  roundId?: string;
}

export class RankedCaseView {
  @ApiProperty({ example: 1 }) rank!: number;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'DD14-0042' }) reference!: string;
  @ApiProperty({ example: 'Liverpool City Council' }) organisationName!: string;
  @ApiProperty({ example: 81.5 }) finalScore!: number;
  @ApiProperty({ example: 9_500_000, description: 'What was asked, limited by the cap' }) askPence!: number;
  @ApiProperty({ example: 'assessed' }) status!: string;
  @ApiProperty({ example: true, description: 'Fits within the remaining budget in rank order (or already approved)' }) aboveFundingLine!: boolean;
}

export class RankingView {
  @ApiProperty({ example: 37_500_000 }) remainingPence!: number;
  @ApiProperty({ type: [RankedCaseView] }) cases!: RankedCaseView[];
}
