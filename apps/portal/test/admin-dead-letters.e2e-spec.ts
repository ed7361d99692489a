/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { ApplicationSubmitted } from '@mutuals/contracts';
import { produceDeadLetter, RunningService, SmtpTestServer, startTestService, testTopic, waitFor } from '@mutuals/testing';
import { notificationsService } from '../../notifications/src/service';
import { envelope, uniqueEmail } from '../../notifications/test/support/events';
import { SignedInUser } from '../src/auth/personas';
import { checkPage, expectFormErrors, launchBrowser, openAs, RunningPortal, startTestPortal } from './portal-harness';

jest.setTimeout(300_000); // a real browser running axe on every page, on a shared machine

/** Nothing listens here: the services behind it are down. */
const UNREACHABLE = 'http://127.0.0.1:9';

/**
 * A platform operator sees each service's dead letters in the portal, opens one, discards one
 * with a reason and replays another, against the real notifications service (the other services
 * are down, which the page says rather than failing).
 */
describe('dead letters in the portal', () => {
  const smtp = new SmtpTestServer();
  let notifications: RunningService<any>;
  let portal: RunningPortal;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const operator: SignedInUser = { id: `admin-${randomUUID().slice(0, 8)}`, persona: 'admin', roles: ['admin'], name: 'Jo Admin', email: 'jo.admin@example.org' };

  beforeAll(async () => {
    await smtp.start();
    notifications = await startTestService(notificationsService, { SMTP_URL: smtp.url });
    portal = await startTestPortal({ NOTIFICATIONS_URL: notifications.url, APPLICATIONS_URL: UNREACHABLE, INTAKE_URL: UNREACHABLE, AWARDS_URL: UNREACHABLE });
    browser = await launchBrowser();
    ({ context, page } = await openAs(browser, portal, operator));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await portal?.close();
    await notifications?.close();
    await smtp.stop();
  });

  const deadLetter = (email: string, raw?: string) => {
    const event = envelope(ApplicationSubmitted, { ...ApplicationSubmitted.example, applicationId: randomUUID(), contact: { name: 'Alex Morgan', email } });
    return produceDeadLetter(ApplicationSubmitted, raw ? { subject: event.subject, raw } : event, { consumerGroup: notifications.config.KAFKA_GROUP_ID });
  };
  const linkTo = (id: string) => page.locator(`a[href$="/${encodeURIComponent(id)}"]`);
  const summary = () => page.locator('#dead-letter-summary').innerText();
  const actions = (id: string) => notifications.app.get(DataSource).query('select action, actor, reason from dead_letter_actions where dead_letter_id = $1 order by id', [id]);

  it('lists every service’s dead letters, shows one with its payload, and discards it only with a reason', async () => {
    const marker = randomUUID();
    const id = await deadLetter(uniqueEmail('portal'), `not json ${marker}`);
    await waitFor(async () => {
      await page.goto(`${portal.url}/admin/dead-letters?status=pending`);
      return (await linkTo(id).count()) > 0;
    }, { what: 'the dead letter on the page', timeoutMs: 30000 });
    expect(await page.locator('#applications + p').innerText()).toContain('The applications service is not available');
    await checkPage(page, 'admin-dead-letters');

    await linkTo(id).first().click();
    expect(await summary()).toMatch(/Status\s+Pending/);
    expect(await summary()).toContain(testTopic(ApplicationSubmitted.topic));
    expect(await page.locator('#payload').innerText()).toBe(`not json ${marker}`);
    await checkPage(page, 'admin-dead-letter');

    await page.getByRole('button', { name: 'Discard dead letter' }).click();
    await expectFormErrors(page, ['Enter why the dead letter will not be replayed']);
    expect(await actions(id)).toEqual([]);
    await page.locator('#discardReason').fill('Typed into the topic by hand while testing');
    await page.getByRole('button', { name: 'Discard dead letter' }).click();
    await page.getByText('The dead letter has been discarded').waitFor();
    expect(await summary()).toMatch(/Status\s+Discarded/);
    expect(await page.locator('#history').innerText()).toContain('Typed into the topic by hand while testing');
    expect(await page.getByRole('button', { name: 'Discard dead letter' }).count()).toBe(0);
    expect(await actions(id)).toEqual([{ action: 'discarded', actor: operator.id, reason: 'Typed into the topic by hand while testing' }]);
  });

  it('replays a dead letter to one email', async () => {
    const email = uniqueEmail('portal-replay');
    const id = await deadLetter(email);
    await waitFor(async () => {
      await page.goto(`${portal.url}/admin/dead-letters/notifications/${encodeURIComponent(id)}`);
      return (await page.locator('#dead-letter-summary').count()) > 0;
    }, { what: 'the dead letter page' });
    await page.locator('#replayReason').fill('The database is back');
    await page.getByRole('button', { name: 'Replay dead letter' }).click();
    await page.getByText(`The dead letter has been replayed to ${testTopic(ApplicationSubmitted.topic)}`).waitFor();
    expect(await summary()).toMatch(/Status\s+Replayed/);
    await waitFor(() => smtp.to(email).length > 0, { what: 'the email of the replayed event' });
    expect(await actions(id)).toEqual([{ action: 'replayed', actor: operator.id, reason: 'The database is back' }]);

    // Every pending one of the topic: this one is replayed already, so it is not sent again.
    await page.getByRole('button', { name: `Replay every pending dead letter from ${testTopic(ApplicationSubmitted.topic)}` }).click();
    await page.getByText(new RegExp(`\\d+ pending dead letters? ha(s|ve) been replayed from ${testTopic(ApplicationSubmitted.deadLetterTopic).replace(/\./g, '\\.')}`)).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/dead-letters/notifications');
    expect(await page.locator('#topic').inputValue()).toBe(testTopic(ApplicationSubmitted.deadLetterTopic));
    await checkPage(page);
    expect(await actions(id)).toHaveLength(1);

    const refused = await page.request.post(`${portal.url}/admin/dead-letters/notifications/${encodeURIComponent(id)}/replay`, { form: {}, maxRedirects: 0 });
    expect(refused.status()).toBe(403);
    expect(await actions(id)).toHaveLength(1);
  });

  it('is only for admins, and Jo Admin is a demo user', async () => {
    const officer = await openAs(browser, portal, { id: 'officer-x', persona: 'officer', roles: ['programme_officer'], name: 'Sam Okafor' });
    try {
      const response = await officer.page.goto(`${portal.url}/admin/dead-letters`);
      expect(response?.status()).toBe(403);
    } finally {
      await officer.context.close();
    }

    const visitor = await browser.newContext();
    try {
      const signIn = await visitor.newPage();
      await signIn.goto(`${portal.url}/sign-in`);
      await signIn.getByLabel(/Jo Admin/).check();
      await signIn.getByRole('button', { name: 'Sign in' }).click();
      // An admin lands on the users page; dead letters are a menu item away.
      await signIn.waitForURL(/\/admin\/users$/);
      await signIn.getByRole('link', { name: 'Dead letters' }).click();
      expect(await signIn.locator('h1').innerText()).toBe('Dead letters');
    } finally {
      await visitor.close();
    }
  });
});
