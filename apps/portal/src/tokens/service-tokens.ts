import { JsonWebKey } from 'node:crypto';
import { AuthenticatedUser, mintToken, parseKeySet, publicJwkOf, SigningSettings, signingKeyFrom } from '@mutuals/auth';
import { PortalConfig } from '../config';

/**
 * The portal signs a short-lived ES256 token per request and per service (the token's audience is
 * that service alone), with its private key; the services hold only the public keys, which the
 * portal publishes with the earlier keys still in rotation.
 */
export class ServiceTokens {
  private readonly signing: SigningSettings;
  private readonly lifetimeSeconds: number;
  readonly keySet: { keys: JsonWebKey[] };

  constructor(config: PortalConfig) {
    this.signing = { key: signingKeyFrom(config.AUTH_SIGNING_KEY), kid: config.AUTH_SIGNING_KEY_ID, issuer: config.AUTH_JWT_ISSUER };
    this.lifetimeSeconds = config.AUTH_TOKEN_SECONDS;
    const previous = config.AUTH_PREVIOUS_PUBLIC_KEYS ? parseKeySet(config.AUTH_PREVIOUS_PUBLIC_KEYS, 'AUTH_PREVIOUS_PUBLIC_KEYS') : new Map();
    this.keySet = {
      keys: [publicJwkOf(this.signing.key, this.signing.kid), ...[...previous].map(([kid, key]) => publicJwkOf(key, kid))],
    };
  }

  /** A token for one service, as this user. */
  forService(user: AuthenticatedUser, service: string): string {
    return mintToken(user, this.signing, service, this.lifetimeSeconds);
  }
}
