import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsString, IsUUID, Length, Matches, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../../contract';
import { AssessmentSettings } from '../../shared/fields';

export class RoundEligibilityV1 {
  @IsBoolean() englishLocalAuthoritiesOnly!: boolean;
  @IsBoolean() jointBidsAllowed!: boolean;
  @IsInt() @Min(0) maxPartners!: number;
}

/** A bid round's settings and status as an officer set them: sent when it is added, changed, scheduled or moved on. */
export class RoundPublishedV1 {
  @IsUUID() roundId!: string;
  @IsUUID() programmeId!: string;
  @IsString() @Length(1, 200) name!: string;
  @Matches(/^[A-Z0-9]{2,8}$/) referencePrefix!: string;
  @IsIn(['draft', 'scheduled', 'open', 'closed', 'in_assessment', 'decided', 'archived']) status!: string;
  @IsISO8601({ strict: true }) opensAt!: string;
  @IsISO8601({ strict: true }) closesAt!: string;
  @IsInt() @Min(0) maxAwardPence!: number;
  @IsInt() @Min(1) places!: number;
  @ValidateNested() @Type(() => RoundEligibilityV1) eligibility!: RoundEligibilityV1;
  @IsInt() @Min(0) questions!: number;
  @ValidateNested() @Type(() => AssessmentSettings) assessment!: AssessmentSettings;
  /** Who made the change (a user id); consumers keep the newest by changedAt. */
  @IsString() @Length(1, 200) changedBy!: string;
  @IsISO8601({ strict: true }) changedAt!: string;
}

export const RoundPublished = defineEvent({
  context: 'intake',
  aggregate: 'round',
  event: 'published',
  version: 1,
  description: "A bid round's settings and status, sent whenever an officer adds, changes, schedules or moves it (opening and closing on time are intake.round.opened and intake.round.closed).",
  payload: RoundPublishedV1,
  example: {
    roundId: '2f3e4d5c-6b7a-4c8d-9e0f-1a2b3c4d5e6f',
    programmeId: '9c1d7e2a-3b4f-4a5e-8d6c-7b8a9c0d1e2f',
    name: 'Delivering Differently 2014',
    referencePrefix: 'DD14',
    status: 'scheduled',
    opensAt: '2014-04-14T08:00:00.000Z',
    closesAt: '2014-05-30T16:00:00.000Z',
    maxAwardPence: 10_000_000,
    places: 10,
    eligibility: { englishLocalAuthoritiesOnly: true, jointBidsAllowed: true, maxPartners: 4 },
    questions: 4,
    assessment: {
      criteria: [
        { id: 'ambition', name: 'Ambition and scale of change', weight: 40 },
        { id: 'commitment', name: 'Leadership commitment', weight: 30 },
        { id: 'readiness', name: 'Readiness to deliver', weight: 30 },
      ],
      scaleMax: 5,
      assessorsPerCase: 2,
      moderationThreshold: 20,
    },
    changedBy: 'officer-sam',
    changedAt: '2014-04-01T10:15:00.000Z',
  },
});
