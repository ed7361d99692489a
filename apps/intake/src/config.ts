import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { DocumentServiceConfig } from '@mutuals/config';

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
}
