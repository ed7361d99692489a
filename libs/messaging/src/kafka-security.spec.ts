import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, ServiceConfig } from '@mutuals/config';
import { kafkaClientSecurity, kafkaSecurityFromSettings } from './kafka-security';
import { kafkaMicroserviceOptions } from './kafka-microservice';
import { messagingSettings } from './messaging-options';

class ExampleConfig extends ServiceConfig {
  override PORT = 3001;
  override DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/mutuals_example';
  override KAFKA_GROUP_ID = 'example';
  override AUTH_AUDIENCE = 'example';
}

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const SCRAM = { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'applications', KAFKA_SASL_PASSWORD: 's3cret' };

describe('Kafka security settings', () => {
  let dir: string;
  let caFile: string;
  let passwordFile: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kafka-security-'));
    caFile = join(dir, 'ca.crt');
    passwordFile = join(dir, 'password');
    writeFileSync(caFile, PEM);
    writeFileSync(passwordFile, 'from-the-secret\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const clientOptionsOf = (env: Record<string, string>) => kafkaClientSecurity({ security: kafkaSecurityFromSettings(loadConfig(ExampleConfig, {}, env)) });

  it('a local broker by default: no TLS, no SASL', () => {
    expect(clientOptionsOf({})).toEqual({});
  });

  it('SCRAM-SHA-512 over TLS, trusting the named CA and checking the certificate against a given name', () => {
    expect(clientOptionsOf({ ...SCRAM, KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: caFile, KAFKA_TLS_SERVERNAME: 'kafka' })).toEqual({
      ssl: { ca: [PEM], servername: 'kafka' },
      sasl: { mechanism: 'scram-sha-512', username: 'applications', password: 's3cret' },
    });
  });

  it('TLS alone keeps Node\'s public CAs and the dialled host name', () => {
    expect(clientOptionsOf({ KAFKA_TLS: 'true' })).toEqual({ ssl: true });
  });

  it('reads the password from a mounted secret file, without its trailing newline', () => {
    const { KAFKA_SASL_PASSWORD: _, ...rest } = SCRAM;
    expect(clientOptionsOf({ ...rest, KAFKA_SASL_PASSWORD_FILE: passwordFile, KAFKA_TLS: 'true' }).sasl).toEqual({
      mechanism: 'scram-sha-512',
      username: 'applications',
      password: 'from-the-secret',
    });
  });

  it('every client a service makes gets them: the consumer transport as well as the producer and admin (KafkaConnection)', () => {
    const config = loadConfig(ExampleConfig, {}, { ...SCRAM, KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: caFile });
    const options = { service: 'example', produces: [], consumes: [], ...messagingSettings(config) };
    const client = kafkaMicroserviceOptions(options).options!.client!;
    expect(client.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'applications', password: 's3cret' });
    expect(client.ssl).toEqual({ ca: [PEM] });
  });

  it.each([
    [{ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_PASSWORD: 'x' }, /KAFKA_SASL_USERNAME must be set/],
    [{ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'applications' }, /KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE must be set/],
    [{ ...SCRAM, KAFKA_SASL_PASSWORD_FILE: '/nowhere/password' }, /both set/],
    [{ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'a', KAFKA_SASL_PASSWORD_FILE: '/nowhere/password' }, /KAFKA_SASL_PASSWORD_FILE \/nowhere\/password cannot be read/],
    [{ KAFKA_SASL_USERNAME: 'applications', KAFKA_SASL_PASSWORD: 'x' }, /KAFKA_SASL_USERNAME is set but KAFKA_SASL_MECHANISM is empty/],
    [{ KAFKA_SASL_MECHANISM: 'scram-sha-1' }, /KAFKA_SASL_MECHANISM must be/],
    [{ KAFKA_TLS_CA_FILE: '/etc/kafka-ca/ca.crt' }, /KAFKA_TLS_CA_FILE is set but KAFKA_TLS is false/],
    [{ KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: '/nowhere/ca.crt' }, /KAFKA_TLS_CA_FILE \/nowhere\/ca.crt cannot be read/],
    [{ KAFKA_TLS: 'yes' }, /KAFKA_TLS must be true or false/],
    [{ KAFKA_TLS: 'true', KAFKA_TLS_SERVERNAME: 'kafka broker' }, /KAFKA_TLS_SERVERNAME must be/],
  ])('refuses settings that do not fit together: %j', (env, message) => {
    expect(() => loadConfig(ExampleConfig, {}, env as Record<string, string>)).toThrow(message);
  });

  it('production refuses SASL without TLS, and takes it over TLS', () => {
    const production = { NODE_ENV: 'production', AUTH_JWKS_URL: 'http://portal:3000/.well-known/jwks.json' };
    expect(() => loadConfig(ExampleConfig, {}, { ...production, ...SCRAM })).toThrow(ConfigError);
    expect(() => loadConfig(ExampleConfig, {}, { ...production, ...SCRAM })).toThrow(/KAFKA_TLS must be true in production/);
    expect(() => loadConfig(ExampleConfig, {}, { ...production, ...SCRAM, KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: caFile })).not.toThrow();
    // Outside production a developer may try SCRAM on a plaintext listener.
    expect(() => loadConfig(ExampleConfig, {}, SCRAM)).not.toThrow();
  });
});
