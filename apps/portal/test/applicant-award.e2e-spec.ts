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
    const minutesLink = mutual.getByRole('link', { name: 'Board minutes.pdf' });
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
});
