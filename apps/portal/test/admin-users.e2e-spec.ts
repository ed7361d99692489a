/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_USERS, SignedInUser } from '../src/auth/personas';
import { DirectoryService } from '../src/directory/directory.service';
import { Clock } from '../src/session/clock';
import { checkPage, expectFormErrors, launchBrowser, openAs, RunningPortal, startTestPortal } from './portal-harness';

jest.setTimeout(300_000); // a real browser running axe on every page, on a shared machine

/** Nothing listens here: the user pages need no service behind the portal. */
const UNREACHABLE = 'http://127.0.0.1:9';

/**
 * An admin (the demo admin, Jo Admin) invites a user, changes their roles and deactivates them,
 * each with a reason that shows in the user's history; the invitation link's landing page; and who
 * may see these pages.
 */
describe('user administration in the portal', () => {
  let portal: RunningPortal;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let db: DataSource;
  const { description: _description, ...joAdmin } = DEMO_USERS.find((u) => u.id === 'admin-jo')!;
  const address = `priya-${randomUUID().slice(0, 8)}@assessors.example.org`;

  beforeAll(async () => {
    portal = await startTestPortal({ APPLICATIONS_URL: UNREACHABLE, INTAKE_URL: UNREACHABLE, AWARDS_URL: UNREACHABLE, NOTIFICATIONS_URL: UNREACHABLE });
    db = portal.app.get(DataSource);
    browser = await launchBrowser();
    ({ context, page } = await openAs(browser, portal, joAdmin));
  });

  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await portal?.close();
  });

  const summary = () => page.locator('#user-summary').innerText();
  const history = () => page.locator('#history').innerText();

  it('invites a user, with every problem of the form shown at once', async () => {
    await page.goto(`${portal.url}/admin/users`);
    await checkPage(page, 'admin-users');
    await page.getByRole('button', { name: 'Invite a user' }).click();
    await checkPage(page);

    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expectFormErrors(page, ['Enter the person’s full name', 'Enter the person’s email address', 'Select at least one role', 'Enter why you are making this change']);

    await page.getByLabel('Full name').fill('Priya Shah');
    await page.getByLabel('Email address').fill(address);
    await page.getByLabel('Assessor').check();
    await page.getByLabel('Council (optional)').fill('E06999999');
    await page.getByLabel('Health').check();
    await page.getByLabel('Why they need an account').fill('Assessor for round 3');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expectFormErrors(page, ['Only an applicant acts for a council']);

    await page.getByLabel('Council (optional)').fill('');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText(`Priya Shah has been invited. The invitation email is on its way to ${address}.`).waitFor();
    expect(await summary()).toMatch(/Status\s+Invited/);
    expect(await summary()).toMatch(/Roles\s+Assessor/);
    expect(await summary()).toMatch(/Expertise\s+Health/);
    expect(await history()).toContain('Assessor for round 3');
    expect(await history()).toContain('Jo Admin');
    await checkPage(page, 'admin-user');

    // The invitation email's event, with its link, waits in the outbox of the same transaction.
    const [event] = await db.query(`select envelope from outbox_messages where envelope->>'type' = 'directory.user.invited.v1' and envelope->'data'->>'email' = $1`, [address]);
    expect(event.envelope.data).toMatchObject({ name: 'Priya Shah', roles: ['assessor'], expertise: ['health'], invitedBy: 'admin-jo' });
  });

  it('changes the roles with a reason, refusing a mix the rules do not allow', async () => {
    await page.goto(`${portal.url}/admin/users?status=invited&role=assessor`);
    await page.getByRole('link', { name: 'Priya Shah' }).first().click();

    await page.getByLabel('Applicant', { exact: true }).check();
    await page.getByLabel('Why the roles are changing').fill('Also runs the round');
    await page.getByRole('button', { name: 'Change roles' }).click();
    await expectFormErrors(page, ['An applicant cannot also be an assessor, programme officer or admin: use a separate account']);

    await page.getByLabel('Applicant', { exact: true }).uncheck();
    await page.getByLabel('Programme officer').check();
    await page.getByRole('button', { name: 'Change roles' }).click();
    await page.getByText('The roles have been changed').waitFor();
    expect(await summary()).toMatch(/Roles\s+Assessor, Programme officer/);
    expect(await history()).toMatch(/Membership changed\s+Jo Admin\s+Also runs the round/);
  });

  it('deactivates the user only with a reason, and lists them among the deactivated', async () => {
    await page.getByRole('button', { name: 'Deactivate user' }).click();
    await expectFormErrors(page, ['Enter why you are making this change']);
    await page.getByLabel('Why they are being deactivated').fill('Left the assessor panel');
    await page.getByRole('button', { name: 'Deactivate user' }).click();
    await page.getByText('The user has been deactivated and signed out').waitFor();
    expect(await summary()).toMatch(/Status\s+Deactivated/);
    expect(await history()).toMatch(/Deactivated\s+Jo Admin\s+Left the assessor panel/);
    expect(await page.getByRole('button', { name: 'Change roles' }).count()).toBe(0);
    await checkPage(page);

    await page.goto(`${portal.url}/admin/users?status=deactivated`);
    expect(await page.locator('#users').innerText()).toContain(address);
    await checkPage(page);
  });

  it('an invitation link leads on to sign-in, and says why when it no longer works', async () => {
    const directory = portal.app.get(DirectoryService);
    const { invitationUrl } = await directory.invite({ id: 'admin-jo' }, { name: 'Chris Hall', email: `chris-${randomUUID().slice(0, 8)}@devon.example.gov.uk`, roles: ['applicant'], authorityCode: 'E10000008' }, 'Devon’s bid lead');
    const link = `${portal.url}${new URL(invitationUrl).pathname}${new URL(invitationUrl).search}`;
    const visitor = await browser.newContext();
    try {
      const landing = await visitor.newPage();
      await landing.goto(link);
      expect(await landing.locator('h1').innerText()).toBe('Accept your invitation');
      expect(await landing.locator('main').innerText()).toContain('for Chris Hall');
      await checkPage(landing, 'invitation-accept');
      // Opening the link makes no session; going on to sign in does, holding only the token.
      expect((await visitor.cookies()).map((c) => c.name)).not.toContain('portal_session');
      await landing.getByRole('button', { name: 'Continue to sign in' }).click();
      await landing.waitForURL(/\/sign-in$/);
      const [session] = await db.query(`select data from portal_sessions where data->>'invitationToken' = $1`, [new URL(invitationUrl).searchParams.get('token')]);
      expect(session.data.user).toBeUndefined();

      jest.spyOn(portal.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 8 * 86_400_000));
      const expired = await landing.goto(link);
      expect(expired?.status()).toBe(410);
      expect(await landing.locator('h1').innerText()).toBe('This invitation link has expired');
      await checkPage(landing);
      const invalid = await landing.goto(`${portal.url}/invitations/accept?token=${'A'.repeat(43)}`);
      expect(invalid?.status()).toBe(404);
      expect(await landing.locator('h1').innerText()).toBe('This invitation link does not work');
    } finally {
      await visitor.close();
    }
  });

  it('is for admins only; an officer who is also an admin reaches both, and a deactivated user is signed out at once', async () => {
    const officer = await openAs(browser, portal, { id: 'officer-x', persona: 'officer', roles: ['programme_officer'], name: 'Sam Okafor' });
    try {
      expect((await officer.page.goto(`${portal.url}/admin/users`))?.status()).toBe(403);
    } finally {
      await officer.context.close();
    }

    const directory = portal.app.get(DirectoryService);
    // Another active admin, so deactivating this one leaves the platform one.
    await directory.createAdmin({ name: 'Ada Admin', email: `ada-${randomUUID().slice(0, 8)}@example.gov.uk` }, 'First admin').catch((err) => {
      if (err.code !== 'admin-exists') throw err;
    });
    const email = `ruth-${randomUUID().slice(0, 8)}@cabinet-office.example.gov.uk`;
    const { invitationUrl } = await directory.invite({ id: 'admin-jo' }, { name: 'Ruth Ellis', email, roles: ['programme_officer', 'admin'] }, 'Runs the programme and its users');
    const match = await directory.matchSignIn({ issuer: 'https://sign-in.example.gov.uk/', subject: randomUUID(), email, emailVerified: true, invitationToken: new URL(invitationUrl).searchParams.get('token')! });
    if (match.kind !== 'signed-in') throw new Error(`not signed in: ${match.reason}`);
    const both: SignedInUser = match.user;
    const ruth = await openAs(browser, portal, both);
    try {
      expect((await ruth.page.goto(`${portal.url}/admin/users`))?.status()).toBe(200);
      const menu = await ruth.page.locator('.govuk-service-navigation__list').innerText();
      expect(menu).toContain('Dashboard');
      expect(menu).toContain('Users');

      await directory.deactivate({ id: 'admin-jo' }, both.id, 'Moved to another department');
      await ruth.page.goto(`${portal.url}/admin/users`);
      expect(new URL(ruth.page.url()).pathname).toBe('/sign-in');
    } finally {
      await ruth.context.close();
    }
  });
});
