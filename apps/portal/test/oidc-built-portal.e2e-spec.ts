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
  // Sign-in limits count per IP in the run's shared portal database, where other files sign in from
  // the same address: this file is about the exchange, not the limits (sign-in-limits.e2e-spec is).
  const limits = { RATE_LIMIT_SIGN_IN_PER_IP: 100_000, RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT: 100_000 };
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
      { ...limits, DEMO_SIGN_IN: false, OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: provider.clientId, OIDC_CLIENT_SECRET: provider.clientSecret, OIDC_REDIRECT_URI: redirectUri },
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

  it('signs in with a private key instead of a client secret (private_key_jwt, as GOV.UK One Login requires)', async () => {
    await portal?.kill('SIGTERM');
    const { clientId, privateKeyPem, kid } = provider.keyClient;
    portal = await startBuiltService(
      { name: 'portal', configClass: PortalConfig },
      { ...limits, DEMO_SIGN_IN: false, OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_PRIVATE_KEY: privateKeyPem, OIDC_CLIENT_KEY_ID: kid, OIDC_REDIRECT_URI: redirectUri },
      { readyWithinMs: 120_000 },
    );
    provider.addAccount({ login: 'kim', email: 'kim.nobody@example.org', emailVerified: true, name: 'Kim Nobody' });
    const portalCookies = new CookieJar();
    const providerCookies = new CookieJar();

    const start = await portalCookies.fetch(`${portal.url}/sign-in/one-login`);
    const authorization = new URL(start.headers.get('location')!);
    expect(authorization.searchParams.get('client_id')).toBe(clientId);
    const login = await providerCookies.fetch(authorization.href);
    const interaction = new URL(login.headers.get('location')!, provider.issuer);
    const signedIn = await providerCookies.fetch(interaction.href, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'login=kim' });
    let next = new URL(signedIn.headers.get('location')!, provider.issuer);
    while (next.origin === provider.issuer) {
      const res = await providerCookies.fetch(next.href);
      next = new URL(res.headers.get('location')!, provider.issuer);
    }
    expect(next.href.startsWith(redirectUri)).toBe(true);

    // The portal exchanges the code, signing its assertion with the key; the directory does not
    // know Kim, so the answer is the refusal page, not the page for a failed exchange.
    const callback = await portalCookies.fetch(`${portal.url}${next.pathname}${next.search}`);
    expect(provider.tokenGrants).toEqual([clientId]);
    expect(callback.status).toBe(403);
    expect(await callback.text()).toContain('You do not have access');
  }, 300_000);
});

/** The cookies one site sets, sent back on the next request to it; redirects are not followed. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1));
    }
    return res;
  }
}
