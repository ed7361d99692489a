/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Browser, Page } from 'playwright-core';
import { minimalPdf, windowsProgram } from '@mutuals/documents';
import { RunningService, startTestService, TestUser, testUser, waitFor } from '@mutuals/testing';
import { applicationsService } from '../../applications/src/service';
import { COMPLETE_APPLICATION, createFund, draft, QUESTIONS, registeredApplicant } from '../../applications/test/fixtures';
import { awardsService } from '../../awards/src/service';
import { SignedInUser } from '../src/auth/personas';
import { checkPage, expectFormErrors, launchBrowser, openAs, RunningPortal, startTestPortal } from './portal-harness';

jest.setTimeout(400_000);

/**
 * The assessor reads what they score, in a real browser: an application with its business plan
 * reaches awards through Kafka; the allocated assessor reads every answer, downloads the plan and
 * scores with the dossier beside the form; an assessor with a declared conflict gets 404 on the
 * dossier and on the document; the officer reads the same dossier from the case.
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

  /** Clicks the link and reads the file the browser downloads. */
  async function downloaded(page: Page, name: string): Promise<Buffer> {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
    expect(download.suggestedFilename()).toBe(name);
    const stream = await download.createReadStream();
    const parts: Buffer[] = [];
    return new Promise((resolve, reject) => stream.on('data', (d) => parts.push(d)).on('end', () => resolve(Buffer.concat(parts))).on('error', reject));
  }

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

    // The applicant, in the browser: answers the fund's questions, uploads the plan (a program renamed .pdf is refused) and submits.
    const { answers: _answers, ...details } = COMPLETE_APPLICATION;
    const application = await draft(applications, user, fund.id, details);
    const applicant = await openAs(browser, portal, { id: user.id, persona: 'applicant', roles: ['applicant'], name: user.name, email: user.email, organisationId: user.organisationId });
    const a = applicant.page;
    await a.goto(`${portal.url}/applicant/applications/${application.id}`);
    await a.getByRole('button', { name: 'Continue your application' }).click();
    for (const q of QUESTIONS) {
      await a.getByRole('heading', { name: q.text }).waitFor();
      await checkPage(a);
      await a.locator('#value').fill(COMPLETE_APPLICATION.answers.find((x) => x.questionId === q.id)?.text ?? '');
      await a.getByRole('button', { name: 'Continue' }).click();
    }
    await a.getByRole('heading', { name: 'Check your answers before submitting your application' }).waitFor();
    await a.getByRole('link', { name: 'Add or remove supporting documents' }).click();
    await a.getByRole('heading', { name: 'Supporting documents' }).waitFor();
    await checkPage(a);
    await a.locator('#file').setInputFiles({ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: windowsProgram() });
    await a.getByRole('button', { name: 'Upload document' }).click();
    await expectFormErrors(a, ['The file is a Windows program, not a document; programs and scripts cannot be uploaded']);
    await checkPage(a);
    const tooLarge = Buffer.concat([minimalPdf(), Buffer.alloc(11 * 1024 * 1024, 0x20)]);
    await a.locator('#file').setInputFiles({ name: 'scanned plan.pdf', mimeType: 'application/pdf', buffer: tooLarge });
    await a.getByRole('button', { name: 'Upload document' }).click();
    await expectFormErrors(a, ['The file must be 10 MB or smaller']);
    const plan = minimalPdf('Our business plan');
    await a.locator('#file').setInputFiles({ name: 'Business plan.pdf', mimeType: 'application/pdf', buffer: plan });
    await a.getByRole('button', { name: 'Upload document' }).click();
    await a.getByText('Business plan.pdf has been uploaded').waitFor();
    expect(await a.locator('#documents').innerText()).toContain('Business plan.pdf');
    await checkPage(a);
    await a.getByRole('button', { name: 'Continue', exact: true }).click();
    await a.getByRole('button', { name: 'Accept and send' }).click();
    await a.locator('.govuk-panel').waitFor();
    await applicant.context.close();
    const documents = await request(applications.url).get(`/applications/${application.id}/documents`).set(user.auth).expect(200);
    expect(documents.body.items.map((d: { name: string }) => d.name)).toEqual(['Business plan.pdf']);
    const uploaded = { body: documents.body.items[0] };

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
    expect(await downloaded(page, 'Business plan.pdf')).toEqual(plan);

    // Side by side with the scoring form on a wide screen; one above the other on a narrow one.
    const dossierBox = async () => (await page.locator('section[aria-labelledby="dossier"]').boundingBox())!;
    const scoringBox = async () => (await page.locator('section[aria-labelledby="scoring"]').boundingBox())!;
    const [wideDossier, wideScoring] = [await dossierBox(), await scoringBox()];
    expect(wideScoring.x).toBeGreaterThanOrEqual(wideDossier.x + wideDossier.width - 1);
    expect(Math.abs(wideScoring.y - wideDossier.y)).toBeLessThan(2);
    await page.setViewportSize({ width: 375, height: 800 });
    const [narrowDossier, narrowScoring] = [await dossierBox(), await scoringBox()];
    expect(narrowScoring.y).toBeGreaterThanOrEqual(narrowDossier.y + narrowDossier.height - 1);
    await checkPage(page);
    await page.setViewportSize({ width: 1280, height: 720 });

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

    // The officer attaches due-diligence evidence to the case from its page.
    const officerPage = await openAs(browser, portal, { id: officer.id, persona: 'officer', roles: ['programme_officer'], name: 'Sam Okafor', email: officer.email });
    const o = officerPage.page;
    await o.goto(`${portal.url}/officer/cases/${caseId}`);
    await o.getByRole('link', { name: 'Attach or remove evidence' }).click();
    await o.locator('#file').setInputFiles({ name: 'Accounts 2025.pdf', mimeType: 'application/pdf', buffer: minimalPdf('Accounts') });
    await o.getByRole('button', { name: 'Upload document' }).click();
    await o.getByText('Accounts 2025.pdf has been uploaded').waitFor();
    await checkPage(o);
    await o.getByRole('button', { name: 'Continue', exact: true }).click();
    expect(await o.locator('#evidence').innerText()).toContain('Accounts 2025.pdf');

    // The officer reads the application as submitted, as its assessors do, and downloads the plan.
    await o.getByRole('link', { name: 'Read the application as submitted, with its attachments' }).click();
    await o.getByRole('heading', { name: 'The application as submitted' }).waitFor();
    await checkPage(o);
    expect(await o.locator('.dossier-answers .govuk-summary-list__row').count()).toBe(QUESTIONS.length);
    expect(await downloaded(o, 'Business plan.pdf')).toEqual(plan);
    await officerPage.context.close();
  });
});
