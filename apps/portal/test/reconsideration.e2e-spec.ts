/// <reference lib="dom" />
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { RunningService, SmtpTestServer, startTestService, testUser, TestUser, waitFor } from '@mutuals/testing';
import { applicationsService } from '../../applications/src/service';
import { createFund, registeredApplicant, submitted } from '../../applications/test/fixtures';
import { awardsService } from '../../awards/src/service';
import { AwardsApi, freshOrgId } from '../../awards/test/awards-fixtures';
import { notificationsService } from '../../notifications/src/service';
import { bidContent, council, officer as intakeOfficer, openRound, startIntake } from '../../intake/test/support';
import { deliveriesTo } from '../../notifications/test/support/service';
import { SignedInUser } from '../src/auth/personas';
import { checkPage, expectFormErrors, launchBrowser, openAs, RunningPortal, startTestPortal } from './portal-harness';

jest.setTimeout(400_000); // a real browser running axe on every page, on a shared machine

/**
 * Issue 15's acceptance, in a real browser against the real services: a rejected applicant asks for
 * the decision to be reconsidered; the officer who decided cannot review it; a different officer
 * overturns it; the case is back in assessment and the applicant is told.
 */
describe('reconsideration in the browser', () => {
  const smtp = new SmtpTestServer();
  let applications: RunningService<any>;
  let intake: RunningService<any>;
  let awards: RunningService<any>;
  let notifications: RunningService<any>;
  let api: AwardsApi;
  let portal: RunningPortal;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    await smtp.start();
    awards = await startTestService(awardsService, { OFFER_EXPIRY_POLL_MS: 200 });
    applications = await startTestService(applicationsService);
    intake = await startIntake();
    notifications = await startTestService(notificationsService, { SMTP_URL: smtp.url });
    api = new AwardsApi(awards.url, awards.app.get(DataSource));
    portal = await startTestPortal({ AWARDS_URL: awards.url, APPLICATIONS_URL: applications.url, INTAKE_URL: intake.url });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await notifications?.close();
    await intake?.close();
    await applications?.close();
    await awards?.close();
    await smtp.stop();
  });

  afterEach(async () => context?.close());

  async function as(user: SignedInUser) {
    ({ context, page } = await openAs(browser, portal, user));
  }

  const officerUser = (t: TestUser, name: string): SignedInUser => ({ id: t.id, persona: 'officer', roles: ['programme_officer'], name, email: t.email });
  const applicantUser = (t: TestUser): SignedInUser => ({ id: t.id, persona: 'applicant', roles: ['applicant'], name: 'Kerry Walsh', email: t.email, organisationId: t.organisationId });

  it('a rejected applicant asks; the deciding officer cannot review; a different officer overturns; the case is back in assessment and the applicant is told', async () => {
    const decider = api.officer;
    const reviewer = api.secondOfficer;
    const fund = await createFund(applications);
    const team = await api.team(fund.id, 'youth', 3);
    const { user } = await registeredApplicant(applications);
    const application = await submitted(applications, user, fund.id);
    const kase = await api.caseFor(application.id, 'in-assessment');
    await api.assess(team, kase.id, [2, 2, 2]);
    await request(awards.url).post(`/cases/${kase.id}/decision`).set(decider.auth).send({ outcome: 'rejected', reason: 'Below the funding line' }).expect(200);
    const viewOf = async () => (await request(applications.url).get(`/applications/${application.id}`).set(user.auth).expect(200)).body;
    await waitFor(async () => (await viewOf()).status === 'rejected', { what: 'the rejection in the applicant’s view', timeoutMs: 150_000 });

    // The applicant asks, from their application's page.
    await as(applicantUser(user));
    await page.goto(`${portal.url}/applicant/applications/${application.id}`);
    await page.getByRole('link', { name: 'ask for this decision to be reconsidered' }).click();
    await checkPage(page, 'applicant-reconsideration-form');
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectFormErrors(page, ['Enter why the decision should be reconsidered']);
    await page.locator('#grounds').fill('The assessors did not see the letter of support from Blackpool Council.');
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.getByText('Your request has been sent').waitFor();
    await checkPage(page);
    await waitFor(async () => (await viewOf()).reconsiderationStatus === 'requested', { what: 'the request in the applicant’s view', timeoutMs: 60_000 });
    await page.reload();
    expect(await page.locator('.govuk-summary-list').innerText()).toContain('Reconsideration requested');
    await context.close();

    // The officer who decided sees why they cannot review it, and no review form.
    const [waiting] = (await request(awards.url).get('/reconsiderations').query({ caseId: kase.id }).set(reviewer.auth).expect(200)).body.items;
    await as(officerUser(decider, 'Sam Okafor'));
    await page.goto(`${portal.url}/officer`);
    await page.locator('#alerts-reconsiderations').getByRole('link', { name: application.reference }).waitFor();
    await checkPage(page);
    await page.goto(`${portal.url}/officer/reconsiderations`);
    await checkPage(page);
    await page.getByRole('link', { name: application.reference }).click();
    expect(await page.locator('#cannot-review').innerText()).toContain('You cannot review this reconsideration: you made the decision being reconsidered');
    expect(await page.getByRole('button', { name: 'Record review' }).count()).toBe(0);
    await checkPage(page, 'officer-reconsideration-decider');
    await context.close();

    // A different officer overturns it.
    await as(officerUser(reviewer, 'Priya Shah'));
    await page.goto(`${portal.url}/officer/reconsiderations/${waiting.id}`);
    await checkPage(page);
    await page.getByRole('button', { name: 'Record review' }).click();
    await expectFormErrors(page, ['Select whether the decision is upheld or overturned', 'Enter the reasons for your review']);
    await page.getByLabel('Overturn the decision').check();
    await page.getByLabel('Back to assessment').check();
    await page.locator('#reason').fill('The letter of support answers the panel’s concern; a further assessor will score the case.');
    await page.getByRole('button', { name: 'Record review' }).click();
    await page.getByText('The decision has been overturned').waitFor();
    await checkPage(page, 'officer-reconsideration-overturned');
    await page.goto(`${portal.url}/officer/cases/${kase.id}`);
    const caseSummary = await page.locator('.govuk-summary-list').first().innerText();
    expect(caseSummary).toContain('In assessment');
    expect(caseSummary).toMatch(/Reconsideration\s+Overturned/);
    await checkPage(page);
    await context.close();

    // The applicant is told, by email and on their application.
    await waitFor(async () => (await deliveriesTo(notifications, user.email!)).some((d) => d.template_id === 'reconsideration-overturned' && d.subject_id === application.id), {
      what: 'the overturned email to the applicant, recorded',
      timeoutMs: 60_000,
    });
    const mail = await waitFor(async () => smtp.to(user.email!).find((m) => m.subject === `The decision on ${application.reference} has been overturned`), { what: 'the overturned email', timeoutMs: 60_000 });
    expect(mail.body).toContain('Your case is back in assessment');
    await waitFor(async () => (await viewOf()).status === 'in_assessment', { what: 'the applicant’s view back in assessment', timeoutMs: 60_000 });
    await as(applicantUser(user));
    await page.goto(`${portal.url}/applicant/applications/${application.id}`);
    const summary = await page.locator('.govuk-summary-list').innerText();
    expect(summary).toContain('In assessment');
    expect(summary).toContain('Decision overturned: The letter of support answers the panel’s concern');
    await checkPage(page, 'applicant-reconsideration-overturned');
  });

  it('a council whose bid was screened ineligible asks for the screening to be reconsidered; the screener cannot review; another officer overturns it', async () => {
    const roundId = await openRound(intake.url);
    const token = council();
    const started = await request(intake.url).post(`/rounds/${roundId}/bids`).set(token.auth).send(bidContent(token.organisationId!)).expect(201);
    await request(intake.url).post(`/bids/${started.body.id}/submit`).set(token.auth).expect(200);
    await request(intake.url).post(`/bids/${started.body.id}/screening`).set(intakeOfficer.auth).send({ outcome: 'ineligible', reason: 'The partner council has not confirmed its part' }).expect(200);

    await as({ id: token.id, persona: 'council', roles: ['applicant'], name: token.name, email: token.email, organisationId: token.organisationId });
    await page.goto(`${portal.url}/council/bids/${started.body.id}`);
    await page.getByRole('link', { name: 'ask for it to be reconsidered' }).click();
    await checkPage(page);
    await page.locator('#grounds').fill('Our partner confirmed its part on 28 May.');
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.getByText('Your request has been sent').waitFor();
    expect(await page.locator('.govuk-summary-list').innerText()).toContain('Reconsideration requested');
    await checkPage(page);
    await context.close();

    await as(officerUser(intakeOfficer, 'Sam Okafor'));
    await page.goto(`${portal.url}/officer`);
    await page.locator('#alerts-screenings').getByRole('link', { name: started.body.reference }).click();
    expect(await page.locator('#cannot-review').innerText()).toContain('You cannot review this reconsideration: you screened this bid as ineligible');
    await checkPage(page);
    await context.close();

    await as(officerUser(api.secondOfficer, 'Priya Shah'));
    await page.goto(`${portal.url}/officer/reconsiderations`);
    await page.locator('#screening-reconsiderations').getByRole('link', { name: started.body.reference }).click();
    await page.getByLabel('Overturn it: the bid is eligible and goes to assessment').check();
    await page.locator('#reason').fill('The partner confirmed in time.');
    await page.getByRole('button', { name: 'Record review' }).click();
    await page.getByText('The screening has been overturned').waitFor();
    await checkPage(page);
    expect((await request(intake.url).get(`/bids/${started.body.id}`).set(token.auth).expect(200)).body.status).toMatch(/eligible|in_assessment/);
    await api.caseFor(started.body.id);
  });

  it('an officer re-issues a lapsed offer from its page, with a new expiry', async () => {
    const fund = await createFund(applications);
    const team = await api.team(fund.id, 'youth', 2);
    await waitFor(async () => (await request(awards.url).get(`/programmes/${fund.id}`).set(api.officer.auth)).body.budgetPence > 0, { what: 'the fund’s budget in awards', timeoutMs: 150_000 });
    const { user } = await registeredApplicant(applications);
    const application = await submitted(applications, user, fund.id);
    const kase = await api.caseFor(application.id, 'in-assessment');
    await api.assess(team, kase.id);
    await request(awards.url).post(`/cases/${kase.id}/decision`).set(api.officer.auth).send({ outcome: 'approved', amountPence: 2_000_000, reason: 'Fits' }).expect(200);
    await request(awards.url).post(`/cases/${kase.id}/due-diligence`).set(api.officer.auth).send({ recipientOrgIdentifier: freshOrgId(), subsidyDeclaredPence: 0 }).expect(201);
    const award = (await request(awards.url).post(`/cases/${kase.id}/offer`).set(api.officer.auth).send({ conditions: [], expiresAt: new Date(Date.now() + 1500).toISOString() }).expect(201)).body;
    await waitFor(async () => (await request(awards.url).get(`/awards/${award.id}`).set(api.officer.auth)).body.status === 'lapsed', { what: 'the offer to lapse' });

    await as(officerUser(api.officer, 'Sam Okafor'));
    await page.goto(`${portal.url}/officer/awards/${award.id}`);
    await checkPage(page);
    await page.getByRole('button', { name: 'Re-issue offer' }).click();
    await expectFormErrors(page, ['Enter the date the new offer expires']);
    const next = new Date(Date.now() + 30 * 86_400_000);
    await page.locator('#reissue-day').fill(String(next.getUTCDate()));
    await page.locator('#reissue-month').fill(String(next.getUTCMonth() + 1));
    await page.locator('#reissue-year').fill(String(next.getUTCFullYear()));
    await page.getByRole('button', { name: 'Re-issue offer' }).click();
    await page.getByText('The offer has been made again').waitFor();
    expect(await page.locator('#award-summary').innerText()).toContain('Offered');
    await checkPage(page);
    await waitFor(async () => (await deliveriesTo(notifications, user.email!)).some((d) => d.template_id === 'offer-reissued'), { what: 'the applicant told', timeoutMs: 60_000 });
  });
});
