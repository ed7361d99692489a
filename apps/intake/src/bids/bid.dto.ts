import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { SCREENING_OUTCOMES } from '@mutuals/contracts';
import { PageOf, PageQuery } from '@mutuals/http';
import { countWords, REGIONS, SECTORS } from '@mutuals/domain';
import { MAX_PENCE } from '../programmes/programme.dto';
import { AUTHORITY_CODE, BID_STATUSES, BidStatus } from './bid';
import type { AuditEntry } from '../audit';
import type { BidEntity } from './bid.entity';
import type { BidPartnerEntity } from './bid-partner.entity';
import { PARTNER_ANSWERS, PARTNER_DECISIONS, PartnerAnswer, PartnerDecision } from './partner-consent';

export class AnswerDto {
  @ApiProperty({ example: 'vision', maxLength: 60, description: "The id of one of the round's questions" })
  @IsString() @Length(1, 60)
  questionId!: string;

  @ApiProperty({ example: 'We will spin out our youth service as a staff-led mutual with a seat for young people on its board.', maxLength: 50000 })
  @IsString() @MaxLength(50000)
  text!: string;
}

export class CreateBidDto {
  @ApiPropertyOptional({ example: 'Liverpool', maxLength: 200, deprecated: true, description: "Ignored: the lead authority's name comes from the register of English local authorities, by your council's ONS code" })
  @IsOptional() @IsString() @Length(1, 200)
  authorityName?: string;

  @ApiPropertyOptional({ enum: REGIONS, example: 'north-west', deprecated: true, description: "Ignored: the region comes from the register, by your council's ONS code" })
  @IsOptional() @IsIn(REGIONS)
  region?: string;

  @ApiPropertyOptional({ enum: SECTORS, example: 'youth', description: 'The service the bid is about' })
  @IsOptional() @IsIn(SECTORS)
  sector?: string;

  @ApiPropertyOptional({ example: 'A staff-led mutual for youth services', maxLength: 300 })
  @IsOptional() @IsString() @Length(1, 300)
  title?: string;

  @ApiPropertyOptional({ example: 9_500_000, description: 'Integer pence (here £95,000)' })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_PENCE)
  amountRequestedPence?: number;

  @ApiPropertyOptional({ example: ['E08000011'], description: 'Partner authorities of a joint bid (ONS codes of English local authorities in the register); each is invited, and gives up its own bid in the round only when it accepts' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @ArrayUnique() @IsString({ each: true }) @Matches(AUTHORITY_CODE, { each: true, message: 'each partner must be an ONS authority code such as E08000011' })
  partnerAuthorityCodes?: string[];

  @ApiPropertyOptional({ type: [AnswerDto], description: 'Saved answers are kept; send only those that change' })
  @IsOptional() @IsArray() @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => AnswerDto)
  answers?: AnswerDto[];
}

export class UpdateBidDto extends PartialType(CreateBidDto) {}

export class PartnerAnswerDto {
  @ApiProperty({ enum: PARTNER_DECISIONS, example: 'accepted' })
  @IsIn(PARTNER_DECISIONS)
  answer!: PartnerDecision;

  @ApiPropertyOptional({ example: 'Our cabinet has not agreed to a joint bid', maxLength: 2000 })
  @IsOptional() @IsString() @Length(1, 2000)
  reason?: string;
}

export class PartnerView {
  @ApiProperty({ example: 'E08000011' }) authorityCode!: string;
  @ApiProperty({ enum: PARTNER_ANSWERS, example: 'accepted', description: 'invited until a council user of the partner accepts or declines' }) answer!: PartnerAnswer;
  @ApiProperty({ type: String, nullable: true, example: 'council-E08000011' }) answeredBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2014-05-21T09:30:00.000Z' }) answeredAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) reason!: string | null;

  static of(p: BidPartnerEntity): PartnerView {
    return { authorityCode: p.authorityCode, answer: p.answer, answeredBy: p.answeredBy, answeredAt: p.answeredAt?.toISOString() ?? null, reason: p.reason };
  }
}

export class WithdrawBidDto {
  @ApiPropertyOptional({ example: 'The council has decided to keep the service in house', maxLength: 2000 })
  @IsOptional() @IsString() @Length(1, 2000)
  reason?: string;
}

export class ScreenBidDto {
  @ApiProperty({ enum: SCREENING_OUTCOMES, example: 'ineligible' })
  @IsIn(SCREENING_OUTCOMES)
  outcome!: (typeof SCREENING_OUTCOMES)[number];

  @ApiProperty({ example: 'The partner council has not confirmed its part in the bid', maxLength: 2000 })
  @IsString() @Length(1, 2000)
  reason!: string;
}

export class BidQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: BID_STATUSES, example: 'eligible' })
  @IsOptional() @IsIn(BID_STATUSES)
  status?: BidStatus;
}

export class AnswerView {
  @ApiProperty({ example: 'vision' }) questionId!: string;
  @ApiProperty({ example: 'We will spin out our youth service as a staff-led mutual.' }) text!: string;
  @ApiProperty({ example: 10 }) words!: number;
}

