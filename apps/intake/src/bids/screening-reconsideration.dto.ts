import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageOf, PageQuery } from '@mutuals/http';

export const SCREENING_RECONSIDERATION_STATUSES = ['requested', 'upheld', 'overturned'] as const;

export class RequestScreeningReconsiderationDto {
  @ApiProperty({ example: 'We are an English metropolitan district; the region was entered wrongly.', maxLength: 5000 })
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

export class ReviewScreeningReconsiderationDto {
  @ApiProperty({ enum: ['upheld', 'overturned'], example: 'overturned', description: 'Overturned screens the bid eligible, so it goes to assessment' })
  @IsIn(['upheld', 'overturned'])
  outcome!: 'upheld' | 'overturned';

  @ApiProperty({ example: 'The council is an English authority; the bid is eligible.', maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class ScreeningReconsiderationQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: SCREENING_RECONSIDERATION_STATUSES })
  @IsOptional()
  @IsIn(SCREENING_RECONSIDERATION_STATUSES)
  status?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  bidId?: string;
}

export class ScreeningReconsiderationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) bidId!: string;
  @ApiProperty({ example: 'DD14-0042' }) reference!: string;
  @ApiProperty({ example: 'Liverpool City Council' }) authorityName!: string;
  @ApiProperty({ example: '2014-05-30T16:00:01.000Z' }) screenedAt!: string;
  @ApiProperty({ example: 'automatic', description: "'automatic' or the screening officer's id" }) screenedBy!: string;
  @ApiProperty({ example: ['Only English local authorities may bid'] }) reasons!: string[];
  @ApiProperty() grounds!: string;
  @ApiProperty({ type: [String] }) documentIds!: string[];
  @ApiProperty() requestedBy!: string;
  @ApiProperty({ example: '2014-06-02T09:00:00.000Z' }) requestedAt!: string;
  @ApiProperty({ enum: SCREENING_RECONSIDERATION_STATUSES }) status!: string;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ type: String, nullable: true }) reviewedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) reviewedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'For an officer: why they may not review it (they screened the bid); null when they may' })
  cannotReviewBecause!: string | null;
}

export class ScreeningReconsiderationPage extends PageOf(ScreeningReconsiderationView, 'Requests to reconsider a screening, newest first') {}
