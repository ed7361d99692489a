/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { BidScreened, RoundOpened } from '@mutuals/contracts';
import { RunningService, startTestService, TestUser, testUser, waitFor } from '@mutuals/testing';
import { awardsService } from '../../awards/src/service';
import { AwardsApi, bidProgramme, produce, screenedBid } from '../../awards/test/awards-fixtures';
import { SignedInUser } from '../src/auth/personas';
import { checkPage, expectFormErrors, launchBrowser, openAs, RunningPortal, screenshot, startTestPortal } from './portal-harness';

jest.setTimeout(400_000); // a real browser running axe on every page, on a shared machine

/**
 * Assessors and programme officers in a real browser against the real awards service: a bid
 * arrives through Kafka, an assessor scores it, an officer approves it within budget and sees
 * the dashboard figures move.
 */
describe('assessment and decision in the browser', () => {
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
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await awards?.close();
  });

  afterEach(async () => context?.close());

  async function as(user: SignedInUser) {
    ({ context, page } = await openAs(browser, portal, user));
  }

  const assessorUser = (t: TestUser): SignedInUser => ({ id: t.id, persona: 'assessor', roles: ['assessor'], name: t.name, email: t.email });
  const officerUser = (t: TestUser): SignedInUser => ({ id: t.id, persona: 'officer', roles: ['programme_officer'], name: 'Sam Okafor', email: t.email });

  const checked = (name?: string) => checkPage(page, name);

  const expectErrors = (messages: string[]) => expectFormErrors(page, messages);

  /**
   * A bid programme of its own with one case in assessment by one assessor of a panel of two who
   * sit only on this programme (so other test runs' cases on the shared broker never reach them).
   */
  async function caseInAssessment(budgetPence: number) {
    const round = await bidProgramme(budgetPence, { ...RoundOpened.example.assessment, assessorsPerCase: 1 });
    const sector = 'youth';
    const team = [0, 1].map((i) => testUser('assessor', { id: `assessor-${round.programmeId.slice(0, 8)}-${i}`, name: `Assessor ${i}` }));
    for (const assessor of team) {
      await request(awards.url)
        .put(`/assessors/${assessor.id}`)
        .set(api.officer.auth)
        .send({ name: assessor.name, email: assessor.email, sectors: [sector], programmeIds: [round.programmeId], capacity: 20 })
        .expect(200);
    }
    const bid = screenedBid(round, sector);
    await produce(BidScreened, bid.bidId, bid);
    const kase = await caseOf(bid.bidId, 'in-assessment');
    const allocated = await api.allocated(kase.id);
    const assessor = team.find((a) => a.id === allocated[0])!;
    return { round, bid, kase, assessor, others: team.filter((a) => a !== assessor && allocated.includes(a.id)), other: team.find((a) => a !== assessor)! };
  }

  /** Cases come from events; on a broker shared with other test runs they can take a while. */
  async function caseOf(bidId: string, status: string): Promise<{ id: string }> {
    const db = awards.app.get(DataSource);
    return waitFor(async () => (await db.query('select id from cases where source_id = $1 and status = $2', [bidId, status]))[0], { timeoutMs: 150_000, what: `the case of bid ${bidId} (${status})` });
  }

  const figure = async (name: string) => page.locator(`#budgets tbody tr`, { hasText: name }).locator('td').allInnerTexts();

  it('an assessor scores a case, the assessment locks, and an officer approves it within budget and sees the figures change', async () => {
    const { round, bid, kase, assessor, others } = await caseInAssessment(50_000_000);
    const programme = (await request(awards.url).get(`/programmes/${round.programmeId}`).set(api.officer.auth).expect(200)).body;

    await as(assessorUser(assessor));
    await page.goto(`${portal.url}/assessor`);
    const row = page.locator('tbody tr', { hasText: bid.reference });
    expect(await row.innerText()).toMatch(/\d{4} at \d{1,2}:\d{2}(am|pm)/); // the due date and time
    await checked('assessor-cases');
    await row.getByRole('link', { name: bid.reference }).click();
    await checked('assessor-scoring-form');

    await page.getByRole('button', { name: 'Submit assessment' }).click();
    const criteria = RoundOpened.example.assessment.criteria;
    await expectErrors([...criteria.flatMap((c) => [`Select a score for ${c.name}`, `Enter your reasons for the score for ${c.name}`]), 'Select your recommendation']);
    const unscored = await request(awards.url).get(`/assessor/cases/${kase.id}`).set(assessor.auth).expect(200);
    expect(unscored.body.myAssessment).toBeNull();

    for (const [i, c] of criteria.entries()) {
      await page.getByRole('group', { name: new RegExp(`^${c.name}`) }).getByLabel(String(4 - i), { exact: true }).check();
      await page.locator(`#comment-${c.id}`).fill(`Clear evidence for ${c.name.toLowerCase()}`);
    }
    await page.getByLabel('Fund', { exact: true }).check();
    await page.getByRole('button', { name: 'Submit assessment' }).click();
    await page.getByText(`Your assessment of ${bid.reference} has been submitted`).waitFor();
    expect(await page.locator('.govuk-inset-text').innerText()).toContain('It is locked and can no longer be changed');
    expect(await page.getByRole('button', { name: 'Submit assessment' }).count()).toBe(0);
    await checked('assessor-assessment-locked');
    await page.goto(`${portal.url}/assessor?state=allocated`);
    expect(await page.locator('main').innerText()).not.toContain(bid.reference);
    await page.goto(`${portal.url}/assessor?state=submitted`);
    await page.locator('tbody tr', { hasText: bid.reference }).waitFor();
    await checked();

    // The service allocates its own number of assessors; the others score alike, so no moderation is needed.
    for (const colleague of others) await api.score(colleague, kase.id, [4, 3, 2]);
    await caseOf(bid.bidId, 'assessed');
    await as(officerUser(api.officer));
    await page.goto(`${portal.url}/officer`);
    expect(await figure(programme.name)).toEqual(expect.arrayContaining(['£500,000', '£0', '£500,000']));
    await checked('officer-dashboard-before');
    await page.goto(`${portal.url}/officer/cases/${kase.id}`);
    await checked();
    await page.getByRole('button', { name: 'Record decision' }).click();
    await expectErrors(['Select your decision', 'Enter the reason for your decision']);
    await page.getByLabel('Approve', { exact: true }).check();
    await page.getByRole('button', { name: 'Record decision' }).click();
    await expectErrors(['Enter the amount to award, or choose support in kind', 'Enter the reason for your decision']);
    expect((await request(awards.url).get(`/cases/${kase.id}`).set(api.officer.auth).expect(200)).body.status).toBe('assessed');

    await page.locator('#amount').fill('30000');
    await page.locator('#reason').fill('Above the funding line; strong staff support');
    await screenshot(page, 'officer-decision-form');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByText('Your decision has been recorded').waitFor();
    expect(await page.locator('.govuk-summary-list').innerText()).toContain('£30,000');
    expect(await page.locator('table', { hasText: 'Every change' }).innerText()).toMatch(/Decided approved|Approved/i);
    await checked('officer-case');

    await page.getByRole('link', { name: 'Dashboard' }).click();
    expect(await figure(programme.name)).toEqual(expect.arrayContaining(['£500,000', '£30,000', '£470,000']));
    expect(await page.locator('svg.portal-chart title').textContent()).toContain('Budget, committed and paid');
    await checked('officer-dashboard');
  });

  it('an assessor declares a conflict of interest and the case goes to another assessor', async () => {
    const { kase, bid, assessor, other } = await caseInAssessment(50_000_000);
    await as(assessorUser(assessor));
    await page.goto(`${portal.url}/assessor/cases/${kase.id}`);
    await page.getByRole('link', { name: 'Declare a conflict of interest' }).click();
    await checked();
    await page.getByRole('button', { name: 'Declare conflict' }).click();
    await expectErrors(['Describe your conflict of interest']);
    expect(await api.allocated(kase.id)).toEqual([assessor.id]);
    await page.locator('#reason').fill('My partner is a director of the applicant');
    await page.getByRole('button', { name: 'Declare conflict' }).click();
    await page.getByText(`You have declared a conflict of interest on ${bid.reference}`).waitFor();
    expect(await page.locator('main').innerText()).not.toContain(bid.reference + '\t');
    await waitFor(async () => (await api.allocated(kase.id)).join() === other.id, { what: 'the other assessor to take the case' });
  });

  it('an assessor opening an officer page, and an officer opening an assessor page, get the refusal page', async () => {
    await as(assessorUser({ id: 'assessor-x', name: 'Jordan Lee', email: 'j@example.org' } as TestUser));
    expect((await page.goto(`${portal.url}/officer`))?.status()).toBe(403);
    await page.getByRole('heading', { name: 'You cannot see this page' }).waitFor();
    await checked();
    await as(officerUser(api.officer));
    expect((await page.goto(`${portal.url}/assessor`))?.status()).toBe(403);
    expect((await page.goto(`${portal.url}/council`))?.status()).toBe(403);
  });
});
