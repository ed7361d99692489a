import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import * as jwt from 'jsonwebtoken';
import { KeysUnavailableError, parseKeySet, PublicKeys, publicJwkOf } from './keys';
import { AuthenticatedUser } from './roles';
import { InvalidTokenError, mintToken, SigningSettings, TokenSettings, verifyToken } from './tokens';

const newKey = (): KeyObject => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const keySet = (...keys: [string, KeyObject][]) => JSON.stringify({ keys: keys.map(([kid, key]) => publicJwkOf(key, kid)) });

const user: AuthenticatedUser = { id: 'officer-1', roles: ['programme_officer'], name: 'Sam', organisationId: 'org-1' };
const current: SigningSettings = { key: newKey(), kid: 'portal-2', issuer: 'mutuals-platform' };
const previous: SigningSettings = { key: newKey(), kid: 'portal-1', issuer: 'mutuals-platform' };

function settings(keys: PublicKeys, overrides: Partial<TokenSettings> = {}): TokenSettings {
  return { issuer: 'mutuals-platform', audience: 'awards', maxAgeSeconds: 300, clockToleranceSeconds: 5, keys, ...overrides };
}
const trusted = new PublicKeys({ keys: parseKeySet(keySet([current.kid, current.key], [previous.kid, previous.key])), refreshSeconds: 30 });

describe('service tokens', () => {
  it('a token signed by a trusted key, for this service, gives its user; several keys by kid (rotation)', async () => {
    await expect(verifyToken(mintToken(user, current, 'awards'), settings(trusted))).resolves.toEqual({ ...user, email: undefined });
    await expect(verifyToken(mintToken(user, previous, ['intake', 'awards']), settings(trusted))).resolves.toMatchObject({ id: 'officer-1' });
  });

  it.each([
    ['for another service', () => mintToken(user, current, 'intake'), /not for awards/],
    ['expired', () => mintToken(user, current, 'awards', -60), /expired/],
    ['signed by a key not trusted', () => mintToken(user, { ...current, key: newKey() }, 'awards'), /not valid/],
    ['naming an unknown kid', () => mintToken(user, { ...current, kid: 'other' }, 'awards'), /does not trust/],
    ['living longer than the maximum', () => mintToken(user, current, 'awards', 3600), /longer than 300 seconds/],
    ['without an expiry', () => jwt.sign({ roles: ['admin'] }, current.key, { algorithm: 'ES256', keyid: current.kid, subject: 'x', issuer: 'mutuals-platform', audience: 'awards' }), /when it was issued and when it expires/],
    ['without an issue time', () => jwt.sign({ roles: ['admin'], exp: Math.floor(Date.now() / 1000) + 60 }, current.key, { algorithm: 'ES256', keyid: current.kid, subject: 'x', issuer: 'mutuals-platform', audience: 'awards', noTimestamp: true }), /when it was issued/],
    ['signed with a shared secret (HS256)', () => jwt.sign({ roles: ['admin'] }, 'a-secret-that-anyone-with-the-config-has', { algorithm: 'HS256', keyid: current.kid, subject: 'x', audience: 'awards', expiresIn: 60 }), /ES256/],
    ['from another issuer', () => mintToken(user, { ...current, issuer: 'someone-else' }, 'awards'), /not valid/],
  ])('a token %s is refused', async (_, token, message) => {
    const refusal = verifyToken(token(), settings(trusted));
    await expect(refusal).rejects.toThrow(InvalidTokenError);
    await expect(refusal).rejects.toThrow(message);
  });

  it('a key set must hold EC P-256 public keys with kids', () => {
    expect(() => parseKeySet('{}')).toThrow(/AUTH_PUBLIC_KEYS must be a JSON Web Key Set/);
    expect(() => parseKeySet(JSON.stringify({ keys: [{ ...current.key.export({ format: 'jwk' }), kid: 'k' }] }))).toThrow(/private key/);
    expect(() => parseKeySet(JSON.stringify({ keys: [{ ...publicJwkOf(current.key, 'k'), kid: undefined }] }))).toThrow(/no kid/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    expect(() => parseKeySet(JSON.stringify({ keys: [{ ...rsa.export({ format: 'jwk' }), kid: 'r' }] }))).toThrow(/EC P-256/);
  });
});

describe('keys from a key set URL', () => {
  let server: Server;
  let url: string;
  let served: string | undefined;
  let reads = 0;
  let now = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      reads += 1;
      if (served === undefined) return void res.writeHead(500).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(served);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    reads = 0;
    now = 1_000_000;
  });

  const fromUrl = () => new PublicKeys({ jwksUrl: url, refreshSeconds: 30, now: () => now });

  it('is read on first use and cached; a new kid reads it again (a rotation), at most every refreshSeconds', async () => {
    served = keySet([previous.kid, previous.key]);
    const keys = fromUrl();
    expect(reads).toBe(0);
    await expect(verifyToken(mintToken(user, previous, 'awards'), settings(keys))).resolves.toMatchObject({ id: user.id });
    await verifyToken(mintToken(user, previous, 'awards'), settings(keys));
    expect(reads).toBe(1);

    served = keySet([previous.kid, previous.key], [current.kid, current.key]);
    now += 31_000;
    await expect(verifyToken(mintToken(user, current, 'awards'), settings(keys))).resolves.toMatchObject({ id: user.id });
    expect(reads).toBe(2);

    // Made-up kids do not make the service read the URL on every request: once per refreshSeconds.
    const madeUp = (i: number) => verifyToken(mintToken(user, { ...current, kid: `made-up-${i}` }, 'awards'), settings(keys));
    for (let i = 0; i < 5; i++) await expect(madeUp(i)).rejects.toThrow(/does not trust/);
    expect(reads).toBe(2);
    now += 31_000;
    for (let i = 0; i < 5; i++) await expect(madeUp(i)).rejects.toThrow(/does not trust/);
    expect(reads).toBe(3);
  });

  it('that cannot be read is KeysUnavailableError (a 503), not a crash; keys read before stay in use', async () => {
    served = undefined;
    const keys = fromUrl();
    await expect(keys.get(current.kid)).rejects.toThrow(KeysUnavailableError);

    served = keySet([current.kid, current.key]);
    now += 31_000;
    await expect(keys.get(current.kid)).resolves.toBeDefined();
    served = undefined;
    now += 400_000; // past the cache: read again, fails, the key read before still works
    await expect(keys.get(current.kid)).resolves.toBeDefined();
    await expect(new PublicKeys({ jwksUrl: 'http://127.0.0.1:1/jwks.json', refreshSeconds: 30 }).get('any')).rejects.toThrow(/cannot be read/);
  });
});
