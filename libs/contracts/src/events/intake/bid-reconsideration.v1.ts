import { Type } from 'class-transformer';
import { IsArray, IsIn, IsISO8601, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { defineEvent } from '../../contract';
import { Contact } from '../../shared/fields';

/** A bid screened ineligible never becomes an awards case: its reconsideration lives in intake. */
export class BidRef {
  @IsUUID() bidId!: string;
  @IsString() @Length(1, 40) reference!: string;
  @IsUUID() roundId!: string;
  @IsUUID() programmeId!: string;
  @IsString() @Length(1, 20) authorityCode!: string;
  @IsString() @Length(1, 200) authorityName!: string;
  /** The council contact messages about the bid go to. */
  @ValidateNested() @Type(() => Contact) contact!: Contact;
}

const BID_REF_EXAMPLE = {
  bidId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
  reference: 'DD14-0042',
  roundId: '2f3e4d5c-6b7a-4c8d-9e0f-1a2b3c4d5e6f',
  programmeId: '9c1d7e2a-3b4f-4a5e-8d6c-7b8a9c0d1e2f',
  authorityCode: 'E08000012',
  authorityName: 'Liverpool City Council',
  contact: { name: 'Jo Bennett', email: 'jo.bennett@liverpool.example.gov.uk' },
};

export class BidReconsiderationRequestedV1 extends BidRef {
  @IsUUID() reconsiderationId!: string;
  /** The screening challenged: when, by whom ('automatic' or an officer), and why. */
  @IsISO8601({ strict: true }) screenedAt!: string;
  @IsString() @Length(1, 200) screenedBy!: string;
  @IsArray() @IsString({ each: true }) reasons!: string[];
  @IsString() @Length(1, 5000) grounds!: string;
  /** Supporting documents, by id; the bytes stay in the documents store. */
  @IsArray() @IsUUID('all', { each: true }) documentIds!: string[];
  @IsString() @Length(1, 200) requestedBy!: string;
  @IsISO8601({ strict: true }) requestedAt!: string;
}

export const BidReconsiderationRequested = defineEvent({
  context: 'intake',
  aggregate: 'bid',
  event: 'reconsideration-requested',
  version: 1,
  description: 'The council asked, in time and with grounds, for the screening of its bid as ineligible to be reconsidered.',
  payload: BidReconsiderationRequestedV1,
  example: {
    ...BID_REF_EXAMPLE,
    reconsiderationId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    screenedAt: '2014-05-30T16:00:01.000Z',
    screenedBy: 'automatic',
    reasons: ['Only English local authorities may bid'],
    grounds: 'Liverpool City Council is an English metropolitan district; the region was entered wrongly.',
    documentIds: [],
    requestedBy: 'council-liverpool-lead',
    requestedAt: '2014-06-02T09:00:00.000Z',
  },
});

export class BidReconsideredV1 extends BidRef {
  @IsUUID() reconsiderationId!: string;
  @IsIn(['upheld', 'overturned']) outcome!: 'upheld' | 'overturned';
  @IsString() @Length(1, 2000) reason!: string;
  @IsString() @Length(1, 200) reviewedBy!: string;
  @IsISO8601({ strict: true }) reviewedAt!: string;
}

export const BidReconsidered = defineEvent({
  context: 'intake',
  aggregate: 'bid',
  event: 'reconsidered',
  version: 1,
  description: 'An officer who took no part in the screening reviewed it: upheld (the bid stays ineligible) or overturned (screened eligible, so it goes to assessment).',
  payload: BidReconsideredV1,
  example: {
    ...BID_REF_EXAMPLE,
    reconsiderationId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    outcome: 'overturned' as const,
    reason: 'The council is an English authority; the bid is eligible.',
    reviewedBy: 'officer-kim',
    reviewedAt: '2014-06-05T10:00:00.000Z',
  },
});
