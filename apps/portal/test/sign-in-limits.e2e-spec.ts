import { DataSource } from 'typeorm';
import request from 'supertest';
import { testDatabaseUrl, waitFor } from '@mutuals/testing';
import { captureLogs } from '../../../libs/observability/test/capture-logs';
import { loadPortalConfig, startPortal } from '../src/portal';
import { SESSION_COOKIE } from '../src/session/session.middleware';

/**
 * Abuse limits on signing in, over HTTP against the started portal: a flood of wrong sign-in
 * attempts is refused with 429 and Retry-After after the limit, the account's own sign-in works
 * again once the window has passed, and every attempt leaves a security event (a row and a log
 * line) that never holds a token or a cookie.
 */
jest.setTimeout(120_000);

const WINDOW_SECONDS = 8;
const formToken = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
const setCookies = (res: request.Response): string[] => ([] as string[]).concat(res.headers['set-cookie'] ?? []);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('sign-in limits', () => {
  const logs = captureLogs('info', 'portal');
  let portal: Awaited<ReturnType<typeof startPortal>>;
  let url: string;
  let db: DataSource;

  beforeAll(async () => {
    const config = loadPortalConfig({
      NODE_ENV: 'test',
      DEMO_SIGN_IN: true,
      PORT: 0,
      DATABASE_URL: testDatabaseUrl('postgres://postgres@127.0.0.1:5432/mutuals_portal'),
      RATE_LIMIT_SIGN_IN_PER_IP: 10,
      RATE_LIMIT_SIGN_IN_WINDOW_SECONDS: WINDOW_SECONDS,
      RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT: 5,
      RATE_LIMIT_SIGN_IN_FAILURES_WINDOW_SECONDS: WINDOW_SECONDS,
      RATE_LIMIT_INVITATIONS_PER_IP: 3,
    });
    portal = await startPortal(config, '127.0.0.1', logs.logger);
    url = (await portal.getUrl()).replace('[::1]', '127.0.0.1');
    db = portal.get(DataSource);
  });

  // Counters and events of earlier test files on this worker's database (same IP) are not this test's.
  beforeEach(async () => {
    await db.query('delete from rate_limit_hits');
    await db.query('delete from security_events');
    logs.lines.length = 0;
  });

  afterAll(async () => {
    await portal?.close();
  });

  async function signInForm() {
    const agent = request.agent(url);
    const page = await agent.get('/sign-in').expect(200);
    return { agent, token: formToken(page.text)! };
  }

  const events = (type: string): Promise<{ subject: string | null; ip: string; correlation_id: string; route: string; details: any }[]> =>
    db.query('select subject, ip, correlation_id, route, details from security_events where type = $1 order by id', [type]);

  it('50 wrong sign-in attempts in a minute: 429s with Retry-After after the limit; the account signs in after the window', async () => {
    const { agent, token } = await signInForm();
    const wrongToken = 'w'.repeat(token.length);
    const started = Date.now();
    const answers: request.Response[] = [];
    for (let i = 0; i < 50; i++) {
      answers.push(await agent.post('/sign-in').type('form').send({ _csrf: wrongToken, user: 'officer-sam' }));
    }
    expect(Date.now() - started).toBeLessThan(WINDOW_SECONDS * 1000);

    // Five failures for the account, then its sign-in is refused until its window ends.
    expect(answers.map((a) => a.status)).toEqual([...Array(5).fill(403), ...Array(45).fill(429)]);
    for (const refused of answers.slice(5)) {
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
      expect(refused.text).toContain('<h1 class="govuk-heading-l">Too many attempts</h1>');
      expect(refused.text).toMatch(/try again in \d+ seconds?/);
      expect(refused.headers['cache-control']).toBe('no-store');
    }

    // The right form from another browser is refused while the window lasts: the account and this IP are over their limits.
    const other = await signInForm();
    const early = await other.agent.post('/sign-in').type('form').send({ _csrf: other.token, user: 'officer-sam' });
    expect(early.status).toBe(429);
    expect(setCookies(early).some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(false);

    // After the window, the account's own sign-in works.
    await sleep(Number(early.headers['retry-after']) * 1000 + 500);
    const again = await signInForm();
    const signedIn = await again.agent.post('/sign-in').type('form').send({ _csrf: again.token, user: 'officer-sam' }).expect(303);
    expect(signedIn.headers.location).toBe('/officer');
    const sessionCookie = setCookies(signedIn).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(sessionCookie).toBeDefined();

    // Each failure is a security event with the account, the IP and the request's correlation id;
    // the CSRF failures and the refusals are sampled (one a minute per IP and route).
    const failed = await events('sign-in-failed');
    expect(failed).toHaveLength(5);
    for (const event of failed) {
      expect(event).toEqual({
        subject: null,
        ip: expect.stringMatching(/127\.0\.0\.1$/),
        correlation_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        route: '/sign-in',
        details: { reason: 'bad-form-token', account: 'officer-sam' },
      });
    }
    expect(new Set(failed.map((e) => e.correlation_id)).size).toBe(5);
    expect(await events('csrf-failed')).toHaveLength(1);
    const limited = await events('rate-limited');
    expect(limited).toEqual([expect.objectContaining({ route: '/sign-in', details: { method: 'POST', limit: 'sign-in-failures-per-account', account: 'officer-sam' } })]);
    await waitFor(async () => ((await events('sign-in')).length === 1 ? true : undefined), { timeoutMs: 5000 });
    expect(await events('sign-in')).toEqual([expect.objectContaining({ subject: 'officer-sam', route: '/sign-in', details: { method: 'demo' } })]);

    // Never a token or a cookie: not in the table, not in the log lines.
    const stored = JSON.stringify(await db.query('select * from security_events'));
    const securityLines = logs.lines.filter((l) => l.context === 'security');
    const secrets = [token, wrongToken, other.token, again.token, sessionCookie!.split(';')[0].split('=')[1]];
    for (const secret of secrets) {
      expect(stored).not.toContain(secret);
      expect(JSON.stringify(securityLines)).not.toContain(secret);
    }
    expect(securityLines.filter((l) => l.securityEvent === 'sign-in-failed')).toHaveLength(5);
    expect(securityLines.find((l) => l.securityEvent === 'sign-in')).toMatchObject({ level: 'info', service: 'portal', subject: 'officer-sam', correlationId: expect.any(String) });
  });

  it('counts every attempt from one IP, whichever account it names, and invitation links too', async () => {
    const { agent, token } = await signInForm();
    for (let i = 1; i <= 10; i++) {
      await agent.post('/sign-in').type('form').send({ _csrf: token, user: `nobody-${i}` }).expect(400);
    }
    const refused = await agent.post('/sign-in').type('form').send({ _csrf: token, user: 'officer-sam' }).expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await waitFor(async () => ((await events('sign-in-failed')).length === 10 ? true : undefined), { timeoutMs: 5000 });
    expect((await events('sign-in-failed')).map((e) => e.details)).toEqual(Array.from({ length: 10 }, (_, i) => ({ reason: 'unknown-user', account: `nobody-${i + 1}` })));

    const links = [];
    for (let i = 0; i < 4; i++) links.push(await request(url).get(`/invitations/accept?token=secret-link-${i}`));
    expect(links.slice(0, 3).map((l) => l.status)).not.toContain(429);
    expect(links[3].status).toBe(429);
    expect(Number(links[3].headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // (The sign-in refusal above is not recorded again: one a minute per IP and route, and the first test's was this minute.)
    const invitationEvents = await waitFor(async () => {
      const rows = await db.query(`select route, details from security_events where type = 'rate-limited' and details->>'limit' = 'invitation-per-ip'`);
      return rows.length > 0 ? rows : undefined;
    }, { timeoutMs: 5000 });
    expect(invitationEvents).toEqual([{ route: '/invitations/accept', details: { method: 'GET', limit: 'invitation-per-ip' } }]);
    expect(JSON.stringify(await db.query('select * from security_events'))).not.toContain('secret-link');
  });

  it('records signing out with the subject', async () => {
    const { agent, token } = await signInForm();
    await agent.post('/sign-in').type('form').send({ _csrf: token, user: 'admin-jo' }).expect(303);
    const page = await agent.get('/sign-in').expect(200);
    await agent.post('/sign-out').type('form').send({ _csrf: formToken(page.text) }).expect(303);
    await waitFor(async () => ((await events('sign-out')).length === 1 ? true : undefined), { timeoutMs: 5000 });
    expect(await events('sign-out')).toEqual([expect.objectContaining({ subject: 'admin-jo', route: '/sign-out', details: {} })]);
  });
});
