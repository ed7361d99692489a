import type { Request } from 'express';
import { PortalConfig } from '../config';
import type { SessionData } from '../session/session.store';
import type { SignedInUser } from './personas';

type OpenIdClient = typeof import('openid-client');
type Configuration = Awaited<ReturnType<OpenIdClient['discovery']>>;

/**
 * Sign-in with an OpenID Connect provider such as GOV.UK One Login (authorisation code flow with
 * PKCE, state and nonce). Off unless OIDC_ISSUER is set; the provider is discovered on first use.
 */
export class OidcSignIn {
  private configuration?: Promise<Configuration>;

  constructor(private readonly config: PortalConfig) {}

  private async client(): Promise<{ oidc: OpenIdClient; configuration: Configuration }> {
    const oidc = await import('openid-client');
    this.configuration ??= oidc.discovery(new URL(this.config.OIDC_ISSUER!), this.config.OIDC_CLIENT_ID!, this.config.OIDC_CLIENT_SECRET);
    return { oidc, configuration: await this.configuration };
  }

  private callbackUrl(req: Request): string {
    return `${req.protocol}://${req.get('host')}/sign-in/callback`;
  }

  /** Where to send the browser, and what to keep in the session to check the answer. */
  async start(req: Request): Promise<{ url: string; pending: NonNullable<SessionData['oidc']> }> {
    const { oidc, configuration } = await this.client();
    const pending = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.callbackUrl(req),
      scope: 'openid email',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, pending };
  }

  /** The signed-in user from the provider's answer; people from the provider are applicants. */
  async finish(req: Request, pending: NonNullable<SessionData['oidc']>): Promise<SignedInUser> {
    const { oidc, configuration } = await this.client();
    const current = new URL(req.originalUrl, this.callbackUrl(req));
    const tokens = await oidc.authorizationCodeGrant(configuration, current, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
    });
    const claims = tokens.claims();
    if (!claims?.sub) throw new Error('The identity provider sent no subject');
    const email = typeof claims.email === 'string' ? claims.email : undefined;
    return { id: `oidc:${claims.sub}`, persona: 'applicant', roles: ['applicant'], email, name: email };
  }
}
