import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { AssessmentView } from '../assessments/assessment.dto';
import { DueDiligenceView } from '../decisions/decision.dto';
import { Case, CASE_STATUSES } from './case';

export class CaseQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this programme or fund' })
  @IsOptional()
  @IsUUID()
  programmeId?: string;

  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: string;

  @ApiPropertyOptional({ description: 'Only cases flagged for an officer to resolve' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  flagged?: boolean;
}

export class AllocationView {
  @ApiProperty({ example: 'assessor-priya' }) assessorId!: string;
  @ApiProperty({ example: 'Priya Shah' }) name!: string;
  @ApiProperty({ enum: ['allocated', 'submitted', 'conflict', 'released'] }) status!: string;
  @ApiProperty({ example: '2026-05-29T16:00:00.000Z' }) dueAt!: string;
  @ApiProperty({ nullable: true, example: null }) releaseReason!: string | null;
}

export class CaseView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['bid', 'application'] }) source!: string;
  @ApiProperty({ format: 'uuid' }) sourceId!: string;
  @ApiProperty({ example: 'MSF-2026-000123' }) reference!: string;
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ format: 'uuid', description: 'The bid round, or the fund' }) schemeId!: string;
  @ApiProperty({ example: '3BM' }) organisationName!: string;
  @ApiProperty({ nullable: true, example: 'Bristol City Council' }) parentBody!: string | null;
  @ApiProperty({ example: 'Legal and pensions advice for our staff transfer' }) title!: string;
  @ApiProperty({ nullable: true, example: 'school-support' }) sector!: string | null;
  @ApiProperty({ nullable: true, example: 'south-west' }) region!: string | null;
  @ApiProperty({ example: { name: 'Alex Morgan', email: 'alex.morgan@3bm.example.org' } }) contact!: { name: string; email: string };
  @ApiProperty({ example: 2_500_000 }) amountRequestedPence!: number;
  @ApiProperty({ enum: CASE_STATUSES }) status!: string;
  @ApiProperty({ nullable: true, description: 'Why the case could not be fully allocated', example: null }) blockedReason!: string | null;
  @ApiProperty({ nullable: true, example: 71.25 }) finalScore!: number | null;
  @ApiProperty({ nullable: true, example: null }) approvedPence!: number | null;
  @ApiProperty({ nullable: true, description: 'Moderation record', example: null }) moderation!: object | null;
  @ApiProperty({ nullable: true, description: 'First approval awaiting a second officer', example: null }) firstApproval!: object | null;
  @ApiProperty({ nullable: true, description: 'The decision with its reason', example: null }) decision!: object | null;
  @ApiProperty({ nullable: true, description: 'What an officer must resolve, e.g. a screening that came after the approval', example: null }) flaggedReason!: string | null;
  @ApiProperty({ nullable: true, example: null }) flaggedAt!: string | null;
  @ApiProperty({ example: '2026-05-15T08:00:00.000Z' }) openedAt!: string;

  static of(c: Case): CaseView {
    return {
      id: c.id,
      source: c.source,
      sourceId: c.sourceId,
      reference: c.reference,
      programmeId: c.programmeId,
      schemeId: c.schemeId,
      organisationName: c.organisationName,
      parentBody: c.parentBody,
      title: c.title,
      sector: c.sector,
      region: c.region,
      contact: { name: c.contactName, email: c.contactEmail },
      amountRequestedPence: c.amountRequestedPence,
      status: c.status,
      blockedReason: c.blockedReason,
      finalScore: c.finalScore,
      approvedPence: c.approvedPence,
      moderation: c.moderation,
      firstApproval: c.firstApproval,
      decision: c.decision,
      flaggedReason: c.flaggedReason,
      flaggedAt: c.flaggedAt?.toISOString() ?? null,
      openedAt: c.openedAt.toISOString(),
    };
  }
}

export class CaseDetailView extends CaseView {
  @ApiProperty({ type: [AllocationView] }) allocations!: AllocationView[];
  @ApiProperty({ type: [AssessmentView] }) assessments!: AssessmentView[];
  @ApiProperty({ type: [DueDiligenceView] }) dueDiligence!: DueDiligenceView[];
}

export class HistoryEntryView {
  @ApiProperty({ example: '2026-06-10T11:00:00.000Z' }) at!: string;
  @ApiProperty({ enum: ['case', 'award'] }) subjectType!: string;
  @ApiProperty({ example: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e' }) subjectId!: string;
  @ApiProperty({ example: 'decided-approved' }) action!: string;
  @ApiProperty({ example: 'officer-sam' }) actor!: string;
  @ApiProperty({ example: { amountPence: 2_500_000 } }) details!: object;
}
