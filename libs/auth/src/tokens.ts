import { KeyObject } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { PublicKeys } from './keys';
import { AuthenticatedUser, Role, ROLES } from './roles';

/** The services whose APIs take bearer tokens: each checks that a token names it as its audience. */
export const SERVICE_AUDIENCES = ['applications', 'intake', 'awards', 'notifications'] as const;

export const TOKEN_ALGORITHM = 'ES256';

/** What the signer (the portal, the development scripts) needs: the private key and its kid. */
export interface SigningSettings {
  key: KeyObject;
  kid: string;
  issuer: string;
}

/** What a service checks a token against. */
export interface TokenSettings {
  issuer: string;
  /** The service's own name: a token for another service is refused. */
  audience: string;
  /** The longest lifetime (exp - iat) accepted: a long-lived token is refused even if signed. */
  maxAgeSeconds: number;
  /** Clock difference between signer and service tolerated on exp and iat. */
  clockToleranceSeconds: number;
  keys: PublicKeys;
}

/** A short-lived token for one service (or several, for the development conveniences). */
export function mintToken(user: AuthenticatedUser, settings: SigningSettings, audience: string | string[], lifetimeSeconds = 60): string {
  return jwt.sign(
    { roles: user.roles, name: user.name, email: user.email, org: user.organisationId, ...(user.documentId ? { doc: user.documentId } : {}) },
    settings.key,
    { algorithm: TOKEN_ALGORITHM, keyid: settings.kid, subject: user.id, issuer: settings.issuer, audience, expiresIn: lifetimeSeconds },
  );
}

export class InvalidTokenError extends Error {}

/**
 * The user of a token signed by a key the service trusts (by kid), for this service, not expired,
 * with an issue time and no longer a lifetime than allowed. Throws InvalidTokenError (401) or
 * KeysUnavailableError (the keys cannot be read: 503).
 */
export async function verifyToken(token: string, settings: TokenSettings): Promise<AuthenticatedUser> {
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded || typeof decoded.payload === 'string') throw new InvalidTokenError('token is not valid');
  if (decoded.header.alg !== TOKEN_ALGORITHM) throw new InvalidTokenError(`token must be signed with ${TOKEN_ALGORITHM}`);
  const kid = decoded.header.kid;
  if (!kid) throw new InvalidTokenError('token names no signing key (kid)');
  const key = await settings.keys.get(kid);
  if (!key) throw new InvalidTokenError('token is signed with a key this service does not trust');

  let claims: jwt.JwtPayload;
  try {
    claims = jwt.verify(token, key, {
      algorithms: [TOKEN_ALGORITHM],
      issuer: settings.issuer,
      audience: settings.audience,
      clockTolerance: settings.clockToleranceSeconds,
    }) as jwt.JwtPayload;
  } catch (err) {
    if (err instanceof jwt.TokenExpiredError) throw new InvalidTokenError('token has expired');
    if (err instanceof jwt.JsonWebTokenError && /audience/.test(err.message)) throw new InvalidTokenError(`token is not for ${settings.audience}`);
    throw new InvalidTokenError('token is not valid');
  }
  if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number') throw new InvalidTokenError('token must say when it was issued and when it expires');
  if (claims.exp - claims.iat > settings.maxAgeSeconds) throw new InvalidTokenError(`token lives longer than ${settings.maxAgeSeconds} seconds`);
  if (claims.iat > Date.now() / 1000 + settings.clockToleranceSeconds) throw new InvalidTokenError('token is issued in the future');

  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is Role => ROLES.includes(r)) : [];
  if (!claims.sub || roles.length === 0) throw new InvalidTokenError('token has no subject or no known role');
  return {
    id: claims.sub,
    roles,
    name: typeof claims.name === 'string' ? claims.name : undefined,
    email: typeof claims.email === 'string' ? claims.email : undefined,
    organisationId: typeof claims.org === 'string' ? claims.org : undefined,
    ...(typeof claims.doc === 'string' ? { documentId: claims.doc } : {}),
  };
}
