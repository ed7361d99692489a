import { createSecretKey, KeyObject } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { AuthenticatedUser, Role, ROLES } from './roles';

export interface TokenSettings {
  secret: string;
  issuer: string;
  audience?: string;
}

export const DEFAULT_AUDIENCE = 'mutuals-platform';

const keys = new Map<string, KeyObject>();

/**
 * The signing key as a KeyObject, made once: given a plain string, jsonwebtoken first tries (and
 * fails) to parse it as a public key on every call, which dominated request CPU time.
 */
function keyFor(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

export function mintToken(user: AuthenticatedUser, settings: TokenSettings, expiresInSeconds = 3600): string {
  return jwt.sign(
    { roles: user.roles, name: user.name, email: user.email, org: user.organisationId },
    keyFor(settings.secret),
    { algorithm: 'HS256', subject: user.id, issuer: settings.issuer, audience: settings.audience ?? DEFAULT_AUDIENCE, expiresIn: expiresInSeconds },
  );
}

export class InvalidTokenError extends Error {}

export function verifyToken(token: string, settings: TokenSettings): AuthenticatedUser {
  let claims: jwt.JwtPayload;
  try {
    claims = jwt.verify(token, keyFor(settings.secret), {
      algorithms: ['HS256'],
      issuer: settings.issuer,
      audience: settings.audience ?? DEFAULT_AUDIENCE,
    }) as jwt.JwtPayload;
  } catch (err) {
    throw new InvalidTokenError(err instanceof jwt.TokenExpiredError ? 'token has expired' : 'token is not valid');
  }
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is Role => ROLES.includes(r)) : [];
  if (!claims.sub || roles.length === 0) throw new InvalidTokenError('token has no subject or no known role');
  return {
    id: claims.sub,
    roles,
    name: typeof claims.name === 'string' ? claims.name : undefined,
    email: typeof claims.email === 'string' ? claims.email : undefined,
    organisationId: typeof claims.org === 'string' ? claims.org : undefined,
  };
}
