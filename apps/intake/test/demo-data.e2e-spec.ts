import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { RunningService } from '@mutuals/testing';
import { officer, outboxEvents, startIntake, waitForStatus } from './support';

const isolation = (process.env.TEST_ISOLATION ?? '').replace(/[^a-z0-9]/gi, '').toLowerCase();
// A database of this suite's own, so the seeding runs from empty every time.
const DEMO_DATABASE = `mutuals_intake_test_demo${isolation ? `_${isolation}` : ''}`;

async function dropDemoDatabase() {
  const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query(`drop database if exists ${DEMO_DATABASE} with (force)`);
  await admin.end();
}

describe('demo data', () => {
  let service: RunningService<any>;
  const start = () => startIntake({ DEMO_DATA: true, DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${DEMO_DATABASE}` });

  beforeAll(async () => {
    await dropDemoDatabase();
    service = await start();
  }, 120000);
  afterAll(async () => {
    await service?.close();
    await dropDemoDatabase();
  });

  it('has Delivering Differently 2014 with its 148 bids from English councils in mixed states, closed at its 2014 deadline', async () => {
    const rounds = await request(service.url).get('/rounds').query({ pageSize: 200 }).set(officer.auth).expect(200);
    const dd = rounds.body.items.find((r: { name: string }) => r.name === 'Delivering Differently 2014');
    expect(dd).toMatchObject({ status: 'closed', referencePrefix: 'DD14', closesAt: '2014-05-30T16:00:00.000Z', closedAt: '2014-05-30T16:00:00.000Z' });
    const page = await request(service.url).get(`/rounds/${dd.id}/bids`).query({ pageSize: 200 }).set(officer.auth).expect(200);
    const bids = { body: page.body.items };
    expect(page.body.total).toBe(bids.body.length);
    const submitted = bids.body.filter((b: { submittedAt: string | null }) => b.submittedAt);
    expect(submitted).toHaveLength(148);
    expect(submitted.every((b: { submittedAt: string; authorityCode: string }) => b.submittedAt < dd.closesAt && /^E(06|07|08|09|10)\d{6}$/.test(b.authorityCode))).toBe(true);
    expect(new Set(bids.body.map((b: { authorityCode: string }) => b.authorityCode)).size).toBe(bids.body.length);
    const figures = await request(service.url).get(`/rounds/${dd.id}/figures`).set(officer.auth).expect(200);
    expect(Object.keys(figures.body.byStatus).sort()).toEqual(['draft', 'eligible', 'ineligible', 'withdrawn']);
    expect(Object.keys(figures.body.byRegion)).toHaveLength(9);
    const closed = await outboxEvents(service.app.get(DataSource), 'intake.round.closed.v1', dd.id);
    expect(closed.map((e) => e.data)).toEqual([expect.objectContaining({ closedAt: '2014-05-30T16:00:00.000Z', bidsSubmitted: figures.body.bidsSubmitted })]);
  });

  it('has a round open now, so councils can bid', async () => {
    const rounds = await request(service.url).get('/rounds').query({ pageSize: 200 }).set(officer.auth).expect(200);
    const open = rounds.body.items.find((r: { referencePrefix: string }) => r.referencePrefix === 'DDYP');
    await waitForStatus(service.url, open.id, 'open');
  });

  it('is seeded once, however often the service starts', async () => {
    const count = async () => (await request(service.url).get('/programmes').set(officer.auth).expect(200)).body.total;
    const before = await count();
    await service.close();
    service = await start();
    expect(await count()).toBe(before);
  });
});
