import { randomUUID } from 'node:crypto';
import { AuthenticatedUser, mintToken, Role } from '@mutuals/auth';
import { DEV_JWT_SECRET } from '@mutuals/config';

export const TEST_TOKEN_SETTINGS = { secret: DEV_JWT_SECRET, issuer: 'mutuals-platform' };

export interface TestUser extends AuthenticatedUser {
  token: string;
  auth: { Authorization: string };
}

/** A user with a fresh id and a signed token, so each test owns its data. */
export function testUser(role: Role, extra: Partial<AuthenticatedUser> = {}): TestUser {
  const id = extra.id ?? `${role}-${randomUUID().slice(0, 8)}`;
  const user: AuthenticatedUser = { id, roles: [role], name: `Test ${role}`, email: `${id}@example.org`, ...extra };
  const token = mintToken(user, TEST_TOKEN_SETTINGS);
  return { ...user, token, auth: { Authorization: `Bearer ${token}` } };
}
