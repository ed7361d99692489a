import { Type } from 'class-transformer';
import { IsArray, IsInt, IsISO8601, IsString, IsUUID, Length, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../../contract';
import { Contact } from '../../shared/fields';

export class BidSubmittedV1 {
  @IsUUID() bidId!: string;
  @IsString() @Length(1, 40) reference!: string;
  @IsUUID() roundId!: string;
  @IsUUID() programmeId!: string;
  /** The lead authority's code (ONS GSS code, e.g. E08000012). */
  @IsString() @Length(1, 20) authorityCode!: string;
  @IsString() @Length(1, 200) authorityName!: string;
  @IsArray() @IsString({ each: true }) partnerAuthorityCodes!: string[];
  @IsString() @Length(1, 60) region!: string;
  @IsString() @Length(1, 60) sector!: string;
  @IsString() @Length(1, 300) title!: string;
  @IsInt() @Min(0) amountRequestedPence!: number;
  @ValidateNested() @Type(() => Contact) contact!: Contact;
  @IsISO8601({ strict: true }) submittedAt!: string;
}

export const BidSubmitted = defineEvent({
  context: 'intake',
  aggregate: 'bid',
  event: 'submitted',
  version: 1,
  description: 'A council submitted a bid to a round before it closed.',
  payload: BidSubmittedV1,
  example: {
    bidId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
    reference: 'DD14-0042',
    roundId: '2f3e4d5c-6b7a-4c8d-9e0f-1a2b3c4d5e6f',
    programmeId: '9c1d7e2a-3b4f-4a5e-8d6c-7b8a9c0d1e2f',
    authorityCode: 'E08000012',
    authorityName: 'Liverpool City Council',
    partnerAuthorityCodes: ['E08000011'],
    region: 'north-west',
    sector: 'youth',
    title: 'A staff-led mutual for youth services',
    amountRequestedPence: 9_500_000,
    contact: { name: 'Jo Bennett', email: 'jo.bennett@liverpool.example.gov.uk' },
    submittedAt: '2014-05-30T15:59:59.000Z',
  },
});
