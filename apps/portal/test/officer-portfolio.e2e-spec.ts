/// <reference lib="dom" />
import { DataSource } from 'typeorm';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { BidScreened } from '@mutuals/contracts';
import { RunningService, startTestService } from '@mutuals/testing';
import { awardsService } from '../../awards/src/service';
import { AwardsApi, produce, screenedBid } from '../../awards/test/awards-fixtures';
import { seedMutual, SeededMutual } from '../../awards/test/register-fixtures';
import { money } from '../src/pages/format';
import { checkPage, expectFormErrors, launchBrowser, openAs, RunningPortal, startTestPortal } from './portal-harness';

jest.setTimeout(400_000); // a real browser running axe on every page, on a shared machine

type Launch = [name: string, sector: string, region: string, kind: string, route: string, launchedOn: string, staff: number, contractPounds: number];

/** Mutuals launched between 2012 and 2014, as a programme's register would hold them. */
const LAUNCHED: Launch[] = [
  ['Bristol Care Mutual CIC', 'adult-social-care', 'south-west', 'local-government', 'staff-mutual', '2012-03-01', 410, 18_000_000],
  ['Leeds Community Health Mutual', 'health', 'yorkshire-and-the-humber', 'nhs', 'staff-mutual', '2012-07-15', 1250, 42_000_000],
  ['Kensington Libraries Mutual', 'libraries', 'london', 'local-government', 'joint-venture', '2012-10-01', 95, 3_500_000],
  ['Norfolk Youth Mutual CIC', 'youth', 'east-of-england', 'local-government', 'staff-mutual', '2013-01-20', 60, 1_800_000],
  ['Probation Staff Mutual', 'community-services', 'north-west', 'central-government', 'staff-mutual', '2013-04-02', 320, 11_000_000],
  ['Durham Adult Care Co-operative', 'adult-social-care', 'north-east', 'nhs', 'staff-mutual', '2013-06-30', 540, 16_500_000],
  ['York Museums and Culture Trust', 'culture', 'yorkshire-and-the-humber', 'local-government', 'joint-venture', '2013-09-09', 140, 6_000_000],
  ['Lincolnshire Leisure Mutual', 'leisure', 'east-midlands', 'local-government', 'staff-mutual', '2014-01-06', 210, 7_200_000],
  ['Sandwell School Support Mutual', 'school-support', 'west-midlands', 'local-government', 'staff-mutual', '2014-04-01', 180, 5_400_000],
  ['Kent Community Health Mutual', 'health', 'south-east', 'nhs', 'staff-mutual', '2014-05-12', 860, 28_000_000],
  ['Cabinet Office Pensions Mutual', 'facilities-management', 'london', 'central-government', 'staff-mutual', '2014-06-23', 200, 9_000_000],
];

/** The mutuals of the dashboard's headline, as the database holds them (every one, whoever seeded it). */
async function headlineOf(db: DataSource, filter: { from?: string; to?: string; sector?: string; kind?: string } = {}) {
  const [row] = await db.query(
    `select count(*) filter (where route in ('staff-mutual', 'joint-venture'))::int as mutuals,
       coalesce(sum(staff_count) filter (where route in ('staff-mutual', 'joint-venture')), 0)::bigint as staff,
       coalesce(sum(contract_value_pence) filter (where route in ('staff-mutual', 'joint-venture')), 0)::bigint as spending,
       count(*) filter (where route = 'local-authority-trading-company')::int as trading
     from mutuals where launched_on is not null and ($1::date is null or launched_on >= $1) and ($2::date is null or launched_on <= $2)
       and ($3::text is null or sector = $3) and ($4::text is null or coalesce(commissioning_body_kind, parent_body_kind) = $4)`,
    [filter.from ?? null, filter.to ?? null, filter.sector ?? null, filter.kind ?? null],
  );
  return { mutuals: row.mutuals.toLocaleString('en-GB'), staff: Number(row.staff).toLocaleString('en-GB'), spending: money(Number(row.spending)), trading: row.trading.toLocaleString('en-GB') };
}

/**
 * A programme officer reads the portfolio in a real browser: the headline figures are the
 * database's, the charts are images with their figures in tables, filters move the figures, a bad
 * date is refused, and each table downloads as CSV.
 */
