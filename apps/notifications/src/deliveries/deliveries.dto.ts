import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, MaxLength, Min } from 'class-validator';
import { PageOf, PageQuery } from '@mutuals/http';
import { DELIVERY_STATUSES, DeliveryEntity, DeliveryStatus } from './delivery.entity';
import { NotifyStatus } from './retry-policy';

export class DeliveryQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'The application, bid, case, award, round or programme id', example: '6f1c1f2e-8d0a-4b59-9a3c-0c5d2f1e7a10', maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  subjectId?: string;

  @ApiPropertyOptional({ example: 'alex.morgan@3bm.example.org', maxLength: 320 })
  @IsOptional()
  @IsString()
  @Length(1, 320)
  recipient?: string;

  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, example: 'permanent-failure' })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @ApiPropertyOptional({ description: 'Recorded at or after (ISO-8601)', example: '2026-05-01T00:00:00.000Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @MaxLength(40)
  from?: string;

  @ApiPropertyOptional({ description: 'Recorded before (ISO-8601)', example: '2026-06-01T00:00:00.000Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @MaxLength(40)
  to?: string;
}

export class DeliveryView {
  @ApiProperty({ format: 'uuid', description: 'Also the reference sent to the provider' }) id!: string;
  @ApiProperty({ example: 'application-received' }) templateId!: string;
  @ApiProperty({ example: 1 }) templateVersion!: number;
  @ApiProperty({ example: 'applications.application.submitted.v1' }) eventType!: string;
  @ApiProperty({ example: 'alex.morgan@3bm.example.org', description: 'Empty when there was no address (a permanent failure)' }) recipient!: string;
  @ApiProperty({ example: '6f1c1f2e-8d0a-4b59-9a3c-0c5d2f1e7a10' }) subjectId!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES, example: 'delivered' }) status!: string;
  @ApiProperty({ example: 1 }) attempts!: number;
  @ApiProperty({ type: String, nullable: true, example: 'notify' }) channel!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '740e5834-3a29-46b4-9a6f-16142fde533a' }) providerId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) failureReason!: string | null;
  @ApiProperty({ example: '2026-05-14T17:00:01.000Z' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-05-14T17:00:02.000Z' }) sentAt!: string | null;

  static of(d: DeliveryEntity): DeliveryView {
    return {
      id: d.id,
      templateId: d.templateId,
      templateVersion: d.templateVersion,
      eventType: d.eventType,
      recipient: d.recipient,
      subjectId: d.subjectId,
      status: d.status,
      attempts: d.attempts,
      channel: d.channel,
      providerId: d.providerId,
      failureReason: d.failureReason,
      createdAt: d.createdAt.toISOString(),
      sentAt: d.sentAt?.toISOString() ?? null,
    };
  }
}

export class DeliveryPage extends PageOf(DeliveryView, 'Matching records', 'DeliveryPageBase') {}

const NOTIFY_STATUSES: NotifyStatus[] = ['delivered', 'permanent-failure', 'temporary-failure', 'technical-failure'];

/** The body GOV.UK Notify posts to a delivery-receipt callback. */
export class NotifyDeliveryReceipt {
  @ApiProperty({ description: "Notify's notification id", example: '740e5834-3a29-46b4-9a6f-16142fde533a' })
  @IsUUID()
  id!: string;

  @ApiProperty({ description: 'Our delivery id, sent as the reference', example: '6f1c1f2e-8d0a-4b59-9a3c-0c5d2f1e7a10' })
  @IsUUID()
  reference!: string;

  @ApiPropertyOptional({ example: 'alex.morgan@3bm.example.org', maxLength: 320 })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  to?: string;

  @ApiProperty({ enum: NOTIFY_STATUSES, example: 'delivered' })
  @IsIn(NOTIFY_STATUSES)
  status!: NotifyStatus;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2026-05-14T17:00:02.000Z', maxLength: 40 })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  created_at?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2026-05-14T17:00:09.000Z', maxLength: 40 })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  completed_at?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2026-05-14T17:00:03.000Z', maxLength: 40 })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  sent_at?: string | null;

  @ApiPropertyOptional({ enum: ['email', 'sms', 'letter'], example: 'email' })
  @IsOptional()
  @IsIn(['email', 'sms', 'letter'])
  notification_type?: string;

  @ApiPropertyOptional({ example: '3f0b6a52-1c1e-4c83-9d36-2b5d4f6a0101' })
  @IsOptional()
  @IsUUID()
  template_id?: string;

  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  template_version?: number;
}
