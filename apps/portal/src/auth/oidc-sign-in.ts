import { createPrivateKey, webcrypto } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Request } from 'express';
import { PortalConfig } from '../config';
import type { SessionData } from '../session/session.store';

type OpenIdClient = typeof import('openid-client');
type Configuration = Awaited<ReturnType<OpenIdClient['discovery']>>;

/** Who the provider says signed in. Only an identity: what they may do is the directory's to say. */
export interface OidcIdentity {
  /** The provider's issuer identifier, from its discovered metadata. */
  issuer: string;
  subject: string;
  email?: string;
  /** Only a JSON `true` from the provider counts. */
  emailVerified: boolean;
  name?: string;
}

/** Why an answer from the provider gave no identity: the person said no, or the answer did not check out. */
export type OidcFailure = 'cancelled' | 'failed';

export type OidcOutcome = { kind: 'identity'; identity: OidcIdentity; idToken?: string } | { kind: 'failed'; reason: OidcFailure };

export type PendingOidcSignIn = NonNullable<SessionData['oidc']>;

/**
 * Sign-in with an OpenID Connect provider such as GOV.UK One Login: the authorisation code flow
 * with PKCE (S256), state and nonce, to the configured redirect URI. Off unless OIDC_ISSUER is set;
 * the provider is discovered on first use (and again after a failed discovery).
 */
export class OidcSignIn {
  private readonly logger = new Logger('OidcSignIn');
  private configuration?: Promise<Configuration>;

  constructor(private readonly config: PortalConfig) {}

  private async client(): Promise<{ oidc: OpenIdClient; configuration: Configuration }> {
    const oidc = await import('openid-client');
    // Plain http only to a provider on this machine (tests, local trials); the settings refuse it in production.
    const options = new URL(this.config.OIDC_ISSUER!).protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined;
    this.configuration ??= this.clientAuthentication(oidc).then((auth) =>
      oidc.discovery(new URL(this.config.OIDC_ISSUER!), this.config.OIDC_CLIENT_ID!, auth ? undefined : this.config.OIDC_CLIENT_SECRET, auth, options),
    );
    try {
      return { oidc, configuration: await this.configuration };
    } catch (err) {
      this.configuration = undefined;
      throw err;
    }
  }

  /**
   * With OIDC_CLIENT_PRIVATE_KEY the portal proves who it is with a signed assertion
   * (`private_key_jwt`, as GOV.UK One Login requires) rather than a shared client secret.
   */
  private async clientAuthentication(oidc: OpenIdClient): Promise<ReturnType<OpenIdClient['PrivateKeyJwt']> | undefined> {
    if (!this.config.OIDC_CLIENT_PRIVATE_KEY) return undefined;
    const key = await clientSigningKey(this.config.OIDC_CLIENT_PRIVATE_KEY);
    return oidc.PrivateKeyJwt({ key, kid: this.config.OIDC_CLIENT_KEY_ID });
  }

  /** Where to send the browser, and what to keep in the session to check the answer. */
  async start(returnTo?: string): Promise<{ url: string; pending: PendingOidcSignIn }> {
    const { oidc, configuration } = await this.client();
    const pending: PendingOidcSignIn = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier(), ...(returnTo ? { returnTo } : {}) };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.config.OIDC_REDIRECT_URI!,
      scope: this.config.OIDC_SCOPES,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, pending };
  }

  /**
   * The identity in the provider's answer, checked against what the session kept (state, nonce,
   * PKCE verifier). Email and email_verified come from the ID token or, when it lacks them (as
   * with GOV.UK One Login), from the userinfo endpoint.
   */
  async finish(req: Request, pending: PendingOidcSignIn): Promise<OidcOutcome> {
    const { oidc, configuration } = await this.client();
    // The configured redirect URI with the answer's query: the token request must name the same URI.
    const current = new URL(this.config.OIDC_REDIRECT_URI!);
    current.search = new URL(req.originalUrl, current).search;
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, current, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims()!;
      let profile: Record<string, unknown> = claims;
      if ((typeof claims.email !== 'string' || claims.email_verified === undefined) && configuration.serverMetadata().userinfo_endpoint) {
        profile = { ...(await oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub)), ...claims };
      }
      const identity: OidcIdentity = {
        issuer: configuration.serverMetadata().issuer,
        subject: claims.sub,
        email: typeof profile.email === 'string' ? profile.email : undefined,
        emailVerified: profile.email_verified === true,
        name: nameOf(profile),
      };
      return { kind: 'identity', identity, idToken: tokens.id_token };
    } catch (err) {
      if (err instanceof oidc.AuthorizationResponseError && err.error === 'access_denied') return { kind: 'failed', reason: 'cancelled' };
      // A provider we cannot reach is an outage (the error page), not a refused answer.
      if (!(err instanceof oidc.AuthorizationResponseError || err instanceof oidc.ResponseBodyError || err instanceof oidc.ClientError)) throw err;
      this.logger.warn({ msg: 'OpenID Connect sign-in refused', error: err instanceof Error ? err.message : String(err), code: (err as { code?: string }).code });
      return { kind: 'failed', reason: 'failed' };
    }
  }

  /** The provider's sign-out page for this ID token, or undefined when the provider has none. */
  async endSessionUrl(idToken: string): Promise<string | undefined> {
    const { oidc, configuration } = await this.client();
    if (!configuration.serverMetadata().end_session_endpoint) return undefined;
    return oidc.buildEndSessionUrl(configuration, { id_token_hint: idToken, post_logout_redirect_uri: this.config.oidcPostLogoutRedirectUri! }).href;
  }
}

/** The PEM private key (EC P-256 for ES256, or RSA for RS256) as the WebCrypto key the client signs with. */
export async function clientSigningKey(pem: string): Promise<webcrypto.CryptoKey> {
  const key = createPrivateKey(pem);
  const pkcs8 = key.export({ format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
    return webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  }
  if (key.asymmetricKeyType === 'rsa') {
    return webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  }
  throw new Error('OIDC_CLIENT_PRIVATE_KEY must be an EC P-256 or RSA private key');
}

function nameOf(profile: Record<string, unknown>): string | undefined {
  if (typeof profile.name === 'string' && profile.name.trim()) return profile.name.trim();
  const parts = [profile.given_name, profile.family_name].filter((p): p is string => typeof p === 'string' && p.trim().length > 0);
  return parts.length > 0 ? parts.join(' ') : undefined;
}
