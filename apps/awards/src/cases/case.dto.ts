import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageOf, PageQuery } from '@mutuals/http';
import { AssessmentView } from '../assessments/assessment.dto';
import { DueDiligenceView } from '../decisions/decision.dto';
import { InKindDto } from '../inkind/inkind.dto';
import { Approval, Case, CASE_STATUSES, Decision, Moderation } from './case';

export class CaseQueryDto extends PageQuery {
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
  @ApiProperty({ type: String, nullable: true, example: null }) releaseReason!: string | null;
}

export class CaseContactView {
  @ApiProperty({ example: 'Alex Morgan' }) name!: string;
  @ApiProperty({ example: 'alex.morgan@3bm.example.org' }) email!: string;
}

export class ModerationView implements Moderation {
  @ApiProperty({ type: [Number], example: [62, 78] }) assessorScores!: number[];
  @ApiProperty({ example: 70 }) agreedScore!: number;
  @ApiProperty({ example: 'The second assessor gave more weight to staff support' }) reason!: string;
  @ApiProperty({ example: 'officer-sam' }) moderatedBy!: string;
  @ApiProperty({ example: '2026-06-05T10:00:00.000Z' }) moderatedAt!: string;
}

export class ApprovalView implements Approval {
  @ApiProperty({ example: 15_000_000 }) amountPence!: number;
  @ApiPropertyOptional({ type: InKindDto, description: 'Support in kind asked for with the approval' }) inKind?: InKindDto;
  @ApiProperty({ example: 'Strong case with clear staff support' }) reason!: string;
  @ApiProperty({ example: 'officer-sam' }) by!: string;
  @ApiProperty({ example: '2026-06-10T11:00:00.000Z' }) at!: string;
}

export class DecisionView implements Decision {
  @ApiProperty({ enum: ['approved', 'reserve', 'rejected'] }) outcome!: Decision['outcome'];
  @ApiPropertyOptional({ example: 2_500_000, description: 'The cash approved' }) amountPence?: number;
  @ApiPropertyOptional({ example: 1_500_000, description: 'The value of support in kind awarded with the approval' }) inKindPence?: number;
  @ApiProperty({ example: 'Strong case with clear staff support' }) reason!: string;
  @ApiProperty({ example: 'officer-sam' }) decidedBy!: string;
  @ApiPropertyOptional({ example: 'officer-ruth', description: 'The first approver, for awards that need two' }) firstApprover?: string;
  @ApiProperty({ example: '2026-06-10T11:00:00.000Z' }) decidedAt!: string;
}

export class CaseView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['bid', 'application'] }) source!: string;
  @ApiProperty({ format: 'uuid' }) sourceId!: string;
  @ApiProperty({ example: 'MSF-2026-000123' }) reference!: string;
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ format: 'uuid', description: 'The bid round, or the fund' }) schemeId!: string;
  @ApiProperty({ example: '3BM' }) organisationName!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Bristol City Council' }) parentBody!: string | null;
  @ApiProperty({ example: 'Legal and pensions advice for our staff transfer' }) title!: string;
  @ApiProperty({ type: String, nullable: true, example: 'school-support' }) sector!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'south-west' }) region!: string | null;
  @ApiProperty({ type: CaseContactView }) contact!: CaseContactView;
  @ApiProperty({ example: 2_500_000 }) amountRequestedPence!: number;
  @ApiProperty({ enum: CASE_STATUSES }) status!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Why the case could not be fully allocated', example: null }) blockedReason!: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 71.25 }) finalScore!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: null }) approvedPence!: number | null;
  @ApiProperty({ type: ModerationView, nullable: true, description: 'Moderation record' }) moderation!: ModerationView | null;
  @ApiProperty({ type: ApprovalView, nullable: true, description: 'First approval awaiting a second officer' }) firstApproval!: ApprovalView | null;
  @ApiProperty({ type: DecisionView, nullable: true, description: 'The decision with its reason' }) decision!: DecisionView | null;
  @ApiProperty({ type: String, nullable: true, description: 'What an officer must resolve, e.g. a screening that came after the approval', example: null }) flaggedReason!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) flaggedAt!: string | null;
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
  @ApiProperty({ enum: ['case', 'award', 'support-package', 'mutual'], description: 'The case, its award, its support package, or the mutual in the register it was linked to' }) subjectType!: string;
  @ApiProperty({ example: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e' }) subjectId!: string;
  @ApiProperty({ example: 'decided-approved' }) action!: string;
  @ApiProperty({ example: 'officer-sam' }) actor!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { amountPence: 2_500_000 } }) details!: object;
}

export class CasePage extends PageOf(CaseView, 'Cases matching the filters') {}
