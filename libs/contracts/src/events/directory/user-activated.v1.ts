import { ArrayMinSize, IsArray, IsIn, IsISO8601, IsString, IsUUID, Length } from 'class-validator';
import { defineEvent } from '../../contract';
import { DIRECTORY_ROLES, DirectoryRole, USER_EXAMPLE_ID } from './user-fields';

export const ACTIVATION_WAYS = ['invitation', 'reactivation', 'command-line'] as const;

/** A user can sign in: they accepted their invitation, an admin reactivated them, or the first admin was made with the admin:create command. */
export class UserActivatedV1 {
  @IsUUID() userId!: string;
  @IsArray() @ArrayMinSize(1) @IsIn(DIRECTORY_ROLES, { each: true }) roles!: DirectoryRole[];
  @IsIn(ACTIVATION_WAYS) via!: (typeof ACTIVATION_WAYS)[number];
  /** The user themself for an invitation, the admin's user id for a reactivation, `cli` for the command. */
  @IsString() @Length(1, 200) activatedBy!: string;
  @IsISO8601({ strict: true }) activatedAt!: string;
}

export const UserActivated = defineEvent({
  context: 'directory',
  aggregate: 'user',
  event: 'activated',
  version: 1,
  description: 'A user became active: they signed in for the first time with a valid invitation, or an admin reactivated them.',
  payload: UserActivatedV1,
  example: {
    userId: USER_EXAMPLE_ID,
    roles: ['assessor'],
    via: 'invitation',
    activatedBy: USER_EXAMPLE_ID,
    activatedAt: '2026-05-15T09:30:00.000Z',
  },
});
