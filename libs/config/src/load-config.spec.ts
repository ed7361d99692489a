import { ConfigError, loadConfig, settingNames } from './load-config';
import { generateKeyPairSync } from 'node:crypto';
import { devPublicKeys } from './dev-keys';
import { ServiceConfig } from './service-config';

class ExampleConfig extends ServiceConfig {
  override PORT = 3001;
  override DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/mutuals_example';
  override KAFKA_GROUP_ID = 'example';
  override AUTH_AUDIENCE = 'example';
}

/** A key set of a freshly made key, as production would configure one. */
function productionKeys(): string {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'prod-1' }] });
}

describe('settings', () => {
  it('defaults apply when nothing is set', () => {
    const config = loadConfig(ExampleConfig, {}, {});
    expect(config).toMatchObject({ PORT: 3001, KAFKA_BROKERS: '127.0.0.1:9092', KAFKA_GROUP_ID: 'example', LOG_LEVEL: 'info' });
  });

  it('the environment overrides the defaults, and numbers are read as numbers', () => {
    const config = loadConfig(ExampleConfig, {}, { PORT: '8080', KAFKA_BROKERS: 'kafka-1:9092,kafka-2:9092' });
    expect(config.PORT).toBe(8080);
    expect(config.KAFKA_BROKERS).toBe('kafka-1:9092,kafka-2:9092');
  });

  it.each([
    ['KAFKA_BROKERS', 'not a broker list'],
    ['PORT', 'eighty'],
    ['DATABASE_URL', 'mysql://db/x'],
    ['AUTH_PUBLIC_KEYS', 'not json'],
    ['AUTH_PUBLIC_KEYS', '{"keys":[{"kty":"oct","k":"c2VjcmV0","kid":"k1"}]}'],
    ['AUTH_JWKS_URL', 'portal/jwks'],
    ['AUTH_TOKEN_MAX_AGE_SECONDS', '86400'],
    ['LOG_LEVEL', 'chatty'],
  ])('a malformed %s is refused with a message naming it', (name, value) => {
    expect(() => loadConfig(ExampleConfig, {}, { [name]: value })).toThrow(new RegExp(name));
  });

  it('production refuses the development key: trusting no keys, or trusting it by name', () => {
    expect(() => loadConfig(ExampleConfig, {}, { NODE_ENV: 'production' })).toThrow(/AUTH_PUBLIC_KEYS or AUTH_JWKS_URL must be set in production/);
    expect(() => loadConfig(ExampleConfig, {}, { NODE_ENV: 'production', AUTH_PUBLIC_KEYS: devPublicKeys() })).toThrow(
      /AUTH_PUBLIC_KEYS must not trust the development key in production/,
    );
    expect(() => loadConfig(ExampleConfig, {}, { NODE_ENV: 'production', AUTH_PUBLIC_KEYS: productionKeys() })).not.toThrow();
    expect(() => loadConfig(ExampleConfig, {}, { NODE_ENV: 'production', AUTH_JWKS_URL: 'http://portal:3000/.well-known/jwks.json' })).not.toThrow();
  });

  it('outside production the development public key is trusted when no keys are set', () => {
    const config = loadConfig(ExampleConfig, {}, {});
    expect(config.tokenVerification).toMatchObject({ audience: 'example', publicKeys: devPublicKeys(), jwksUrl: '', maxAgeSeconds: 300 });
    expect(loadConfig(ExampleConfig, {}, { AUTH_JWKS_URL: 'http://portal:3000/.well-known/jwks.json' }).tokenVerification.publicKeys).toBe('');
  });

  it('lists the settings a service reads, so deployment files can be checked against them', () => {
    expect(settingNames(ExampleConfig)).toEqual(
      expect.arrayContaining(['AUTH_AUDIENCE', 'AUTH_JWKS_URL', 'AUTH_PUBLIC_KEYS', 'DATABASE_URL', 'KAFKA_BROKERS', 'KAFKA_GROUP_ID', 'PORT']),
    );
  });
});
