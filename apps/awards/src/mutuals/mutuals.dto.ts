import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import {
  COMMISSIONER_KINDS,
  CommissionerKind,
  DELIVERY_ROUTES,
  DeliveryRoute,
  ENQUIRY_TRIAGES,
  EnquiryTriage,
  JOURNEY_STAGES,
  JourneyStage,
  LEGAL_FORMS,
  REGIONS,
  Region,
  SECTORS,
  Sector,
} from '@mutuals/domain';
import { MUTUAL_FIGURE_SOURCES } from '@mutuals/contracts';
import { PageOf, PageQuery } from '@mutuals/http';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_PENCE = 1_000_000_000_000;

/** A calendar date, YYYY-MM-DD, named in the message when it is not one. */
function DateField(field: string, example: string, description?: string, optional = false) {
  return applyDecorators(
    optional ? ApiPropertyOptional({ example, description }) : ApiProperty({ example, description }),
    ...(optional ? [IsOptional()] : []),
    IsISO8601({ strict: true }),
    Matches(DATE, { message: `${field} must be a date, YYYY-MM-DD` }),
  );
}

/** An optional code of the vocabulary, as a filter or a detail not always known. */
function OptionalCode(codes: readonly string[]) {
  return applyDecorators(ApiPropertyOptional({ enum: codes }), IsOptional(), IsIn(codes));
}

/** What a launch records, as the journey's details: an example for the API and its tests. */
export const LAUNCH_DETAILS_EXAMPLE = {
  launchedOn: '2026-10-01',
  legalForm: 'cic',
  staffTransferred: 250,
  contractValuePence: 1_200_000_000,
  contractMonths: 60,
  commissioningBody: 'Bristol City Council',
  commissioningBodyKind: 'local-government',
};

/** What a mutual is, whether registered from an enquiry or directly. */
class MutualIdentityDto {
  @ApiPropertyOptional({ example: 'Bristol City Council', maxLength: 200, description: 'The public body the service is spinning out of' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  parentBody?: string;

  @OptionalCode(COMMISSIONER_KINDS)
  parentBodyKind?: CommissionerKind;

  @OptionalCode(SECTORS)
  sector?: Sector;

  @OptionalCode(REGIONS)
  region?: Region;
}

export class EnquiryDto extends MutualIdentityDto {
  @DateField('receivedOn', '2026-03-02')
  receivedOn!: string;

  @ApiProperty({ example: 'Alex Morgan', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  enquirerName!: string;

  @ApiProperty({ example: 'alex.morgan@bristol.example.gov.uk', description: 'Kept in awards only; never sent in an event' })
  @IsEmail()
  enquirerEmail!: string;

  @ApiProperty({ example: 'Bristol Community Care', maxLength: 200, description: 'The service or group that asked' })
  @IsString()
  @Length(1, 200)
  organisationName!: string;

  @ApiProperty({ example: 'Spinning out the reablement service as a staff mutual', maxLength: 2000, description: 'What the enquiry was about' })
  @IsString()
  @Length(1, 2000)
  topic!: string;

  @ApiProperty({ enum: ENQUIRY_TRIAGES, description: 'register-as-mutual also puts the organisation on the register (parentBody, parentBodyKind and sector are then needed)' })
  @IsIn(ENQUIRY_TRIAGES)
  triage!: EnquiryTriage;

  @ApiProperty({ example: 'Sent the spin-out guide; suggested an options appraisal', maxLength: 4000 })
  @IsString()
  @Length(1, 4000)
  adviceGiven!: string;
}

export class RegisterMutualDto {
  @ApiProperty({ example: 'Bristol Community Care', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'Bristol City Council', maxLength: 200, description: 'The public body the service is spinning out of' })
  @IsString()
  @Length(1, 200)
  parentBody!: string;

  @ApiProperty({ enum: COMMISSIONER_KINDS })
  @IsIn(COMMISSIONER_KINDS)
  parentBodyKind!: CommissionerKind;

  @ApiProperty({ enum: SECTORS })
  @IsIn(SECTORS)
  sector!: Sector;

  @OptionalCode(REGIONS)
  region?: Region;

  @ApiPropertyOptional({ example: '4a3e2c1b-0d9f-4e8a-b7c6-5d4e3f2a1b0c', description: "The applications service's organisation id: its applications' cases are linked as they open" })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  organisationCode?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "A bid made for the service: the bid's case is linked as it opens" })
  @IsOptional()
  @IsUUID()
  bidId?: string;

  @DateField('enteredOn', '2026-03-02', 'When the mutual came to the programme (by default today)', true)
  enteredOn?: string;
}

export class StageDto {
  @ApiProperty({ enum: JOURNEY_STAGES })
  @IsIn(JOURNEY_STAGES)
  stage!: JourneyStage;

  @DateField('enteredOn', '2026-05-14', 'On or after the previous stage, not in the future')
  enteredOn!: string;

  @ApiProperty({ example: 'Options appraisal report approved by the cabinet on 14 May', maxLength: 4000 })
  @IsString()
  @Length(1, 4000)
  evidence!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'options-appraisal: { route, reason }; launched: { launchedOn, legalForm, staffTransferred, contractValuePence, contractMonths, commissioningBody, commissioningBodyKind } and route if none was chosen before',
    example: { ...LAUNCH_DETAILS_EXAMPLE, route: 'staff-mutual' },
  })
  @IsOptional()
  @IsObject()
  details?: Record<string, unknown>;

