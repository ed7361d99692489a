/// <reference lib="dom" />
import request from 'supertest';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { RunningService, startTestService } from '@mutuals/testing';
import { intakeService } from '../../intake/src/service';
import { Region } from '@mutuals/domain';
import { bidContent, council, createProgramme, freshAuthorityCode, officer, roundSettings, waitForStatus, wholeSecondsFromNow } from '../../intake/test/support';
import { SignedInUser } from '../src/auth/personas';
import { checkPage, expectFormErrors, launchBrowser, openAs, RunningPortal, startTestPortal } from './portal-harness';

jest.setTimeout(240_000); // a real browser running axe on every page, on a shared machine

/** A programme officer follows a round's intake and screens a bid by hand, in a real browser against the real intake service. */
describe('rounds, intake figures and screening in the browser', () => {
  let intake: RunningService<any>;
  let portal: RunningPortal;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    intake = await startTestService(intakeService, { ROUND_SCHEDULER_POLL_MS: 100 });
    portal = await startTestPortal({ INTAKE_URL: intake.url });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await intake?.close();
  });

  afterEach(async () => context?.close());

  async function as(user: SignedInUser) {
    ({ context, page } = await openAs(browser, portal, user));
  }

  const officerUser: SignedInUser = { id: officer.id, persona: 'officer', roles: ['programme_officer'], name: 'Sam Okafor', email: officer.email };
  const checked = (name?: string) => checkPage(page, name);
  const bidOf = async (id: string) => (await request(intake.url).get(`/bids/${id}`).set(officer.auth).expect(200)).body;

  /** A bid by a council of the region (the register places each council). */
  async function submittedBid(roundId: string, region: Region, extra: Record<string, unknown>) {
    const authority = council(freshAuthorityCode(region));
    const created = await request(intake.url).post(`/rounds/${roundId}/bids`).set(authority.auth).send(bidContent(authority.organisationId!, extra)).expect(201);
    return (await request(intake.url).post(`/bids/${created.body.id}/submit`).set(authority.auth).expect(200)).body;
  }

  it('shows the round with its intake figures and bids, and an officer screens a bid ineligible with a reason', async () => {
    const programmeId = await createProgramme(intake.url);
    const name = `Delivering Differently officer test ${Date.now()}`;
    const created = await request(intake.url).post(`/programmes/${programmeId}/rounds`).set(officer.auth).send({ ...roundSettings(wholeSecondsFromNow(0), wholeSecondsFromNow(3600)), name }).expect(201);
    const roundId = created.body.id;
    await request(intake.url).post(`/rounds/${roundId}/status`).set(officer.auth).send({ status: 'scheduled' }).expect(200);
    await waitForStatus(intake.url, roundId, 'open');
    const first = await submittedBid(roundId, 'london', { sector: 'libraries', amountRequestedPence: 4_000_000 });
    await submittedBid(roundId, 'london', { sector: 'youth', amountRequestedPence: 6_000_000 });
    await submittedBid(roundId, 'south-west', { sector: 'youth', amountRequestedPence: 20_000_000 }); // over the maximum: ineligible

    await as(officerUser);
    await page.goto(`${portal.url}/officer`);
    await page.getByRole('link', { name: 'Rounds', exact: true }).click();
    await page.locator('#programmeId').selectOption(programmeId);
    await page.locator('#status').selectOption('open');
    await page.getByRole('button', { name: 'Filter' }).click();
    expect(await page.locator('tbody tr').count()).toBe(1);
    await checked('officer-rounds');
    await page.getByRole('link', { name }).click();

    expect(await page.locator('#intake-totals tbody').innerText()).toMatch(/3\s+£300,000\s+0/);
    expect(await page.locator('#by-status tbody').innerText()).toMatch(/Eligible\s+2\s+Ineligible\s+1/);
    expect(await page.locator('#by-region tbody').innerText()).toMatch(/London\s+2\s+South west\s+1/);
    expect(await page.locator('#by-sector tbody').innerText()).toMatch(/Libraries\s+1\s+Youth\s+2/);
    expect(await page.locator('#bids tbody tr').count()).toBe(3);
    await checked('officer-round-figures');
    await page.locator('#status').selectOption('ineligible');
    await page.getByRole('button', { name: 'Filter' }).click();
    expect(await page.locator('#bids tbody tr').count()).toBe(1);

    await page.goto(`${portal.url}/officer/bids/${first.id}`);
    await checked();
    await page.getByRole('button', { name: 'Record screening' }).click();
    await expectFormErrors(page, ['Select whether the bid is eligible', 'Enter the reason for your screening decision']);
    expect((await bidOf(first.id)).status).toBe('eligible');

    await page.getByLabel('Ineligible').check();
    await page.locator('#reason').fill('The partner council has not confirmed its part in the bid');
    await page.getByRole('button', { name: 'Record screening' }).click();
    await page.getByText('The bid has been screened ineligible').waitFor();
    expect(await page.locator('.govuk-summary-list').innerText()).toMatch(/Status\s+Ineligible/);
    expect(await page.locator('table', { hasText: 'Every change' }).innerText()).toContain(officer.id);
    expect(await bidOf(first.id)).toMatchObject({ status: 'ineligible', screeningReasons: ['The partner council has not confirmed its part in the bid'] });
    await checked('officer-bid');
  });

  it("a council user opening the officers' rounds gets the refusal page", async () => {
    const token = council();
    await as({ id: token.id, persona: 'council', roles: ['applicant'], name: token.name, email: token.email, organisationId: token.organisationId });
    expect((await page.goto(`${portal.url}/officer/rounds`))?.status()).toBe(403);
    await page.getByRole('heading', { name: 'You cannot see this page' }).waitFor();
  });
});
