/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { RunningService, startTestService } from '@mutuals/testing';
import { awardsService } from '../../awards/src/service';
import { AwardsApi } from '../../awards/test/awards-fixtures';
import { RunningPortal, checkPage, expectFormErrors, launchBrowser, openAs, startTestPortal } from './portal-harness';

jest.setTimeout(400_000); // a real browser running axe on every page, on a shared machine

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);
/** Fills a Design System date input (day, month, year). */
async function fillDate(page: Page, id: string, date: Date) {
  await page.locator(`#${id}-day`).fill(String(date.getUTCDate()));
  await page.locator(`#${id}-month`).fill(String(date.getUTCMonth() + 1));
  await page.locator(`#${id}-year`).fill(String(date.getUTCFullYear()));
}

/**
 * A programme officer records an enquiry that puts a staff group on the register, then its options
 * appraisal and its launch, in a real browser against the real awards service; the mutual's page
 * shows the whole journey. Every form refuses bad input first and stores nothing.
 */
describe('the register of mutuals in the browser', () => {
  let awards: RunningService<any>;
  let api: AwardsApi;
  let portal: RunningPortal;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    awards = await startTestService(awardsService);
    api = new AwardsApi(awards.url, awards.app.get(DataSource));
    portal = await startTestPortal({ AWARDS_URL: awards.url });
    browser = await launchBrowser();
    ({ context, page } = await openAs(browser, portal, { id: api.officer.id, persona: 'officer', roles: ['programme_officer'], name: 'Sam Okafor', email: api.officer.email }));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await portal?.close();
    await awards?.close();
  });

  const submit = (name: string) => page.getByRole('button', { name }).click();
  const mutualOf = async (id: string) => (await request(awards.url).get(`/mutuals/${id}`).set(api.officer.auth).expect(200)).body;

  it('an enquiry registers a staff group; its options appraisal and launch build the journey the mutual page shows', async () => {
    const name = `Reablement Together ${randomUUID().slice(0, 6)}`;

    await page.goto(`${portal.url}/officer`);
    await page.getByRole('link', { name: 'Enquiries' }).click();
    await checkPage(page);
    await page.getByRole('button', { name: 'Record an enquiry' }).click();
    await checkPage(page);
    await page.getByLabel('Registered as a mutual in development').check();
    await submit('Record enquiry');
    await expectFormErrors(page, [
      'Enter the date the enquiry was received',
      'Enter the name of the person who asked',
      'Enter the email address of the person who asked',
      'Enter the name of the service or group',
      'Enter the parent body, to register the organisation as a mutual',
      'Select the kind of parent body, to register the organisation as a mutual',
      'Select the sector, to register the organisation as a mutual',
      'Enter what the enquiry was about',
      'Enter the advice given',
    ]);
    await fillDate(page, 'received', daysAgo(40));
    await page.locator('#enquirerName').fill('Alex Morgan');
    await page.locator('#enquirerEmail').fill('alex.morgan@bristol.example.gov.uk');
    await page.locator('#organisationName').fill(name);
    await page.locator('#parentBody').fill('Bristol City Council');
    await page.locator('#parentBodyKind').selectOption('local-government');
    await page.locator('#sector').selectOption('adult-social-care');
    await page.locator('#region').selectOption('south-west');
    await page.locator('#topic').fill('Spinning out the reablement service as a staff mutual');
    await page.locator('#adviceGiven').fill('Sent the spin-out guide; suggested an options appraisal');
    await submit('Record enquiry');
    await page.getByText(`${name} is on the register as`).waitFor();
    const mutualId = page.url().split('/').pop()!;
    expect((await mutualOf(mutualId)).stage).toBe('enquiry');
    await checkPage(page);

    // Options appraisal: the route and its reason are asked for with the stage.
    await page.getByRole('button', { name: 'Record a stage' }).click();
    await submit('Continue');
    await expectFormErrors(page, ['Select the stage the journey has reached']);
    await page.getByLabel('Options appraisal').check();
    await submit('Continue');
    await checkPage(page);
    await submit('Record stage');
    await expectFormErrors(page, ['Select the route the options appraisal chose', 'Enter the reason for the route', 'Enter the date the stage was reached', 'Enter the evidence for the stage']);
    expect((await mutualOf(mutualId)).version).toBe(1);
    await page.getByLabel('Staff-led mutual').check();
    await page.locator('#routeReason').fill('Staff want to own the service; the council keeps commissioning it');
    await fillDate(page, 'entered', daysAgo(20));
    await page.locator('#evidence').fill('Options appraisal approved by the cabinet');
    await submit('Record stage');
    await page.getByText('Stage recorded: options appraisal').waitFor();

    // Launch: 250 staff and a £12m contract. A launch date in the future is refused first.
    await page.getByRole('button', { name: 'Record a stage' }).click();
    await page.getByLabel('Launched').check();
    await submit('Continue');
    await fillDate(page, 'launched', daysAgo(-30));
    await page.locator('#legalForm').selectOption('cic');
    await page.locator('#staffTransferred').fill('250');
    await page.locator('#contractValue').fill('12,000,000');
    await page.locator('#contractMonths').fill('60');
    await page.locator('#commissioningBody').fill('Bristol City Council');
    await page.locator('#commissioningBodyKind').selectOption('local-government');
    await fillDate(page, 'entered', daysAgo(2));
    await page.locator('#evidence').fill('Contract signed; staff transferred under TUPE');
    await submit('Record stage');
    await expectFormErrors(page, ['The date the mutual launched must be today or in the past']);
    expect((await mutualOf(mutualId)).stage).toBe('options-appraisal');
    await fillDate(page, 'launched', daysAgo(2));
    await submit('Record stage');
    await page.getByText('Stage recorded: launched').waitFor();

    const summary = await page.locator('#mutual-summary').innerText();
    expect(summary).toContain('Staff\t250');
    expect(summary).toContain('Contract value\t£12,000,000 over 60 months');
    expect(summary).toContain('Counted as a mutual\tYes');
    expect(await page.locator('#journey-stages .govuk-summary-card__title').allInnerTexts()).toEqual(['Enquiry', 'Options appraisal', 'Launched']);
    const journey = await page.locator('#journey-stages').innerText();
    expect(journey).toContain('Staff-led mutual');
    expect(journey).toContain('Contract signed; staff transferred under TUPE');
    expect(await page.locator('#figures-table tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/250\s+£12,000,000\s+Launch/)]);
    await checkPage(page, 'mutual-journey');
    expect(await mutualOf(mutualId)).toMatchObject({ stage: 'launched', staffCount: 250, contractValuePence: 1_200_000_000, countsAsMutual: true, version: 3 });

    // The register finds it by name and route.
    await page.getByRole('link', { name: 'Register of mutuals' }).click();
    await page.locator('#name').fill(name);
    await page.locator('#route').selectOption('staff-mutual');
    await submit('Filter');
    expect(await page.locator('#mutuals tbody tr').allInnerTexts()).toEqual([expect.stringContaining(`${name}\tLaunched\tStaff-led mutual`)]);
    await checkPage(page);
    await page.getByRole('link', { name: 'Enquiries' }).click();
    expect(await page.locator('#enquiries').innerText()).toContain(name);
  });
});
