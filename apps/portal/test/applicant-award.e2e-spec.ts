/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { BrowserContext, Page } from 'playwright-core';
import { minimalPdf, windowsProgram } from '@mutuals/documents';
import { testUser } from '@mutuals/testing';
import { MonitoringView } from '../src/api/awards.types';
import { acceptedAward, applicantUser, assessedApplication, monthlyReturns } from './award-setup';
import { OfficerBrowser, startOfficerBrowser } from './officer-browser';
import { checkPage, expectFormErrors, openAs } from './portal-harness';

jest.setTimeout(120_000); // a real browser running axe on every page, on a shared machine

/**
 * After the award, in two browsers against the real awards service: the mutual sends evidence for
 * a condition (a note and a PDF; a program is refused) and a monitoring return; the officer sees
 * the PDF and accepts the evidence (the payment waiting for it is then made), waives the other
 * condition with a reason and returns the return with a note; the mutual reads the note and sends
 * the return again. Another mutual gets "not found".
 */
describe("an accepted award: the mutual's part and the officer's", () => {
  let running: OfficerBrowser | undefined;
  let mutualContext: BrowserContext | undefined;

  beforeAll(async () => {
    running = await startOfficerBrowser();
  });

  afterAll(async () => {
    await mutualContext?.close();
    await running?.close();
  });

  const textOf = (page: Page, id: string) => page.locator(`#${id}`).innerText();
  const flash = (page: Page, message: string) => page.locator('.govuk-notification-banner--success', { hasText: message }).waitFor();
  const press = (page: Page, name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' }).click();

  it('the mutual sends evidence and a return; the officer accepts, waives and returns it with a note; the mutual corrects it; another mutual gets 404', async () => {
    const { api, portal, browser, page: officer } = running!;
    const { caseId, reference, token } = await assessedApplication(api, 50_000_000);
    const award = await acceptedAward(api, caseId, token, 2_000_000, [['Appoint an independent chair', '2027-01-31'], ['Publish the staff consultation', null]]);
    const monitoringOf = async (): Promise<MonitoringView> => (await request(api.url).get(`/awards/${award.id}/monitoring`).set(api.officer.auth).expect(200)).body;
    const [chair, consultation] = (await monitoringOf()).conditions;
    const milestones = [
      { name: 'On signing', amountPence: 500_000, dueOn: '2026-12-01', dependsOnConditionIds: [] },
      { name: 'Once the chair is appointed', amountPence: 1_500_000, dueOn: '2027-02-01', dependsOnConditionIds: [chair.id] },
    ];
    await request(api.url).put(`/awards/${award.id}/milestones`).set(api.officer.auth).send({ milestones }).expect(200);
    await monthlyReturns(api, award.id);
    const [firstReturn] = (await monitoringOf()).returns;

    // The mutual's award, from its offers: conditions awaiting evidence, two returns overdue.
    const opened = await openAs(browser, portal, applicantUser(token));
    mutualContext = opened.context;
    const mutual = opened.page;
    await mutual.goto(`${portal.url}/applicant/offers`);
    await mutual.getByRole('link', { name: reference }).click();
    expect(new URL(mutual.url()).pathname).toBe(`/applicant/awards/${award.id}`);
    expect(await textOf(mutual, 'condition-table')).toMatch(/Appoint an independent chair\s+31 January 2027\s+Awaiting evidence\s+None yet/);
    expect((await textOf(mutual, 'return-table')).match(/Overdue/g)).toHaveLength(2);
    expect(await textOf(mutual, 'schedule')).toMatch(/Once the chair is appointed\s+1 February 2027\s+£15,000\s+Appoint an independent chair\s+Not yet paid/);
    await checkPage(mutual);

    // Evidence for the chair.
    await mutual.getByRole('link', { name: /^Send evidence\W+Appoint an independent chair$/ }).click();
    await checkPage(mutual);
    await press(mutual, 'Send evidence');
    await expectFormErrors(mutual, ['Enter the evidence that the condition is met, or choose a file']);
    // A program is refused by the awards service, its reason against the file field; the note typed is kept.
    await mutual.locator('#note').fill('Board minutes of 3 December appointing Ms Patel as chair');
    await mutual.locator('#file').setInputFiles({ name: 'minutes.pdf', mimeType: 'application/pdf', buffer: windowsProgram() });
    await press(mutual, 'Send evidence');
    await expectFormErrors(mutual, ['The file is a Windows program, not a document; programs and scripts cannot be uploaded']);
    expect(await mutual.locator('#note').inputValue()).toBe('Board minutes of 3 December appointing Ms Patel as chair');
    await mutual.locator('#file').setInputFiles({ name: 'Board minutes.pdf', mimeType: 'application/pdf', buffer: minimalPdf('Minutes') });
    await press(mutual, 'Send evidence');
    await flash(mutual, 'Your evidence for "Appoint an independent chair" has been sent to your programme officer');
    expect(await textOf(mutual, 'condition-table')).toMatch(/Appoint an independent chair\s+31 January 2027\s+Evidence submitted\s+Board minutes of 3 December appointing Ms Patel as chair .+\s+Board minutes\.pdf/);
    const minutesLink = mutual.locator('#condition-table').getByRole('link', { name: 'Board minutes.pdf' });
    const downloaded = await mutual.context().request.get(new URL((await minutesLink.getAttribute('href'))!, portal.url).href);
    expect([downloaded.status(), downloaded.headers()['content-disposition'], (await downloaded.body()).equals(minimalPdf('Minutes'))]).toEqual([200, expect.stringContaining('attachment'), true]);
    // The consultation's page, left open while the officer decides.
    await mutual.getByRole('link', { name: /^Send evidence\W+Publish the staff consultation$/ }).click();

    // The officer accepts the chair's evidence, so the payment waiting for it is made; waives the consultation.
    await officer.goto(`${portal.url}/officer/awards/${award.id}`);
    expect(await textOf(officer, 'condition-table')).toMatch(/Appoint an independent chair\s+31 January 2027\s+Evidence to review\s+Board minutes of 3 December[^\n]+\s+Board minutes\.pdf/);
    await press(officer, /^Accept evidence\W+Appoint an independent chair$/);
    await flash(officer, 'The evidence has been accepted: "Appoint an independent chair" is met');
    await press(officer, /^Mark paid\W+Once the chair is appointed$/);
    await flash(officer, 'Once the chair is appointed has been marked paid');
    await press(officer, /^Waive condition\W+Publish the staff consultation$/);
    await expectFormErrors(officer, ['Enter the reason for waiving the condition']);
    await officer.locator(`#waive-${consultation.id}`).fill('The council publishes the consultation in its own report');
    await press(officer, /^Waive condition\W+Publish the staff consultation$/);
    await flash(officer, '"Publish the staff consultation" has been waived');
    expect(await textOf(officer, 'condition-table')).toMatch(/Publish the staff consultation\s+No date\s+Waived\s+Waived: The council publishes the consultation in its own report/);

    // The mutual's page left open: the service's refusal, against the field.
    await mutual.locator('#note').fill('Published on our website');
    await press(mutual, 'Send evidence');
    await expectFormErrors(mutual, ['This condition is already waived']);

    // The first monthly return: the form's checks, then the service's, then sent.
    await mutual.goto(`${portal.url}/applicant/awards/${award.id}`);
    await mutual.getByRole('link', { name: /^Send return\W+for period 1$/ }).click();
    await checkPage(mutual);
    await press(mutual, 'Send return');
    await expectFormErrors(mutual, [
      'Enter the number of staff the mutual employs',
      'Enter the value of its public-service contracts',
      'Enter the number of contracts renewed in the period, or 0',
      'Enter the turnover in the period, or 0',
      'Enter the savings to the commissioner in the period, or 0',
    ]);
    const figures = { staff: '250', contractValue: '12,000,000', contractRenewals: '1001', turnover: '3100000', savings: '450000', outcomes: 'People supported at home: 1,240' };
    for (const [id, value] of Object.entries(figures)) await mutual.locator(`#${id}`).fill(value);
    await press(mutual, 'Send return');
    await expectFormErrors(mutual, ['ContractRenewals must not be greater than 1000']);
    await mutual.locator('#contractRenewals').fill('1');
    await press(mutual, 'Send return');
    await flash(mutual, 'Your monitoring return for period 1 has been sent to your programme officer');
    expect(await mutual.locator('#return-table tbody tr').first().innerText()).toMatch(/^1\s+.+\s+Submitted\s+Sent /);

    // The officer returns it with a note.
    await officer.goto(`${portal.url}/officer/awards/${award.id}`);
    const returnIt = /^Return to the mutual\W+the return for period 1$/;
    await press(officer, returnIt);
    await expectFormErrors(officer, ['Enter what the mutual should correct']);
    const note = 'Turnover looks like the annual figure; please give the month’s';
    await officer.locator(`#review-${firstReturn.id}`).fill(note);
    await press(officer, returnIt);
    await flash(officer, 'The monitoring return has been returned to the mutual');
    // Returned, it is overdue again until the mutual sends it.
    expect(await officer.locator('#return-table tbody tr').first().innerText()).toMatch(/Overdue[\s\S]+Returned by .+: Turnover looks like the annual figure/);

    // The mutual reads the note, corrects the figure it sent and sends the return again; the officer accepts it.
    await mutual.goto(`${portal.url}/applicant/awards/${award.id}`);
    expect(await textOf(mutual, 'returned-1')).toContain(note);
    await mutual.getByRole('link', { name: /^Correct and send again\W+for period 1$/ }).click();
    expect(await textOf(mutual, 'review-note')).toContain(note);
    expect(await mutual.locator('#turnover').inputValue()).toBe('3100000');
    await checkPage(mutual, 'applicant-monitoring-return-returned');
    await mutual.locator('#turnover').fill('260000');
    await press(mutual, 'Send return');
    await flash(mutual, 'Your monitoring return for period 1 has been sent to your programme officer');
    expect(await textOf(mutual, 'condition-table')).toMatch(/Appoint an independent chair\s+31 January 2027\s+Met[\s\S]+Publish the staff consultation\s+No date\s+Waived\s+Waived by your programme officer: The council publishes/);
    expect(await textOf(mutual, 'schedule')).toMatch(/Once the chair is appointed\s+1 February 2027\s+£15,000\s+Appoint an independent chair\s+Paid /);
    await checkPage(mutual, 'applicant-award');
    await officer.goto(`${portal.url}/officer/awards/${award.id}`);
    await press(officer, /^Accept\W+the return for period 1$/);
    await flash(officer, 'The monitoring return has been accepted');
    expect((await monitoringOf()).returns[0]).toMatchObject({ status: 'accepted', turnoverPence: 26_000_000, submittedBy: token.id });

    // Another mutual: not found, to see or to send.
    const other = await openAs(browser, portal, applicantUser(testUser('applicant', { organisationId: randomUUID() })));
    try {
      for (const path of [`/applicant/awards/${award.id}`, `/applicant/awards/${award.id}/conditions/${chair.id}`, `/applicant/awards/${award.id}/returns/${firstReturn.id}`]) {
        expect((await other.page.goto(`${portal.url}${path}`))!.status()).toBe(404);
      }
      await other.page.goto(`${portal.url}/applicant/offers`);
      const csrf = await other.page.locator('input[name="_csrf"]').first().inputValue();
      const posted = await other.page.request.post(`${portal.url}/applicant/awards/${award.id}/returns/${firstReturn.id}`, { form: { _csrf: csrf, staff: '1', contractValue: '1', contractRenewals: '0', turnover: '0', savings: '0' }, maxRedirects: 0 });
      expect(posted.status()).toBe(404);
    } finally {
      await other.context.close();
    }
  });

  it("the mutual removes a document its officer no longer relies on, not one under review; the officer sees which documents are the mutual's", async () => {
    const { api, portal, browser, page: officer } = running!;
    const { caseId, token } = await assessedApplication(api, 50_000_000);
    const award = await acceptedAward(api, caseId, token, 2_000_000, [['Appoint an independent chair', '2027-01-31']]);
    await request(api.url).post(`/cases/${caseId}/documents`).set(api.officer.auth).attach('file', minimalPdf('Accounts'), 'Accounts 2025.pdf').expect(201);
    const opened = await openAs(browser, portal, applicantUser(token));
    const mutual = opened.page;
    try {
      await mutual.goto(`${portal.url}/applicant/awards/${award.id}`);
      expect(await textOf(mutual, 'document-table')).toBe('You have not sent any documents.');

      // Draft minutes sent as evidence: kept while the officer has them to review.
      await mutual.getByRole('link', { name: /^Send evidence\W+Appoint an independent chair$/ }).click();
      await mutual.locator('#file').setInputFiles({ name: 'Draft minutes.pdf', mimeType: 'application/pdf', buffer: minimalPdf('Draft') });
      await press(mutual, 'Send evidence');
      await flash(mutual, 'Your evidence for "Appoint an independent chair" has been sent to your programme officer');
      expect(await textOf(mutual, 'document-table')).toMatch(/Draft minutes\.pdf\s+.+\s+Evidence for "Appoint an independent chair", waiting for review\s+Kept while your programme officer relies on it/);
      expect(await mutual.getByRole('button', { name: /^Remove/ }).count()).toBe(0);

      // The officer asks for the signed minutes instead: the draft is no longer named, and the mutual removes it.
      await mutual.getByRole('link', { name: /^Change evidence\W+Appoint an independent chair$/ }).click();
      await mutual.getByLabel('Draft minutes.pdf').uncheck();
      await mutual.locator('#file').setInputFiles({ name: 'Signed minutes.pdf', mimeType: 'application/pdf', buffer: minimalPdf('Signed') });
      await press(mutual, 'Send evidence');
      await flash(mutual, 'Your evidence for "Appoint an independent chair" has been sent to your programme officer');
      expect(await textOf(mutual, 'document-table')).toMatch(/Draft minutes\.pdf\s+.+\s+Not used as evidence\s+Remove[\s\S]+Signed minutes\.pdf\s+.+\s+waiting for review\s+Kept/);
      await checkPage(mutual);
      await press(mutual, 'Remove Draft minutes.pdf');
      await flash(mutual, 'Draft minutes.pdf has been removed');
      expect(await textOf(mutual, 'document-table')).not.toContain('Draft minutes.pdf');
      await checkPage(mutual);

      // A document named as evidence after the page was shown: the service's refusal, against the document.
      await mutual.getByRole('link', { name: /^Change evidence\W+Appoint an independent chair$/ }).click();
      await mutual.locator('#file').setInputFiles({ name: 'Register of members.pdf', mimeType: 'application/pdf', buffer: minimalPdf('Register') });
      await mutual.getByLabel('Signed minutes.pdf').uncheck();
      await press(mutual, 'Send evidence');
      await flash(mutual, 'Your evidence for "Appoint an independent chair" has been sent to your programme officer');
      const signed = (await request(api.url).get(`/awards/${award.id}/documents`).set(token.auth).expect(200)).body.items.find((d: { name: string }) => d.name === 'Signed minutes.pdf');
      const chair = (await request(api.url).get(`/awards/${award.id}/monitoring`).set(token.auth).expect(200)).body.conditions[0];
      await request(api.url).post(`/awards/${award.id}/conditions/${chair.id}/evidence`).set(token.auth).send({ documentIds: [signed.id, ...chair.evidenceDocumentIds] }).expect(200);
      await press(mutual, 'Remove Signed minutes.pdf');
      await expectFormErrors(mutual, ['This document is evidence for a condition and cannot be removed: "Appoint an independent chair" (waiting for your programme officer to review it)']);

      // Nor may the officer remove it from the case's documents while they have it to review: the service's refusal, not an error page.
      await officer.goto(`${portal.url}/officer/cases/${caseId}/documents`);
      await press(officer, 'Remove Signed minutes.pdf');
      await expectFormErrors(officer, ['This document is evidence for a condition and cannot be removed: "Appoint an independent chair" (waiting for review)']);

      // The officer's award and case pages mark the documents the mutual sent.
      await officer.goto(`${portal.url}/officer/awards/${award.id}`);
      expect(await textOf(officer, 'condition-table')).toMatch(/Signed minutes\.pdf From the mutual\s+Register of members\.pdf From the mutual/);
      await checkPage(officer);
      await officer.goto(`${portal.url}/officer/cases/${caseId}`);
      expect((await textOf(officer, 'evidence')).split('\n')).toEqual(['Accounts 2025.pdf', 'Signed minutes.pdf From the mutual', 'Register of members.pdf From the mutual']);
      await checkPage(officer);
    } finally {
      await opened.context.close();
    }
  });
});
