import { INestApplication } from '@nestjs/common';
import { loadConfig, ServiceConfig } from '@mutuals/config';
import { ServiceDefinition, startService } from '@mutuals/http';
import { moveGroupsToEnd } from './consumer-groups';
import { testKafka } from './kafka';

export interface RunningService<C extends ServiceConfig> {
  app: INestApplication;
  config: C;
  url: string;
  close: () => Promise<void>;
}

/** Consumer groups this test file has started from the end of the topics (later starts resume). */
const groupsStartedAtEnd = new Set<string>();

/**
 * Starts a real service in-process on a free port against the real PostgreSQL and Kafka, with a
 * test database and consumer group of its own, so tests never touch the development data.
 */
export async function startTestService<C extends ServiceConfig>(
  definition: ServiceDefinition<C>,
  overrides: Record<string, unknown> = {},
  { untilConsuming = true } = {},
): Promise<RunningService<C>> {
  const defaults = new definition.configClass();
  // The server may be overridden (DATABASE_URL); the database is always this service's own test one.
  const database = new URL(process.env.DATABASE_URL ?? defaults.DATABASE_URL);
  // TEST_ISOLATION gives a parallel test run its own databases and consumer groups.
  const isolation = process.env.TEST_ISOLATION ? `_${process.env.TEST_ISOLATION.replace(/[^a-z0-9]/gi, '').toLowerCase()}` : '';
  database.pathname = `${new URL(defaults.DATABASE_URL).pathname}_test${isolation}`;
  const config = loadConfig(definition.configClass, {
    NODE_ENV: 'test',
    PORT: 0,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: database.toString(),
    KAFKA_GROUP_ID: `${defaults.KAFKA_GROUP_ID}-test${isolation.replace('_', '-')}`,
    OUTBOX_POLL_MS: 100,
    ...overrides,
  });
  // The broker keeps every earlier run's events (tests, demos, benchmarks); a test file reacts only
  // to its own, so its group starts at the end of the topics. A restart within the file resumes
  // where the group left off, as a restarted service does.
  if (!groupsStartedAtEnd.has(config.KAFKA_GROUP_ID)) {
    groupsStartedAtEnd.add(config.KAFKA_GROUP_ID);
    await moveGroupsToEnd(testKafka(), [config.KAFKA_GROUP_ID]);
  }
  const app = await startService(definition, config, '127.0.0.1', { untilConsuming });
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, config, url, close: () => app.close() };
}
