import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Client } from 'pg';
import { testKafka } from './kafka';
import { isolationSuffix, testDatabasePattern, testRunPrefix } from './test-run';

/**
 * Creating and removing a test run's state: its databases (one set per jest worker), topics and
 * consumer groups. Used by the jest global setup and teardown (jest.config.js).
 */

const ROOT = resolve(__dirname, '../../..');

/** Where the id of this checkout's current run is kept, so a run that never reached its teardown is cleaned up by the next. */
function runFile(): string {
  return resolve(ROOT, `.local/test-runs/run${isolationSuffix() || '_default'}.id`);
}

export function recordRun(runId: string): void {
  mkdirSync(dirname(runFile()), { recursive: true });
  writeFileSync(runFile(), runId);
}

export function unfinishedRun(): string | undefined {
  return existsSync(runFile()) ? readFileSync(runFile(), 'utf8').trim() || undefined : undefined;
}

export function forgetRun(): void {
  rmSync(runFile(), { force: true });
}

function serverUrl(): string {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = '/postgres';
  return url.toString();
}

/** Drops every test database of this checkout (all workers); services create them afresh on start. */
export async function dropTestDatabases(): Promise<string[]> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    const pattern = testDatabasePattern();
    const { rows } = await client.query<{ datname: string }>('select datname from pg_database');
    const dropped = rows.map((r) => r.datname).filter((name) => pattern.test(name));
    // WITH (FORCE) ends sessions a killed earlier run may have left behind.
    for (const name of dropped) await client.query(`drop database if exists "${name}" with (force)`);
    return dropped;
  } finally {
    await client.end();
  }
}

/** Deletes a run's topics and consumer groups (everything named with its prefix). */
export async function deleteRunTopics(runId: string): Promise<{ topics: number; groups: number }> {
  const prefix = testRunPrefix(runId);
  const admin = testKafka('test-run-cleanup').admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 60000 });
    const { groups } = await admin.listGroups();
    const ours = groups.map((g) => g.groupId).filter((id) => id.startsWith(prefix));
    // A group with members left (a process that outlived its test) cannot be deleted; it expires by itself.
    if (ours.length > 0) await admin.deleteGroups(ours).catch(() => undefined);
    return { topics: topics.length, groups: ours.length };
  } finally {
    await admin.disconnect();
  }
}
