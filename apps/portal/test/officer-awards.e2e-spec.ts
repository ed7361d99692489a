/// <reference lib="dom" />
import request from 'supertest';
import { Page } from 'playwright-core';
import { BidScreened } from '@mutuals/contracts';
import { RunningService, testUser } from '@mutuals/testing';
import { AwardsApi, freshOrgId, produce, screenedBid } from '../../awards/test/awards-fixtures';
import { OfficerBrowser, startOfficerBrowser } from './officer-browser';
import { RunningPortal, checkPage, expectFormErrors } from './portal-harness';

jest.setTimeout(400_000); // a real browser running axe on every page, on a shared machine

/**
 * A programme officer takes a case from moderation to a paid and clawed-back award in a real
 * browser, against the real awards service: every form refuses bad input first and stores nothing.
 */
describe('moderation, offers, payments and clawback in the browser', () => {
  let awards: RunningService<any>;
  let api: AwardsApi;
  let portal: RunningPortal;
  let page: Page;
  let running: OfficerBrowser | undefined;

  beforeAll(async () => {
    running = await startOfficerBrowser();
    ({ awards, api, portal, page } = running);
  });

  afterAll(() => running?.close());

  const checked = (name?: string) => checkPage(page, name);

  const expectErrors = (messages: string[]) => expectFormErrors(page, messages);

  const submit = (name: string) => page.getByRole('button', { name }).click();
  const summary = () => page.locator('.govuk-summary-list').first().innerText();
  const caseOf = async (id: string) => (await request(awards.url).get(`/cases/${id}`).set(api.officer.auth).expect(200)).body;
  const awardOf = async (id: string) => (await request(awards.url).get(`/awards/${id}`).set(api.officer.auth).expect(200)).body;

  it('an officer moderates diverging scores, approves, checks due diligence, offers, schedules, pays and claws back', async () => {
    const round = await api.bidProgramme(50_000_000);
    const sector = `officer-${round.programmeId.slice(0, 6)}`;
    const team = await api.team(round.programmeId, sector, 2);
    const bid = screenedBid(round, sector, { amountRequestedPence: 3_000_000 });
    await produce(BidScreened, bid.bidId, bid);
    const kase = await api.caseFor(bid.bidId, 'in-assessment');
    const [first, second] = await api.allocated(kase.id);
    await api.score(team.find((a) => a.id === first)!, kase.id, [5, 5, 5]);
    await api.score(team.find((a) => a.id === second)!, kase.id, [1, 1, 1]);
    await api.caseFor(bid.bidId, 'moderation');

    // Moderation: the assessors' totals differ by far more than the round's threshold.
    await page.goto(`${portal.url}/officer/cases/${kase.id}`);
    await checked('officer-moderation');
    await submit('Record agreed score');
    await expectErrors(['Enter the agreed score', 'Enter the reason for the agreed score']);
    await page.locator('#agreedScore').fill('150');
    await page.locator('#moderationReason').fill('Agreed with both assessors');
    await submit('Record agreed score');
    await expectErrors(['The agreed score must be a number from 0 to 100, like 68.5']);
    expect((await caseOf(kase.id)).status).toBe('moderation');
    await page.locator('#agreedScore').fill('70');
    await submit('Record agreed score');
    await page.getByText('The agreed score has been recorded').waitFor();
    expect(await summary()).toContain('Agreed score 70');
    expect((await caseOf(kase.id)).finalScore).toBe(70);

    await page.getByLabel('Approve', { exact: true }).check();
    await page.locator('#amount').fill('30000');
    await page.locator('#reason').fill('Above the funding line after moderation');
    await submit('Record decision');
    await page.getByText('Your decision has been recorded').waitFor();

    // Due diligence: a failing check is recorded with its problems, and no offer can be made.
    await submit('Record check');
    await expectErrors(["Enter the recipient's organisation identifier, like GB-COH-09876543", 'Enter the subsidy the recipient declared, or 0 if none']);
    expect((await caseOf(kase.id)).dueDiligence).toEqual([]);
    await page.locator('#recipientOrgIdentifier').fill('GB-COH-123');
    await page.locator('#subsidyDeclared').fill('0');
    await submit('Record check');
    await page.getByText('The due-diligence check found problems').waitFor();
    expect(await page.locator('#due-diligence').innerText()).toContain('123 is not a well-formed GB-COH id');
    expect(await page.getByRole('button', { name: 'Make offer' }).count()).toBe(0);
    await page.locator('#recipientOrgIdentifier').fill(freshOrgId());
    await page.locator('#subsidyDeclared').fill('0');
    await submit('Record check');
    await page.getByText('The due-diligence check passed').waitFor();
    await checked('officer-due-diligence');

    // The offer: its expiry must be a real date in the future.
    await submit('Make offer');
    await expectErrors(['Enter the date the offer expires']);
    await page.locator('#conditions').fill('Spend only on the advisers named in the bid\nReport on outcomes after six months');
    await page.locator('#expires-day').fill('31');
    await page.locator('#expires-month').fill('2');
    await page.locator('#expires-year').fill(String(new Date().getUTCFullYear() + 1));
    await submit('Make offer');
    await expectErrors(['The expiry date must be a real date, like 27 3 2027']);
    expect((await caseOf(kase.id)).status).toBe('approved');
    await page.locator('#expires-day').fill('28');
    await submit('Make offer');
    await page.getByText(`The offer of ${bid.reference} has been made`).waitFor();
    const awardId = page.url().split('/').pop()!;
    expect(await summary()).toMatch(/Status\s+Offered/);
    expect(await summary()).toContain('Report on outcomes after six months');
    await checked('officer-award-offered');

    const council = testUser('applicant', { organisationId: bid.authorityCode });
    await request(awards.url).post(`/awards/${awardId}/accept`).set(council.auth).expect(200);

    // The payment schedule must add up to the award; the service says so.
    await page.reload();
    await submit('Set payment schedule');
    await expectErrors(['Enter at least one payment']);
    await page.locator('#milestone-1-name').fill('On signing the grant agreement');
    await page.locator('#milestone-1-amount').fill('10000');
    await page.locator('#milestone-1-due-day').fill('1');
    await page.locator('#milestone-1-due-month').fill('7');
    await page.locator('#milestone-1-due-year').fill('2027');
    await page.locator('#milestone-2-name').fill('Business plan delivered');
    await submit('Set payment schedule');
    await expectErrors(['Enter the amount of payment 2', 'Enter the date payment 2 is due']);
    await page.locator('#milestone-2-name').fill('');
    await submit('Set payment schedule');
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('#milestone-1-amount-error').innerText()).toMatch(/£30,000/);
    expect((await awardOf(awardId)).milestones).toEqual([]);
    await page.locator('#milestone-2-name').fill('Business plan delivered');
    await page.locator('#milestone-2-amount').fill('20000');
    await page.locator('#milestone-2-due-day').fill('1');
    await page.locator('#milestone-2-due-month').fill('10');
    await page.locator('#milestone-2-due-year').fill('2027');
    await submit('Set payment schedule');
    await page.getByText('The payment schedule has been set').waitFor();
    expect(await page.locator('#schedule tbody tr').count()).toBe(2);

    // The button names its payment to screen readers (visually hidden text).
    await page.getByRole('button', { name: /^Mark paid\W+On signing the grant agreement$/ }).click();
    await page.getByText('On signing the grant agreement has been marked paid').waitFor();
    expect(await summary()).toMatch(/Paid\s+£10,000/);
    expect(await summary()).toMatch(/Outstanding\s+£20,000/);
    await checked('officer-award-payments');

    // Clawback: never more than was paid.
    await submit('Record clawback');
    await expectErrors(['Enter the amount to claw back', 'Enter the reason for the clawback']);
    await page.locator('#clawbackAmount').fill('15000');
    await page.locator('#clawbackReason').fill('Spent on advisers not named in the grant agreement');
    await submit('Record clawback');
    await expectErrors(['At most £10,000.00 can be clawed back: that is what was paid and not yet recovered']);
    expect((await awardOf(awardId)).clawedBackPence).toBe(0);
    await page.locator('#clawbackAmount').fill('5000');
    await submit('Record clawback');
    await page.getByText('The clawback has been recorded').waitFor();
    expect(await summary()).toMatch(/Status\s+Clawed back/);
    expect(await summary()).toMatch(/Clawed back\s+£5,000/);
    const history = await page.locator('table', { hasText: 'Every change' }).innerText();
    for (const action of ['Moderated', 'Offered', 'Payments scheduled', 'Payment made', 'Clawed back']) expect(history).toContain(action);
    await checked('officer-award-clawed-back');

    // The award in the list, filtered to its programme.
    await page.getByRole('link', { name: 'Awards', exact: true }).click();
    await page.locator('#programmeId').selectOption(round.programmeId);
    await page.locator('#status').selectOption('clawed-back');
    await submit('Filter');
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('tbody tr').innerText()).toContain(bid.reference);
    expect(await page.locator('#award-totals').innerText()).toBe('1 award: £30,000 awarded, £10,000 paid, £0 outstanding.');
    await checked('officer-awards');
  });

  it('refuses an award form posted without the form token, and changes nothing', async () => {
    const response = await page.request.post(`${portal.url}/officer/awards/00000000-0000-4000-8000-000000000000/clawbacks`, { form: { clawbackAmount: '1', clawbackReason: 'x' }, maxRedirects: 0 });
    expect(response.status()).toBe(403);
  });
});
