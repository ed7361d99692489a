import { Client } from 'pg';
import { ServiceDefinition } from '@mutuals/http';
import { RunningService, startTestService } from '@mutuals/testing';
import { applicationsService } from '../../applications/src/service';
import { intakeService } from '../../intake/src/service';
import { awardsService } from '../src/service';

const DEMO_SERVICES = ['applications', 'intake', 'awards'] as const;

export interface DemoServices {
  applications: RunningService<any>;
  intake: RunningService<any>;
  awards: RunningService<any>;
  /** Stops the services and drops their databases. */
  close: () => Promise<void>;
}

/**
 * The services whose demos make the one demo story (as `npm run dev` runs them, DEMO_DATA on), each
 * on a database of the story's own: the demo seeds from empty and its rows never reach the run's
 * shared test databases, which hold other files' funds, cases and mutuals.
 */
export async function startDemoServices(story: string): Promise<DemoServices> {
  const isolation = (process.env.TEST_ISOLATION ?? '').replace(/[^a-z0-9]/gi, '').toLowerCase();
  const database = (service: string) => `mutuals_${service}_test_${story}${isolation ? `_${isolation}` : ''}`;
  const url = (service: string) => `postgres://postgres@127.0.0.1:5432/${database(service)}`;
  const dropDatabases = async () => {
    const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    await admin.connect();
    for (const service of DEMO_SERVICES) await admin.query(`drop database if exists ${database(service)} with (force)`);
    await admin.end();
  };
  await dropDatabases();
  // Awards first, as under npm run dev where all start together: a test service's consumer group
  // starts at the end of the topics, so it would miss events published before it joined.
  const started: RunningService<any>[] = [];
  const start = async (definition: ServiceDefinition<any>, service: string) => {
    started.push(await startTestService(definition, { DEMO_DATA: true, DATABASE_URL: url(service) }));
    return started[started.length - 1];
  };
  try {
    const awards = await start(awardsService, 'awards');
    const applications = await start(applicationsService, 'applications');
    const intake = await start(intakeService, 'intake');
    return {
      awards,
      applications,
      intake,
      close: async () => {
        for (const service of started) await service.close();
        await dropDatabases();
      },
    };
  } catch (err) {
    for (const service of started) await service.close();
    throw err;
  }
}

/** Polls once a second until `done` holds, failing with the last value read. */
export async function eventually<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, ms = 240_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`${what} did not happen in time; last: ${JSON.stringify(value).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}
