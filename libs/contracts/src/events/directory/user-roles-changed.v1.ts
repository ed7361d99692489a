import { ArrayMinSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { defineEvent } from '../../contract';
import { DIRECTORY_ROLES, DirectoryRole, USER_EXAMPLE_ID } from './user-fields';

/** An admin changed a user's roles or memberships (organisation, council, expertise): the whole new set, and the roles before. */
export class UserRolesChangedV1 {
  @IsUUID() userId!: string;
  @IsArray() @ArrayMinSize(1) @IsIn(DIRECTORY_ROLES, { each: true }) roles!: DirectoryRole[];
  @IsArray() @IsIn(DIRECTORY_ROLES, { each: true }) previousRoles!: DirectoryRole[];
  @IsOptional() @IsUUID() organisationId?: string;
  @IsOptional() @Matches(/^E\d{8}$/) authorityCode?: string;
  @IsArray() @IsString({ each: true }) expertise!: string[];
  @IsString() @Length(1, 200) changedBy!: string;
  @IsISO8601({ strict: true }) changedAt!: string;
}

export const UserRolesChanged = defineEvent({
  context: 'directory',
  aggregate: 'user',
  event: 'roles-changed',
  version: 1,
  description: "An admin changed a user's roles or memberships; the user's sessions end, so their next sign-in carries the new roles.",
  payload: UserRolesChangedV1,
  example: {
    userId: USER_EXAMPLE_ID,
    roles: ['assessor', 'programme_officer'],
    previousRoles: ['assessor'],
    expertise: ['adult-social-care'],
    changedBy: '9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f',
    changedAt: '2026-06-01T10:00:00.000Z',
  },
});
