import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, loadConfig } from '@mutuals/config';
import { PortalConfig, portalConfigProblems } from '../config';

/** A signing key of its own: production refuses the development one. */
const productionSigningKey = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;

/** The sign-in's settings: a configured redirect URI to the callback, and HTTPS in production. */
describe('OpenID Connect settings', () => {
  const provider = { OIDC_ISSUER: 'https://oidc.account.gov.uk/', OIDC_CLIENT_ID: 'portal', OIDC_CLIENT_SECRET: 'secret' };
  const oidcProblems = (settings: Record<string, unknown>) => portalConfigProblems(loadConfig(PortalConfig, settings, {})).filter((p) => p.startsWith('OIDC'));

  it('needs the redirect URI whenever there is a provider, and none without one', () => {
    expect(oidcProblems({})).toEqual([]);
    expect(oidcProblems(provider)).toEqual([expect.stringMatching(/^OIDC_REDIRECT_URI is needed when OIDC_ISSUER is set/)]);
    expect(oidcProblems({ ...provider, OIDC_REDIRECT_URI: 'https://portal.example.gov.uk/sign-in/callback' })).toEqual([]);
  });

  it('takes a client secret or a private key (private_key_jwt), exactly one, and only an EC P-256 or RSA key', () => {
    const { OIDC_CLIENT_SECRET: _secret, ...withoutSecret } = provider;
    const settings = { ...withoutSecret, OIDC_REDIRECT_URI: 'https://portal.example.gov.uk/sign-in/callback' };
    expect(oidcProblems(settings)).toEqual(['OIDC_CLIENT_SECRET or OIDC_CLIENT_PRIVATE_KEY is needed when OIDC_ISSUER is set']);
    expect(oidcProblems({ ...settings, OIDC_CLIENT_PRIVATE_KEY: productionSigningKey() })).toEqual([]);
    expect(oidcProblems({ ...settings, OIDC_CLIENT_SECRET: 'secret', OIDC_CLIENT_PRIVATE_KEY: productionSigningKey() })).toEqual([expect.stringMatching(/^OIDC_CLIENT_SECRET and OIDC_CLIENT_PRIVATE_KEY are both set: set one/)]);
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    expect(oidcProblems({ ...settings, OIDC_CLIENT_PRIVATE_KEY: p384 })).toEqual(['OIDC_CLIENT_PRIVATE_KEY must be an EC P-256 or RSA private key']);
    expect(oidcProblems({ ...settings, OIDC_CLIENT_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----' })).toEqual(['OIDC_CLIENT_PRIVATE_KEY is not a readable PEM private key']);
    expect(() => loadConfig(PortalConfig, { ...settings, OIDC_CLIENT_PRIVATE_KEY: 'secret' }, {})).toThrow(/OIDC_CLIENT_PRIVATE_KEY must be a PEM private key/);
  });

  it('takes only an http(s) URL to this portal’s callback', () => {
    expect(() => loadConfig(PortalConfig, { ...provider, OIDC_REDIRECT_URI: 'portal.example.gov.uk/sign-in/callback' }, {})).toThrow(ConfigError);
    expect(() => loadConfig(PortalConfig, { ...provider, OIDC_REDIRECT_URI: 'javascript:alert(1)' }, {})).toThrow(/OIDC_REDIRECT_URI must be an http\(s\) URL/);
    expect(oidcProblems({ ...provider, OIDC_REDIRECT_URI: 'https://portal.example.gov.uk/callback' })).toEqual([expect.stringMatching(/must be this portal's \/sign-in\/callback/)]);
  });

  it('refuses plain http in production except on this machine', () => {
    const production = { ...provider, NODE_ENV: 'production', AUTH_SIGNING_KEY: productionSigningKey(), SESSION_SECRET: 's'.repeat(40) };
    expect(oidcProblems({ ...production, OIDC_REDIRECT_URI: 'http://portal.example.gov.uk/sign-in/callback' })).toEqual(['OIDC_REDIRECT_URI must be an https URL in production']);
    expect(oidcProblems({ ...production, OIDC_ISSUER: 'http://idp.example.gov.uk/', OIDC_REDIRECT_URI: 'https://portal.example.gov.uk/sign-in/callback' })).toEqual(['OIDC_ISSUER must be an https URL in production']);
    expect(
      oidcProblems({ ...production, OIDC_REDIRECT_URI: 'https://portal.example.gov.uk/sign-in/callback', OIDC_POST_LOGOUT_REDIRECT_URI: 'http://portal.example.gov.uk/sign-in' }),
    ).toEqual(['OIDC_POST_LOGOUT_REDIRECT_URI must be an https URL in production']);
    expect(oidcProblems({ ...production, OIDC_ISSUER: 'http://127.0.0.1:9000', OIDC_REDIRECT_URI: 'http://localhost:3000/sign-in/callback' })).toEqual([]);
    // Outside production a provider on the network over http is allowed (a test or local provider).
    expect(oidcProblems({ ...provider, OIDC_ISSUER: 'http://idp.test:9000', OIDC_REDIRECT_URI: 'http://portal.test:3000/sign-in/callback' })).toEqual([]);
  });

  it('asks for openid and email at least', () => {
    expect(loadConfig(PortalConfig, {}, {}).OIDC_SCOPES).toBe('openid email profile');
    expect(loadConfig(PortalConfig, { OIDC_SCOPES: 'openid email' }, {}).OIDC_SCOPES).toBe('openid email');
    expect(() => loadConfig(PortalConfig, { OIDC_SCOPES: 'openid profile' }, {})).toThrow(/OIDC_SCOPES must be space-separated scopes including openid and email/);
    expect(() => loadConfig(PortalConfig, { OIDC_SCOPES: 'openidx emails' }, {})).toThrow(/OIDC_SCOPES/);
  });

  it('sends people back to the signed-out page after the provider’s sign-out unless told otherwise', () => {
    const config = loadConfig(PortalConfig, { ...provider, OIDC_REDIRECT_URI: 'https://portal.example.gov.uk/sign-in/callback' }, {});
    expect(config.oidcPostLogoutRedirectUri).toBe('https://portal.example.gov.uk/sign-in?ended=signed-out');
    const told = loadConfig(PortalConfig, { ...provider, OIDC_REDIRECT_URI: 'https://portal.example.gov.uk/sign-in/callback', OIDC_POST_LOGOUT_REDIRECT_URI: 'https://www.example.gov.uk/signed-out' }, {});
    expect(told.oidcPostLogoutRedirectUri).toBe('https://www.example.gov.uk/signed-out');
  });
});
