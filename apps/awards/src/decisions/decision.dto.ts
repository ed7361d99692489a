import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { DECISION_OUTCOMES, DecisionOutcome } from '@mutuals/contracts';
import { NestedObject } from '@mutuals/http';
import { InKindDto } from '../inkind/inkind.dto';

export class DecideDto {
  @ApiProperty({ enum: DECISION_OUTCOMES, example: 'approved' })
  @IsIn(DECISION_OUTCOMES)
  outcome!: DecisionOutcome;

  @ApiPropertyOptional({ example: 2_500_000, description: 'Cash, integer pence; required to approve without support in kind, at most what was asked and the cap' })
  @ValidateIf((o: DecideDto) => (o.outcome === 'approved' && o.inKind === undefined) || o.amountPence !== undefined)
  @IsInt()
  @Min(1)
  @Max(100_000_000_00)
  amountPence?: number;

  @ApiPropertyOptional({ type: InKindDto, description: 'Support in kind from a framework supplier, with or instead of cash; its value (days x day rate) is committed like a grant' })
  @IsOptional()
  @NestedObject(() => InKindDto)
  inKind?: InKindDto;

  @ApiProperty({ example: 'Above the funding line; strong staff support', maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class ConfirmApprovalDto {
  @ApiProperty({ example: 'Checked the business case and the budget position', maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class DueDiligenceDto {
  @ApiProperty({ example: 'GB-COH-09876543', description: 'The recipient’s org-id (org-id.guide): country, register, id' })
  @IsString()
  @Length(1, 100)
  @Matches(/^\S+$/, { message: 'recipientOrgIdentifier must have no spaces' })
  recipientOrgIdentifier!: string;

  @ApiProperty({ example: 4_000_000, description: 'Minimal financial assistance the recipient declared from elsewhere in the current and two previous financial years, pence' })
  @IsInt()
  @Min(0)
  @Max(100_000_000_00)
  subsidyDeclaredPence!: number;
}

export class DueDiligenceView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'GB-COH-09876543' }) recipientOrgIdentifier!: string;
  @ApiProperty({ example: 4_000_000 }) subsidyDeclaredPence!: number;
  @ApiProperty({ example: 6_500_000, description: 'Declared, plus this programme’s awards to the recipient in the window, plus this award' }) subsidyTotalPence!: number;
  @ApiProperty({ example: true }) passed!: boolean;
  @ApiProperty({ example: [] }) problems!: string[];
  @ApiProperty({ example: 'officer-sam' }) checkedBy!: string;
  @ApiProperty({ example: '2026-06-11T09:00:00.000Z' }) checkedAt!: string;
}
