/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Page } from 'playwright-core';
import { RunningService, testUser } from '@mutuals/testing';
import { AwardsApi, freshOrgId } from '../../awards/test/awards-fixtures';
import { assessedBid as assessedBidOf, monthlyReturns } from './award-setup';
import { OfficerBrowser, startOfficerBrowser } from './officer-browser';
import { RunningPortal, checkPage, expectFormErrors } from './portal-harness';

jest.setTimeout(400_000); // a real browser running axe on every page, on a shared machine

/**
 * Support in kind and monitoring after the award, as a programme officer works them in a real
 * browser against the real awards service: a supplier on the framework, an approval in kind, the
 * supplier's report and invoice recorded and paid into the budget; a payment held by an unmet
 * condition until its evidence is accepted; a monitoring return recorded and accepted.
 */
describe('support in kind and monitoring in the browser', () => {
  let awards: RunningService<any>;
  let api: AwardsApi;
  let db: DataSource;
  let portal: RunningPortal;
  let page: Page;
  let running: OfficerBrowser | undefined;

  beforeAll(async () => {
    running = await startOfficerBrowser();
    ({ awards, api, portal, page } = running);
    db = awards.app.get(DataSource);
  });

  afterAll(() => running?.close());

  const checked = (name?: string) => checkPage(page, name);
  const expectErrors = (messages: string[]) => expectFormErrors(page, messages);
  const submit = (name: string) => page.getByRole('button', { name, exact: true }).click();
  const flash = (message: string) => page.locator('.govuk-notification-banner--success', { hasText: message }).waitFor();
  const summaryOf = (id: string) => page.locator(`#${id}`).innerText();
  const fill = async (fields: Record<string, string>) => {
    for (const [id, value] of Object.entries(fields)) await page.locator(`#${id}`).fill(value);
  };
  const budgetOf = async (programmeId: string) => {
    const [p] = await db.query('select committed_pence, paid_pence from programmes where id = $1', [programmeId]);
    return { committed: Number(p.committed_pence), paid: Number(p.paid_pence) };
  };

  const assessedBid = (budgetPence: number) => assessedBidOf(api, budgetPence);

  it('registers a supplier, awards support in kind with a decision, records the report and invoice, pays it into the budget', async () => {
    const { round, bid, caseId } = await assessedBid(50_000_000);
    const name = `Mutual Ventures Legal ${randomUUID().slice(0, 6)}`;
    const companyNumber = `OC${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;

    // The framework: a supplier with two lots; the form refuses what is missing or malformed first.
    await page.goto(`${portal.url}/officer/suppliers`);
    await checked();
    await page.getByRole('button', { name: 'Register a supplier' }).click();
    await checked();
    await submit('Register supplier');
    await expectErrors(["Enter the supplier's name", 'Enter the Companies House number', 'Enter the name of the contact', "Enter the contact's email address", 'Enter the day rate and capacity of at least one lot']);
    await fill({ name, companyNumber: 'OC12', contactName: 'Jo Bloggs', contactEmail: 'jo.bloggs@mvlegal.example.org', 'legal-rate': '750', 'hr-and-pensions-capacity': '10' });
    await submit('Register supplier');
    await expectErrors(['The Companies House number must be 8 letters or digits, like OC123456', 'Enter the days of legal the supplier can deliver', 'Enter the day rate for HR and pensions']);
    await fill({ companyNumber: companyNumber.toLowerCase(), 'legal-capacity': '30', 'hr-and-pensions-rate': '600', conflictValue: 'Somerset Council', conflictReason: 'Advised its commissioning team in 2025' });
    await page.locator('#conflictKind').selectOption('parent-body');
    await submit('Register supplier');
    await flash(`${name} is on the framework`);
    const supplierId = page.url().split('/').pop()!;
    expect(await summaryOf('supplier-summary')).toContain(companyNumber);
    expect(await summaryOf('lots')).toMatch(/Legal\s+£750\s+30\s+0\s+30/);
    expect(await summaryOf('conflicts')).toContain('somerset council');

    // The decision: support in kind alone, more days than the supplier has refused by the service in the summary.
    await page.goto(`${portal.url}/officer/cases/${caseId}`);
    await page.getByLabel('Approve', { exact: true }).check();
    await page.locator('#inKindSupplier').selectOption(supplierId);
    await fill({ 'inKind-legal-days': '31', reason: 'Legal help to set up the mutual' });
    await submit('Record decision');
    await expectErrors(['Enter the date the support starts', 'Enter the date the support ends']);
    await fill({ 'inKindStart-day': '1', 'inKindStart-month': '7', 'inKindStart-year': '2027', 'inKindEnd-day': '31', 'inKindEnd-month': '12', 'inKindEnd-year': '2027' });
    await submit('Record decision');
    await expectErrors([`${name} has 30 days of legal left, not the 31 asked for`]);
    expect(await budgetOf(round.programmeId)).toEqual({ committed: 0, paid: 0 });
    await fill({ 'inKind-legal-days': '10', 'inKind-hr-and-pensions-days': '5' });
    await submit('Record decision');
    await flash('Your decision has been recorded');
    // 10 days x £750 + 5 days x £600: £10,500 committed like a grant.
    expect(await page.locator('.govuk-summary-list').first().innerText()).toMatch(/Support in kind\s+£10,500 from Mutual Ventures Legal \w+ \(active\)/);
    expect(await budgetOf(round.programmeId)).toEqual({ committed: 1_050_000, paid: 0 });
    expect(await page.locator('#no-grant').innerText()).toBe('This case was approved support in kind only: there is no grant to check or offer.');
    await checked();

    // The package: the supplier's report and invoice recorded for it, an invoice beyond the package refused.
    await page.getByRole('link', { name: /£10,500 from/ }).click();
    expect(await summaryOf('package-summary')).toMatch(/Value\s+£10,500/);
    expect(await summaryOf('package-lots')).toMatch(/HR and pensions\s+5\s+£600\s+£3,000\s+0/);
    await checked();
    await submit('Record report');
    await expectErrors(['Select the lot the days were delivered in', 'Enter the days delivered', 'Enter what the supplier did']);
    await page.locator('#reportLot').selectOption('legal');
    await fill({ reportDays: '4.5', reportSummary: 'Drafted the society rules and the staff transfer agreement' });
    await submit('Record report');
    await flash('The delivery report has been recorded');
    expect(await summaryOf('package-lots')).toMatch(/Legal\s+10\s+£750\s+£7,500\s+4\.5/);
    await fill({ invoiceReference: 'INV-2027-0042', invoiceAmount: '10500.01', invoiceDays: '15' });
    await submit('Record invoice');
    await expectErrors(['An invoice of £10,500.01 is more than the £10,500.00 left to invoice on this £10,500.00 package']);
    await fill({ invoiceAmount: '3375', invoiceDays: '4.5' });
    await submit('Record invoice');
    await flash('Invoice INV-2027-0042 has been recorded');
    expect(await budgetOf(round.programmeId)).toEqual({ committed: 1_050_000, paid: 0 });
    await page.getByRole('button', { name: /^Approve and pay\W+invoice INV-2027-0042$/ }).click();
    await flash('Invoice INV-2027-0042 has been paid');
    expect(await summaryOf('package-summary')).toMatch(/Paid\s+£3,375/);
    expect(await summaryOf('invoice-table')).toContain('Paid ');
    await checked('support-in-kind');

    // The budget counts the invoice as paid, as for a cash payment.
    expect(await budgetOf(round.programmeId)).toEqual({ committed: 1_050_000, paid: 337_500 });
    await page.goto(`${portal.url}/officer/programmes/${round.programmeId}`);
    expect(await page.locator('table', { hasText: 'Budget figures' }).innerText()).toMatch(/£500,000\s+£10,500\s+£3,375\s+£489,500/);

    // The supplier's page: capacity used and its package; the list of packages filtered to it.
    await page.goto(`${portal.url}/officer/suppliers/${supplierId}`);
    expect(await summaryOf('lots')).toMatch(/Legal\s+£750\s+30\s+10\s+20/);
    expect(await summaryOf('packages')).toContain(bid.reference);
    await checked();
    await page.getByRole('link', { name: 'Support in kind', exact: true }).click();
    await page.locator('#supplierId').selectOption(supplierId);
    await page.locator('#status').selectOption('active');
    await submit('Filter');
    expect(await page.locator('#packages tbody tr').count()).toBe(1);
    expect(await page.locator('#package-total').innerText()).toBe('1 package.');
    await checked();
    await page.locator('#status').selectOption('completed');
    await submit('Filter');
    expect(await page.locator('#package-total').innerText()).toBe('0 packages.');
  });

  it('holds a payment while its condition is unmet, naming it, and pays once the evidence is accepted; records a monitoring return', async () => {
    const { bid, caseId } = await assessedBid(50_000_000);
    // Cash with two days of legal help from a framework supplier.
    const supplier = { name: `Co-op Law ${randomUUID().slice(0, 6)}`, companyNumber: `OC${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`, contactName: 'Ann Lee', contactEmail: 'ann@cooplaw.example.org', lots: [{ lot: 'legal', dayRatePence: 75_000, capacityDays: 10 }] };
    const { id: supplierId } = (await request(awards.url).post('/suppliers').set(api.officer.auth).send(supplier).expect(201)).body;
    const inKind = { supplierId, lots: [{ lot: 'legal', days: 2 }], startOn: '2027-01-04', endOn: '2027-03-31' };
    await request(awards.url).post(`/cases/${caseId}/decision`).set(api.officer.auth).send({ outcome: 'approved', amountPence: 3_000_000, inKind, reason: 'Above the line' }).expect(200);
    await request(awards.url).post(`/cases/${caseId}/due-diligence`).set(api.officer.auth).send({ recipientOrgIdentifier: freshOrgId(), subsidyDeclaredPence: 0 }).expect(201);

    // The offer: each condition's due date at the end of its line.
    await page.goto(`${portal.url}/officer/cases/${caseId}`);
    const nextYear = String(new Date().getUTCFullYear() + 1);
    await fill({ conditions: 'Appoint an independent chair, due 31/1/2027\nReport on outcomes after six months, due 31/6/2027', 'expires-day': '1', 'expires-month': '3', 'expires-year': nextYear });
    await submit('Make offer');
    await expectErrors(['The due date of condition 2 must be a real date, like 31/1/2027']);
    await fill({ conditions: 'Appoint an independent chair, due 31/1/2027\nReport on outcomes after six months' });
    await submit('Make offer');
    await flash(`The offer of ${bid.reference} has been made`);
    const award = { id: page.url().split('/').pop()! };
    await request(awards.url).post(`/awards/${award.id}/accept`).set(testUser('applicant', { organisationId: bid.authorityCode }).auth).expect(200);
    await monthlyReturns(api, award.id);

    await page.goto(`${portal.url}/officer/awards/${award.id}`);
    expect(await summaryOf('award-summary')).toMatch(new RegExp(`Support in kind\\s+£1,500 from ${supplier.name} \\(active\\): £0 paid`));
    expect(await summaryOf('condition-table')).toMatch(/Appoint an independent chair\s+31 January 2027\s+No evidence yet\s+None/);
    expect(await summaryOf('condition-table')).toMatch(/Report on outcomes after six months\s+No date\s+No evidence yet/);
    expect((await summaryOf('return-table')).match(/Overdue/g)).toHaveLength(2);
    expect(await page.locator('#return-table tbody tr').nth(2).locator('.govuk-tag').innerText()).toBe('Due');
    await checked();

    // The schedule: the second payment waits for the chair.
    await fill({ 'milestone-1-name': 'On signing', 'milestone-1-amount': '10000', 'milestone-1-due-day': '1', 'milestone-1-due-month': '12', 'milestone-1-due-year': '2026' });
    await fill({ 'milestone-2-name': 'Once the chair is appointed', 'milestone-2-amount': '20000', 'milestone-2-due-day': '1', 'milestone-2-due-month': '2', 'milestone-2-due-year': '2027' });
    await page.locator('fieldset', { hasText: 'Payment 2' }).getByLabel('Appoint an independent chair').check();
    await submit('Set payment schedule');
    await flash('The payment schedule has been set');
    expect(await summaryOf('schedule')).toMatch(/Once the chair is appointed\s+1 February 2027\s+£20,000\s+Appoint an independent chair/);

    await page.getByRole('button', { name: /^Mark paid\W+Once the chair is appointed$/ }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('This payment depends on a condition that is not met: "Appoint an independent chair" (no evidence yet)');
    expect(await page.title()).toMatch(/^Error: /);
    await checked();
    expect((await request(awards.url).get(`/awards/${award.id}`).set(api.officer.auth).expect(200)).body.paidPence).toBe(0);

    // The evidence: recorded, then accepted; the payment then goes through.
    await page.getByRole('button', { name: /^Record evidence\W+Appoint an independent chair$/ }).click();
    await expectErrors(['Enter the evidence that the condition is met']);
    await page.getByLabel('Record the evidence for: Appoint an independent chair').fill('Board minutes of 3 December appointing Ms Patel as chair');
    await page.getByRole('button', { name: /^Record evidence\W+Appoint an independent chair$/ }).click();
    await flash('The evidence has been recorded');
    expect(await summaryOf('condition-table')).toMatch(/Evidence to review\s+Board minutes of 3 December appointing Ms Patel as chair/);
    await page.getByRole('button', { name: /^Accept evidence\W+Appoint an independent chair$/ }).click();
    await flash('The evidence has been accepted: "Appoint an independent chair" is met');
    await page.getByRole('button', { name: /^Mark paid\W+Once the chair is appointed$/ }).click();
    await flash('Once the chair is appointed has been marked paid');
    expect(await summaryOf('award-summary')).toMatch(/Paid\s+£20,000/);

    // A monitoring return the mutual sent in: recorded for the first overdue period, then accepted.
    await submit('Record return');
    await expectErrors([
      'Select the period the return is for',
      'Enter the number of staff the mutual employs',
      'Enter the value of its public-service contracts',
      'Enter the number of contracts renewed in the period, or 0',
      'Enter the turnover in the period, or 0',
      'Enter the savings to the commissioner in the period, or 0',
    ]);
    await page.locator('#returnId').check();
    await fill({ staff: '250', contractValue: '12,000,000', contractRenewals: '1', turnover: '3100000', savings: 'lots', outcomes: 'People supported at home: 1,240\nA waiting list' });
    await submit('Record return');
    await expectErrors(['Enter the savings to the commissioner in the period in pounds, like 450000', 'Enter each outcome on its own line as the measure, a colon and the value, like People supported at home: 1,240']);
    await fill({ savings: '450000', outcomes: 'People supported at home: 1,240' });
    await submit('Record return');
    await flash('The monitoring return has been recorded');
    expect(await summaryOf('return-table')).toMatch(/1\s+.+\s+Submitted\s+250\s+£12,000,000\s+£3,100,000\s+£450,000/);
    expect((await summaryOf('return-table')).match(/Overdue/g)).toHaveLength(1);
    await page.getByRole('button', { name: /^Accept\W+the return for period 1$/ }).click();
    await flash('The monitoring return has been accepted');
    expect(await summaryOf('return-table')).toMatch(/1\s+.+\s+Accepted\s+250/);
    await checked('award-monitoring');
    const [first] = (await request(awards.url).get(`/awards/${award.id}/monitoring`).set(api.officer.auth).expect(200)).body.returns;
    expect(first).toMatchObject({ status: 'accepted', staff: 250, contractValuePence: 1_200_000_000, turnoverPence: 310_000_000, savingsToCommissionerPence: 45_000_000, submittedBy: api.officer.id, outcomes: [{ measure: 'People supported at home', value: '1,240' }] });
  });
});
