import { INestApplication } from '@nestjs/common';
import { loadConfig, ServiceConfig } from '@mutuals/config';
import { openApiDocument, ServiceDefinition, startService } from '@mutuals/http';
import { ConsumerHealth, MessagingStarter } from '@mutuals/messaging';
import { moveGroupsToEnd } from './consumer-groups';
import { checkResponsesAgainst } from './response-checks';
import { testKafka } from './kafka';
import { testDatabaseUrl, testGroupId, testTopicPrefix } from './test-run';

export interface RunningService<C extends ServiceConfig> {
  app: INestApplication;
  config: C;
  url: string;
  close: () => Promise<void>;
}

/** What the test helpers need of an app: its name (dist/apps/<name>) and its settings class. */
export interface BuiltApp {
  name: string;
  configClass: new () => { DATABASE_URL: string; KAFKA_GROUP_ID?: string; KAFKA_TOPIC_PREFIX?: string };
}

/**
 * The settings of a service under test: this worker's database, topics (KAFKA_TOPIC_PREFIX) and
 * consumer group, quiet logs and a quick outbox poll; `overrides` win. Shared by services started
 * in-process and built services started as child processes.
 */
export function testServiceSettings(definition: BuiltApp, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const defaults = new definition.configClass();
  // The portal publishes (the directory's events) but has no consumer group.
  const topics = defaults.KAFKA_TOPIC_PREFIX !== undefined ? { KAFKA_TOPIC_PREFIX: testTopicPrefix(), OUTBOX_POLL_MS: 100 } : {};
  const kafka = defaults.KAFKA_GROUP_ID ? { KAFKA_GROUP_ID: testGroupId(defaults.KAFKA_GROUP_ID), ...topics } : topics;
  return {
    NODE_ENV: 'test',
    PORT: 0,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: testDatabaseUrl(defaults.DATABASE_URL),
    ...kafka,
    // Tests poll with one subject from one IP: the rate limits are lifted unless a test sets them.
    ...(defaults.KAFKA_GROUP_ID ? { RATE_LIMIT_API_PER_MINUTE: 0, RATE_LIMIT_EXPORTS_PER_MINUTE: 0 } : {}),
    ...overrides,
  };
}

/** Consumer groups this test file has started from the end of its worker's topics (later starts resume). */
const groupsStartedAtEnd = new Set<string>();

/**
 * Each test file reacts only to its own events: the topics are the run's own, but earlier test
 * files of the same worker have written to them, so the file's first start of a group begins at
 * their end. A restart within the file resumes where the group left off, as a restarted service does.
 */
export async function startGroupAtEndOnce(groupId: string, topicPrefix: string, brokers?: string): Promise<void> {
  // Per broker: a test may run services against a broker of its own as well as the shared one.
  const key = `${brokers ?? 'default'}/${groupId}`;
  if (groupsStartedAtEnd.has(key)) return;
  groupsStartedAtEnd.add(key);
  await moveGroupsToEnd(testKafka('tests', brokers?.split(',')), [groupId], { topicPrefix });
}

/**
 * Starts a real service in-process on a free port against the real PostgreSQL and Kafka, with the
 * test database, topics and consumer group of this run's worker (testServiceSettings). Its JSON
 * responses are checked against its OpenAPI document: one that breaks it fails the test.
 */
export async function startTestService<C extends ServiceConfig>(
  definition: ServiceDefinition<C>,
  overrides: Record<string, unknown> = {},
  { untilConsuming = true } = {},
): Promise<RunningService<C>> {
  const config = loadConfig(definition.configClass, testServiceSettings(definition, overrides));
  // A service started ahead of its broker (untilConsuming false) has no earlier events to skip.
  if (untilConsuming) await startGroupAtEndOnce(config.KAFKA_GROUP_ID, config.KAFKA_TOPIC_PREFIX, config.KAFKA_BROKERS);
  const app = await startService(definition, config, '127.0.0.1', {
    beforeListen: (created) => checkResponsesAgainst(created, openApiDocument(created, definition)),
  });
  if (untilConsuming) await consumingWithin(app, definition.name);
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  let closing: Promise<void> | undefined;
  // Closing twice (a test that stops a replica, then afterAll) closes once.
  return { app, config, url, close: () => (closing ??= app.close()) };
}

/** How long a service under test may take to create its topics and join its group (well inside a hook's 60 s). */
const CONSUMING_WITHIN_MS = 45000;

/**
 * Waits until the service consumes (tests publish right after the start). One that cannot (the
 * broker away) is closed and the start fails, saying why: left running, it would retry for ever
 * and keep the test process from exiting.
 */
async function consumingWithin(app: INestApplication, name: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const tooLate = new Promise<'too late'>((resolve) => (timer = setTimeout(() => resolve('too late'), CONSUMING_WITHIN_MS)));
  try {
    if ((await Promise.race([app.get(MessagingStarter).start(app), tooLate])) !== 'too late') return;
  } finally {
    clearTimeout(timer);
  }
  const report = JSON.stringify(app.get(ConsumerHealth).readiness());
  await app.close();
  throw new Error(`${name} did not start consuming within ${CONSUMING_WITHIN_MS / 1000} s: ${report}`);
}
