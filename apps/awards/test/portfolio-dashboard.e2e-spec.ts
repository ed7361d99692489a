import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { BidScreened } from '@mutuals/contracts';
import { RunningService, startTestService, testUser, waitFor } from '@mutuals/testing';
import { awardsService } from '../src/service';
import { AwardsApi, freshOrgId, produce, screenedBid } from './awards-fixtures';
import { seedMutual } from './register-fixtures';

jest.setTimeout(240_000);

/** CSV rows as arrays of fields (the test's own data has no quoted fields), header first. */
const csvRows = (text: string) =>
  text
    .replace(/^\ufeff/, '')
    .split('\r\n')
    .filter(Boolean)
    .map((line) => line.split(','));

/**
 * The portfolio dashboard against the real database and broker: a register of the test's own
 * (written as the register leaves it) in a period of its own, long ago, so other tests' mutuals
 * never count; a bid programme of its own with a case approved for cash and in kind, paid in part.
 */
describe('the portfolio dashboard', () => {
  let service: RunningService<any>;
  let db: DataSource;
  let api: AwardsApi;
  // A year of the test's own, long before any other test's mutual.
  const year = 1300 + Math.floor(Math.random() * 500);
  const y = (offset: number, monthDay: string) => `${year + offset}-${monthDay}`;
  const period = { from: y(-1, '01-01'), to: y(0, '12-31') };
  const tag = randomUUID().slice(0, 6);
  let programmeId: string;
  const ids: Record<string, string> = {};

  const dashboard = async (query: Record<string, string | number>) => (await request(service.url).get('/portfolio/dashboard').query(query).set(api.officer.auth).expect(200)).body;
  const csv = async (table: string, query: Record<string, string>) => {
    const res = await request(service.url).get(`/portfolio/dashboard/${table}.csv`).query(query).set(api.officer.auth).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="portfolio-${table}.csv"`);
    return csvRows(res.text);
  };

  beforeAll(async () => {
    service = await startTestService(awardsService);
    db = service.app.get(DataSource);
    api = new AwardsApi(service.url, db);

    // Six bids: one approved for £30,000 cash and £3,000 in kind, £10,000 and £1,500 of them paid; one screened out before a case opened.
    const round = await api.bidProgramme(50_000_000);
    programmeId = round.programmeId;
    const sector = `portfolio-${tag}`;
    const team = await api.team(programmeId, sector, 2);
    const bids = Object.fromEntries(['mutual', 'pipeline', 'inHouse', 'none', 'trading', 'outsourced'].map((k) => [k, screenedBid(round, sector, { reference: `DD-${k}-${tag}` })]));
    bids.inHouse = { ...bids.inHouse, outcome: 'ineligible', reasons: ['Not an English local authority'] };
    for (const bid of Object.values(bids)) await produce(BidScreened, bid.bidId, bid);
    const approved = await api.caseFor(bids.mutual.bidId, 'in-assessment');
    const pipeline = await api.caseFor(bids.pipeline.bidId);
    await waitFor(async () => (await db.query('select 1 from bid_screenings where bid_id = $1 and programme_id = $2', [bids.inHouse.bidId, programmeId])).length === 1, { what: 'the ineligible screening', timeoutMs: 60000 });
    for (const k of ['none', 'trading', 'outsourced']) await api.caseFor(bids[k].bidId);
    await api.assess(team, approved.id);
    const supplier = (
      await request(service.url)
        .post('/suppliers')
        .set(api.officer.auth)
        .send({ name: `Portfolio Legal ${tag}`, companyNumber: `PF${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`, contactName: 'Jo Bloggs', contactEmail: 'jo@supplier.example.org', lots: [{ lot: 'legal', dayRatePence: 75_000, capacityDays: 10 }], conflicts: [] })
        .expect(201)
    ).body;
    const inKind = { supplierId: supplier.id, lots: [{ lot: 'legal', days: 4 }], startOn: '2026-07-01', endOn: '2026-12-31' };
    await request(service.url).post(`/cases/${approved.id}/decision`).set(api.officer.auth).send({ outcome: 'approved', amountPence: 3_000_000, inKind, reason: 'Fits' }).expect(200);
    await request(service.url).post(`/cases/${approved.id}/due-diligence`).set(api.officer.auth).send({ recipientOrgIdentifier: freshOrgId(), subsidyDeclaredPence: 0 }).expect(201);
    const award = (await request(service.url).post(`/cases/${approved.id}/offer`).set(api.officer.auth).send({ conditions: [], expiresAt: new Date(Date.now() + 86_400_000).toISOString() }).expect(201)).body;
    await request(service.url).post(`/awards/${award.id}/accept`).set(testUser('applicant', { organisationId: bids.mutual.authorityCode }).auth).expect(200);
    const milestones = (
      await request(service.url)
        .put(`/awards/${award.id}/milestones`)
        .set(api.officer.auth)
        .send({ milestones: [{ name: 'On signing', amountPence: 1_000_000, dueOn: '2026-12-01' }, { name: 'Rest', amountPence: 2_000_000, dueOn: '2027-02-01' }] })
        .expect(200)
    ).body.milestones;
    await request(service.url).post(`/awards/${award.id}/milestones/${milestones[0].id}/pay`).set(api.officer.auth).expect(200);
    const [pkg] = (await request(service.url).get(`/support-packages?caseId=${approved.id}`).set(api.officer.auth).expect(200)).body.items;
    const invoiced = (await request(service.url).post(`/support-packages/${pkg.id}/invoices`).set(api.officer.auth).send({ supplierReference: 'INV-1', amountPence: 150_000, days: 2 }).expect(200)).body;
    await request(service.url).post(`/support-packages/${pkg.id}/invoices/${invoiced.invoices[0].id}/pay`).set(api.officer.auth).expect(200);

    const bid = (k: string) => ({ kind: 'bid', refId: bids[k].bidId });
    ids.mutual = await seedMutual(db, {
      name: `A Care Mutual ${tag}`, sector: 'adult-social-care', region: 'north-west', kind: 'nhs', route: 'staff-mutual', launchedOn: y(0, '02-10'), staff: 250, contractPence: 1_200_000_000,
      stages: [['enquiry', y(-1, '03-01')], ['exploring', y(-1, '05-01')], ['options-appraisal', y(-1, '09-01')], ['business-case', y(-1, '11-01')], ['implementation', y(0, '01-05')], ['launched', y(0, '02-10')]],
      links: [bid('mutual'), { kind: 'case', refId: approved.id }],
    });
    ids.jointVenture = await seedMutual(db, {
      name: `Libraries Joint Venture ${tag}`, sector: 'libraries', region: 'london', kind: 'local-government', route: 'joint-venture', launchedOn: y(0, '08-20'), staff: 100, contractPence: 300_000_000,
      stages: [['exploring', y(-1, '06-01')], ['options-appraisal', y(-1, '10-01')], ['launched', y(0, '08-20')], ['first-full-year-of-trading', y(1, '08-20')]],
    });
    ids.trading = await seedMutual(db, {
      name: `Leisure Trading Company ${tag}`, sector: 'leisure', region: 'london', kind: 'local-government', route: 'local-authority-trading-company', launchedOn: y(0, '05-01'), staff: 40, contractPence: 100_000_000,
      stages: [['options-appraisal', y(-1, '07-01')], ['launched', y(0, '05-01')]],
      links: [bid('trading')],
    });
    ids.pipeline = await seedMutual(db, {
      name: `B Health Mutual ${tag}`, sector: 'adult-social-care', region: 'north-west', kind: 'nhs', route: 'staff-mutual',
      stages: [['enquiry', y(-1, '12-01')], ['options-appraisal', y(0, '02-01')], ['business-case', y(0, '04-01')]],
      links: [bid('pipeline'), { kind: 'case', refId: pipeline.id }],
    });
    ids.inHouse = await seedMutual(db, {
      name: `Youth Service ${tag}`, sector: 'youth', region: 'south-east', kind: 'local-government', route: 'in-house',
      stages: [['enquiry', y(0, '01-10')], ['options-appraisal', y(0, '03-01')], ['not-proceeding', y(0, '03-15')]],
      links: [bid('inHouse')],
    });
    ids.outsourced = await seedMutual(db, {
      name: `Culture Service ${tag}`, sector: 'culture', region: 'south-east', kind: 'local-government', route: 'outsourcing',
      stages: [['exploring', y(0, '02-01')], ['options-appraisal', y(0, '04-01')], ['not-proceeding', y(0, '06-01')]],
      links: [bid('outsourced')],
    });
    // Launched two years earlier: outside the period, but counted in the launches to date.
    ids.earlier = await seedMutual(db, {
      name: `Earlier Health Mutual ${tag}`, sector: 'health', region: 'south-west', kind: 'central-government', route: 'staff-mutual', launchedOn: y(-2, '11-01'), staff: 50, contractPence: 50_000_000,
      stages: [['launched', y(-2, '11-01')]],
    });
  });
  afterAll(() => service?.close());

  it('counts mutuals launched in the period, their staff and spending, by kind, sector and region, and launches per quarter against the target', async () => {
    const body = await dashboard({ ...period, bidProgrammeId: programmeId });
    expect(body.headline).toEqual({ mutualsLaunched: 2, staffEmployed: 350, publicSpendingPence: 1_500_000_000, targetMutuals: 1000, tradingCompaniesLaunched: 1 });
    expect(body.launches).toEqual([
      { quarter: `${year}-Q1`, quarterStart: y(0, '01-01'), launched: 1, cumulative: 2 },
      { quarter: `${year}-Q2`, quarterStart: y(0, '04-01'), launched: 0, cumulative: 2 },
      { quarter: `${year}-Q3`, quarterStart: y(0, '07-01'), launched: 1, cumulative: 3 },
    ]);
    const nonZero = (rows: { code: string; mutuals: number; staff: number; spendingPence: number }[]) => rows.filter((r) => r.mutuals > 0).map((r) => [r.code, r.mutuals, r.staff, r.spendingPence]);
    expect(body.byCommissionerKind.map((r: { code: string }) => r.code)).toEqual(['nhs', 'local-government', 'central-government', 'other']);
    expect(nonZero(body.byCommissionerKind)).toEqual([['nhs', 1, 250, 1_200_000_000], ['local-government', 1, 100, 300_000_000]]);
    expect(nonZero(body.bySector)).toEqual([['adult-social-care', 1, 250, 1_200_000_000], ['libraries', 1, 100, 300_000_000]]);
    expect(body.bySector).toHaveLength(10);
    expect(nonZero(body.byRegion)).toEqual([['north-west', 1, 250, 1_200_000_000], ['london', 1, 100, 300_000_000]]);
  });

  it('shows the pipeline: where mutuals are now, which stages they reached in the period, and how many went further', async () => {
    const stages = (await dashboard(period)).pipeline.map((s: Record<string, unknown>) => [s.stage, s.atStageNow, s.reached, s.movedOn, s.conversionPercent]);
    expect(stages).toEqual([
      ['enquiry', 0, 3, 3, 100],
      ['exploring', 0, 3, 3, 100],
      ['options-appraisal', 0, 6, 4, 66.7],
      ['business-case', 1, 2, 1, 50],
      ['implementation', 0, 1, 1, 100],
      ['launched', 2, 3, 1, 33.3],
      ['first-full-year-of-trading', 0, 0, 0, null],
      ['sustaining', 0, 0, 0, null],
      ['not-proceeding', 2, 2, 0, null],
    ]);
    // A year longer: the joint venture's first full year of trading comes into it.
    const longer = (await dashboard({ ...period, to: y(1, '12-31') })).pipeline;
    expect(longer.find((s: { stage: string }) => s.stage === 'first-full-year-of-trading')).toMatchObject({ atStageNow: 1, reached: 1 });
  });

  it('adds up support per mutual through its cases, cash and in kind, paged with the totals of every page', async () => {
    const first = (await dashboard({ ...period, pageSize: 1 })).support;
    expect(first).toMatchObject({ page: 1, pageSize: 1, total: 2 });
    expect(first.items).toEqual([
      { mutualId: ids.mutual, reference: `MUT-${ids.mutual.slice(0, 8)}`, name: `A Care Mutual ${tag}`, cases: 1, cashCommittedPence: 3_000_000, cashPaidPence: 1_000_000, inKindValuePence: 300_000, inKindInvoicedPence: 150_000, inKindPaidPence: 150_000 },
    ]);
    expect(first.totals).toEqual({ mutuals: 2, cashCommittedPence: 3_000_000, cashPaidPence: 1_000_000, inKindValuePence: 300_000, inKindInvoicedPence: 150_000, inKindPaidPence: 150_000 });
    const second = (await dashboard({ ...period, pageSize: 1, page: 2 })).support;
    expect(second.items).toEqual([expect.objectContaining({ mutualId: ids.pipeline, cases: 1, cashCommittedPence: 0, inKindValuePence: 0 })]);
    expect(second.totals).toEqual(first.totals);
  });

  it("counts the bid programme's bids by what became of them, screened-out ones too", async () => {
    const outcomes = (body: { bids: { outcomes: { outcome: string; bids: number }[] } }) => Object.fromEntries(body.bids.outcomes.map((o) => [o.outcome, o.bids]));
    const all = await dashboard({ bidProgrammeId: programmeId });
    expect(all.bids.programme).toEqual({ id: programmeId, name: expect.any(String) });
    expect(all.bids.total).toBe(6);
    expect(outcomes(all)).toEqual({ 'became-mutual': 1, 'trading-company': 1, 'stayed-in-house': 1, outsourced: 1, 'in-pipeline': 1, 'no-outcome': 1 });
    // Filters select mutuals: a bid with none is left out, and so are those whose mutual does not match.
    expect(outcomes(await dashboard({ ...period, bidProgrammeId: programmeId }))).toEqual({ 'became-mutual': 1, 'trading-company': 1, 'stayed-in-house': 1, outsourced: 1, 'in-pipeline': 1, 'no-outcome': 0 });
    expect(outcomes(await dashboard({ sector: 'adult-social-care', bidProgrammeId: programmeId }))).toMatchObject({ 'became-mutual': 1, 'in-pipeline': 1, 'stayed-in-house': 0, 'no-outcome': 0 });
    await request(service.url).get('/portfolio/dashboard').query({ bidProgrammeId: randomUUID() }).set(api.officer.auth).expect(404);
  });

  it('moves every figure with the filters', async () => {
    const nhs = await dashboard({ ...period, commissionerKind: 'nhs' });
    expect(nhs.headline).toMatchObject({ mutualsLaunched: 1, staffEmployed: 250, publicSpendingPence: 1_200_000_000, tradingCompaniesLaunched: 0 });
    expect(nhs.support.totals).toMatchObject({ mutuals: 2, cashCommittedPence: 3_000_000 });
    const london = await dashboard({ ...period, region: 'london' });
    expect(london.headline).toMatchObject({ mutualsLaunched: 1, staffEmployed: 100, publicSpendingPence: 300_000_000, tradingCompaniesLaunched: 1 });
    expect(london.support.total).toBe(0);
    const firstHalf = await dashboard({ from: y(0, '01-01'), to: y(0, '06-30') });
    expect(firstHalf.headline).toMatchObject({ mutualsLaunched: 1, staffEmployed: 250, tradingCompaniesLaunched: 1 });
    expect(firstHalf.launches).toEqual([{ quarter: `${year}-Q1`, quarterStart: y(0, '01-01'), launched: 1, cumulative: 2 }]);
    const sector = await dashboard({ ...period, sector: 'libraries' });
    expect(sector.headline).toMatchObject({ mutualsLaunched: 1, staffEmployed: 100 });
    expect(sector.pipeline.find((s: { stage: string }) => s.stage === 'exploring')).toMatchObject({ reached: 1, movedOn: 1 });
  });

  it('gives each table as CSV with the same figures, money in pence and pounds, each download an audited export', async () => {
    const query = { ...period, bidProgrammeId: programmeId };
    const body = await dashboard(query);
    expect(await csv('headline', query)).toEqual([
      ['Mutuals launched', 'Staff employed', 'Public spending held (pence)', 'Public spending held (£)', 'Target (mutuals)', 'Trading companies launched'],
      ['2', '350', '1500000000', '15000000.00', '1000', '1'],
    ]);
    const launches = await csv('launches', query);
    expect(launches.slice(1)).toEqual(body.launches.map((q: Record<string, unknown>) => [q.quarter, q.quarterStart, String(q.launched), String(q.cumulative), '1000']));
    const bySector = await csv('by-sector', query);
    expect(bySector[0]).toEqual(['Sector code', 'Sector', 'Mutuals launched', 'Staff employed', 'Public spending held (pence)', 'Public spending held (£)']);
    expect(bySector.slice(1)).toEqual(body.bySector.map((r: Record<string, number | string>) => [r.code, r.label, String(r.mutuals), String(r.staff), String(r.spendingPence), (Number(r.spendingPence) / 100).toFixed(2)]));
    expect((await csv('by-commissioner-kind', query)).slice(1).map((r) => r[0])).toEqual(['nhs', 'local-government', 'central-government', 'other']);
    expect((await csv('by-region', query)).length).toBe(body.byRegion.length + 1);
    expect((await csv('pipeline', query)).slice(1)).toEqual(
      body.pipeline.map((s: Record<string, unknown>) => [s.stage, s.label, String(s.atStageNow), String(s.reached), String(s.movedOn), s.conversionPercent === null ? '' : String(s.conversionPercent)]),
    );
    // Every mutual, not a page of them.
    const support = await csv('support', { ...query, pageSize: '1' });
    expect(support.slice(1).map((r) => [r[0], r[1], r[3], r[4], r[5], r[7], r[9], r[11]])).toEqual([
      [`MUT-${ids.mutual.slice(0, 8)}`, `A Care Mutual ${tag}`, '3000000', '30000.00', '1000000', '300000', '150000', '150000'],
      [`MUT-${ids.pipeline.slice(0, 8)}`, `B Health Mutual ${tag}`, '0', '0.00', '0', '0', '0', '0'],
    ]);
    expect((await csv('bids', query)).slice(1).map((r) => [r[1], r[3]])).toEqual(body.bids.outcomes.map((o: { outcome: string; bids: number }) => [o.outcome, String(o.bids)]));

    const exports = await waitFor(async () => {
      const rows = await db.query(`select route, details from security_events where type = 'export' and subject = $1 order by id`, [api.officer.id]);
      return rows.length >= 8 && rows;
    });
    expect(exports[0]).toEqual({ route: '/portfolio/dashboard/:table.csv', details: { method: 'GET', query: query } });
  });

  it('refuses bad filters with a 400 naming the field, and an unknown table with a 404', async () => {
    const refused = async (query: Record<string, string>, field: string) => {
      const res = await request(service.url).get('/portfolio/dashboard').query(query).set(api.officer.auth).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      return res.body;
    };
    await refused({ from: '2014-13-01' }, 'from');
    await refused({ to: '2014-02-30' }, 'to');
    await refused({ sector: 'space-travel' }, 'sector');
    await refused({ region: 'atlantis' }, 'region');
    await refused({ commissionerKind: 'pirates' }, 'commissionerKind');
    await refused({ bidProgrammeId: 'not-an-id' }, 'bidProgrammeId');
    expect((await refused({ from: '2014-06-01', to: '2014-05-31' }, 'to')).details).toEqual([{ field: 'to', problems: ['to (2014-05-31) must not be before from (2014-06-01)'] }]);
    await request(service.url).get('/portfolio/dashboard/pipeline.csv').query({ sector: 'space-travel' }).set(api.officer.auth).expect(400);
    const unknown = await request(service.url).get('/portfolio/dashboard/secrets.csv').set(api.officer.auth).expect(404);
    expect(unknown.body.code).toBe('dashboard-table-not-found');
    await request(service.url).get('/portfolio/dashboard').set(testUser('assessor').auth).expect(403);
  });
});
