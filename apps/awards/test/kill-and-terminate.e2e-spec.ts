import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { ApplicationSubmitted, CaseOpened, EventEnvelope } from '@mutuals/contracts';
import { BuiltService, eventsHandled, outboxPublished, produceRaw, readTopic, rowsOf, sleep, startBuiltService, testDatabasePool, testDatabaseUrl, waitFor } from '@mutuals/testing';
import { awardsService } from '../src/service';
import { envelope } from './awards-fixtures';

const SUBMISSIONS = 300;

/** A submitted application of a fund, as the applications service publishes it (keyed by the application). */
function submission(fundId: string): EventEnvelope {
  const applicationId = randomUUID();
  return envelope(ApplicationSubmitted, applicationId, {
    ...ApplicationSubmitted.example,
    applicationId,
    fundId,
    reference: `MSF-2026-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
    applicantId: `applicant-${applicationId.slice(0, 8)}`,
  });
}

async function produce(events: EventEnvelope[]): Promise<void> {
  await produceRaw(ApplicationSubmitted.topic, events.map((e) => ({ key: e.subject, value: JSON.stringify(e) })));
}

/**
 * The awards service as it runs in production, a process of its own: killed with SIGKILL in the
 * middle of a backlog, and stopped with SIGTERM in the middle of a handler.
 */
describe('the built awards service, killed or stopped in the middle of its work', () => {
  // A killed member holds its partitions until its session times out; the restarted one waits that long to join.
  const settings = { KAFKA_SESSION_TIMEOUT_SECONDS: 6 };
  const running: BuiltService[] = [];
  let db: Pool;

  async function start(): Promise<BuiltService> {
    const service = await startBuiltService(awardsService, settings);
    running.push(service);
    return service;
  }

  const casesOf = async (applicationIds: string[]) =>
    rowsOf<{ id: string; source_id: string }>(db, `select id, source_id from cases where source = 'application' and source_id = any($1)`, [applicationIds]);

  beforeAll(() => {
    db = testDatabasePool(awardsService);
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((service) => service.kill('SIGKILL')));
  });

  afterAll(async () => {
    await db?.end();
  });

  it(`kill -9 in the middle of ${SUBMISSIONS} submissions: after a restart every one has its case, none has two, and each case is announced once`, async () => {
    const fundId = randomUUID();
    const events = Array.from({ length: SUBMISSIONS }, () => submission(fundId));
    const ids = events.map((e) => e.subject);
    const first = await start();
    await produce(events);

    // Killed as soon as some cases are open, with most of the backlog still to do.
    await waitFor(async () => (await casesOf(ids)).length >= 20, { what: 'the first cases', intervalMs: 10, timeoutMs: 60000 });
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect((await casesOf(ids)).length).toBeLessThan(SUBMISSIONS);

    await start();
    await waitFor(async () => (await casesOf(ids)).length === SUBMISSIONS, { what: `${SUBMISSIONS} cases`, timeoutMs: 120000, intervalMs: 500 });
    const cases = await casesOf(ids);
    expect(new Set(cases.map((c) => c.source_id)).size).toBe(SUBMISSIONS);
    await eventsHandled(db, events.map((e) => e.id));

    // Each case's CaseOpened was written once, and every one has been published (at least once, same event id).
    const caseIds = cases.map((c) => c.id);
    const announced = await rowsOf<{ message_key: string; n: number }>(
      db,
      `select message_key, count(*)::int as n from outbox_messages where envelope->>'type' = $1 and message_key = any($2) group by message_key`,
      [CaseOpened.type, caseIds],
    );
    expect(announced.filter((a) => a.n !== 1)).toEqual([]);
    expect(announced).toHaveLength(SUBMISSIONS);
    await outboxPublished(db);
    const published = (await readTopic(CaseOpened.topic, 30000))
      .map((m) => JSON.parse(m.value ?? '{}') as EventEnvelope<{ caseId: string }>)
      .filter((e) => e.type === CaseOpened.type && caseIds.includes(e.data.caseId));
    expect(new Set(published.map((e) => e.data.caseId)).size).toBe(SUBMISSIONS);
    expect(new Set(published.map((e) => e.id)).size).toBe(SUBMISSIONS);
  }, 240000);

  it('SIGTERM while a handler is in flight: the handler finishes, its event is published before the process exits, and a redelivery has no second effect', async () => {
    const service = await start();
    const fundId = randomUUID();
    const event = submission(fundId);
    // The handler's first write adds the fund's programme: an uncommitted row with the same id makes it wait there, mid-transaction.
    const blocker = new Client({ connectionString: testDatabaseUrl(new awardsService.configClass().DATABASE_URL) });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query(`insert into programmes (id, kind, name) values ($1, 'fund', 'held by the test')`, [fundId]);
      await produce([event]);
      await waitFor(async () => (await rowsOf(db, `select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like 'insert into programmes%'`)).length === 1, {
        what: 'the handler waiting inside its transaction',
      });

      service.child.kill('SIGTERM');
      // Shutting down waits for the handler: still running, nothing committed yet.
      await sleep(1500);
      expect(service.child.exitCode).toBeNull();
      expect(await casesOf([event.subject])).toEqual([]);
    } finally {
      await blocker.query('rollback');
      await blocker.end();
    }
    const exit = await service.exited;
    expect(exit.signal === 'SIGTERM' || exit.code === 0).toBe(true);

    // After the exit: the case is open, and its CaseOpened left the outbox and reached Kafka before the process did.
    const [opened] = await casesOf([event.subject]);
    expect(opened).toBeDefined();
    expect(await rowsOf(db, 'select seq from outbox_messages where message_key = $1 and published_at is null', [opened.id])).toEqual([]);
    const onTopic = (await readTopic(CaseOpened.topic, 30000)).map((m) => JSON.parse(m.value ?? '{}')).filter((e) => e.type === CaseOpened.type && e.data?.caseId === opened.id);
    expect(onTopic).toHaveLength(1);

    // Restarted: the event, if it comes again (its offset may not have been committed), opens nothing more.
    await start();
    const marker = { ...submission(fundId), subject: event.subject };
    await produce([marker]);
    await eventsHandled(db, [marker.id]);
    expect(await casesOf([event.subject])).toHaveLength(1);
    expect((await rowsOf(db, `select 1 from outbox_messages where message_key = $1 and envelope->>'type' = $2`, [opened.id, CaseOpened.type])).length).toBe(1);
  }, 120000);
});
