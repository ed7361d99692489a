import { IsInt, IsISO8601, IsUUID, Min } from 'class-validator';
import { defineEvent } from '../../contract';

export class RoundClosedV1 {
  @IsUUID() roundId!: string;
  @IsUUID() programmeId!: string;
  @IsISO8601({ strict: true }) closedAt!: string;
  @IsInt() @Min(0) bidsSubmitted!: number;
}

export const RoundClosed = defineEvent({
  context: 'intake',
  aggregate: 'round',
  event: 'closed',
  version: 1,
  description: 'A bid round closed at its closing time; no more bids are accepted.',
  payload: RoundClosedV1,
  example: {
    roundId: '2f3e4d5c-6b7a-4c8d-9e0f-1a2b3c4d5e6f',
    programmeId: '9c1d7e2a-3b4f-4a5e-8d6c-7b8a9c0d1e2f',
    closedAt: '2014-05-30T16:00:00.000Z',
    bidsSubmitted: 148,
  },
});
