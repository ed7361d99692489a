import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsString, IsUUID, Length, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../../contract';
import { AssessmentSettings } from '../../shared/fields';

export class RoundOpenedV1 {
  @IsUUID() roundId!: string;
  @IsUUID() programmeId!: string;
  @IsString() @Length(1, 200) name!: string;
  @IsISO8601({ strict: true }) opensAt!: string;
  @IsISO8601({ strict: true }) closesAt!: string;
  @IsInt() @Min(0) maxAwardPence!: number;
  @IsInt() @Min(1) places!: number;
  @ValidateNested() @Type(() => AssessmentSettings) assessment!: AssessmentSettings;
}

export const RoundOpened = defineEvent({
  context: 'intake',
  aggregate: 'round',
  event: 'opened',
  version: 1,
  description: 'A bid round opened at its opening time; bids are accepted until closesAt.',
  payload: RoundOpenedV1,
  example: {
    roundId: '2f3e4d5c-6b7a-4c8d-9e0f-1a2b3c4d5e6f',
    programmeId: '9c1d7e2a-3b4f-4a5e-8d6c-7b8a9c0d1e2f',
    name: 'Delivering Differently 2014',
    opensAt: '2014-04-14T09:00:00.000Z',
    closesAt: '2014-05-30T16:00:00.000Z',
    maxAwardPence: 10_000_000,
    places: 10,
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
  },
});