  @ApiProperty({ example: 2, description: 'The version of the mutual this change was made on; a newer one refuses it (stale-version)' })
  @IsInt()
  @Min(1)
  expectedVersion!: number;
}

export class FiguresDto {
  @DateField('asOf', '2027-03-31', 'The date the figures describe')
  asOf!: string;

  @ApiProperty({ example: 262 })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  staffCount!: number;

  @ApiProperty({ example: 1_250_000_000, description: 'Integer pence: the value of the contracts the mutual holds' })
  @IsInt()
  @Min(0)
  @Max(MAX_PENCE)
  contractValuePence!: number;

  @ApiProperty({ example: 'Contract extended by the council', maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export const LINK_KINDS = ['application', 'bid', 'case'] as const;

export class LinkDto {
  @ApiProperty({ enum: LINK_KINDS })
  @IsIn(LINK_KINDS)
  kind!: (typeof LINK_KINDS)[number];

  @ApiProperty({ format: 'uuid', description: 'The application, bid or case id' })
  @IsUUID()
  refId!: string;
}

export class EnquiryQuery extends PageQuery {
  @OptionalCode(ENQUIRY_TRIAGES)
  triage?: EnquiryTriage;

  @DateField('receivedFrom', '2026-01-01', 'Received on or after', true)
  receivedFrom?: string;

  @DateField('receivedTo', '2026-12-31', 'Received on or before', true)
  receivedTo?: string;
}

export class MutualQuery extends PageQuery {
  @OptionalCode(JOURNEY_STAGES)
  stage?: JourneyStage;

  @OptionalCode(SECTORS)
  sector?: Sector;

  @OptionalCode(REGIONS)
  region?: Region;

  @OptionalCode(COMMISSIONER_KINDS)
  parentBodyKind?: CommissionerKind;

  @OptionalCode(DELIVERY_ROUTES)
  route?: DeliveryRoute;

  @DateField('launchedFrom', '2026-01-01', 'Launched on or after', true)
  launchedFrom?: string;

  @DateField('launchedTo', '2026-12-31', 'Launched on or before', true)
  launchedTo?: string;

  @ApiPropertyOptional({ example: 'care', maxLength: 200, description: 'Part of the name' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;
}

export class EnquiryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'ENQ-0D1E2F3A' }) reference!: string;
  @ApiProperty({ example: '2026-03-02' }) receivedOn!: string;
  @ApiProperty({ example: 'Alex Morgan' }) enquirerName!: string;
  @ApiProperty({ example: 'alex.morgan@bristol.example.gov.uk' }) enquirerEmail!: string;
  @ApiProperty({ example: 'Bristol Community Care' }) organisationName!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Bristol City Council' }) parentBody!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: COMMISSIONER_KINDS }) parentBodyKind!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: SECTORS }) sector!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: REGIONS }) region!: string | null;
  @ApiProperty({ example: 'Spinning out the reablement service' }) topic!: string;
  @ApiProperty({ enum: ENQUIRY_TRIAGES }) triage!: string;
  @ApiProperty({ example: 'Sent the spin-out guide' }) adviceGiven!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The mutual registered from it' }) mutualId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'MUT-5E6F7A8B' }) mutualReference!: string | null;
  @ApiProperty({ example: 'officer-sam' }) recordedBy!: string;
  @ApiProperty({ example: '2026-03-02T10:00:00.000Z' }) recordedAt!: string;
}

export class MutualSummaryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'MUT-5E6F7A8B' }) reference!: string;
  @ApiProperty({ example: 'Bristol Community Care' }) name!: string;
  @ApiProperty({ example: 'Bristol City Council' }) parentBody!: string;
  @ApiProperty({ enum: COMMISSIONER_KINDS }) parentBodyKind!: string;
  @ApiProperty({ enum: SECTORS }) sector!: string;
  @ApiProperty({ type: String, nullable: true, enum: REGIONS }) region!: string | null;
  @ApiProperty({ type: String, nullable: true }) organisationCode!: string | null;
  @ApiProperty({ enum: JOURNEY_STAGES }) stage!: string;
  @ApiProperty({ example: '2026-05-14' }) stageEnteredOn!: string;
  @ApiProperty({ type: String, nullable: true, enum: DELIVERY_ROUTES, description: 'Chosen at options appraisal (or with the launch)' }) route!: string | null;
  @ApiProperty({ type: String, nullable: true }) routeReason!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-10-01' }) launchedOn!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: LEGAL_FORMS }) legalForm!: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 250, description: 'Current staff: from the launch, then the newest figures' }) staffCount!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 1_200_000_000, description: 'Current contract value, integer pence' }) contractValuePence!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 60 }) contractMonths!: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'Bristol City Council' }) commissioningBody!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: COMMISSIONER_KINDS }) commissioningBodyKind!: string | null;
  @ApiProperty({ description: 'Launched on a mutual route: counted by the programme as a public-service mutual' }) countsAsMutual!: boolean;
  @ApiProperty({ example: 3, description: 'Send it back as expectedVersion when recording the next stage' }) version!: number;
  @ApiProperty({ example: 'officer-sam' }) registeredBy!: string;
  @ApiProperty({ example: '2026-03-02T10:00:00.000Z' }) registeredAt!: string;
}