export class BidView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'DD14-0042' }) reference!: string;
  @ApiProperty({ format: 'uuid' }) roundId!: string;
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ enum: BID_STATUSES, example: 'eligible' }) status!: BidStatus;
  @ApiProperty({ example: 'E08000012' }) authorityCode!: string;
  @ApiProperty({ example: 'Liverpool', description: "The lead authority's name in the register of English local authorities (ONS)" }) authorityName!: string;
  @ApiProperty({ example: ['E08000011'], description: 'The partners named; once submitted, those that accepted' }) partnerAuthorityCodes!: string[];
  @ApiProperty({ type: [PartnerView], description: "Each named partner's answer" }) partners!: PartnerView[];
  @ApiProperty({ enum: REGIONS, example: 'north-west' }) region!: string;
  @ApiProperty({ enum: SECTORS, nullable: true, example: 'youth' }) sector!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'A staff-led mutual for youth services' }) title!: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 9_500_000 }) amountRequestedPence!: number | null;
  @ApiProperty({ type: [AnswerView] }) answers!: AnswerView[];
  @ApiProperty({ example: [], description: 'Why the bid is ineligible, or the officer’s reason for a manual screening' }) screeningReasons!: string[];
  @ApiProperty({ type: String, nullable: true, example: 'automatic', description: "'automatic' or the screening officer's id" }) screenedBy!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2014-05-30T15:59:59.000Z' }) screenedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 9_500_000, description: 'The amount approved, once decided' }) awardedPence!: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The awards case, once assessment began' }) caseId!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['requested', 'upheld', 'overturned'], description: 'Where a reconsideration of the decision stands, once asked for' }) reconsiderationStatus!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The reviewing officer’s reasons, once reviewed' }) reconsiderationReason!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2014-07-15T09:30:00.000Z' }) reconsiderationAt!: string | null;
  @ApiProperty({ example: '2014-05-20T10:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true, example: '2014-05-30T15:59:59.000Z' }) submittedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) withdrawnAt!: string | null;

  static of(b: BidEntity, partners: BidPartnerEntity[]): BidView {
    return {
      id: b.id,
      reference: b.reference,
      roundId: b.roundId,
      programmeId: b.programmeId,
      status: b.status,
      authorityCode: b.authorityCode,
      authorityName: b.authorityName,
      partnerAuthorityCodes: b.partnerAuthorityCodes,
      partners: partners.filter((p) => p.bidId === b.id).map(PartnerView.of),
      region: b.region,
      sector: b.sector,
      title: b.title,
      amountRequestedPence: b.amountRequestedPence,
      answers: Object.entries(b.answers).map(([questionId, text]) => ({ questionId, text, words: countWords(text) })),
      screeningReasons: b.screeningReasons,
      screenedBy: b.screenedBy,
      screenedAt: b.screenedAt?.toISOString() ?? null,
      awardedPence: b.awardedPence,
      caseId: b.caseId ?? null,
      reconsiderationStatus: b.reconsiderationStatus ?? null,
      reconsiderationReason: b.reconsiderationReason ?? null,
      reconsiderationAt: b.reconsiderationAt?.toISOString() ?? null,
      createdAt: b.createdAt.toISOString(),
      submittedAt: b.submittedAt?.toISOString() ?? null,
      withdrawnAt: b.withdrawnAt?.toISOString() ?? null,
    };
  }
}

export class HistoryEntryView {
  @ApiProperty({ example: '2014-05-30T15:59:59.000Z' }) at!: string;
  @ApiProperty({ example: 'ineligible' }) action!: string;
  @ApiProperty({ type: String, nullable: true, example: 'eligible' }) from!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'ineligible' }) to!: string | null;
  @ApiProperty({ example: 'officer-sam', description: "The user, 'automatic' for screening on submission, or the service for changes from another service" }) actorId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, example: { reasons: ['The partner council has not confirmed its part'] } }) detail!: Record<string, unknown> | null;

  static of(e: AuditEntry): HistoryEntryView {
    return { at: new Date(e.at).toISOString(), action: e.action, from: e.from_state, to: e.to_state, actorId: e.actor_id, detail: e.detail };
  }
}

/** What a named partner sees of the joint bid it is invited to. */
export class InvitationView {
  @ApiProperty({ format: 'uuid' }) bidId!: string;
  @ApiProperty({ example: 'DD14-0042' }) reference!: string;
  @ApiProperty({ format: 'uuid' }) roundId!: string;
  @ApiProperty({ enum: BID_STATUSES, example: 'draft', description: 'Answers are taken while the bid is a draft' }) bidStatus!: BidStatus;
  @ApiProperty({ example: 'E08000012' }) leadAuthorityCode!: string;
  @ApiProperty({ example: 'Liverpool', description: "The lead authority's name in the register of English local authorities (ONS)" }) leadAuthorityName!: string;
  @ApiProperty({ type: String, nullable: true, example: 'A staff-led mutual for youth services' }) title!: string | null;
  @ApiProperty({ enum: SECTORS, nullable: true, example: 'youth' }) sector!: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 9_500_000 }) amountRequestedPence!: number | null;
  @ApiProperty({ type: PartnerView, description: "Your authority's answer" }) yourAnswer!: PartnerView;

  static of({ bid, consent }: { bid: BidEntity; consent: BidPartnerEntity }): InvitationView {
    return {
      bidId: bid.id,
      reference: bid.reference,
      roundId: bid.roundId,
      bidStatus: bid.status,
      leadAuthorityCode: bid.authorityCode,
      leadAuthorityName: bid.authorityName,
      title: bid.title,
      sector: bid.sector,
      amountRequestedPence: bid.amountRequestedPence,
      yourAnswer: PartnerView.of(consent),
    };
  }
}

export class BidPage extends PageOf(BidView, 'Bids matching the filters') {}

export class InvitationQueryDto extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the invitation to this bid' })
  @IsOptional()
  @IsUUID()
  bidId?: string;
}

export class InvitationPage extends PageOf(InvitationView, 'Invitations') {}
