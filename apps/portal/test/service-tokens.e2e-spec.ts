import { createHmac, generateKeyPairSync, KeyObject } from 'node:crypto';
import { createServer } from 'node:net';
import request from 'supertest';
import { mintToken, publicJwkOf } from '@mutuals/auth';
import { DEV_SIGNING_KEY } from '@mutuals/config';
import { RunningService, startTestService, testUser } from '@mutuals/testing';
import { applicationsService } from '../../applications/src/service';
import { SignedInUser } from '../src/auth/personas';
import { loadPortalConfig } from '../src/portal';
import { SESSION_COOKIE } from '../src/session/session.middleware';
import { newCsrfToken, SessionStore } from '../src/session/session.store';
import { RunningPortal, startTestPortal } from './portal-harness';

/**
 * The portal's tokens as a service sees them: signed with the portal's own key, checked with the
 * public keys the portal publishes at /.well-known/jwks.json (AUTH_JWKS_URL), an earlier key still
 * accepted during a rotation, the development key not trusted once keys are configured, and a key
 * set that cannot be read a 503 rather than a crash. And the settings that keep it so in production.
 */
jest.setTimeout(120_000);

const newKey = (): KeyObject => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const pem = (key: KeyObject) => key.export({ format: 'pem', type: 'pkcs8' }) as string;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('the portal token settings', () => {
  const production = { NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40) };

  it('production refuses the development signing key, naming AUTH_SIGNING_KEY; a key of its own starts', () => {
    expect(() => loadPortalConfig(production, {})).toThrow(/AUTH_SIGNING_KEY must be set in production/);
    expect(() => loadPortalConfig({ ...production, AUTH_SIGNING_KEY: DEV_SIGNING_KEY.replace(/\n/g, '\\n') }, {})).toThrow(/AUTH_SIGNING_KEY must be set in production/);
    expect(() => loadPortalConfig({ ...production, AUTH_SIGNING_KEY: pem(newKey()), AUTH_SIGNING_KEY_ID: 'portal-7' }, {})).not.toThrow();
  });

  it('refuses a key that is not EC P-256, and a new key under an earlier key id', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    expect(() => loadPortalConfig({ AUTH_SIGNING_KEY: 'not a key' }, {})).toThrow(/AUTH_SIGNING_KEY must be a PEM private key/);
    expect(() => loadPortalConfig({ AUTH_SIGNING_KEY: rsa }, {})).toThrow(/AUTH_SIGNING_KEY must be an EC P-256 key/);
    const previous = JSON.stringify({ keys: [publicJwkOf(newKey(), 'portal-1')] });
    expect(() => loadPortalConfig({ AUTH_SIGNING_KEY: pem(newKey()), AUTH_SIGNING_KEY_ID: 'portal-1', AUTH_PREVIOUS_PUBLIC_KEYS: previous }, {})).toThrow(
      /AUTH_SIGNING_KEY_ID must differ/,
    );
  });
});

describe('a service reading the portal key set', () => {
  const current = newKey();
  const previous = newKey();
  let applications: RunningService<any>;
  let portal: RunningPortal;

  beforeAll(async () => {
    const port = await freePort();
    applications = await startTestService(applicationsService, { AUTH_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json` });
    portal = await startTestPortal({
      PORT: port,
      APPLICATIONS_URL: applications.url,
      AUTH_SIGNING_KEY: pem(current),
      AUTH_SIGNING_KEY_ID: 'portal-2',
      AUTH_PREVIOUS_PUBLIC_KEYS: JSON.stringify({ keys: [publicJwkOf(previous, 'portal-1')] }),
    });
  });
  afterAll(async () => {
    await portal?.close();
    await applications?.close();
  });

  it('publishes the current and the previous public keys, and nothing private', async () => {
    const res = await request(portal.url).get('/.well-known/jwks.json').expect(200).expect('Cache-Control', /max-age=60/);
    expect(res.body.keys.map((k: { kid: string }) => k.kid)).toEqual(['portal-2', 'portal-1']);
    for (const key of res.body.keys) {
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      expect(key).not.toHaveProperty('d');
    }
  });

  it("a signed-in officer's page reads the service with the portal's token, which the service checks with those keys", async () => {
    const officer: SignedInUser = { id: 'officer-tokens', persona: 'officer', roles: ['programme_officer'], name: 'Officer', email: 'officer-tokens@example.org' };
    const id = await portal.app.get(SessionStore).create({ csrfToken: newCsrfToken(), user: officer });
    const signature = createHmac('sha256', portal.config.SESSION_SECRET).update(id).digest('base64').replace(/=+$/, '');
    await request(portal.url)
      .get('/officer/applications')
      .set('Cookie', `${SESSION_COOKIE}=${encodeURIComponent(`s:${id}.${signature}`)}`)
      .expect(200);
  });

  it('takes a token of the previous key during a rotation, and no longer one of the development key', async () => {
    const user = { id: 'officer-rotation', roles: ['programme_officer' as const] };
    const byPrevious = mintToken(user, { key: previous, kid: 'portal-1', issuer: 'mutuals-platform' }, 'applications');
    await request(applications.url).get('/funds').set('Authorization', `Bearer ${byPrevious}`).expect(200);
    const dev = testUser('programme_officer');
    const refused = await request(applications.url).get('/funds').set(dev.auth).expect(401);
    expect(refused.body.message).toMatch(/does not trust/);
  });
});

describe('a service whose key set cannot be read', () => {
  let applications: RunningService<any>;

  beforeAll(async () => {
    applications = await startTestService(applicationsService, { AUTH_JWKS_URL: `http://127.0.0.1:${await freePort()}/.well-known/jwks.json` });
  });
  afterAll(() => applications?.close());

  it('answers a request with a token 503 in the one error shape, and stays up', async () => {
    const res = await request(applications.url).get('/funds').set(testUser('programme_officer').auth).expect(503);
    expect(res.body).toMatchObject({ statusCode: 503, code: 'service-unavailable', message: expect.stringMatching(/signing keys cannot be read/) });
    await request(applications.url).get('/health/live').expect(200);
    await request(applications.url).get('/funds').expect(401);
  });
});
