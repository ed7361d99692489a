import { DataSource } from 'typeorm';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { RunningService, startTestService, TestUser } from '@mutuals/testing';
import { awardsService } from '../../awards/src/service';
import { AwardsApi } from '../../awards/test/awards-fixtures';
import { SignedInUser } from '../src/auth/personas';
import { launchBrowser, openAs, RunningPortal, startTestPortal } from './portal-harness';

/** The awards service and the portal in-process, and a browser signed in as the awards tests' officer. */
export interface OfficerBrowser {
  awards: RunningService<any>;
  api: AwardsApi;
  portal: RunningPortal;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close: () => Promise<void>;
}

export const officerUser = (t: TestUser): SignedInUser => ({ id: t.id, persona: 'officer', roles: ['programme_officer'], name: 'Sam Okafor', email: t.email });

export async function startOfficerBrowser(): Promise<OfficerBrowser> {
  const awards = await startTestService(awardsService);
  const api = new AwardsApi(awards.url, awards.app.get(DataSource));
  const portal = await startTestPortal({ AWARDS_URL: awards.url });
  const browser = await launchBrowser();
  const { context, page } = await openAs(browser, portal, officerUser(api.officer));
  const close = async () => {
    await context.close();
    await browser.close();
    await portal.close();
    await awards.close();
  };
  return { awards, api, portal, browser, context, page, close };
}
