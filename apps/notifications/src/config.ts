import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { ServiceConfig } from '@mutuals/config';

export class NotificationsConfig extends ServiceConfig {
  override PORT = 3004;
  override DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/mutuals_notifications';
  override KAFKA_GROUP_ID = 'notifications';
  override AUTH_AUDIENCE = 'notifications';

  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL = 'smtp://127.0.0.1:1025';

  @IsEmail({}, { message: 'MAIL_FROM must be an email address' })
  MAIL_FROM = 'mutuals-support@example.gov.uk';

  /** When set, messages go through GOV.UK Notify instead of SMTP. */
  @IsOptional()
  @IsString()
  @MinLength(74, { message: 'NOTIFY_API_KEY must be a GOV.UK Notify API key (name-serviceid-secret)' })
  NOTIFY_API_KEY?: string;

  /** Notify's API address; the production one unless set (tests point it at a local server). */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'NOTIFY_BASE_URL must be an http(s) URL' })
  NOTIFY_BASE_URL?: string;

  /** Bearer token GOV.UK Notify presents on delivery-receipt callbacks; callbacks are refused while unset. */
  @IsOptional()
  @MinLength(16, { message: 'NOTIFY_CALLBACK_TOKEN must be at least 16 characters' })
  NOTIFY_CALLBACK_TOKEN?: string;

  /** At most this many messages leave in any window of SEND_RATE_WINDOW_SECONDS (Notify allows 3,000 a minute). */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  SEND_RATE_LIMIT = 3000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  SEND_RATE_WINDOW_SECONDS = 60;

  /** How long a sender holds a claimed message; a sender that dies releases it when this runs out. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  DELIVERY_LEASE_SECONDS = 60;

  /** First retry delay after a temporary failure; doubles with each attempt. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  DELIVERY_RETRY_BASE_SECONDS = 30;
}
