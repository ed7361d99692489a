import { randomBytes } from 'node:crypto';

/**
 * What keeps one test run, and each jest worker in it, apart from every other run on the shared
 * broker and database server: the run's id (picked by the jest global setup, or here when a test
 * runs without it), the worker's number, and the names derived from them.
 */

/** A short lower-case id: a topic prefix must be lower-case letters, digits and dashes. */
export function newRunId(): string {
  return `${Date.now().toString(36).slice(-5)}${randomBytes(2).toString('hex').slice(0, 3)}`;
}

export function testRunId(): string {
  // Kept in the environment, so every test file of a worker (each has its own module registry) and
  // every child process started by a test share it.
  process.env.TEST_RUN_ID ??= newRunId();
  return process.env.TEST_RUN_ID;
}

/** The jest worker running this file (1 when jest runs in band or outside jest). */
export function testWorker(): string {
  return process.env.JEST_WORKER_ID ?? '1';
}

/** `_<name>` for TEST_ISOLATION=<name>: a parallel run (another checkout) gets its own databases. */
export function isolationSuffix(): string {
  const name = (process.env.TEST_ISOLATION ?? '').replace(/[^a-z0-9]/gi, '').toLowerCase();
  return name ? `_${name}` : '';
}

/** What every topic and consumer group of this run starts with (deleted by the global teardown). */
export function testRunPrefix(runId = testRunId()): string {
  return `t${runId}-`;
}

/**
 * KAFKA_TOPIC_PREFIX of this worker's services: fresh topics each run, and per worker, so two
 * workers never consume each other's events.
 */
export function testTopicPrefix(): string {
  return `${testRunPrefix()}w${testWorker()}.`;
}

/** A platform topic's name on the broker for this worker's services; already-prefixed names are kept. */
export function testTopic(name: string): string {
  const prefix = testTopicPrefix();
  return name.startsWith(prefix) ? name : `${prefix}${name}`;
}

/** This worker's consumer group for a service: the service's group name with the run's prefix. */
export function testGroupId(serviceGroupId: string): string {
  return `${testTopicPrefix()}${serviceGroupId}`;
}

/** The names of test databases: `<service's database>_test[_<isolation>]_w<worker>`. */
/** `own`: a database of one test file's own (`_own<name>`), for a file whose records would crowd other files' lists. */
export function testDatabaseName(serviceDatabase: string, worker = testWorker(), own?: string): string {
  return `${serviceDatabase}_test${isolationSuffix()}${own ? `_own${own}` : ''}_w${worker}`;
}

/** Matches this checkout's test databases of every worker, so the global setup can drop them. */
export function testDatabasePattern(): RegExp {
  return new RegExp(`^mutuals_[a-z]+_test${isolationSuffix()}(_own[a-z]+)?_w[0-9]+$`);
}

/**
 * The service's test database on the configured server (DATABASE_URL may name another server; the
 * database is always the test one). Dropped and created afresh at the start of each run.
 */
export function testDatabaseUrl(serviceDatabaseUrl: string, own?: string): string {
  const url = new URL(process.env.DATABASE_URL ?? serviceDatabaseUrl);
  url.pathname = `/${testDatabaseName(new URL(serviceDatabaseUrl).pathname.replace(/^\//, ''), testWorker(), own)}`;
  return url.toString();
}
