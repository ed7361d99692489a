import { IsBoolean, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { COMMISSIONER_KINDS, DELIVERY_ROUTES, ENQUIRY_TRIAGES, JOURNEY_STAGES, REGIONS, SECTORS } from '@mutuals/domain';
import { defineEvent } from '../../contract';

/**
 * An enquiry to the programme's information service. The enquirer's name and email stay in awards
 * (personal data); the event says who the organisation is and what was asked.
 */
export class EnquiryRecordedV1 {
  @IsUUID() enquiryId!: string;
  @IsString() @Length(1, 40) reference!: string;
  /** YYYY-MM-DD. */
  @IsISO8601({ strict: true }) receivedOn!: string;
  @IsString() @Length(1, 200) organisationName!: string;
  @IsOptional() @IsString() @Length(1, 200) parentBody?: string;
  @IsOptional() @IsIn(COMMISSIONER_KINDS) parentBodyKind?: string;
  @IsOptional() @IsIn(SECTORS) sector?: string;
  @IsOptional() @IsIn(REGIONS) region?: string;
  @IsString() @Length(1, 2000) topic!: string;
  @IsIn(ENQUIRY_TRIAGES) triage!: string;
  /** The mutual registered from it (triage register-as-mutual). */
  @IsOptional() @IsUUID() mutualId?: string;
  @IsString() @Length(1, 200) recordedBy!: string;
  @IsISO8601({ strict: true }) recordedAt!: string;
}

export const EnquiryRecorded = defineEvent({
  context: 'awards',
  aggregate: 'enquiry',
  event: 'recorded',
  version: 1,
  description: "An enquiry to the programme's information service was recorded with its triage (no enquirer's contact details).",
  payload: EnquiryRecordedV1,
  example: {
    enquiryId: '0d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a',
    reference: 'ENQ-0D1E2F3A',
    receivedOn: '2026-03-02',
    organisationName: 'Bristol Community Care',
    parentBody: 'Bristol City Council',
    parentBodyKind: 'local-government',
    sector: 'adult-social-care',
    region: 'south-west',
    topic: 'Spinning out the reablement service as a staff mutual',
    triage: 'register-as-mutual',
    mutualId: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
    recordedBy: 'officer-sam',
    recordedAt: '2026-03-02T10:00:00.000Z',
  },
});

/** What every mutual event says about the mutual. */
export class MutualRef {
  @IsUUID() mutualId!: string;
  @IsString() @Length(1, 40) reference!: string;
  @IsString() @Length(1, 200) name!: string;
}

const MUTUAL_EXAMPLE = { mutualId: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b', reference: 'MUT-5E6F7A8B', name: 'Bristol Community Care' };

export class MutualRegisteredV1 extends MutualRef {
  @IsString() @Length(1, 200) parentBody!: string;
  @IsIn(COMMISSIONER_KINDS) parentBodyKind!: string;
  @IsIn(SECTORS) sector!: string;
  @IsOptional() @IsIn(REGIONS) region?: string;
  /** The applications service's organisation id, when the mutual has an account. */
  @IsOptional() @IsString() @Length(1, 100) organisationCode?: string;
  @IsOptional() @IsUUID() bidId?: string;
  @IsOptional() @IsUUID() enquiryId?: string;
  @IsIn(JOURNEY_STAGES) stage!: string;
  /** YYYY-MM-DD. */
  @IsISO8601({ strict: true }) enteredOn!: string;
  @IsString() @Length(1, 200) registeredBy!: string;
  @IsISO8601({ strict: true }) registeredAt!: string;
}

export const MutualRegistered = defineEvent({
  context: 'awards',
  aggregate: 'mutual',
  event: 'registered',
  version: 1,
  description: 'A mutual (or a service exploring becoming one) joined the register, from an enquiry or directly.',
  payload: MutualRegisteredV1,
  example: {
    ...MUTUAL_EXAMPLE,
    parentBody: 'Bristol City Council',
    parentBodyKind: 'local-government',
    sector: 'adult-social-care',
    region: 'south-west',
    enquiryId: '0d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a',
    stage: 'enquiry',
    enteredOn: '2026-03-02',
    registeredBy: 'officer-sam',
    registeredAt: '2026-03-02T10:00:00.000Z',
  },
});

export class MutualStageRecordedV1 extends MutualRef {
  @IsIn(JOURNEY_STAGES) stage!: string;
  @IsIn(JOURNEY_STAGES) previousStage!: string;
  /** YYYY-MM-DD. */
  @IsISO8601({ strict: true }) enteredOn!: string;
  /** What the stage records: the route and reason at options appraisal, the launch facts at launch. */
  @IsObject() details!: Record<string, unknown>;
  /** The route the journey is on after this stage, if one has been chosen. */
  @IsOptional() @IsIn(DELIVERY_ROUTES) route?: string;
  /** The mutual's version after the change. */
  @IsInt() @Min(1) version!: number;
  @IsString() @Length(1, 200) recordedBy!: string;
  @IsISO8601({ strict: true }) recordedAt!: string;
}

export const MutualStageRecorded = defineEvent({
  context: 'awards',
  aggregate: 'mutual',
  event: 'stage-recorded',
  version: 1,
  description: "A mutual's journey moved to a new stage (the earlier stages are kept).",
  payload: MutualStageRecordedV1,
  example: {
    ...MUTUAL_EXAMPLE,
    stage: 'options-appraisal',
    previousStage: 'exploring',
    enteredOn: '2026-05-14',
    details: { route: 'staff-mutual', reason: 'Staff want to own the service; the council keeps commissioning it' },
    route: 'staff-mutual',
    version: 3,
    recordedBy: 'officer-sam',
    recordedAt: '2026-05-15T09:00:00.000Z',
  },
});

export const MUTUAL_FIGURE_SOURCES = ['launch', 'monitoring-return', 'officer'] as const;

export class MutualFiguresRecordedV1 extends MutualRef {
  /** YYYY-MM-DD: the date the figures describe. */
  @IsISO8601({ strict: true }) asOf!: string;
  @IsInt() @Min(0) staffCount!: number;
  @IsInt() @Min(0) contractValuePence!: number;
  @IsIn(MUTUAL_FIGURE_SOURCES) source!: string;
  /** The monitoring return they came from. */
  @IsOptional() @IsString() @Length(1, 100) sourceId?: string;
  /** Whether these are now the mutual's current figures (the newest asOf). */
  @IsBoolean() current!: boolean;
  @IsString() @Length(1, 200) recordedBy!: string;
  @IsISO8601({ strict: true }) recordedAt!: string;
}

export const MutualFiguresRecorded = defineEvent({
  context: 'awards',
  aggregate: 'mutual',
  event: 'figures-recorded',
  version: 1,
  description: "A mutual's staff and contract value were recorded: at launch, from a monitoring return or by an officer.",
  payload: MutualFiguresRecordedV1,
  example: {
    ...MUTUAL_EXAMPLE,
    asOf: '2027-03-31',
    staffCount: 262,
    contractValuePence: 1_250_000_000,
    source: 'monitoring-return',
    sourceId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    current: true,
    recordedBy: 'applicant-3bm',
    recordedAt: '2027-04-20T09:00:00.000Z',
  },
});
