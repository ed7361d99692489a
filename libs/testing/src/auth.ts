import { randomUUID } from 'node:crypto';
import { AuthenticatedUser, mintToken, Role, SERVICE_AUDIENCES, SigningSettings, signingKeyFrom } from '@mutuals/auth';
import { DEV_SIGNING_KEY, DEV_SIGNING_KEY_ID } from '@mutuals/config';

/** The development key, which services under test trust (NODE_ENV test, no keys configured). */
export const TEST_SIGNING: SigningSettings = { key: signingKeyFrom(DEV_SIGNING_KEY), kid: DEV_SIGNING_KEY_ID, issuer: 'mutuals-platform' };

/** As long as the services accept by default (AUTH_TOKEN_MAX_AGE_SECONDS). */
const TEST_TOKEN_SECONDS = 300;

export interface TestUser extends AuthenticatedUser {
  token: string;
  auth: { Authorization: string };
}

/** A token for the user, for every service (tests call several with one user), signed with the development key. */
export function testToken(user: AuthenticatedUser, audience: string | string[] = [...SERVICE_AUDIENCES], lifetimeSeconds = TEST_TOKEN_SECONDS): string {
  return mintToken(user, TEST_SIGNING, audience, lifetimeSeconds);
}

/**
 * A user with a fresh id and a signed token, so each test owns its data. Tokens are short-lived,
 * so `token` and `auth` give the same token until it has a minute left, then a new one: a user made
 * at the top of a long test file still has a valid token at its end.
 */
export function testUser(role: Role, extra: Partial<AuthenticatedUser> = {}): TestUser {
  const id = extra.id ?? `${role}-${randomUUID().slice(0, 8)}`;
  const user: AuthenticatedUser = { id, roles: [role], name: `Test ${role}`, email: `${id}@example.org`, ...extra };
  let token = '';
  let renewAt = 0;
  const current = () => {
    if (Date.now() >= renewAt) {
      token = testToken(user);
      renewAt = Date.now() + (TEST_TOKEN_SECONDS - 60) * 1000;
    }
    return token;
  };
  return Object.defineProperties({ ...user } as TestUser, {
    token: { get: current, enumerable: true },
    auth: { get: () => ({ Authorization: `Bearer ${current()}` }), enumerable: true },
  });
}
