import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { DataSource } from 'typeorm';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { builtEntryPoint, RunningService, startTestService, testDatabaseUrl } from '@mutuals/testing';
import { applicationsService } from '../../applications/src/service';
import { loadPortalConfig } from '../src/portal';
import { Clock } from '../src/session/clock';
import { SESSION_COOKIE } from '../src/session/session.middleware';
import { RunningPortal, startTestPortal } from './portal-harness';

/**
 * Sign-in and session lifetimes over HTTP: the demo sign-in only when asked for (never in
 * production), no session for a visitor who has not signed in, sessions ended after inactivity and
 * after their absolute lifetime, and nothing signed-in kept in a cache.
 */
jest.setTimeout(120_000);

const MINUTE = 60_000;
const setCookies = (res: request.Response): string[] => ([] as string[]).concat(res.headers['set-cookie'] ?? []);
const formToken = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

describe('the demo sign-in in production', () => {
  const production = { NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), AUTH_SIGNING_KEY: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, DEMO_SIGN_IN: 'true' };

  it('the built portal refuses to start, naming DEMO_SIGN_IN, with exit code 78', async () => {
    const main = builtEntryPoint('portal');
    const env = { ...process.env, ...production, PORT: '0', LOG_LEVEL: 'info', DATABASE_URL: testDatabaseUrl('postgres://postgres@127.0.0.1:5432/mutuals_portal') };
    const child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    expect(code).toBe(78);
    const fatal = JSON.parse(stderr.trim().split('\n').pop()!);
    expect(fatal.problems).toEqual([expect.stringMatching(/^DEMO_SIGN_IN must be false in production/)]);
  }, 300_000);

  it('is a settings error, as is a value that is not true or false; off by default', () => {
    expect(() => loadPortalConfig(production, {})).toThrow(/DEMO_SIGN_IN/);
    expect(() => loadPortalConfig({ DEMO_SIGN_IN: 'yes' }, {})).toThrow(/DEMO_SIGN_IN must be true or false/);
    expect(loadPortalConfig({}, {}).DEMO_SIGN_IN).toBe(false);
    expect(loadPortalConfig({ ...production, DEMO_SIGN_IN: 'false' }, {}).DEMO_SIGN_IN).toBe(false);
  });
});

