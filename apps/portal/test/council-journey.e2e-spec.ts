/// <reference lib="dom" />
import request from 'supertest';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { minimalDocx } from '@mutuals/documents';
import { localAuthorities } from '@mutuals/domain';
import { RunningService } from '@mutuals/testing';
import { bidContent, council, createProgramme, officer, roundSettings, waitForStatus, wholeSecondsFromNow } from '../../intake/test/support';
import { intakeService } from '../../intake/src/service';
import { startTestService } from '@mutuals/testing';
import { SignedInUser } from '../src/auth/personas';
import { RunningPortal, checkPage, launchBrowser, openAs, screenshot, startTestPortal } from './portal-harness';

jest.setTimeout(240_000); // a real browser running axe on every page, on a shared machine

/** A council bidding in a round, in a real browser against the real intake service. */
describe('council journey in the browser', () => {
  let intake: RunningService<any>;
  let portal: RunningPortal;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let programmeId: string;

  beforeAll(async () => {
    intake = await startTestService(intakeService, { ROUND_SCHEDULER_POLL_MS: 100 });
    portal = await startTestPortal({ INTAKE_URL: intake.url });
    browser = await launchBrowser();
    programmeId = await createProgramme(intake.url);
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await intake?.close();
  });

  afterEach(async () => context?.close());

  async function openRound(name: string, closesInSeconds: number): Promise<string> {
    const created = await request(intake.url)
      .post(`/programmes/${programmeId}/rounds`)
      .set(officer.auth)
      .send({ ...roundSettings(wholeSecondsFromNow(0), wholeSecondsFromNow(closesInSeconds)), name })
      .expect(201);
    await request(intake.url).post(`/rounds/${created.body.id}/status`).set(officer.auth).send({ status: 'scheduled' }).expect(200);
    await waitForStatus(intake.url, created.body.id, 'open');
    roundIds.push(created.body.id);
    return created.body.id;
  }

  async function asCouncil(token = council()): Promise<{ user: SignedInUser; token: ReturnType<typeof council> }> {
    await context?.close();
    const user: SignedInUser = { id: token.id, persona: 'council', roles: ['applicant'], name: token.name, email: token.email, organisationId: token.organisationId };
    ({ context, page } = await openAs(browser, portal, user));
    return { user, token };
  }

  const checked = (name?: string) => checkPage(page, name);

  async function expectErrors(messages: (string | RegExp)[]) {
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.title()).toMatch(/^Error: /);
    const summary = await page.locator('.govuk-error-summary__list a').allInnerTexts();
    expect(summary).toHaveLength(messages.length);
    messages.forEach((m, i) => expect(summary[i]).toMatch(m));
    expect(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary'))).toBe(true);
    await checked();
  }

  // Councils are real ones from the register, so another test file's rounds may hold their bids: only this file's rounds count.
  const roundIds: string[] = [];
  const bidsOf = async (token: ReturnType<typeof council>) =>
    (await request(intake.url).get('/bids').set(token.auth).expect(200)).body.items.filter((b: { roundId: string }) => roundIds.includes(b.roundId));

  it('a council sees the open round and its deadline, starts a joint bid, and submits it once its partner has accepted', async () => {
    const roundName = `Delivering Differently ${Date.now()}`;
    const roundId = await openRound(roundName, 3600);
    const { token } = await asCouncil();
    const partner = council();

    await page.goto(`${portal.url}/council`);
    await checked('council-home');
    await page.getByRole('link', { name: roundName }).click();
    await page.locator('.govuk-warning-text').getByText(/Bids must be submitted before .* \(UK time\)/).waitFor();
    await checked('council-round');

    // The council is the register's, by the account's ONS code: nothing to type.
    const { name, region } = localAuthorities.find(token.organisationId!)!;
    expect(await page.locator('.govuk-summary-list').last().innerText()).toContain(`${name} (${token.organisationId})`);
    expect(await bidsOf(token)).toEqual([]);
    await page.getByRole('button', { name: 'Start bid' }).click();

    await page.getByRole('heading', { name: /^Your bid / }).waitFor();
    await checked();
    await page.getByRole('button', { name: 'Submit bid' }).click();
    await expectErrors(['Enter a title for your bid', 'Select the service the bid is about', 'Enter how much funding you are bidding for', 'Answer "What will you deliver differently?"']);
    const [draft] = await bidsOf(token);
    expect(draft).toMatchObject({ status: 'draft', title: null, authorityName: name, region });

    await page.locator('#title').fill('A staff-led mutual for youth services');
    await page.locator('#sector').selectOption('youth');
    await page.locator('#amount').fill('95,000');
    await page.locator('#partners').fill('E08000011\nnot-a-code');
    await page.locator('#answer-vision').fill('Our youth service becomes a mutual owned by its staff, with young people on its board.');
    await page.getByRole('button', { name: 'Submit bid' }).click();
    await expectErrors(['Enter each partner authority as its ONS code, such as E08000011, one on each line']);
    expect((await bidsOf(token))[0].status).toBe('draft');
    await page.locator('#partners').fill(partner.organisationId!);
    await screenshot(page, 'council-bid-form');
    await page.getByRole('button', { name: 'Submit bid' }).click();
    // The partner has not yet agreed, so the bid waits (saved) for its answer.
    await expectErrors([`Partners have not yet accepted or declined: ${partner.organisationId}; wait for them or remove them from the bid`]);
    expect((await bidsOf(token))[0]).toMatchObject({ status: 'draft', partners: [expect.objectContaining({ authorityCode: partner.organisationId, answer: 'invited' })] });

    // The partner council sees the invitation and accepts it.
    await asCouncil(partner);
    await page.goto(`${portal.url}/council`);
    await page.getByRole('link', { name: 'Joint bid invitations' }).click();
    await checked('council-invitations');
    await page.getByRole('link', { name: `${draft.reference} from ${name}` }).click();
    await page.getByRole('heading', { name: `${name} has named your council as a partner` }).waitFor();
    await checked('council-invitation');
    await page.getByRole('button', { name: 'Send answer' }).click();
    await expectErrors(['Select whether your council accepts or declines being a partner']);
    await page.getByLabel('Yes, accept').check();
    await page.getByRole('button', { name: 'Send answer' }).click();
    await page.getByText(`You have accepted being a partner in bid ${draft.reference} led by ${name}`).waitFor();
    expect(await page.locator('table').innerText()).toContain('Accepted');
    await checked();

    // The lead sees the answer on its bid, and submits.
    await asCouncil(token);
    await page.goto(`${portal.url}/council/bids/${draft.id}`);
    const answers = page.locator('table', { hasText: partner.organisationId! });
    expect(await answers.innerText()).toMatch(new RegExp(`${partner.organisationId}\\s+Accepted`));
    await checked('council-bid-partners');

    // The lead adds its options appraisal for the assessors to read.
    await page.getByRole('link', { name: 'Add or remove supporting documents' }).click();
    await page.getByRole('heading', { name: 'Supporting documents' }).waitFor();
    const appraisal = minimalDocx();
    await page.locator('#file').setInputFiles({ name: 'Options appraisal.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: appraisal });
    await page.getByRole('button', { name: 'Upload document' }).click();
    await page.getByText('Options appraisal.docx has been uploaded').waitFor();
    await checked();
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    expect(await page.locator('#documents').innerText()).toContain('Options appraisal.docx');
    const attached = (await request(intake.url).get(`/bids/${draft.id}/documents`).set(token.auth).expect(200)).body.items;
    expect(attached).toEqual([expect.objectContaining({ name: 'Options appraisal.docx', type: 'docx', sizeBytes: appraisal.length })]);

    await page.getByRole('button', { name: 'Continue your bid' }).click();
    await page.getByRole('button', { name: 'Submit bid' }).click();

    await page.getByText(`Bid ${draft.reference} has been submitted`).waitFor();
    await checked('council-bid-status');
    const [submitted] = await bidsOf(token);
    expect(submitted).toMatchObject({ roundId, partnerAuthorityCodes: [partner.organisationId], amountRequestedPence: 9_500_000 });
    expect(['submitted', 'eligible']).toContain(submitted.status);
    expect(await page.locator('.govuk-summary-list').innerText()).toMatch(/Eligible|Submitted/);
    expect(await page.locator('.govuk-summary-list').innerText()).toContain(`${localAuthorities.find(partner.organisationId!)!.name} (${partner.organisationId})`);
  });

  it('a council whose code is not in the register is refused in the error summary, and no bid is started', async () => {
    const roundId = await openRound(`Register ${Date.now()}`, 3600);
    const { token } = await asCouncil(council('E06999999'));
    await page.goto(`${portal.url}/council/rounds/${roundId}`);
    await page.getByRole('button', { name: 'Start bid' }).click();
    await expectErrors(['E06999999 is not an English local authority in the register (ONS, April 2025)']);
    expect(await bidsOf(token)).toEqual([]);
  });

  it('a partner declines with a reason, which the lead sees; its own bid stays possible', async () => {
    const roundId = await openRound(`Joint bids ${Date.now()}`, 3600);
    const lead = council();
    const joint = (await request(intake.url).post(`/rounds/${roundId}/bids`).set(lead.auth).send(bidContent(lead.organisationId!, { partnerAuthorityCodes: [] })).expect(201)).body;
    const { token: partner } = await asCouncil();
    await request(intake.url).patch(`/bids/${joint.id}`).set(lead.auth).send({ partnerAuthorityCodes: [partner.organisationId] }).expect(200);

    await page.goto(`${portal.url}/council/invitations/${joint.id}`);
    await page.getByLabel('No, decline').check();
    await page.locator('#reason').fill('Our cabinet has not agreed to a joint bid');
    await page.getByRole('button', { name: 'Send answer' }).click();
    await page.getByText(`You have declined being a partner in bid ${joint.reference}`).waitFor();
    await request(intake.url).post(`/rounds/${roundId}/bids`).set(partner.auth).send(bidContent(partner.organisationId!)).expect(201);

    await asCouncil(lead);
    await page.goto(`${portal.url}/council/bids/${joint.id}`);
    expect(await page.locator('table', { hasText: partner.organisationId! }).innerText()).toMatch(/Declined[\s\S]*Our cabinet has not agreed to a joint bid/);
    await checked();
    // Another council cannot answer for the partner: the invitation is not there for it.
    await asCouncil();
    const other = await page.goto(`${portal.url}/council/invitations/${joint.id}`);
    expect(other?.status()).toBe(404);
  });

  it('a bid sent after the closing time gets the service’s refusal and stays a draft', async () => {
    const roundId = await openRound(`Closing soon ${Date.now()}`, 8);
    const { token } = await asCouncil();
    const draft = (await request(intake.url).post(`/rounds/${roundId}/bids`).set(token.auth).send(bidContent(token.organisationId!)).expect(201)).body;

    await page.goto(`${portal.url}/council/bids/${draft.id}/edit`);
    await checked();
    await waitForStatus(intake.url, roundId, 'closed', 20000);
    await page.getByRole('button', { name: 'Submit bid' }).click();
    await expectErrors([/closed at .* bids are not accepted at or after the closing time/]);
    await screenshot(page, 'council-late-bid-refused');
    expect((await bidsOf(token))[0].status).toBe('draft');
  });
});