export class StageView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: JOURNEY_STAGES }) stage!: string;
  @ApiProperty({ example: '2026-05-14' }) enteredOn!: string;
  @ApiProperty({ example: 'Options appraisal report approved by the cabinet' }) evidence!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { route: 'staff-mutual', reason: 'Staff want to own the service' } }) details!: Record<string, unknown>;
  @ApiProperty({ example: 'officer-sam' }) recordedBy!: string;
  @ApiProperty({ example: '2026-05-15T09:00:00.000Z' }) recordedAt!: string;
}

export class FiguresView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '2027-03-31' }) asOf!: string;
  @ApiProperty({ example: 262 }) staffCount!: number;
  @ApiProperty({ example: 1_250_000_000 }) contractValuePence!: number;
  @ApiProperty({ enum: MUTUAL_FIGURE_SOURCES }) source!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The monitoring return, or the officer’s reason' }) sourceId!: string | null;
  @ApiProperty({ example: 'officer-sam' }) recordedBy!: string;
  @ApiProperty({ example: '2027-04-20T09:00:00.000Z' }) recordedAt!: string;
}

export class SourceLinkView {
  @ApiProperty({ format: 'uuid', description: 'The application or bid id' }) id!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'Its case, once awards has opened one' }) caseId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'MSF-2026-000123' }) reference!: string | null;
}

export class CaseLinkView {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'MSF-2026-000123' }) reference!: string;
  @ApiProperty({ enum: ['bid', 'application'] }) source!: string;
  @ApiProperty({ format: 'uuid' }) sourceId!: string;
  @ApiProperty({ example: 'Business planning for the staff mutual' }) title!: string;
  @ApiProperty({ example: 'approved' }) status!: string;
  @ApiProperty({ type: Number, nullable: true, example: 3_000_000 }) approvedPence!: number | null;
}

export class AwardLinkView {
  @ApiProperty({ format: 'uuid' }) awardId!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'accepted' }) status!: string;
  @ApiProperty({ example: 3_000_000, description: 'The award: what it commits of the budget' }) committedPence!: number;
  @ApiProperty({ example: 1_000_000 }) paidPence!: number;
}

export class SupportPackageLinkView {
  @ApiProperty({ format: 'uuid' }) packageId!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'Mutual Ventures Legal LLP' }) supplierName!: string;
  @ApiProperty({ example: 'active' }) status!: string;
  @ApiProperty({ example: 1_500_000 }) valuePence!: number;
  @ApiProperty({ example: 375_000 }) paidPence!: number;
}

export class MutualLinksView {
  @ApiProperty({ type: [SourceLinkView] }) applications!: SourceLinkView[];
  @ApiProperty({ type: [SourceLinkView] }) bids!: SourceLinkView[];
  @ApiProperty({ type: [CaseLinkView] }) cases!: CaseLinkView[];
  @ApiProperty({ type: [AwardLinkView] }) awards!: AwardLinkView[];
  @ApiProperty({ type: [SupportPackageLinkView] }) supportPackages!: SupportPackageLinkView[];
}

export class MutualView extends MutualSummaryView {
  @ApiProperty({ type: [StageView], description: 'Every stage entered, in order' }) stages!: StageView[];
  @ApiProperty({ type: [FiguresView], description: 'Staff and contract value over time, oldest first' }) figures!: FiguresView[];
  @ApiProperty({ type: MutualLinksView }) links!: MutualLinksView;
}

export class EnquiryPage extends PageOf(EnquiryView, 'Enquiries matching the filter') {}
export class MutualPage extends PageOf(MutualSummaryView, 'Mutuals matching the filter', 'MutualPage') {}
