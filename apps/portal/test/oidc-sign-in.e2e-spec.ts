/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { BidScreened, RoundOpened } from '@mutuals/contracts';
import { RunningService, SmtpTestServer, startTestService, waitFor } from '@mutuals/testing';
import { awardsService } from '../../awards/src/service';
import { AwardsApi, produce, screenedBid } from '../../awards/test/awards-fixtures';
import { notificationsService } from '../../notifications/src/service';
import { DirectoryService } from '../src/directory/directory.service';
import { SESSION_COOKIE } from '../src/session/session.middleware';
import { checkPage, launchBrowser, RunningPortal, screenshot, startTestPortal } from './portal-harness';
import { freePort, OidcTestProvider, ProviderAccount, startOidcTestProvider } from './oidc-test-provider';

jest.setTimeout(400_000); // a real browser running axe on every page, and events through Kafka, on a shared machine

/** Nothing listens here: the services these journeys do not use are down. */
const UNREACHABLE = 'http://127.0.0.1:9';

const unique = (who: string) => `${who}-${randomUUID().slice(0, 8)}@example.gov.uk`;

/**
 * Real sign-in for every role: the portal against a real OpenID Connect provider (oidc-provider)
 * in Chromium, with the user directory deciding who each person is. An admin made with the
 * directory invites an assessor and a programme officer through the admin pages; each follows the
 * link in their invitation email, signs in at the provider and does their work against the real
 * awards service; a deactivated user, an unknown one and one whose email is not verified are
 * refused with a page saying why, and get no session.
 */
