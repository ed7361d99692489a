import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { NestExpressApplication } from '@nestjs/platform-express';
import { testDatabaseUrl, testTopicPrefix } from '@mutuals/testing';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { PortalConfig } from '../src/config';
import { loadPortalConfig, startPortal } from '../src/portal';
import { SignedInUser } from '../src/auth/personas';
import { SESSION_COOKIE } from '../src/session/session.middleware';
import { newCsrfToken, SessionStore } from '../src/session/session.store';

export const SCREENSHOTS = resolve(__dirname, '../../../docs/screenshots');

export interface RunningPortal {
  app: NestExpressApplication;
  config: PortalConfig;
  url: string;
  close: () => Promise<void>;
}

/**
 * The portal in-process on a free port, with a test database named the way startTestService
 * names the services' (this worker's, dropped at the start of each run). The demo sign-in is on, as
 * for a local trial: the journeys sign in as its demo users.
 */
export async function startTestPortal(overrides: Record<string, unknown>): Promise<RunningPortal> {
  const database = testDatabaseUrl('postgres://postgres@127.0.0.1:5432/mutuals_portal');
  // Every test signs in from 127.0.0.1: the sign-in limits are lifted unless a test sets them (sign-in-limits.e2e-spec.ts).
  const limits = { RATE_LIMIT_SIGN_IN_PER_IP: 100_000, RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT: 100_000, RATE_LIMIT_INVITATIONS_PER_IP: 100_000 };
  const config = loadPortalConfig({
    NODE_ENV: 'test',
    DEMO_SIGN_IN: true,
    PORT: 0,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: database,
    // The directory's events go to this run's topics.
    KAFKA_TOPIC_PREFIX: testTopicPrefix(),
    OUTBOX_POLL_MS: 100,
    ...limits,
    ...overrides,
  });
  const app = await startPortal(config, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, config, url, close: () => app.close() };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/**
 * Signs a browser in as a user of the test's own making (so each test owns its data), the way a
 * sign-in would leave it: a session row and its signed cookie.
 */
export async function signInAs(portal: RunningPortal, context: BrowserContext, user: SignedInUser): Promise<void> {
  const { cookieValue } = await sessionOf(portal, user);
  await context.clearCookies();
  await context.addCookies([{ name: SESSION_COOKIE, value: cookieValue, url: portal.url }]);
}

/**
 * A session for the user, as a sign-in leaves it, for requests sent without a browser: the signed
 * cookie (`cookie` is the Cookie header) and the session's CSRF token, which its forms carry.
 */
export async function sessionOf(portal: RunningPortal, user: SignedInUser): Promise<{ cookie: string; cookieValue: string; csrf: string }> {
  const csrf = newCsrfToken();
  const id = await portal.app.get(SessionStore).create({ csrfToken: csrf, user });
  const signature = createHmac('sha256', portal.config.SESSION_SECRET).update(id).digest('base64').replace(/=+$/, '');
  const cookieValue = encodeURIComponent(`s:${id}.${signature}`);
  return { cookie: `${SESSION_COOKIE}=${cookieValue}`, cookieValue, csrf };
}

/** A fresh browser context (its own cookies) signed in as the user, and a page in it. */
export async function openAs(browser: Browser, portal: RunningPortal, user: SignedInUser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  context.setDefaultTimeout(15000);
  const page = await context.newPage();
  await signInAs(portal, context, user);
  return { context, page };
}

/** WCAG 2.2 AA rules; a serious or critical violation fails the test with what and where. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}) on ${page.url()}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious).toEqual([]);
}

/** The whole page, or its top down to the end of the element `until` names (a long page's first part). */
export async function screenshot(page: Page, name: string, until?: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const bottom = until ? await page.locator(until).evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY) : null;
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  const clip = bottom ? { x: 0, y: 0, width, height: Math.ceil(bottom) } : undefined;
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: true, clip });
}

/** What every page of a journey must be: well formed and accessible; a screenshot when named. */
export async function checkPage(page: Page, screenshotName?: string): Promise<void> {
  await expectWellFormed(page);
  await expectAccessible(page);
  if (screenshotName) await screenshot(page, screenshotName);
}

/**
 * A refused form: the error summary and the inline messages say the same things in the same
 * order, the title starts "Error: ", and the Design System's script has moved focus to the summary
 * so screen readers hear it first.
 */
export async function expectFormErrors(page: Page, messages: string[]): Promise<void> {
  await page.locator('.govuk-error-summary').waitFor();
  expect(await page.title()).toMatch(/^Error: /);
  expect(await page.locator('.govuk-error-summary__list a').allInnerTexts()).toEqual(messages);
  expect((await page.locator('p.govuk-error-message').allInnerTexts()).map((t) => t.replace(/^Error:\s*/, ''))).toEqual(messages);
  expect(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary'))).toBe(true);
  await checkPage(page);
}

/** Every page has a title and one h1, and its headings do not skip a level. */
export async function expectWellFormed(page: Page): Promise<void> {
  expect(await page.title()).toMatch(/ - Mutuals funding - GOV\.UK$/);
  const levels = await page.$$eval('main h1, main h2, main h3, main h4', (hs) => hs.map((h) => Number(h.tagName[1])));
  expect(levels.filter((l) => l === 1)).toHaveLength(1);
  levels.forEach((level, i) => {
    if (i > 0) expect(level - levels[i - 1]).toBeLessThanOrEqual(1);
  });
}
