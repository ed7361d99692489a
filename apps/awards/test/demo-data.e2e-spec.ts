import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { RunningService, startTestService, testUser } from '@mutuals/testing';
import { applicationsService } from '../../applications/src/service';
import { intakeService } from '../../intake/src/service';
import { awardsService } from '../src/service';
import { DD_ROUND, DEMO_ASSESSORS } from '../src/demo/demo-data.seeder';

jest.setTimeout(600_000); // three services seeding and a round of 148 bids assessed, on a shared machine

const officer = testUser('programme_officer');

const isolation = (process.env.TEST_ISOLATION ?? '').replace(/[^a-z0-9]/gi, '').toLowerCase();
// Databases of this suite's own: the demo seeds from empty and counts what it made (the run's
// shared test databases hold earlier files' funds, cases and assessors).
const demoDatabase = (service: string) => `mutuals_${service}_test_demo_story${isolation ? `_${isolation}` : ''}`;
const DEMO_SERVICES = ['applications', 'intake', 'awards'];
const demoDatabaseUrl = (service: string) => `postgres://postgres@127.0.0.1:5432/${demoDatabase(service)}`;

async function dropDemoDatabases() {
  const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  for (const service of DEMO_SERVICES) await admin.query(`drop database if exists ${demoDatabase(service)} with (force)`);
  await admin.end();
}

async function eventually<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, ms = 240_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`${what} did not happen in time; last: ${JSON.stringify(value).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** The awards demo is the applications and intake demos' story carried on through their events, not a story of its own. */
describe('awards demo data', () => {
  let applications: RunningService<any>;
  let intake: RunningService<any>;
  let awards: RunningService<any>;

  beforeAll(async () => {
    // Awards first, as under npm run dev where all start together: a test service's consumer group
    // starts at the end of the topics, so it would miss events published before it joined.
    await dropDemoDatabases();
    awards = await startTestService(awardsService, { DEMO_DATA: true, DATABASE_URL: demoDatabaseUrl('awards') });
    applications = await startTestService(applicationsService, { DEMO_DATA: true, DATABASE_URL: demoDatabaseUrl('applications') });
    intake = await startTestService(intakeService, { DEMO_DATA: true, DATABASE_URL: demoDatabaseUrl('intake') });
  }, 180_000);

  afterAll(async () => {
    await awards?.close();
    await intake?.close();
    await applications?.close();
    await dropDemoDatabases();
  });

  const awardsDb = () => awards.app.get(DataSource);

  it('has every eligible bid of Delivering Differently 2014 allocated, scored and decided by a panel large enough for it', async () => {
    const rounds = (await request(intake.url).get('/rounds').query({ pageSize: 200 }).set(officer.auth).expect(200)).body.items;
    const dd = rounds.find((r: { name: string }) => r.name === DD_ROUND);
    const figures = (await request(intake.url).get(`/rounds/${dd.id}/figures`).set(officer.auth).expect(200)).body;
    const decided = await eventually(
      'every eligible bid decided',
      async () => (await awardsDb().query(`select status, final_score from cases where scheme_id = $1 and status not in ('ineligible', 'withdrawn')`, [dd.id])) as { status: string; final_score: string | null }[],
      (rows) => rows.length === figures.byStatus.eligible && rows.every((r) => ['approved', 'reserve', 'rejected'].includes(r.status)),
      420_000,
    );
    expect(decided.every((c) => c.final_score !== null)).toBe(true);
    const byStatus = decided.reduce((n: Record<string, number>, c: { status: string }) => ({ ...n, [c.status]: (n[c.status] ?? 0) + 1 }), {});
    expect(byStatus.approved).toBeGreaterThan(0);
    expect(byStatus.reserve).toBe(5);
    const [{ blocked }] = await awardsDb().query(`select count(*)::int as blocked from audit_trail where action = 'allocation-blocked'`);
    expect(blocked).toBe(0);
    const programme = (await request(awards.url).get(`/programmes/${dd.programmeId}`).set(officer.auth).expect(200)).body;
    expect(programme.committedPence).toBeLessThanOrEqual(programme.budgetPence);

    // The panel is the demo's own, each assessor once.
    const [{ assessors }] = await awardsDb().query('select count(*)::int as assessors from assessors');
    expect(assessors).toBe(DEMO_ASSESSORS.length);
  });

  it('carries the support fund’s own applications to an offer and a payment, with one fund on the dashboard', async () => {
    const funds = (await request(applications.url).get('/funds').query({ pageSize: 200 }).set(officer.auth).expect(200)).body.items;
    const fund = funds.find((f: { name: string }) => f.name === 'Mutuals Interim Support Fund');
    const applicationsOf = async () => (await request(applications.url).get('/applications').query({ fundId: fund.id, pageSize: 100 }).set(officer.auth).expect(200)).body.items;

    const cases = await eventually(
      'the planned support-fund cases reaching their offers',
      async () => (await awardsDb().query(`select reference, organisation_name, status, source_id from cases where programme_id = $1 order by reference`, [fund.id])) as { reference: string; organisation_name: string; status: string; source_id: string }[],
      (rows) =>
        ['3BM', 'Blackpool youth service staff group'].every((name) => rows.some((r) => r.organisation_name === name && r.status === 'offered')),
    );
    // The cases are the applications: same ids and references, nothing the applications service does not have.
    const submitted = (await applicationsOf()).filter((a: { status: string }) => a.status !== 'draft');
    expect(cases.map((c) => [c.source_id, c.reference]).sort()).toEqual(submitted.map((a: { id: string; reference: string }) => [a.id, a.reference]).sort());

    const tracking = (await request(awards.url).get('/programmes').query({ pageSize: 200 }).set(officer.auth).expect(200)).body;
    const named = tracking.items.filter((p: { name: string }) => p.name.startsWith('Mutuals Interim Support Fund'));
    expect(named.map((p: { id: string }) => p.id)).toEqual([fund.id]);
    expect(tracking.total).toBe(tracking.items.length);

    const fundFigures = await eventually(
      'the first payment to Blackpool',
      async () => (await request(awards.url).get(`/programmes/${fund.id}`).set(officer.auth).expect(200)).body as { paidPence: number; committedPence: number },
      (p) => p.paidPence > 0,
    );
    expect(fundFigures.committedPence).toBeGreaterThan(fundFigures.paidPence);
    // The applications service hears the offers and the acceptance through the awards events.
    await eventually(
      'the applications following their offers',
      applicationsOf,
      (apps: { organisationName: string; status: string }[]) =>
        apps.some((a) => a.organisationName === '3BM' && a.status === 'offer_issued') && apps.some((a) => a.organisationName === 'Blackpool youth service staff group' && a.status === 'accepted'),
    );
  });
});
