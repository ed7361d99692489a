import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { CaseDocumentView } from '../evidence/case-document.dto';
import { PageOf } from '@mutuals/http';

export const CONDITION_STATUSES = ['open', 'evidence-submitted', 'met', 'waived'] as const;
export const RETURN_STATUSES = ['due', 'submitted', 'accepted', 'returned'] as const;

export class ConditionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Report on outcomes after six months' }) text!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-12-20' }) dueOn!: string | null;
  @ApiProperty({ enum: CONDITION_STATUSES }) status!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Six-month report attached' }) evidenceNote!: string | null;
  @ApiProperty({ type: [String], description: "Documents on the award's case that evidence it" }) evidenceDocumentIds!: string[];
  @ApiProperty({ type: [CaseDocumentView], description: 'Those documents as the reader may see them: all to an officer, to the mutual those it attached (GET awards/:id/documents/:documentId/content)' })
  evidenceDocuments!: CaseDocumentView[];
  @ApiProperty({ type: String, nullable: true }) evidenceSubmittedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) evidenceSubmittedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The officer who accepted the evidence or waived the condition' }) decidedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) waivedReason!: string | null;
}

export class EvidenceDto {
  @ApiPropertyOptional({ example: 'The six-month report is attached to the case', maxLength: 4000 })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  note?: string;

  @ApiPropertyOptional({ type: [String], description: "Ids of documents on the award's case: its evidence, such as those the mutual attaches with POST awards/:id/documents" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  documentIds?: string[];
}

export class WaiveDto {
  @ApiProperty({ example: 'Superseded by the commissioner’s own reporting', maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class MonitoringScheduleDto {
  @ApiProperty({ example: 3, description: 'Months each return covers' })
  @IsInt()
  @Min(1)
  @Max(24)
  intervalMonths!: number;

  @ApiProperty({ example: 4, description: 'Returns to schedule after those already submitted' })
  @IsInt()
  @Min(1)
  @Max(40)
  returns!: number;

  @ApiPropertyOptional({ example: '2026-06-20', description: 'First day of the first period; by default acceptance (or the end of the last submitted period)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Length(10, 10, { message: 'startOn must be a date, YYYY-MM-DD' })
  startOn?: string;
}

export class OutcomeDto {
  @ApiProperty({ example: 'People supported at home', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  measure!: string;

  @ApiProperty({ example: '1,240', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  value!: string;
}

const MAX_PENCE = 1_000_000_000_000;

export class MonitoringReturnDto {
  @ApiProperty({ example: 250, description: 'People employed by the mutual' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  staff!: number;

  @ApiProperty({ example: 1_200_000_000, description: 'Value of its public-service contracts, integer pence' })
  @IsInt()
  @Min(0)
  @Max(MAX_PENCE)
  contractValuePence!: number;

  @ApiProperty({ example: 0, description: 'Contracts renewed in the period' })
  @IsInt()
  @Min(0)
  @Max(1000)
  contractRenewals!: number;

  @ApiProperty({ example: 310_000_000, description: 'Turnover in the period, integer pence' })
  @IsInt()
  @Min(0)
  @Max(MAX_PENCE)
  turnoverPence!: number;

  @ApiProperty({ example: 45_000_000, description: 'Savings to the commissioner in the period, integer pence' })
  @IsInt()
  @Min(0)
  @Max(MAX_PENCE)
  savingsToCommissionerPence!: number;

  @ApiProperty({ type: [OutcomeDto], description: 'Service outcomes as the programme defines them: named measures with values' })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OutcomeDto)
  outcomes!: OutcomeDto[];
}

export class ReviewDto {
  @ApiProperty({ enum: ['accepted', 'returned'], description: 'Accept the return, or return it to the mutual to correct' })
  @IsIn(['accepted', 'returned'])
  outcome!: 'accepted' | 'returned';

  @ApiPropertyOptional({ example: 'Turnover looks like the annual figure; please give the quarter’s', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class MonitoringReturnView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 1 }) period!: number;
  @ApiProperty({ example: '2026-06-20' }) periodStart!: string;
  @ApiProperty({ example: '2026-09-20' }) periodEnd!: string;
  @ApiProperty({ example: '2026-10-20' }) dueOn!: string;
  @ApiProperty({ enum: RETURN_STATUSES }) status!: string;
  @ApiProperty({ description: 'Due (or returned to correct) and past its due date' }) overdue!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'When it was flagged overdue (once)' }) overdueFlaggedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true }) staff!: number | null;
  @ApiProperty({ type: Number, nullable: true }) contractValuePence!: number | null;
  @ApiProperty({ type: Number, nullable: true }) contractRenewals!: number | null;
  @ApiProperty({ type: Number, nullable: true }) turnoverPence!: number | null;
  @ApiProperty({ type: Number, nullable: true }) savingsToCommissionerPence!: number | null;
  @ApiProperty({ type: [OutcomeDto] }) outcomes!: OutcomeDto[];
  @ApiProperty({ type: String, nullable: true }) submittedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) submittedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) reviewedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) reviewedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) reviewNote!: string | null;
}

export class MonitoringView {
  @ApiProperty({ format: 'uuid' }) awardId!: string;
  @ApiProperty({ example: 3 }) intervalMonths!: number;
  @ApiProperty({ type: [ConditionView] }) conditions!: ConditionView[];
  @ApiProperty({ type: [MonitoringReturnView] }) returns!: MonitoringReturnView[];
}

export class OverdueReturnView extends MonitoringReturnView {
  @ApiProperty({ format: 'uuid' }) awardId!: string;
  @ApiProperty({ example: 'MSF-2026-000123' }) reference!: string;
  @ApiProperty({ example: '3BM' }) organisationName!: string;
}

export class OverdueReturnPage extends PageOf(OverdueReturnView, 'Overdue monitoring returns') {}
