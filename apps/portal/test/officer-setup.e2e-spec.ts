/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { RunningService, startTestService, testUser } from '@mutuals/testing';
import { applicationsService } from '../../applications/src/service';
import { awardsService } from '../../awards/src/service';
import { intakeService } from '../../intake/src/service';
import { notificationsService } from '../../notifications/src/service';
import { SignedInUser } from '../src/auth/personas';
import { checkPage, expectFormErrors, launchBrowser, openAs, RunningPortal, startTestPortal } from './portal-harness';

jest.setTimeout(240_000); // a real browser running axe on every page, on a shared machine

/** A programme officer sets up a fund, a programme and a round from the portal alone, against the real services. */
describe('setting up funds, programmes and rounds in the browser', () => {
  let applications: RunningService<any>;
  let intake: RunningService<any>;
  let awards: RunningService<any>;
  let notifications: RunningService<any>;
  let portal: RunningPortal;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const officer = testUser('programme_officer');
  const officerUser: SignedInUser = { id: officer.id, persona: 'officer', roles: ['programme_officer'], name: 'Sam Okafor', email: 'sam.okafor@example.gov.uk' };
  const checked = () => checkPage(page);

  beforeAll(async () => {
    applications = await startTestService(applicationsService);
    intake = await startTestService(intakeService);
    awards = await startTestService(awardsService);
    notifications = await startTestService(notificationsService);
    portal = await startTestPortal({ APPLICATIONS_URL: applications.url, INTAKE_URL: intake.url, AWARDS_URL: awards.url, NOTIFICATIONS_URL: notifications.url });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await notifications?.close();
    await awards?.close();
    await intake?.close();
    await applications?.close();
  });

  beforeEach(async () => {
    ({ context, page } = await openAs(browser, portal, officerUser));
  });
  afterEach(async () => context?.close());

  const fill = async (values: Record<string, string>) => {
    for (const [id, value] of Object.entries(values)) await page.locator(`#${id}`).fill(value);
  };
  const ukTime = (name: string, day: string, month: string, year: string, time: string) =>
    fill({ [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year, [`${name}-time`]: time });

  it('creates a fund with three weighted criteria, refusing weights that do not add up to 100, with an opening window in UK time', async () => {
    const name = `Transition Fund ${Date.now()}`;
    await page.goto(`${portal.url}/officer`);
    await page.getByRole('link', { name: 'Set up', exact: true }).click();
    await checked();
    await page.getByRole('link', { name: 'Funds', exact: true }).click();
    await page.getByRole('button', { name: 'Set up a fund' }).click();
    await checked();
    await fill({ name, description: 'Grants for staff groups spinning out of councils', cap: '25,000', budget: '500000' });
    await page.locator('#open').check();
    await page.locator('#matchFunding-2').check();
    await fill({ 'question-0-text': 'What support do you need, and why now?', 'question-0-words': '300' });
    await page.getByRole('button', { name: 'Add a question' }).click();
    await fill({ 'question-1-text': 'Who in your organisation will lead the work?', 'question-1-words': '150' });
    await page.getByRole('button', { name: 'Add a criterion' }).click();
    await page.getByRole('button', { name: 'Add a criterion' }).click();
    await fill({ 'criterion-0-name': 'Need', 'criterion-0-weight': '40', 'criterion-1-name': 'Deliverability', 'criterion-1-weight': '35', 'criterion-2-name': 'Value for money', 'criterion-2-weight': '20' });
    await page.getByRole('button', { name: 'Add an opening window' }).click();
    await ukTime('window-0-opens', '1', '4', '2027', '09:00');
    await ukTime('window-0-closes', '30', '6', '2027', '17:00');
    // Moving a question keeps what was typed everywhere else.
    await page.getByRole('button', { name: 'Move up question 2' }).click();
    expect(await page.locator('#question-0-text').inputValue()).toBe('Who in your organisation will lead the work?');
    expect(await page.locator('#criterion-2-weight').inputValue()).toBe('20');
    await checked();
    await page.getByRole('button', { name: 'Set up fund' }).click();

    await expectFormErrors(page, ['The assessment criteria weights (Need 40, Deliverability 35, Value for money 20) add up to 95; they must add up to 100']);
    expect(await page.locator('#criterion-0-weight').getAttribute('class')).toContain('govuk-input--error');
    await fill({ 'criterion-2-weight': '25' });
    await page.getByRole('button', { name: 'Set up fund' }).click();
    await page.getByText(`${name} has been set up`).waitFor();
    await checked();

    const id = page.url().split('/').pop()!;
    const fund = (await request(applications.url).get(`/funds/${id}`).set(officer.auth).expect(200)).body;
    expect(fund).toMatchObject({
      name,
      description: 'Grants for staff groups spinning out of councils',
      capPerApplicationPence: 2_500_000,
      budgetPence: 50_000_000,
      open: true,
      matchFundingRequired: false,
      openingWindows: [{ opensAt: '2027-04-01T08:00:00.000Z', closesAt: '2027-06-30T16:00:00.000Z' }],
    });
    expect(fund.questions.map((q: { text: string; wordLimit: number }) => [q.text, q.wordLimit])).toEqual([
      ['Who in your organisation will lead the work?', 150],
      ['What support do you need, and why now?', 300],
    ]);
    expect(fund.assessment.criteria.map((c: { name: string; weight: number }) => [c.name, c.weight])).toEqual([['Need', 40], ['Deliverability', 35], ['Value for money', 25]]);
    // Shown back in UK time, as entered.
    expect(await page.locator('#window-0-closes-time').inputValue()).toBe('17:00');
    expect(await page.locator('#window-0-opens-time').inputValue()).toBe('09:00');

    // A change is kept in the fund's history with who made it.
    await fill({ budget: '600000', reason: 'Raised after the spending review' });
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(`${name} has been changed`).waitFor();
    expect((await request(applications.url).get(`/funds/${id}`).set(officer.auth).expect(200)).body.budgetPence).toBe(60_000_000);
    const [changed] = await applications.app.get(DataSource).query(`select actor_id, detail from audit_trail where subject_type = 'fund' and subject_id = $1 and action = 'updated'`, [id]);
    expect(changed).toMatchObject({ actor_id: officer.id, detail: { reason: 'Raised after the spending review' } });
    await page.goto(`${portal.url}/officer/setup/funds`);
    await page.getByRole('link', { name }).waitFor();
    await checked();
  });

  it('creates a programme and a round whose deadline, entered in UK time, is stored in UTC and shown back as entered', async () => {
    const code = `DD-${Date.now() % 1_000_000}`;
    await page.goto(`${portal.url}/officer/setup/programmes`);
    await page.getByRole('button', { name: 'Set up a programme' }).click();
    await fill({
      code,
      title: 'Delivering Differently',
      departments: 'Department for Communities and Local Government\nCabinet Office',
      budget: '1,000,000',
      legalPower: 'Section 31 of the Local Government Act 2003',
      grantsSchemeReference: 'GGIS-SCH-004217',
      seniorResponsibleOfficer: 'Director, Public Service Transformation',
    });
    await checked();
    await page.getByRole('button', { name: 'Set up programme' }).click();
    await page.getByText('Delivering Differently has been set up').waitFor();
    await checked();
    const programmeId = page.url().split('/').pop()!;
    expect((await request(intake.url).get(`/programmes/${programmeId}`).set(officer.auth).expect(200)).body).toMatchObject({ code, budgetPence: 100_000_000, departments: ['Department for Communities and Local Government', 'Cabinet Office'] });

    await page.getByRole('button', { name: 'Add a round' }).click();
    await fill({ name: 'Delivering Differently 2027', referencePrefix: 'dd27', maxAward: '100000', places: '10', maxPartners: '4' });
    await ukTime('opens', '14', '4', '2027', '09:00');
    await ukTime('closes', '30', '5', '2027', '17:00');
    await fill({ 'question-0-text': 'What service do you want to deliver differently, and how?', 'question-0-words': '500' });
    await page.getByRole('button', { name: 'Add a criterion' }).click();
    await page.getByRole('button', { name: 'Add a criterion' }).click();
    await fill({ 'criterion-0-name': 'Ambition', 'criterion-0-weight': '40', 'criterion-1-name': 'Deliverability', 'criterion-1-weight': '30', 'criterion-2-name': 'Value', 'criterion-2-weight': '20' });
    await page.getByRole('button', { name: 'Add round' }).click();
    await expectFormErrors(page, ['The criteria weights (Ambition 40, Deliverability 30, Value 20) add up to 90; they must add up to 100']);
    await fill({ 'criterion-2-weight': '30' });
    // A time that does not exist in the UK is refused by name.
    await ukTime('closes', '28', '3', '2027', '01:30');
    await page.getByRole('button', { name: 'Add round' }).click();
    await expectFormErrors(page, ['01:30 on that day does not exist in the UK (the clocks go forward); choose another time it closes']);
    await ukTime('closes', '30', '5', '2027', '17:00');
    await page.getByRole('button', { name: 'Add round' }).click();
    await page.getByText('Delivering Differently 2027 has been set up as a draft').waitFor();
    await checked();

    const roundId = page.url().split('/').pop()!;
    const round = (await request(intake.url).get(`/rounds/${roundId}`).set(officer.auth).expect(200)).body;
    expect(round).toMatchObject({ referencePrefix: 'DD27', opensAt: '2027-04-14T08:00:00.000Z', closesAt: '2027-05-30T16:00:00.000Z', maxAwardPence: 10_000_000, status: 'draft' });
    expect(await page.locator('.govuk-summary-list').innerText()).toContain('30 May 2027 at 5:00pm (UK time)');
    expect(await page.locator('#closes-time').inputValue()).toBe('17:00');
    expect(await page.locator('#closes-day').inputValue()).toBe('30');

    await page.getByRole('button', { name: 'Schedule the round' }).click();
    await page.getByText('The round is scheduled').waitFor();
    expect((await request(intake.url).get(`/rounds/${roundId}`).set(officer.auth).expect(200)).body.status).toBe('scheduled');
    await checked();
    await page.goto(`${portal.url}/officer/setup/programmes/${programmeId}`);
    expect(await page.locator('tbody').innerText()).toMatch(/Delivering Differently 2027\s+14 April 2027 at 9:00am\s+30 May 2027 at 5:00pm\s+Scheduled/);
  });

  it('puts an assessor on the panel with a declared conflict, takes the conflict back with a reason, and keeps a council contact list', async () => {
    const id = `assessor-ui-${Date.now()}`;
    await page.goto(`${portal.url}/officer/setup/assessors`);
    await page.getByRole('button', { name: 'Add an assessor' }).click();
    await fill({ id, name: 'Nadia Rahman', email: 'nadia.rahman@assessors.example.org', capacity: '-1' });
    await page.getByLabel('Youth').check();
    await page.locator('#conflictKind').selectOption('parent-body');
    await fill({ conflictValue: 'Bristol City Council', conflictReason: 'Worked in its commissioning team until 2025' });
    await page.getByRole('button', { name: 'Add to the panel' }).click();
    await expectFormErrors(page, ['Capacity must not be less than 0']);
    await fill({ capacity: '6' });
    await page.getByRole('button', { name: 'Add to the panel' }).click();
    await page.getByText('Nadia Rahman is on the assessor panel').waitFor();
    await checked();
    expect((await request(awards.url).get(`/assessors/${id}`).set(officer.auth).expect(200)).body).toMatchObject({ capacity: 6, sectors: ['youth'], conflicts: [{ kind: 'parent-body', value: 'bristol city council' }] });

    await page.getByRole('button', { name: 'Remove conflict' }).click();
    await expectFormErrors(page, ['Enter why the conflict no longer applies']);
    await fill({ 'remove-reason-0': 'Left the council in 2019' });
    await page.getByRole('button', { name: 'Remove conflict' }).click();
    await page.getByText('The conflict has been removed').waitFor();
    expect((await request(awards.url).get(`/assessors/${id}`).set(officer.auth).expect(200)).body.conflicts).toEqual([]);
    // On no panel she would take youth cases of every programme: later files of the run share awards' database.
    await request(awards.url)
      .put(`/assessors/${id}`)
      .set(officer.auth)
      .send({ name: 'Nadia Rahman', email: 'nadia.rahman@assessors.example.org', sectors: ['youth'], programmeIds: [randomUUID()], capacity: 0, conflicts: [] })
      .expect(200);

    const email = `jo.bennett.${Date.now()}@liverpool.example.gov.uk`;
    await page.goto(`${portal.url}/officer/setup/contacts`);
    await page.locator('#kind-2').check();
    await fill({ name: 'Jo Bennett', email, organisation: 'Liverpool City Council', reason: 'New head of commissioning' });
    await page.getByRole('button', { name: 'Add contact' }).click();
    await page.getByText('Jo Bennett is on the council contact list').waitFor();
    await checked();
    await page.locator('#kind-2').check();
    await fill({ name: 'Jo Bennett', email: email.toUpperCase() });
    await page.getByRole('button', { name: 'Add contact' }).click();
    await expectFormErrors(page, [`${email.toUpperCase()} is already on the council contact list`]);
    await page.goto(`${portal.url}/officer/setup/contacts?kind=council`);
    await page.getByRole('button', { name: 'Remove Jo Bennett' }).click();
    await page.getByText('The contact has been removed').waitFor();
    const changes = (await request(notifications.url).get('/contacts/changes').set(officer.auth).expect(200)).body.items.filter((c: { email: string }) => c.email === email);
    expect(changes.map((c: { action: string; actor: string }) => [c.action, c.actor])).toEqual([['removed', officer.id], ['added', officer.id]]);
  });
});
