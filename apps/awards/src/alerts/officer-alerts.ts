import { ApiProperty } from '@nestjs/swagger';

export class OverdueAssessmentAlert {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'MSF-2026-000123' }) reference!: string;
  @ApiProperty({ example: 'assessor-priya' }) assessorId!: string;
  @ApiProperty({ example: 'Priya Shah' }) assessorName!: string;
  @ApiProperty({ example: '2026-05-29T08:00:00.000Z' }) dueAt!: string;
}

export class BlockedAllocationAlert {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'DD-2014-0042' }) reference!: string;
  @ApiProperty({ example: 'Only 1 of 2 assessors available: 3 with a conflict of interest, 0 at capacity, 4 registered' }) reason!: string;
}

export class WaitingReconsiderationAlert {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'MSF-2026-000123' }) reference!: string;
  @ApiProperty({ example: '2026-06-15T09:30:00.000Z' }) requestedAt!: string;
}

/** What needs an officer now; each list is the oldest first, with its true total. */
export class OfficerAlertsView {
  @ApiProperty({ type: [OverdueAssessmentAlert] }) overdueAssessments!: OverdueAssessmentAlert[];
  @ApiProperty() overdueAssessmentsTotal!: number;
  @ApiProperty({ type: [BlockedAllocationAlert] }) blockedAllocations!: BlockedAllocationAlert[];
  @ApiProperty() blockedAllocationsTotal!: number;
  @ApiProperty({ type: [WaitingReconsiderationAlert] }) waitingReconsiderations!: WaitingReconsiderationAlert[];
  @ApiProperty() waitingReconsiderationsTotal!: number;
}
