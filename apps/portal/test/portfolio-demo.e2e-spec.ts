/// <reference lib="dom" />
import { DataSource } from 'typeorm';
import { Browser, Page } from 'playwright-core';
import { MUTUAL_ROUTES } from '@mutuals/domain';
import { DemoServices, eventually, startDemoServices } from '../../awards/test/demo-services';
import { money } from '../src/pages/format';
import { checkPage, launchBrowser, RunningPortal, screenshot, startTestPortal } from './portal-harness';

jest.setTimeout(600_000); // three services seeding the demo and a round of 148 bids decided, then a real browser, on a shared machine

/** The figures of the demo's launched mutuals, by awards' own definitions, straight from its database. */
async function launchedOf(db: DataSource) {
  const [total] = await db.query(
    `select count(*)::int as mutuals, coalesce(sum(staff_count), 0)::bigint as staff, coalesce(sum(contract_value_pence), 0)::bigint as pence
     from mutuals where launched_on is not null and route = any($1)`,
    [MUTUAL_ROUTES],
  );
  const kinds: { kind: string; n: number }[] = await db.query(
    `select coalesce(commissioning_body_kind, parent_body_kind) as kind, count(*)::int as n from mutuals
     where launched_on is not null and route = any($1) group by 1`,
    [MUTUAL_ROUTES],
  );
  return { mutuals: total.mutuals as number, staff: Number(total.staff), pence: Number(total.pence), byKind: Object.fromEntries(kinds.map((k) => [k.kind, k.n])) as Record<string, number> };
}

const numberIn = (text: string) => Number(text.replace(/[£,]/g, ''));

/** A table's body rows, as the cells' text. */
const rowsOf = (page: Page, tableId: string) =>
  page.locator(`#${tableId} tbody tr`).evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('th, td')).map((c) => (c.textContent ?? '').trim())));

/**
 * The dashboard a programme officer opens after `npm run dev`: the demo's 2014 programme (about a
 * hundred mutuals, 35,000 staff and £1.5bn, half of them from the NHS and central government, the
 * most from local government) shown as awards' database holds it, and every Delivering Differently
 * bid counted by what became of it.
 */
describe('the portfolio dashboard of the demo', () => {
  let demo: DemoServices | undefined;
  let db: DataSource;
  let portal: RunningPortal;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    demo = await startDemoServices('portfolio_demo');
    db = demo.awards.app.get(DataSource);
    portal = await startTestPortal({ AWARDS_URL: demo.awards.url, APPLICATIONS_URL: demo.applications.url, INTAKE_URL: demo.intake.url });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(15_000);
    // The demo is seeded once the 2014 bids are linked to what became of them (after every one is
    // decided and the consortium's packages have moved on) and Blackpool's award is on the register.
    await eventually(
      'the demo seeded',
      async () =>
        (await db.query(`select count(*) filter (where l.kind = 'bid')::int as bids, count(a.id)::int as awards from mutual_links l left join awards a on l.kind = 'case' and a.case_id = l.ref_id`))[0] as {
          bids: number;
          awards: number;
        },
      (links) => links.bids > 0 && links.awards > 0,
      480_000,
    );
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await demo?.close();
  });

  it('signs Sam Okafor in and shows the headline as awards’ database holds it: about 100 mutuals, 35,000 staff and £1.5bn', async () => {
    await page.goto(`${portal.url}/sign-in`);
    await page.getByLabel('Sam Okafor (officer)').check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Portfolio' }).click();
    await page.waitForURL(`${portal.url}/officer/portfolio`);

    const launched = await launchedOf(db);
    const shown = {
      mutuals: await page.locator('[data-figure="mutuals"]').innerText(),
      staff: await page.locator('[data-figure="staff"]').innerText(),
      spending: await page.locator('[data-figure="spending"]').innerText(),
    };
    expect(shown).toEqual({ mutuals: launched.mutuals.toLocaleString('en-GB'), staff: launched.staff.toLocaleString('en-GB'), spending: money(launched.pence) });
    expect(launched.mutuals).toBeGreaterThanOrEqual(90);
    expect(launched.mutuals).toBeLessThanOrEqual(110);
    expect(launched.staff).toBeGreaterThanOrEqual(30_000);
    expect(launched.staff).toBeLessThanOrEqual(40_000);
    expect(launched.pence).toBeGreaterThanOrEqual(1_300_000_000_00);
    expect(launched.pence).toBeLessThanOrEqual(1_700_000_000_00);

    // The launches chart's scale fits the launches (the target of 1,000 is a bar of progress above it),
    // and its table, one click away, ends with every mutual launched (below, after the screenshot).
    const scale = await page.locator('#launches-chart text[text-anchor="end"]').allTextContents();
    expect(numberIn(scale.at(-1)!)).toBeGreaterThanOrEqual(launched.mutuals);
    expect(numberIn(scale.at(-1)!)).toBeLessThan(2 * launched.mutuals);
    await checkPage(page);
    // The top of the page: the headline, the launches against the target and the commissioning bodies.
    await screenshot(page, 'portfolio-dashboard', '#kind');
    await page.getByText('Show the table: mutuals launched by quarter').click();
    expect((await rowsOf(page, 'launches-table')).at(-1)![2]).toBe(shown.mutuals);

    // The headline downloads as the page shows it.
    const href = await page.getByRole('link', { name: 'Download CSV of the headline figures' }).getAttribute('href');
    const csv = await page.request.get(`${portal.url}${href}`);
    expect(csv.status()).toBe(200);
    const [, row] = (await csv.text()).replace(/^\ufeff/, '').split('\r\n');
    expect(row.split(',').slice(0, 3).map(Number)).toEqual([launched.mutuals, launched.staff, launched.pence]);
  });

  it('has local government as the largest kind of commissioning body and the NHS and central government about half', async () => {
    const { mutuals, byKind } = await launchedOf(db);
    const shown = Object.fromEntries((await rowsOf(page, 'kind-table')).map(([kind, launched]) => [kind, numberIn(launched)]));
    expect(shown).toEqual({
      NHS: byKind.nhs ?? 0,
      'Local government': byKind['local-government'] ?? 0,
      'Central government': byKind['central-government'] ?? 0,
      Other: byKind.other ?? 0,
    });
    const [largest] = Object.entries(shown).sort(([, a], [, b]) => b - a);
    expect(largest[0]).toBe('Local government');
    const nhsAndCentral = (shown.NHS + shown['Central government']) / mutuals;
    expect(nhsAndCentral).toBeGreaterThanOrEqual(0.4);
    expect(nhsAndCentral).toBeLessThanOrEqual(0.6);
  });

  it('counts all 148 Delivering Differently bids by what became of them', async () => {
    expect(await page.locator('#bids h2').innerText()).toBe('Delivering Differently bids by outcome');
    const outcomes = Object.fromEntries((await rowsOf(page, 'bids-table')).map(([outcome, bids]) => [outcome, numberIn(bids)]));
    expect(Object.values(outcomes).reduce((sum, n) => sum + n, 0)).toBe(148);
    for (const outcome of ['Became a mutual', 'Became a trading company', 'Stayed in house', 'Outsourced', 'Still in the pipeline']) expect(outcomes[outcome]).toBeGreaterThan(0);
  });

  it('lists the register of mutuals', async () => {
    await page.getByRole('link', { name: 'Register of mutuals' }).first().click();
    await page.waitForURL(/\/officer\/mutuals/);
    await checkPage(page, 'register-of-mutuals');
  });
});
