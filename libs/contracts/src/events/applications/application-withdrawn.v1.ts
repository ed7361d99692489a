import { IsISO8601, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { defineEvent } from '../../contract';

export class ApplicationWithdrawnV1 {
  @IsUUID()
  applicationId!: string;

  @IsString()
  @Length(1, 40)
  reference!: string;

  @IsString()
  @Length(1, 200)
  applicantId!: string;

  @IsOptional()
  @IsString()
  @Length(1, 2000)
  reason?: string;

  @IsISO8601({ strict: true })
  withdrawnAt!: string;
}

export const ApplicationWithdrawn = defineEvent({
  context: 'applications',
  aggregate: 'application',
  event: 'withdrawn',
  version: 1,
  description: 'An applicant withdrew a support-fund application before a decision.',
  payload: ApplicationWithdrawnV1,
  example: {
    applicationId: '6f1c1f2e-8d0a-4b59-9a3c-0c5d2f1e7a10',
    reference: 'MSF-2026-000123',
    applicantId: 'user-3bm-lead',
    reason: 'The parent body has decided to keep the service in house',
    withdrawnAt: '2026-06-02T09:30:00.000Z',
  },
});
