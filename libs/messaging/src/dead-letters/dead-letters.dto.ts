import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CLOUDEVENTS_CONTENT_TYPE } from '@mutuals/contracts';
import { DEAD_LETTER_ID_PATTERN, DEAD_LETTER_REASONS, DEAD_LETTER_STATUSES, DeadLetterStatus, envelopeFieldsOf, TOPIC_PATTERN } from './dead-letter';
import { DeadLetterActionEntry } from './dead-letter-actions';
import { DeadLetterDetails, DeadLetterEntry } from './dead-letters';

const EXAMPLE_ID = 'applications.application.v1.dlq:0:42';
const EXAMPLE_TOPIC = 'applications.application.v1';
const NOT_BLANK = /\S/;

export class DeadLetterIdParam {
  @ApiProperty({ description: '`<dead-letter topic>:<partition>:<offset>`', example: EXAMPLE_ID })
  @IsString()
  @Matches(DEAD_LETTER_ID_PATTERN, { message: 'id must be <dead-letter topic>:<partition>:<offset>' })
  id!: string;
}

export class DeadLetterQuery {
  @ApiPropertyOptional({ enum: DEAD_LETTER_STATUSES, example: 'pending' })
  @IsOptional()
  @IsIn(DEAD_LETTER_STATUSES)
  status?: DeadLetterStatus;

  @ApiPropertyOptional({ description: 'The dead-letter topic or its origin topic', example: EXAMPLE_TOPIC, maxLength: 249 })
  @IsOptional()
  @Matches(TOPIC_PATTERN, { message: 'topic must be a Kafka topic name' })
  topic?: string;

  @ApiPropertyOptional({ example: 1, default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page = 1;

  @ApiPropertyOptional({ example: 50, default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize = 50;
}

export class ReplayDeadLetterDto {
  @ApiPropertyOptional({ description: 'Why it is replayed, for the audit', example: 'Contact lists fixed; the handler succeeds now', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  @MaxLength(2000)
  reason?: string;
}

export class ReplayTopicDto extends ReplayDeadLetterDto {
  @ApiProperty({ description: 'The dead-letter topic or its origin topic; every pending dead letter of it is replayed', example: EXAMPLE_TOPIC, maxLength: 249 })
  @IsString()
  @Matches(TOPIC_PATTERN, { message: 'topic must be a Kafka topic name' })
  topic!: string;
}

export class DiscardDeadLetterDto {
  @ApiProperty({ description: 'Why it will not be replayed', example: 'Test message sent by hand; nothing to deliver', maxLength: 2000 })
  @IsString()
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  @MaxLength(2000)
  reason!: string;
}

export class DeadLetterSummaryView {
  @ApiProperty({ example: EXAMPLE_ID }) id!: string;
  @ApiProperty({ enum: DEAD_LETTER_STATUSES, example: 'pending' }) status!: DeadLetterStatus;
  @ApiProperty({ enum: DEAD_LETTER_REASONS, example: 'handler-failed' }) reason!: string;
  @ApiProperty({ example: '5 attempts failed; last: connection terminated' }) detail!: string;
  @ApiProperty({ description: 'The dead-letter topic', example: `${EXAMPLE_TOPIC}.dlq` }) topic!: string;
  @ApiProperty({ example: EXAMPLE_TOPIC }) originTopic!: string;
  @ApiProperty({ type: Number, example: 2, nullable: true }) originPartition!: number | null;
  @ApiProperty({ example: '1234' }) originOffset!: string;
  @ApiProperty({ example: 'notifications' }) consumerGroup!: string;
  @ApiProperty({ example: '2026-05-14T17:00:01.000Z' }) failedAt!: string;
  @ApiProperty({ type: String, nullable: true, example: '6f1c1f2e-8d0a-4b59-9a3c-0c5d2f1e7a10' }) key!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The envelope id, when the payload is an envelope', example: '0b8f7c52-3e0d-4c37-8d43-1f1b8b2f4c11' }) eventId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: EXAMPLE_TOPIC }) eventType!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The message value as text (UTF-8); null when it had none', example: '{"specversion":"1.0","id":"0b8f7c52-…"}' })
  payload!: string | null;

  static of({ letter, status }: DeadLetterEntry): DeadLetterSummaryView {
    const { eventId, eventType } = envelopeFieldsOf(letter.value);
    return {
      id: letter.id,
      status,
      reason: letter.reason,
      detail: letter.detail,
      topic: letter.topic,
      originTopic: letter.originTopic,
      originPartition: letter.originPartition,
      originOffset: letter.originOffset,
      consumerGroup: letter.consumerGroup,
      failedAt: letter.failedAt,
      key: letter.key?.toString('utf8') ?? null,
      eventId,
      eventType,
      payload: letter.value?.toString('utf8') ?? null,
    };
  }
}

export class DeadLetterActionView implements DeadLetterActionEntry {
  @ApiProperty({ enum: ['replayed', 'discarded'], example: 'replayed' }) action!: 'replayed' | 'discarded';
  @ApiProperty({ description: 'The subject of the token that did it', example: 'jo.admin' }) actor!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Contact lists fixed' }) reason!: string | null;
  @ApiProperty({ example: '2026-05-14T17:30:00.000Z' }) at!: string;
}

/** Any JSON value or null, which OpenAPI 3.0 can say only as one of each kind. */
const ANY_JSON = [{ type: 'object', additionalProperties: true, nullable: true }, { type: 'array', items: {} }, { type: 'string' }, { type: 'number' }, { type: 'boolean' }];

export class DeadLetterView extends DeadLetterSummaryView {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Every header of the dead letter: the original ones and the dlq-* ones', example: { 'dlq-reason': 'handler-failed', 'content-type': CLOUDEVENTS_CONTENT_TYPE } })
  headers!: Record<string, string>;

  @ApiProperty({ oneOf: ANY_JSON, description: 'The payload parsed, when it is JSON (any JSON value)', example: { specversion: '1.0', type: EXAMPLE_TOPIC } })
  payloadJson!: unknown;

  @ApiProperty({ type: [DeadLetterActionView], description: 'What operators did, oldest first' })
  history!: DeadLetterActionView[];

  static ofDetails(details: DeadLetterDetails): DeadLetterView {
    const { json } = envelopeFieldsOf(details.letter.value);
    return {
      ...DeadLetterSummaryView.of(details),
      headers: details.letter.headers,
      payloadJson: json ?? null,
      history: details.history,
    };
  }
}

export class DeadLetterPage {
  @ApiProperty({ type: [DeadLetterSummaryView] }) items!: DeadLetterSummaryView[];
  @ApiProperty({ example: 1 }) page!: number;
  @ApiProperty({ example: 50 }) pageSize!: number;
  @ApiProperty({ example: 1, description: 'Matching dead letters on all pages' }) total!: number;
}

export class ReplayTopicResult {
  @ApiProperty({ example: `${EXAMPLE_TOPIC}.dlq` }) topic!: string;
  @ApiProperty({ type: [String], description: 'The dead letters replayed, in the order sent', example: [EXAMPLE_ID] }) replayed!: string[];
}
