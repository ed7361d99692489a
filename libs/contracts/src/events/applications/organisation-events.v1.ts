import { IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { LEGAL_FORMS, ORGANISATION_TYPES, REGIONS, SECTORS, SPIN_OUT_STAGES } from '@mutuals/domain';
import { defineEvent } from '../../contract';

/**
 * What other services may know of an applicant organisation: no contact details (personal
 * data stays in the applications service). The parent body lets awards spot conflicts of interest.
 */
export class OrganisationDetailsV1 {
  @IsUUID() organisationId!: string;
  @IsString() @Length(1, 300) name!: string;
  @IsIn(ORGANISATION_TYPES) type!: string;
  @IsIn(LEGAL_FORMS) legalForm!: string;
  @IsOptional() @IsString() @Length(1, 300) parentBody?: string;
  @IsOptional() @IsIn(SECTORS) sector?: string;
  @IsOptional() @IsIn(REGIONS) region?: string;
  @IsOptional() @IsIn(SPIN_OUT_STAGES) spinOutStage?: string;
  @IsOptional() @IsString() @Length(1, 20) companiesHouseNumber?: string;
  @IsArray() @IsString({ each: true }) servicesInScope!: string[];
  @IsOptional() @IsInt() @Min(0) @Max(100) employeeSharePercent?: number;
  /** Increases with every change, so consumers keep only the newest. */
  @IsInt() @Min(1) revision!: number;
  @IsISO8601({ strict: true }) changedAt!: string;
}

const EXAMPLE: OrganisationDetailsV1 = {
  organisationId: '4a3e2c1b-0d9f-4e8a-b7c6-5d4e3f2a1b0c',
  name: '3BM',
  type: 'live-mutual',
  legalForm: 'company-limited-by-guarantee',
  parentBody: 'Bath and North East Somerset Council',
  sector: 'school-support',
  region: 'south-west',
  spinOutStage: 'first-full-year-of-trading',
  companiesHouseNumber: '12345678',
  servicesInScope: ['School business management', 'HR and payroll for schools'],
  employeeSharePercent: 100,
  revision: 1,
  changedAt: '2026-05-01T09:00:00.000Z',
};

export const OrganisationRegistered = defineEvent({
  context: 'applications',
  aggregate: 'organisation',
  event: 'registered',
  version: 1,
  description: 'A staff group, mutual or public body registered as an applicant organisation.',
  payload: OrganisationDetailsV1,
  example: EXAMPLE,
});

export const OrganisationUpdated = defineEvent({
  context: 'applications',
  aggregate: 'organisation',
  event: 'updated',
  version: 1,
  description: "An applicant organisation's details changed (carries all of them, not only what changed).",
  payload: OrganisationDetailsV1,
  example: { ...EXAMPLE, spinOutStage: 'sustaining', revision: 2, changedAt: '2026-09-01T09:00:00.000Z' },
});
