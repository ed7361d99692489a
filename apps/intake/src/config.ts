import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { DocumentServiceConfig } from '@mutuals/config';
import { DEFAULT_RECONSIDERATION_DAYS } from '@mutuals/domain';

export class IntakeConfig extends DocumentServiceConfig {
  override PORT = 3002;
  override DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/mutuals_intake';
  override KAFKA_GROUP_ID = 'intake';
  override AUTH_AUDIENCE = 'intake';

  /** How often each replica looks for rounds due to open or close; a round changes at most this late. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(60000)
  ROUND_SCHEDULER_POLL_MS = 500;

  /** Days after a bid is screened ineligible in which its council may ask for the screening to be reconsidered. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  RECONSIDERATION_DAYS = DEFAULT_RECONSIDERATION_DAYS;
}
