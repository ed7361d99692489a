import { EventContract } from '../../contract';
import { UserActivated } from './user-activated.v1';
import { UserDeactivated } from './user-deactivated.v1';
import { UserInvited } from './user-invited.v1';
import { UserRolesChanged } from './user-roles-changed.v1';

export * from './user-fields';
export * from './user-invited.v1';
export * from './user-activated.v1';
export * from './user-roles-changed.v1';
export * from './user-deactivated.v1';

/** Events the portal's user directory publishes. */
export const DIRECTORY_EVENTS: readonly EventContract[] = [UserInvited, UserActivated, UserRolesChanged, UserDeactivated];
