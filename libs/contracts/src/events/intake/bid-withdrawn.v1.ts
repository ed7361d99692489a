import { IsISO8601, IsString, IsUUID, Length } from 'class-validator';
import { defineEvent } from '../../contract';

export class BidWithdrawnV1 {
  @IsUUID() bidId!: string;
  @IsString() @Length(1, 40) reference!: string;
  @IsUUID() roundId!: string;
  @IsString() @Length(1, 20) authorityCode!: string;
  @IsISO8601({ strict: true }) withdrawnAt!: string;
}

export const BidWithdrawn = defineEvent({
  context: 'intake',
  aggregate: 'bid',
  event: 'withdrawn',
  version: 1,
  description: 'A council withdrew its bid; the authority may bid again in the same round while it is open.',
  payload: BidWithdrawnV1,
  example: {
    bidId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
    reference: 'DD14-0042',
    roundId: '2f3e4d5c-6b7a-4c8d-9e0f-1a2b3c4d5e6f',
    authorityCode: 'E08000012',
    withdrawnAt: '2014-05-20T10:00:00.000Z',
  },
});
