import { ArrayMinSize, IsArray, IsEmail, IsIn, IsISO8601, IsOptional, IsString, IsUrl, IsUUID, Length, Matches } from 'class-validator';
import { defineEvent } from '../../contract';
import { DIRECTORY_ROLES, DirectoryRole, USER_EXAMPLE_ID } from './user-fields';

/**
 * An admin invited someone: the invitation email carries the link, which works once and until
 * `expiresAt`. The link holds the only copy of its token (the directory keeps a hash).
 */
export class UserInvitedV1 {
  @IsUUID() userId!: string;
  @IsUUID() invitationId!: string;
  @IsString() @Length(1, 200) name!: string;
  @IsEmail() email!: string;
  @IsArray() @ArrayMinSize(1) @IsIn(DIRECTORY_ROLES, { each: true }) roles!: DirectoryRole[];
  /** The applicant organisation the person will act for, when there is one. */
  @IsOptional() @IsUUID() organisationId?: string;
  /** The council (ONS code) the person will act for, when there is one. */
  @IsOptional() @Matches(/^E\d{8}$/) authorityCode?: string;
  @IsArray() @IsString({ each: true }) expertise!: string[];
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }) invitationUrl!: string;
  @IsISO8601({ strict: true }) expiresAt!: string;
  /** The admin's user id. */
  @IsString() @Length(1, 200) invitedBy!: string;
  @IsISO8601({ strict: true }) invitedAt!: string;
}

export const UserInvited = defineEvent({
  context: 'directory',
  aggregate: 'user',
  event: 'invited',
  version: 1,
  description: 'An admin invited a person to the platform with their roles; the notifications service emails them the single-use invitation link.',
  payload: UserInvitedV1,
  example: {
    userId: USER_EXAMPLE_ID,
    invitationId: '0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d',
    name: 'Priya Shah',
    email: 'priya@assessors.example.org',
    roles: ['assessor'],
    expertise: ['adult-social-care', 'health'],
    invitationUrl: 'https://portal.example.gov.uk/invitations/accept?token=pWm1s7c3cQe0v0bq8mRkH3oXbW2cGmJ1qT6yZ9dA4fE',
    expiresAt: '2026-05-21T17:00:00.000Z',
    invitedBy: '9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f',
    invitedAt: '2026-05-14T17:00:00.000Z',
  },
});
