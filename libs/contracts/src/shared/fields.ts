import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, Min, ValidateNested } from 'class-validator';

/** Where an assessment case came from. */
export const CASE_SOURCES = ['bid', 'application'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

/** The person a message about this record goes to. */
export class Contact {
  @IsString()
  @Length(1, 200)
  name!: string;

  @IsEmail()
  email!: string;
}

/** A weighted assessment criterion, as a round or fund defines it. */
export class CriterionSpec {
  @IsString()
  @Length(1, 60)
  id!: string;

  @IsString()
  @Length(1, 200)
  name!: string;

  /** Relative weight in percent; a round's weights add up to 100. */
  @IsInt()
  @Min(1)
  weight!: number;
}

/** How assessments of a round or fund are run; carried by the events that open them. */
export class AssessmentSettings {
  @ValidateNested({ each: true })
  @Type(() => CriterionSpec)
  criteria!: CriterionSpec[];

  /** Each criterion is scored 0..scaleMax. */
  @IsInt()
  @Min(1)
  scaleMax!: number;

  @IsInt()
  @Min(1)
  assessorsPerCase!: number;

  /** Weighted totals (0-100) further apart than this go to moderation. */
  @IsInt()
  @Min(0)
  moderationThreshold!: number;
}


/** A document attached to a record: who has it and how to check it, never its bytes. */
export class DocumentRef {
  @IsUUID() documentId!: string;
  @IsString() @Length(1, 200) name!: string;
  @IsString() @Length(1, 120) contentType!: string;
  @IsInt() @Min(1) sizeBytes!: number;
  /** SHA-256 of the bytes, lower-case hex. */
  @Matches(/^[0-9a-f]{64}$/) sha256!: string;
}

/** A question as the fund or round asked it, with the answer given, in the order asked. */
export class AnsweredQuestion {
  @IsString() @Length(1, 60) questionId!: string;
  @IsString() @Length(1, 2000) question!: string;
  /** Empty when an optional question was left unanswered. */
  @IsString() @MaxLength(100_000) answer!: string;
}
