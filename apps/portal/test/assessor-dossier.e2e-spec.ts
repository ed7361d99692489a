/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Browser } from 'playwright-core';
import { minimalPdf } from '@mutuals/documents';
import { RunningService, startTestService, TestUser, testUser, waitFor } from '@mutuals/testing';
import { applicationsService } from '../../applications/src/service';
import { COMPLETE_APPLICATION, createFund, draft, QUESTIONS, registeredApplicant } from '../../applications/test/fixtures';
import { awardsService } from '../../awards/src/service';
import { SignedInUser } from '../src/auth/personas';
import { checkPage, launchBrowser, openAs, RunningPortal, startTestPortal } from './portal-harness';

jest.setTimeout(400_000);

/**
 * The assessor reads what they score, in a real browser: an application with its business plan
 * reaches awards through Kafka; the allocated assessor reads every answer, downloads the plan and
 * scores; an assessor with a declared conflict gets 404 on the dossier and on the document.
 */
describe("the assessor's dossier in the browser", () => {
  let applications: RunningService<any>;
  let awards: RunningService<any>;
  let portal: RunningPortal;
  let browser: Browser;
  const officer = testUser('programme_officer');

  beforeAll(async () => {
    awards = await startTestService(awardsService);
    applications = await startTestService(applicationsService);
    portal = await startTestPortal({ AWARDS_URL: awards.url, APPLICATIONS_URL: applications.url });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await applications?.close();
    await awards?.close();
  });

  const assessorUser = (t: TestUser): SignedInUser => ({ id: t.id, persona: 'assessor', roles: ['assessor'], name: t.name, email: t.email });

  it('shows the allocated assessor every answer and the plan, and nothing to a conflicted one', async () => {
    const fund = await createFund(applications, { assessment: { criteria: [{ id: 'need', name: 'Need', weight: 60 }, { id: 'value', name: 'Value', weight: 40 }], scaleMax: 5, assessorsPerCase: 1, moderationThreshold: 20 } });
    const { user, organisation } = await registeredApplicant(applications, { name: `Staff group ${randomUUID().slice(0, 6)}` });
    const reader = testUser('assessor', { name: 'Priya Shah' });
    const conflicted = testUser('assessor', { name: 'Conflicted Assessor' });
    await request(awards.url).put(`/assessors/${reader.id}`).set(officer.auth).send({ name: reader.name, email: reader.email, sectors: ['youth'], programmeIds: [fund.id], capacity: 5 }).expect(200);
    await request(awards.url)
      .put(`/assessors/${conflicted.id}`)
      .set(officer.auth)
      .send({ name: conflicted.name, email: conflicted.email, sectors: ['youth'], programmeIds: [fund.id], capacity: 5, conflicts: [{ kind: 'organisation', value: organisation.name }] })
      .expect(200);

    const application = await draft(applications, user, fund.id);
    const plan = minimalPdf('Our business plan');
    const uploaded = await request(applications.url).post(`/applications/${application.id}/documents`).set(user.auth).attach('file', plan, 'Business plan.pdf').expect(201);
    const current = await request(applications.url).get(`/applications/${application.id}`).set(user.auth).expect(200);
    await request(applications.url).post(`/applications/${application.id}/submit`).set(user.auth).send({ version: current.body.version }).expect(200);
    const caseId: string = await waitFor(async () => (await awards.app.get(DataSource).query(`select c.id from cases c join allocations x on x.case_id = c.id where c.source_id = $1 and x.assessor_id = $2`, [application.id, reader.id]))[0]?.id, {
      what: 'the case allocated in awards',
      timeoutMs: 150_000,
      intervalMs: 300,
    });

    const { context, page } = await openAs(browser, portal, assessorUser(reader));
    await page.goto(`${portal.url}/assessor/cases/${caseId}`);
    await checkPage(page);
    const answers = await page.locator('.dossier-answers .govuk-summary-list__row').allInnerTexts();
    expect(answers).toHaveLength(QUESTIONS.length);
    QUESTIONS.forEach((q, i) => {
      expect(answers[i]).toContain(q.text);
      const answer = COMPLETE_APPLICATION.answers.find((a) => a.questionId === q.id)?.text ?? 'Not answered';
      expect(answers[i]).toContain(answer);
    });
    await page.getByText('Youth clubs, Detached youth work').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Business plan.pdf' }).click()]);
    expect(download.suggestedFilename()).toBe('Business plan.pdf');
    const bytes = await new Promise<Buffer>(async (resolve) => {
      const stream = await download.createReadStream();
      const parts: Buffer[] = [];
      stream.on('data', (d) => parts.push(d)).on('end', () => resolve(Buffer.concat(parts)));
    });
    expect(bytes).toEqual(plan);

    await page.locator('input[name="score-need"][value="5"]').check();
    await page.getByLabel('Your reasons for the score for Need').fill('Clear need: the transfer date is fixed');
    await page.locator('input[name="score-value"][value="4"]').check();
    await page.getByLabel('Your reasons for the score for Value').fill('Modest ask for the advice bought');
    await page.locator('input[name="recommendation"][value="fund"]').check();
    await page.getByRole('button', { name: 'Submit assessment' }).click();
    await page.getByText('has been submitted').waitFor();
    await checkPage(page);
    await context.close();

    const other = await openAs(browser, portal, assessorUser(conflicted));
    const dossierPage = await other.page.goto(`${portal.url}/assessor/cases/${caseId}`);
    expect(dossierPage?.status()).toBe(404);
    await checkPage(other.page);
    const documentPage = await other.page.goto(`${portal.url}/assessor/cases/${caseId}/documents/${uploaded.body.id}`);
    expect(documentPage?.status()).toBe(404);
    await other.context.close();
  });
});
