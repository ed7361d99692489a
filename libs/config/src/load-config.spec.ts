import { ConfigError, loadConfig, settingNames } from './load-config';
import { DEV_JWT_SECRET, ServiceConfig } from './service-config';

class ExampleConfig extends ServiceConfig {
  override PORT = 3001;
  override DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/mutuals_example';
  override KAFKA_GROUP_ID = 'example';
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
    ['AUTH_JWT_SECRET', 'short'],
    ['LOG_LEVEL', 'chatty'],
  ])('a malformed %s is refused with a message naming it', (name, value) => {
    expect(() => loadConfig(ExampleConfig, {}, { [name]: value })).toThrow(new RegExp(name));
  });

  it('production refuses the development signing key', () => {
    expect(() => loadConfig(ExampleConfig, {}, { NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig(ExampleConfig, {}, { NODE_ENV: 'production', AUTH_JWT_SECRET: 'a'.repeat(40) })).not.toThrow();
    expect(DEV_JWT_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it('lists the settings a service reads, so deployment files can be checked against them', () => {
    expect(settingNames(ExampleConfig)).toEqual(
      expect.arrayContaining(['AUTH_JWT_SECRET', 'DATABASE_URL', 'KAFKA_BROKERS', 'KAFKA_GROUP_ID', 'PORT']),
    );
  });
});
