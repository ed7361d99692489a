/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { RunningService, startTestService, testUser } from '@mutuals/testing';
import { applicationsService } from '../../applications/src/service';
import { SignedInUser } from '../src/auth/personas';
import { RunningPortal, checkPage, expectFormErrors, launchBrowser, openAs, screenshot, startTestPortal } from './portal-harness';

/**
 * An applicant to the support fund, in a real browser against the real applications service:
 * register, apply one question per page, save and come back, submit, see the receipt and status.
 */
jest.setTimeout(240_000); // a real browser running axe on every page, on a shared machine

describe('applicant journey in the browser', () => {
  let applications: RunningService<any>;
  let portal: RunningPortal;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let fund: { id: string; name: string };
  const officer = testUser('programme_officer');

  beforeAll(async () => {
    applications = await startTestService(applicationsService);
    portal = await startTestPortal({ APPLICATIONS_URL: applications.url });
    browser = await launchBrowser();
    const created = await request(applications.url)
      .post('/funds')
      .set(officer.auth)
      .send({
        name: `Mutuals Interim Support Fund ${randomUUID().slice(0, 6)}`,
        capPerApplicationPence: 2_500_000,
        budgetPence: 100_000_000,
        open: true,
        matchFundingRequired: false,
        questions: [
          { id: 'need', text: 'What support do you need, and why now?', wordLimit: 12, required: true },
          { id: 'outcomes', text: 'What difference will the support make?', wordLimit: 50, required: false },
        ],
      })
      .expect(201);
    fund = created.body;
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await applications?.close();
  });

  function newApplicant(): SignedInUser {
    const id = `applicant-${randomUUID().slice(0, 8)}`;
    return { id, persona: 'applicant', roles: ['applicant'], name: 'Kerry Walsh', email: `${id}@example.org` };
  }

  async function as(user: SignedInUser) {
    ({ context, page } = await openAs(browser, portal, user));
  }

  afterEach(async () => context?.close());

  /** Every page the journey meets is checked the same way. */
  const checked = (name?: string) => checkPage(page, name);

  const expectErrors = (messages: string[]) => expectFormErrors(page, messages);

  async function continueWith(value: string | undefined, action: 'Continue' | 'Save and come back later' = 'Continue') {
    if (value !== undefined) await page.locator('#value').fill(value);
    await page.getByRole('button', { name: action }).click();
  }

  const applicationsOf = async (user: SignedInUser) => {
    const token = testUser('applicant', { id: user.id, email: user.email });
    return (await request(applications.url).get('/applications').set(token.auth).expect(200)).body.items;
  };
  const organisationsOf = async (user: SignedInUser) => {
    const token = testUser('applicant', { id: user.id, email: user.email });
    return (await request(applications.url).get('/organisations').set(token.auth).expect(200)).body.items;
  };

  it('an applicant registers, applies one question per page, saves and comes back, submits, and sees the receipt and status', async () => {
    const user = newApplicant();
    await as(user);

    await page.goto(`${portal.url}/applicant`);
    await checked('applicant-home');
    await page.getByRole('button', { name: 'Register your organisation' }).click();
    await checked();

    // Empty: every required field says what is missing, and nothing is stored.
    await page.getByRole('button', { name: 'Register organisation' }).click();
    await expectErrors([
      'Enter the name of your organisation',
      'Select what kind of organisation you are',
      'Select the legal form of your organisation',
      'Enter the council, NHS body or department you are spinning out of',
      'Enter the public services you deliver, one on each line',
      "Enter the employees' share, in percent",
    ]);
    await screenshot(page, 'applicant-organisation-errors');
    expect(await organisationsOf(user)).toEqual([]);

    await page.locator('#name').fill('Blackpool youth service staff group');
    await page.getByLabel('Staff group planning to spin out').check();
    await page.getByLabel('None yet').check();
    await page.locator('#parentBody').fill('Blackpool Council');
    await page.locator('#servicesInScope').fill('Youth clubs\nDetached youth work');
    await page.locator('#employeeSharePercent').fill('140');
    await page.getByRole('button', { name: 'Register organisation' }).click();
    await expectErrors(["The employees' share must be a whole number from 0 to 100"]);
    expect(await organisationsOf(user)).toEqual([]);
    await page.locator('#employeeSharePercent').fill('100');
    await page.getByRole('button', { name: 'Register organisation' }).click();
    await page.getByText('Blackpool youth service staff group is registered').waitFor();
    await checked();

    await page.getByRole('button', { name: 'Start a new application' }).click();
    await checked();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expectErrors(['Select the fund you want to apply to']);
    expect(await applicationsOf(user)).toEqual([]);
    await page.getByLabel(fund.name).check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: 'What is your project called?' }).waitFor();
    await checked('applicant-question');
    await continueWith('');
    await expectErrors(['Enter the name of your project']);
    await continueWith('Legal and pensions advice to spin out the youth service');

    await page.getByRole('heading', { name: 'What kind of expert help do you need?' }).waitFor();
    await continueWith(undefined);
    await expectErrors(['Select at least one kind of help']);
    await page.getByLabel('Legal', { exact: true }).check();
    await page.getByLabel('HR and pensions').check();
    await continueWith(undefined);

    await page.getByRole('heading', { name: 'How much funding are you asking for?' }).waitFor();
    await continueWith('lots');
    await expectErrors(['Enter an amount in pounds, like 25000 or 18927.50']);
    const [draft] = await applicationsOf(user);
    expect(draft.amountRequestedPence).toBeNull();
    // The service's own rule (the fund's cap) comes back as an inline error too.
    await continueWith('30000');
    await expectErrors([expect.stringContaining('at most £25,000') as unknown as string]);
    await continueWith('25,000', 'Save and come back later');
    await page.getByText(`Your answers to ${draft.reference} have been saved`).waitFor();
    await checked();

    // Come back later: the application continues where it stopped.
    await page.getByRole('link', { name: draft.reference }).click();
    await checked('applicant-status-draft');
    await page.getByRole('button', { name: 'Continue your application' }).click();
    await page.getByRole('heading', { name: /How much public subsidy/ }).waitFor();
    await continueWith('0');
    await page.getByRole('group', { name: 'Are the services you deliver in England?' }).waitFor();
    await continueWith(undefined);
    await expectErrors(['Select yes if the services are delivered in England']);
    await page.getByLabel('Yes').check();
    await continueWith(undefined);

    await page.getByRole('heading', { name: 'What support do you need, and why now?' }).waitFor();
    await continueWith('We need advice on TUPE and on the pension fund admission agreement before the council decides in May.');
    await expectErrors(['Your answer must be 12 words or fewer; it has 18']);
    await continueWith('TUPE and pensions advice before the council decides in May.');
    await page.getByRole('heading', { name: 'What difference will the support make?' }).waitFor();
    await continueWith('');

    await page.getByRole('heading', { name: 'Check your answers before submitting your application' }).waitFor();
    await checked('applicant-check-answers');
    const rows = await page.locator('.govuk-summary-list__row').allInnerTexts();
    expect(rows.join('\n')).toContain('£25,000');
    expect(rows.join('\n')).toContain('Legal, HR and pensions');
    await page.getByRole('button', { name: 'Accept and send' }).click();

    await page.locator('.govuk-panel').waitFor();
    const panel = await page.locator('.govuk-panel').innerText();
    expect(panel).toContain('Application submitted');
    expect(panel).toContain(draft.reference);
    await checked('applicant-confirmation');
    const [submitted] = await applicationsOf(user);
    expect(submitted.status).toBe('submitted');

    await page.getByRole('link', { name: 'Follow the status of your application' }).click();
    expect(await page.locator('.govuk-summary-list').innerText()).toContain('Submitted');
    await checked('applicant-status');
  });

  it('an applicant withdraws an application after confirming', async () => {
    const user = newApplicant();
    const token = testUser('applicant', { id: user.id, email: user.email });
    await request(applications.url).post('/organisations').set(token.auth).send({ name: 'Hazlitt staff', type: 'staff-group', legalForm: 'none-yet' }).expect(201);
    const draft = (await request(applications.url).post('/applications').set(token.auth).send({ fundId: fund.id }).expect(201)).body;
    await as(user);
    await page.goto(`${portal.url}/applicant/applications/${draft.id}`);
    await page.getByRole('link', { name: 'Withdraw this application' }).click();
    await checked();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expectErrors(['Select yes if you want to withdraw this application']);
    expect((await applicationsOf(user))[0].status).toBe('draft');
    await page.getByLabel('Yes, withdraw it').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText(`Application ${draft.reference} has been withdrawn`).waitFor();
    expect((await applicationsOf(user))[0].status).toBe('withdrawn');
  });

  it('an applicant with many applications pages through all of them, newest first', async () => {
    const user = newApplicant();
    const token = testUser('applicant', { id: user.id, email: user.email });
    await request(applications.url).post('/organisations').set(token.auth).send({ name: 'Hazlitt staff', type: 'staff-group', legalForm: 'none-yet' }).expect(201);
    const references: string[] = [];
    for (let i = 0; i < 23; i++) references.push((await request(applications.url).post('/applications').set(token.auth).send({ fundId: fund.id }).expect(201)).body.reference);
    await as(user);
    await page.goto(`${portal.url}/applicant`);
    const shown = () => page.locator('tbody tr td:first-child').allInnerTexts();
    const firstPage = await shown();
    expect(firstPage).toHaveLength(20);
    expect(firstPage[0]).toBe(references[22]);
    await checked();
    await page.getByRole('link', { name: 'Next' }).click();
    expect(new URL(page.url()).searchParams.get('page')).toBe('2');
    expect([...firstPage, ...(await shown())].sort()).toEqual([...references].sort());
  });

  it('a form posted without the session’s CSRF token is refused and stores nothing', async () => {
    const user = newApplicant();
    await as(user);
    await page.goto(`${portal.url}/applicant/organisation`);
    const form = { name: 'Forged organisation', type: 'staff-group', legalForm: 'none-yet', parentBody: 'X', servicesInScope: 'Y', employeeSharePercent: '100' };
    const missing = await page.request.post(`${portal.url}/applicant/organisation`, { form, maxRedirects: 0 });
    const wrong = await page.request.post(`${portal.url}/applicant/organisation`, { form: { ...form, _csrf: 'not-the-token' }, maxRedirects: 0 });
    for (const response of [missing, wrong]) {
      expect(response.status()).toBe(403);
      expect(await response.text()).toContain('This form has expired');
    }
    expect(await organisationsOf(user)).toEqual([]);
  });

  it('an applicant opening an officer page gets the refusal page, not data; signed out, the sign-in page', async () => {
    await as(newApplicant());
    const response = await page.goto(`${portal.url}/officer/applications`);
    expect(response?.status()).toBe(403);
    await page.getByRole('heading', { name: 'You cannot see this page' }).waitFor();
    expect(await page.locator('main').innerText()).toContain('This page is for programme officer accounts');
    expect(await page.locator('table').count()).toBe(0);
    await checked('refused');

    await page.getByRole('button', { name: /Sign out/ }).click();
    await page.getByText('You have signed out').waitFor();
    await page.goto(`${portal.url}/applicant`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await checked('sign-in');

    // The demo sign-in form: nothing chosen is an error; a demo user lands where they were going.
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectErrors(['Select who you want to sign in as']);
    await page.getByRole('radio', { name: /Alex Morgan/ }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your applications' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/applicant');
  });
});
