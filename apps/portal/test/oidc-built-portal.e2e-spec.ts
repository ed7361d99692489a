import { BuiltService, startBuiltService } from '@mutuals/testing';
import { PortalConfig } from '../src/config';
import { OidcTestProvider, startOidcTestProvider } from './oidc-test-provider';

/**
 * The OpenID Connect client is published only as ES modules. The browser journeys run the portal
 * under jest, which compiles it to CommonJS; this runs the built portal as production does, so Node
 * itself loads the client, discovers the provider and starts a sign-in it accepts.
 */
describe('the built portal signing in with OpenID Connect', () => {
  const redirectUri = 'http://localhost:3000/sign-in/callback';
  let provider: OidcTestProvider;
  let portal: BuiltService | undefined;

  beforeAll(async () => {
    provider = await startOidcTestProvider({ redirectUri, postLogoutRedirectUri: 'http://localhost:3000/sign-in?ended=signed-out' });
  });

  afterAll(async () => {
    await portal?.kill('SIGTERM');
    await provider?.close();
  });

  it('sends the browser to the provider with the configured redirect URI, and the provider accepts the request', async () => {
    portal = await startBuiltService(
      { name: 'portal', configClass: PortalConfig },
      { DEMO_SIGN_IN: false, OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: provider.clientId, OIDC_CLIENT_SECRET: provider.clientSecret, OIDC_REDIRECT_URI: redirectUri },
      { readyWithinMs: 120_000 },
    );
    const start = await fetch(`${portal.url}/sign-in/one-login`, { redirect: 'manual' });
    expect(start.status).toBe(303);
    const authorization = new URL(start.headers.get('location')!);
    expect(authorization.origin).toBe(provider.issuer);
    expect(authorization.searchParams.get('redirect_uri')).toBe(redirectUri);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');

    // The provider takes it (client, redirect URI, PKCE) and asks the person to sign in.
    const atProvider = await fetch(authorization, { redirect: 'manual' });
    expect(atProvider.status).toBe(303);
    expect(atProvider.headers.get('location')).toMatch(/^\/interaction\/[\w-]+$/);
  }, 300_000);
});
