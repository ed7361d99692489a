import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../../contract';
import { AnsweredQuestion, Contact, DocumentRef } from '../../shared/fields';

export const SCREENING_OUTCOMES = ['eligible', 'ineligible'] as const;

/** A bid's eligibility screening; eligible bids go on to assessment. Carries what assessment needs. */
export class BidScreenedV1 {
  @IsUUID() bidId!: string;
  @IsString() @Length(1, 40) reference!: string;
  @IsUUID() roundId!: string;
  @IsUUID() programmeId!: string;
  @IsIn(SCREENING_OUTCOMES) outcome!: (typeof SCREENING_OUTCOMES)[number];
  @IsArray() @IsString({ each: true }) reasons!: string[];
  /** 'automatic', or the officer's user id for a manual screening. */
  @IsString() @Length(1, 200) screenedBy!: string;
  @IsString() @Length(1, 20) authorityCode!: string;
  @IsString() @Length(1, 200) authorityName!: string;
  @IsArray() @IsString({ each: true }) partnerAuthorityCodes!: string[];
  @IsString() @Length(1, 60) region!: string;
  @IsString() @Length(1, 60) sector!: string;
  @IsString() @Length(1, 300) title!: string;
  @IsInt() @Min(0) amountRequestedPence!: number;
  @IsInt() @Min(0) maxAwardPence!: number;
  @ValidateNested() @Type(() => Contact) contact!: Contact;
  @IsISO8601({ strict: true }) screenedAt!: string;
  // What assessors read (the dossier); optional so events published before them stay valid.
  /** When the council submitted the bid. */
  @IsOptional() @IsISO8601({ strict: true }) submittedAt?: string;
  /** Every question of the round with the bid's answer, in the round's order. */
  @IsOptional() @ValidateNested({ each: true }) @Type(() => AnsweredQuestion) answers?: AnsweredQuestion[];
  /** The screening officer's notes, beyond the reasons. */
  @IsOptional() @IsString() @Length(1, 4000) screeningNotes?: string;
  /** The bid's attachments: ids, names, types, sizes and SHA-256, never bytes. */
  @IsOptional() @ValidateNested({ each: true }) @Type(() => DocumentRef) documents?: DocumentRef[];
}

export const BidScreened = defineEvent({
  context: 'intake',
  aggregate: 'bid',
  event: 'screened',
  version: 1,
  description: 'A bid was screened for eligibility (automatically on submission, or by an officer).',
  payload: BidScreenedV1,
  example: {
    bidId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
    reference: 'DD14-0042',
    roundId: '2f3e4d5c-6b7a-4c8d-9e0f-1a2b3c4d5e6f',
    programmeId: '9c1d7e2a-3b4f-4a5e-8d6c-7b8a9c0d1e2f',
    outcome: 'eligible',
    reasons: [],
    screenedBy: 'automatic',
    authorityCode: 'E08000012',
    authorityName: 'Liverpool City Council',
    partnerAuthorityCodes: ['E08000011'],
    region: 'north-west',
    sector: 'youth',
    title: 'A staff-led mutual for youth services',
    amountRequestedPence: 9_500_000,
    maxAwardPence: 10_000_000,
    contact: { name: 'Jo Bennett', email: 'jo.bennett@liverpool.example.gov.uk' },
    screenedAt: '2014-05-30T16:00:01.000Z',
    submittedAt: '2014-05-30T15:59:59.000Z',
    answers: [{ questionId: 'vision', question: 'What will you deliver differently?', answer: 'Our youth service becomes a mutual owned by its staff and young people.' }],
    documents: [{ documentId: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a', name: 'Options appraisal.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', sizeBytes: 88211, sha256: '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae' }],
  },
});
