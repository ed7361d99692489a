import { Type } from 'class-transformer';
import { IsInt, IsString, IsUrl, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { DocumentServiceConfig } from '@mutuals/config';
import { DEFAULT_RECONSIDERATION_DAYS } from '@mutuals/domain';

export class AwardsConfig extends DocumentServiceConfig {
  override PORT = 3003;
  override DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/mutuals_awards';
  override KAFKA_GROUP_ID = 'awards';
  override AUTH_AUDIENCE = 'awards';

  /** The support fund an application belongs to when its event names none. */
  @IsUUID()
  DEFAULT_FUND_ID = '0b7d8a52-5b7e-4f7e-9f55-2f0c6f1d9a01';

  /** Days an assessor has to submit, from allocation. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(90)
  ASSESSMENT_DAYS = 14;

  /** Days after a decision in which the applicant or council may ask for it to be reconsidered. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  RECONSIDERATION_DAYS = DEFAULT_RECONSIDERATION_DAYS;

  /** How often overdue assessments are looked for, to tell officers (once each). */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(3_600_000)
  OFFICER_ALERTS_POLL_MS = 60_000;

  /** How often expired offers are looked for. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(3_600_000)
  OFFER_EXPIRY_POLL_MS = 60_000;

  /** 360Giving: prefix of every grant identifier (registered with 360Giving). */
  @Matches(/^360G-[A-Za-z0-9-]+-$/, { message: 'GRANT_ID_PREFIX must look like 360G-<name>-' })
  GRANT_ID_PREFIX = '360G-mutuals-';

  /** 360Giving: the funder's org-id (org-id.guide), e.g. the Cabinet Office on the government register. */
  @Matches(/^[A-Z]{2}-[A-Z]{2,6}-[A-Za-z0-9-]+$/, { message: 'FUNDING_ORG_IDENTIFIER must be an org-id such as GB-GOR-D2' })
  FUNDING_ORG_IDENTIFIER = 'GB-GOR-D2';

  @IsString()
  @Length(1, 200)
  FUNDING_ORG_NAME = 'Cabinet Office';

  /** 360Giving: where the published grant data comes from (its Data Source): the data file's page, or the funder's website. */
  @IsUrl({ require_protocol: true, protocols: ['https', 'http'] }, { message: 'GRANT_DATA_SOURCE_URL must be an http(s) URL' })
  GRANT_DATA_SOURCE_URL = 'https://www.gov.uk/government/organisations/cabinet-office';

  /** Monitoring returns: months each covers, from acceptance (an officer can set another interval per award). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24)
  MONITORING_INTERVAL_MONTHS = 3;

  /** Monitoring returns scheduled per award (e.g. four quarters: the first year of trading). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(40)
  MONITORING_RETURNS = 4;

  /** Days after a period ends that its return is due. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(180)
  MONITORING_DUE_DAYS = 30;

  /** Days before a return is due that the mutual is reminded. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(90)
  MONITORING_REMINDER_DAYS = 14;

  /** How often returns due soon or overdue are looked for. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(86_400_000)
  MONITORING_SCAN_POLL_MS = 3_600_000;
}
