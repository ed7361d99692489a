import { IsISO8601, IsString, IsUUID, Length } from 'class-validator';
import { defineEvent } from '../../contract';
import { USER_EXAMPLE_ID } from './user-fields';

/** An admin deactivated a user: their sessions ended at once and they can no longer sign in. */
export class UserDeactivatedV1 {
  @IsUUID() userId!: string;
  @IsString() @Length(1, 200) deactivatedBy!: string;
  @IsISO8601({ strict: true }) deactivatedAt!: string;
}

export const UserDeactivated = defineEvent({
  context: 'directory',
  aggregate: 'user',
  event: 'deactivated',
  version: 1,
  description: 'An admin deactivated a user: their sessions ended at once and they can no longer sign in until reactivated.',
  payload: UserDeactivatedV1,
  example: {
    userId: USER_EXAMPLE_ID,
    deactivatedBy: '9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f',
    deactivatedAt: '2026-07-01T08:00:00.000Z',
  },
});