describe('the portfolio dashboard in the browser', () => {
  let awards: RunningService<any>;
  let api: AwardsApi;
  let db: DataSource;
  let portal: RunningPortal;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let programmeId: string;

  beforeAll(async () => {
    awards = await startTestService(awardsService);
    db = awards.app.get(DataSource);
    api = new AwardsApi(awards.url, db);
    portal = await startTestPortal({ AWARDS_URL: awards.url });
    browser = await launchBrowser();
    ({ context, page } = await openAs(browser, portal, { id: api.officer.id, persona: 'officer', roles: ['programme_officer'], name: 'Sam Okafor', email: api.officer.email }));

    // A Delivering Differently programme with five bids: two became mutuals, one a trading company, one stayed in house, one has no outcome yet.
    const round = await api.bidProgramme(100_000_000, undefined, 'Delivering Differently');
    programmeId = round.programmeId;
    const bids = Array.from({ length: 5 }, () => screenedBid(round, 'youth'));
    for (const bid of bids) await produce(BidScreened, bid.bidId, bid);
    for (const bid of bids) await api.caseFor(bid.bidId);
    const mutuals: SeededMutual[] = LAUNCHED.map(([name, sector, region, kind, route, launchedOn, staff, contractPounds]) => ({
      name, sector, region, kind, route, launchedOn, staff, contractPence: contractPounds * 100,
      stages: [['exploring', '2011-05-01'], ['options-appraisal', '2011-09-01'], ['business-case', '2011-11-15'], ['launched', launchedOn]],
    }));
    mutuals[3].links = [{ kind: 'bid', refId: bids[0].bidId }];
    mutuals[8].links = [{ kind: 'bid', refId: bids[1].bidId }];
    mutuals.push(
      { name: 'Barnsley Leisure Trading Company', sector: 'leisure', region: 'yorkshire-and-the-humber', kind: 'local-government', route: 'local-authority-trading-company', launchedOn: '2014-02-03', staff: 75, contractPence: 250_000_000, stages: [['options-appraisal', '2013-06-01'], ['launched', '2014-02-03']], links: [{ kind: 'bid', refId: bids[2].bidId }] },
      { name: 'Sefton Youth Service', sector: 'youth', region: 'north-west', kind: 'local-government', route: 'in-house', stages: [['enquiry', '2013-11-04'], ['options-appraisal', '2014-02-10'], ['not-proceeding', '2014-03-01']], links: [{ kind: 'bid', refId: bids[3].bidId }] },
      { name: 'Hertfordshire Care Staff Group', sector: 'adult-social-care', region: 'east-of-england', kind: 'nhs', route: 'staff-mutual', stages: [['enquiry', '2014-01-15'], ['exploring', '2014-02-20'], ['options-appraisal', '2014-05-01'], ['business-case', '2014-06-15']] },
      { name: 'Camden Libraries Staff Group', sector: 'libraries', region: 'london', kind: 'local-government', stages: [['enquiry', '2014-03-03'], ['exploring', '2014-04-14']] },
    );
    for (const m of mutuals) await seedMutual(db, m);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await portal?.close();
    await awards?.close();
  });

  const figures = async () => ({
    mutuals: await page.locator('[data-figure="mutuals"]').innerText(),
    staff: await page.locator('[data-figure="staff"]').innerText(),
    spending: await page.locator('[data-figure="spending"]').innerText(),
    trading: await page.locator('[data-figure="trading"]').innerText(),
  });

  it('shows the headline figures as the database holds them, charts as described images with their tables, and is reached from the menu', async () => {
    await page.goto(`${portal.url}/officer`);
    await page.getByRole('link', { name: 'Portfolio' }).click();
    await page.waitForURL(`${portal.url}/officer/portfolio`);
    expect(await figures()).toEqual(await headlineOf(db));
    // The docs' screenshot of the dashboard is the demo's (portfolio-demo.e2e-spec.ts).
    await checkPage(page);
    // Every chart is an image named by its title and described, with its figures in a table.
    const charts = await page.locator('main svg.portal-chart').evaluateAll((svgs) => svgs.map((s) => ({ label: s.getAttribute('aria-labelledby'), title: s.querySelector('title')?.textContent, desc: s.querySelector('desc')?.textContent })));
    expect(charts.length).toBe(12);
    for (const chart of charts) expect(chart.title && chart.desc && chart.label).toBeTruthy();
    await page.getByRole('img', { name: 'Mutuals launched to date against the target of 1,000' }).waitFor();
    expect(await page.locator('#pipeline-table').innerText()).toContain('Business case');
    expect(await page.locator('#bids').innerText()).toContain('Delivering Differently bids by outcome');
  });

  it('moves the figures with the filters, refuses a period that ends before it starts, and downloads each table as CSV', async () => {
    await page.goto(`${portal.url}/officer/portfolio`);
    await page.locator('#from-day').fill('1');
    await page.locator('#from-month').fill('1');
    await page.locator('#from-year').fill('2013');
    await page.locator('#to-day').fill('31');
    await page.locator('#to-month').fill('12');
    await page.locator('#to-year').fill('2014');
    await page.locator('#commissionerKind').selectOption('local-government');
    await page.locator('#bidProgrammeId').selectOption(programmeId);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/commissionerKind=local-government/);
    // The programme's bids whose mutual is a local-government one launched or stopped in 2013 and 2014: two mutuals, a trading company, one stayed in house.
    expect(await page.locator('#bids-table').innerText()).toMatch(/Became a mutual\s+2\s+Became a trading company\s+1\s+Stayed in house\s+1\s+Outsourced\s+0\s+Still in the pipeline\s+0\s+No outcome recorded\s+0/);
    const filtered = await headlineOf(db, { from: '2013-01-01', to: '2014-12-31', kind: 'local-government' });
    expect(await figures()).toEqual(filtered);
    // Of the test's own launches, four local-government mutuals in 2013 and 2014 and one trading company.
    expect(Number(filtered.mutuals)).toBeGreaterThanOrEqual(4);
    await checkPage(page, 'portfolio-dashboard-filtered');

    const href = await page.getByRole('link', { name: 'Download CSV of the headline figures' }).getAttribute('href');
    expect(href).toContain('from-year=2013');
    const csv = await page.request.get(`${portal.url}${href}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-disposition']).toBe('attachment; filename="portfolio-headline.csv"');
    const [, row] = (await csv.text()).replace(/^\ufeff/, '').split('\r\n');
    expect(row.split(',').slice(0, 2)).toEqual([filtered.mutuals.replace(/,/g, ''), filtered.staff.replace(/,/g, '')]);

    await page.locator('#to-year').fill('2012');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expectFormErrors(page, ['The end of the period must be the same as or after its start']);
    expect(await page.locator('#headline').count()).toBe(0);
  });
});