describe('portal sessions', () => {
  let applications: RunningService<any>;
  let portal: RunningPortal;
  let db: DataSource;
  let clock: jest.SpyInstance<Date, []>;
  let now: number;

  const sessionRows = async () => Number((await db.query('select count(*) from portal_sessions'))[0].count);
  const sessionCookieOf = (res: request.Response) => setCookies(res).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  const later = (ms: number) => (now += ms);

  /** A browser-like visitor (it keeps cookies) signed in with the demo form as the user. */
  async function signedIn(user = 'officer-sam'): Promise<TestAgent> {
    const agent = request.agent(portal.url);
    const page = await agent.get('/sign-in').expect(200);
    const signIn = await agent.post('/sign-in').type('form').send({ _csrf: formToken(page.text), user }).expect(303);
    expect(sessionCookieOf(signIn)).toBeDefined();
    return agent;
  }

  beforeAll(async () => {
    applications = await startTestService(applicationsService);
    portal = await startTestPortal({ APPLICATIONS_URL: applications.url });
    db = portal.app.get(DataSource);
  });

  beforeEach(() => {
    now = Date.now();
    clock = jest.spyOn(portal.app.get(Clock), 'now').mockImplementation(() => new Date(now));
  });

  afterEach(() => clock.mockRestore());

  afterAll(async () => {
    await portal?.close();
    await applications?.close();
  });

  it('a hundred cookie-less visits to the sign-in page make no session, nor do the public pages and files', async () => {
    const before = await sessionRows();
    for (let i = 0; i < 100; i++) {
      const res = await request(portal.url).get('/sign-in').expect(200);
      expect(sessionCookieOf(res)).toBeUndefined();
    }
    for (const path of ['/', '/health/live', '/health/ready', '/public/portal.css', '/assets/images/favicon.ico']) {
      const res = await request(portal.url).get(path);
      expect(`${path} ${res.status < 400} ${setCookies(res).length}`).toBe(`${path} true 0`);
    }
    expect(await sessionRows()).toBe(before);
  });

  it('the sign-in form is protected without a session: a post without its cookie, or with another token, is refused', async () => {
    const before = await sessionRows();
    const agent = request.agent(portal.url);
    const page = await agent.get('/sign-in').expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
    await request(portal.url).post('/sign-in').type('form').send({ _csrf: formToken(page.text), user: 'officer-sam' }).expect(403);
    await agent.post('/sign-in').type('form').send({ _csrf: 'x'.repeat(43), user: 'officer-sam' }).expect(403);
    expect(await sessionRows()).toBe(before);
    await agent.post('/sign-in').type('form').send({ _csrf: formToken(page.text), user: 'officer-sam' }).expect(303).expect('Location', '/officer');
    expect(await sessionRows()).toBe(before + 1);
  });

  it('signed-in pages and downloads are not to be stored', async () => {
    const agent = await signedIn();
    const page = await agent.get('/officer/applications').expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
    const download = await agent.get('/officer/applications/export.csv').expect(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment/);
    expect(download.headers['cache-control']).toBe('no-store');
  });

  it('a session unused for 30 minutes is ended: signed out, sent to sign in with a message, its row deleted', async () => {
    const agent = await signedIn();
    const rows = await sessionRows();
    later(29 * MINUTE);
    await agent.get('/officer/applications').expect(200);
    later(29 * MINUTE); // 58 minutes since signing in, but used 29 minutes ago
    await agent.get('/officer/applications').expect(200);
    later(30 * MINUTE);
    const ended = await agent.get('/officer/applications?status=submitted').expect(303);
    expect(ended.headers.location).toBe(`/sign-in?ended=idle&returnTo=${encodeURIComponent('/officer/applications?status=submitted')}`);
    expect(sessionCookieOf(ended)).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(await sessionRows()).toBe(rows - 1);
    const signIn = await agent.get(ended.headers.location).expect(200);
    expect(signIn.text).toContain('You were signed out because you had not used the service for 30 minutes');
    await agent.get('/officer/applications').expect(303).expect('Location', '/sign-in?returnTo=%2Fofficer%2Fapplications');
  });

  it('a session in use is still ended 8 hours after signing in', async () => {
    const agent = await signedIn();
    for (let used = 0; used < 7 * 60 + 45; used += 25) {
      later(25 * MINUTE);
      await agent.get('/officer/applications').expect(200);
    }
    later(15 * MINUTE);
    const ended = await agent.get('/officer/applications').expect(303);
    expect(ended.headers.location).toBe('/sign-in?ended=absolute&returnTo=%2Fofficer%2Fapplications');
    expect((await agent.get(ended.headers.location)).text).toContain('You were signed out because you signed in 8 hours ago');
  });

  it('a form posted after the session ended saves nothing and asks the person to sign in again', async () => {
    const agent = await signedIn('admin-jo');
    const page = await agent.get('/admin/dead-letters').expect(200);
    later(31 * MINUTE);
    const posted = await agent.post('/sign-out').type('form').send({ _csrf: formToken(page.text) }).expect(303);
    expect(posted.headers.location).toBe('/sign-in?ended=idle');
  });

  it('expired sessions are deleted when the next one is made', async () => {
    const expiredAt = async () => Number((await db.query('select count(*) from portal_sessions where expires_at <= $1', [new Date(now)]))[0].count);
    await signedIn();
    await signedIn();
    later(31 * MINUTE);
    expect(await expiredAt()).toBeGreaterThanOrEqual(2);
    const live = (await sessionRows()) - (await expiredAt());
    await signedIn();
    expect(await expiredAt()).toBe(0);
    expect(await sessionRows()).toBe(live + 1);
  });

  it('signing out deletes the session, and the sign-in page says so', async () => {
    const agent = await signedIn();
    const page = await agent.get('/officer/applications').expect(200);
    const rows = await sessionRows();
    const out = await agent.post('/sign-out').type('form').send({ _csrf: formToken(page.text) }).expect(303).expect('Location', '/sign-in?ended=signed-out');
    expect(await sessionRows()).toBe(rows - 1);
    expect(sessionCookieOf(out)).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect((await agent.get(out.headers.location)).text).toContain('You have signed out');
  });
});

describe('the demo sign-in turned off', () => {
  let portal: RunningPortal;

  beforeAll(async () => {
    portal = await startTestPortal({ DEMO_SIGN_IN: false });
  });

  afterAll(() => portal?.close());

  it('the sign-in page shows no demo users and says no sign-in method is configured', async () => {
    const page = await request(portal.url).get('/sign-in').expect(200);
    expect(page.text).toContain('No sign-in method is configured');
    expect(page.text).not.toContain('Sign in as a demo user');
    expect(page.text).not.toContain('name="user"');
    expect(setCookies(page)).toEqual([]);
  });

  it('a demo sign-in posted anyway (with a valid form token from a portal that had it on) is refused, and no session is made', async () => {
    const demo = await startTestPortal({});
    try {
      const form = await request(demo.url).get('/sign-in').expect(200);
      const before = Number((await portal.app.get(DataSource).query('select count(*) from portal_sessions'))[0].count);
      const res = await request(portal.url)
        .post('/sign-in')
        .set('Cookie', setCookies(form).map((c) => c.split(';')[0]))
        .type('form')
        .send({ _csrf: formToken(form.text), user: 'admin-jo' })
        .expect(403);
      expect(res.text).toContain('The demo sign-in is turned off');
      expect(setCookies(res).filter((c) => c.startsWith(`${SESSION_COOKIE}=`))).toEqual([]);
      expect(Number((await portal.app.get(DataSource).query('select count(*) from portal_sessions'))[0].count)).toBe(before);
    } finally {
      await demo.close();
    }
  });
});
