import { Client, Pool } from 'pg';
import { BuiltApp } from './service';
import { testDatabaseUrl } from './test-run';
import { waitFor } from './wait-for';

/** A DataSource or a pg pool: anything that answers SQL. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export async function rowsOf<T = Record<string, unknown>>(db: Queryable, sql: string, params: unknown[] = []): Promise<T[]> {
  const result = (await db.query(sql, params)) as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/**
 * A small pool on a service's test database (this worker's), for tests that look at or lock what a
 * service running as a child process stores. End it when done.
 */
export function testDatabasePool(definition: BuiltApp): Pool {
  const pool = new Pool({ connectionString: testDatabaseUrl(new definition.configClass().DATABASE_URL), max: 3 });
  // An idle connection ended by the server (a test taking the database away) is replaced on next use.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Waits until a service has handled these events: each is in its inbox, which is written in the
 * same transaction as the handler's effects. An event sent after a duplicate, on the same key (so
 * the same partition), being handled proves the duplicate was consumed before it.
 */
export async function eventsHandled(db: Queryable, eventIds: string[], timeoutMs = 30000): Promise<void> {
  await waitFor(
    async () => {
      const rows = await rowsOf<{ n: number }>(db, 'select count(distinct event_id)::int as n from inbox_messages where event_id = any($1)', [eventIds]);
      return rows[0].n === new Set(eventIds).size;
    },
    { what: `events ${eventIds.join(', ')} handled`, timeoutMs },
  );
}

/**
 * Takes a database away from its service, as an outage would: new connections are refused and open
 * ones are ended. Returns what brings it back (once, however often it is called).
 */
export async function takeDatabaseAway(databaseUrl: string): Promise<() => Promise<void>> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  const server = new URL(databaseUrl);
  server.pathname = '/postgres';
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(`alter database "${name}" allow_connections false`);
  await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
  let restored: Promise<void> | undefined;
  return () =>
    (restored ??= (async () => {
      try {
        await admin.query(`alter database "${name}" allow_connections true`);
      } finally {
        await admin.end();
      }
    })());
}

/**
 * Waits until the service's outbox has published every event it holds for `key` (an aggregate id),
 * or every event when no key is given. A published row is never sent again.
 */
export async function outboxPublished(db: Queryable, key?: string, timeoutMs = 30000): Promise<void> {
  await waitFor(
    async () => {
      const [{ n }] = await rowsOf<{ n: number }>(db, 'select count(*)::int as n from outbox_messages where published_at is null and ($1::text is null or message_key = $1)', [key ?? null]);
      return n === 0;
    },
    { what: `the outbox to publish ${key ? `the events of ${key}` : 'everything'}`, timeoutMs },
  );
}