describe('signing in with OpenID Connect', () => {
  const smtp = new SmtpTestServer();
  let provider: OidcTestProvider;
  let notifications: RunningService<any>;
  let awards: RunningService<any>;
  let api: AwardsApi;
  let portal: RunningPortal;
  let browser: Browser;
  let redirectUri: string;
  const contexts: BrowserContext[] = [];

  const people = {
    admin: { login: 'ada', email: unique('ada.admin'), emailVerified: true, name: 'Ada Admin' },
    assessor: { login: 'priya', email: unique('priya.shah'), emailVerified: true, name: 'Priya Shah' },
    officer: { login: 'sam', email: unique('sam.okafor'), emailVerified: true, name: 'Sam Okafor' },
  } satisfies Record<string, ProviderAccount>;
  let adminPage: Page;
  let officerPage: Page;
  let officerId: string;

  beforeAll(async () => {
    await smtp.start();
    notifications = await startTestService(notificationsService, { SMTP_URL: smtp.url });
    awards = await startTestService(awardsService);
    api = new AwardsApi(awards.url, awards.app.get(DataSource));
    // The portal's own address goes into its settings (the redirect URI), so it is chosen first.
    const origin = `http://127.0.0.1:${await freePort()}`;
    redirectUri = `${origin}/sign-in/callback`;
    provider = await startOidcTestProvider({ redirectUri, postLogoutRedirectUri: `${origin}/sign-in?ended=signed-out` });
    for (const account of Object.values(people)) provider.addAccount(account);
    portal = await startTestPortal({
      PORT: Number(new URL(origin).port),
      DEMO_SIGN_IN: false,
      PORTAL_PUBLIC_URL: origin,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_REDIRECT_URI: redirectUri,
      AWARDS_URL: awards.url,
      NOTIFICATIONS_URL: notifications.url,
      APPLICATIONS_URL: UNREACHABLE,
      INTAKE_URL: UNREACHABLE,
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await portal?.close();
    await provider?.close();
    await awards?.close();
    await notifications?.close();
    await smtp.stop();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    context.setDefaultTimeout(20000);
    return context.newPage();
  }

  const sessionCookie = async (page: Page) => (await page.context().cookies(portal.url)).find((c) => c.name === SESSION_COOKIE)?.value;

  /** At the provider's sign-in page: signs in as the account and returns the portal's answer to the callback. */
  async function signInAtProvider(page: Page, login: string) {
    await page.getByLabel('Username').fill(login);
    const callback = page.waitForResponse((r) => r.url().startsWith(redirectUri));
    await page.getByRole('button', { name: 'Continue' }).click();
    const response = await callback;
    await page.waitForLoadState();
    return response;
  }

  /**
   * From the sign-in page through the provider; the portal's answer to the callback. Someone still
   * signed in at the provider goes straight back without its sign-in page, as with any provider.
   */
  async function signIn(page: Page, login: string) {
    await page.goto(`${portal.url}/sign-in`);
    const callback = page.waitForResponse((r) => r.url().startsWith(redirectUri));
    await page.getByRole('button', { name: 'Sign in with GOV.UK One Login' }).click();
    const loginPage = page.getByLabel('Username');
    await Promise.race([callback, loginPage.waitFor().catch(() => undefined)]);
    if (await loginPage.isVisible()) return signInAtProvider(page, login);
    const response = await callback;
    await page.waitForLoadState();
    return response;
  }

  /** The link in the invitation email the notifications service sent. */
  async function invitationLink(email: string): Promise<string> {
    const mail = await waitFor(() => smtp.to(email)[0], { what: `the invitation email to ${email}`, timeoutMs: 90_000 });
    const link = /https?:\/\/\S+\/invitations\/accept\?token=[A-Za-z0-9_-]+/.exec(mail.body)?.[0];
    if (!link) throw new Error(`No invitation link in the email to ${email}: ${mail.body}`);
    return link;
  }

  async function invite(person: ProviderAccount, role: string, reason: string): Promise<string> {
    await adminPage.goto(`${portal.url}/admin/users/invite`);
    await adminPage.getByLabel('Full name').fill(person.name);
    await adminPage.getByLabel('Email address').fill(person.email);
    await adminPage.getByRole('group', { name: 'Roles' }).getByLabel(role, { exact: true }).check();
    await adminPage.getByLabel('Why they need an account').fill(reason);
    await adminPage.getByRole('button', { name: 'Send invitation' }).click();
    await adminPage.getByText(`${person.name} has been invited`).waitFor();
    return new URL(adminPage.url()).pathname.split('/').pop()!;
  }

  /** Follows the invitation link and signs in through the provider; the portal's answer to the callback. */
  async function acceptInvitation(page: Page, person: ProviderAccount) {
    await page.goto(await invitationLink(person.email));
    await page.getByRole('heading', { name: 'Accept your invitation' }).waitFor();
    await page.getByRole('button', { name: 'Continue to sign in' }).click();
    return signInAtProvider(page, person.login);
  }

  it('signs the first admin in through the provider with PKCE, state and nonce, to a new session, and takes them where they were going', async () => {
    await portal.app.get(DirectoryService).createAdmin({ name: people.admin.name, email: people.admin.email }, 'Set up the platform');
    adminPage = await newPage();
    await adminPage.goto(`${portal.url}/admin/users`);
    expect(new URL(adminPage.url()).pathname).toBe('/sign-in');
    await checkPage(adminPage);
    await adminPage.getByRole('button', { name: 'Sign in with GOV.UK One Login' }).click();
    await adminPage.getByLabel('Username').waitFor();
    // The session that holds the sign-in's state is not the one the person is signed in with.
    const pending = await sessionCookie(adminPage);
    expect(pending).toBeDefined();

    const response = await signInAtProvider(adminPage, people.admin.login);
    expect(response.status()).toBe(303);
    expect(new URL(adminPage.url()).pathname).toBe('/admin/users');
    expect(await adminPage.locator('.govuk-phase-banner').innerText()).toContain(`Signed in as ${people.admin.name}`);
    const signedIn = await sessionCookie(adminPage);
    expect(signedIn).toBeDefined();
    expect(signedIn).not.toBe(pending);

    const authorization = provider.authorizationRequests.at(-1)!;
    expect(authorization.get('redirect_uri')).toBe(redirectUri);
    expect(authorization.get('scope')).toBe('openid email profile');
    expect(authorization.get('code_challenge_method')).toBe('S256');
    expect(authorization.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorization.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorization.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('the admin invites an assessor and a programme officer; each signs in from their invitation email and does their work', async () => {
    const assessorId = await invite(people.assessor, 'Assessor', 'Scores the youth services round');
    officerId = await invite(people.officer, 'Programme officer', 'Runs the youth services programme');

    // A bid of a programme of the test's own, allocated to the new assessor, its one assessor.
    const round = await api.bidProgramme(50_000_000, { ...RoundOpened.example.assessment, assessorsPerCase: 1 });
    const sector = 'youth';
    await request(awards.url)
      .put(`/assessors/${assessorId}`)
      .set(api.officer.auth)
      .send({ name: people.assessor.name, email: people.assessor.email, sectors: [sector], programmeIds: [round.programmeId], capacity: 5 })
      .expect(200);
    const bid = screenedBid(round, sector);
    await produce(BidScreened, bid.bidId, bid);
    const kase = await waitFor(async () => (await api.db.query(`select id from cases where source_id = $1 and status = 'in-assessment'`, [bid.bidId]))[0] as { id: string } | undefined, {
      what: 'the case of the bid',
      timeoutMs: 150_000,
    });

    const assessorPage = await newPage();
    expect((await acceptInvitation(assessorPage, people.assessor)).status()).toBe(303);
    expect(new URL(assessorPage.url()).pathname).toBe('/assessor');
    expect(await assessorPage.locator('.govuk-phase-banner').innerText()).toContain(`Signed in as ${people.assessor.name}, assessor`);
    await assessorPage.locator('tbody tr', { hasText: bid.reference }).getByRole('link', { name: bid.reference }).click();
    for (const [i, c] of RoundOpened.example.assessment.criteria.entries()) {
      await assessorPage.getByRole('group', { name: new RegExp(`^${c.name}`) }).getByLabel(String(4 - i), { exact: true }).check();
      await assessorPage.locator(`#comment-${c.id}`).fill(`Clear evidence for ${c.name.toLowerCase()}`);
    }
    await assessorPage.getByLabel('Fund', { exact: true }).check();
    await assessorPage.getByRole('button', { name: 'Submit assessment' }).click();
    await assessorPage.getByText(`Your assessment of ${bid.reference} has been submitted`).waitFor();
    await waitFor(async () => (await api.db.query(`select 1 from cases where id = $1 and status = 'assessed'`, [kase.id]))[0], { what: 'the case assessed' });

    officerPage = await newPage();
    expect((await acceptInvitation(officerPage, people.officer)).status()).toBe(303);
    expect(new URL(officerPage.url()).pathname).toBe('/officer');
    await officerPage.goto(`${portal.url}/officer/cases/${kase.id}`);
    await officerPage.getByLabel('Approve', { exact: true }).check();
    await officerPage.locator('#amount').fill('30000');
    await officerPage.locator('#reason').fill('Strong staff support; within budget');
    await officerPage.getByRole('button', { name: 'Record decision' }).click();
    await officerPage.getByText('Your decision has been recorded').waitFor();

    // An invitation link works once.
    const again = await newPage();
    await again.goto(await invitationLink(people.assessor.email));
    await again.getByRole('heading', { name: 'This invitation link has already been used' }).waitFor();
  });

  it('refuses a deactivated user with a page saying so, and no session', async () => {
    await adminPage.goto(`${portal.url}/admin/users/${officerId}`);
    await adminPage.getByLabel('Why they are being deactivated').fill('Left the programme team');
    await adminPage.getByRole('button', { name: 'Deactivate user' }).click();
    await adminPage.getByText('The user has been deactivated').waitFor();

    // Signed out at once...
    await officerPage.goto(`${portal.url}/officer`);
    expect(new URL(officerPage.url()).pathname).toBe('/sign-in');
    // ...and refused when signing in again, though the provider still knows them.
    const response = await signIn(officerPage, people.officer.login);
    expect(response.status()).toBe(403);
    await officerPage.getByRole('heading', { name: 'Your account has been deactivated' }).waitFor();
    expect(await sessionCookie(officerPage)).toBeUndefined();
    await checkPage(officerPage, 'sign-in-refused-deactivated');
    expect((await officerPage.goto(`${portal.url}/officer`))?.url()).toContain('/sign-in');
  });

  it('refuses someone the directory does not know, someone whose email the provider has not verified, and someone with another person’s invitation', async () => {
    const strangerEmail = unique('stranger');
    provider.addAccount({ login: 'stranger', email: strangerEmail, emailVerified: true, name: 'Stranger' });
    const stranger = await newPage();
    expect((await signIn(stranger, 'stranger')).status()).toBe(403);
    await stranger.getByRole('heading', { name: 'You do not have access to this service' }).waitFor();
    expect(await sessionCookie(stranger)).toBeUndefined();
    await checkPage(stranger, 'sign-in-refused-unknown');
    // A failed sign-in like any other: counted against the address and kept as a security event.
    const audited = await waitFor(
      async () => (await portal.app.get(DataSource).query(`select details from security_events where type = 'sign-in-failed' and details->>'account' = $1`, [strangerEmail]))[0],
      { what: 'the refused sign-in in the security events' },
    );
    expect(audited.details).toEqual({ reason: 'directory-unknown', account: strangerEmail });

    // The admin's own address, not verified at this account: no one gets in on an unverified email.
    provider.addAccount({ login: 'unverified', email: people.admin.email, emailVerified: false, name: 'Ada Admin' });
    const unverified = await newPage();
    expect((await signIn(unverified, 'unverified')).status()).toBe(403);
    await unverified.getByRole('heading', { name: 'Confirm your email address before you sign in' }).waitFor();
    expect(await unverified.locator('main').innerText()).toContain(people.admin.email);
    expect(await sessionCookie(unverified)).toBeUndefined();
    await checkPage(unverified);

    // An invitation followed by someone signed in at the provider as somebody else.
    const { invitationUrl } = await portal.app.get(DirectoryService).invite({ id: 'cli' }, { name: 'Jordan Lee', email: unique('jordan.lee'), roles: ['assessor'] }, 'Joins the panel');
    const mismatch = await newPage();
    await mismatch.goto(invitationUrl);
    await mismatch.getByRole('button', { name: 'Continue to sign in' }).click();
    expect((await signInAtProvider(mismatch, 'stranger')).status()).toBe(403);
    await mismatch.getByRole('heading', { name: 'The invitation is for a different email address' }).waitFor();
    expect(await sessionCookie(mismatch)).toBeUndefined();
    await checkPage(mismatch);
  });

  it('refuses a replayed or forged answer from the provider', async () => {
    const page = await newPage();
    await page.goto(`${portal.url}/sign-in`);
    await page.getByRole('button', { name: 'Sign in with GOV.UK One Login' }).click();
    await page.getByLabel('Username').waitFor();
    // An answer that is not for this sign-in (another state) is not accepted.
    const forged = await page.goto(`${redirectUri}?code=stolen&state=not-this-one&iss=${encodeURIComponent(provider.issuer)}`);
    expect(forged?.status()).toBe(400);
    await page.getByRole('heading', { name: 'Sign-in did not work' }).waitFor();
    expect(await sessionCookie(page)).toBeUndefined();
    await checkPage(page);
  });

  it('sends the provider the configured redirect URI whatever Host the request names, and signs out at the provider too', async () => {
    const start = await request(portal.app.getHttpServer()).get('/sign-in/one-login').set('Host', 'portal.attacker.example').expect(303);
    expect(new URL(start.headers.location).searchParams.get('redirect_uri')).toBe(redirectUri);

    await adminPage.goto(`${portal.url}/admin/users`);
    await adminPage.getByRole('button', { name: /^Sign out/ }).click();
    await adminPage.getByRole('button', { name: 'Yes, sign me out' }).click();
    await adminPage.waitForURL((url) => url.origin === portal.url);
    await adminPage.getByText('You have signed out').waitFor();
    expect(await sessionCookie(adminPage)).toBeUndefined();
    await adminPage.goto(`${portal.url}/admin/users`);
    expect(new URL(adminPage.url()).pathname).toBe('/sign-in');
    await screenshot(adminPage, 'sign-in-oidc');
  });
});
