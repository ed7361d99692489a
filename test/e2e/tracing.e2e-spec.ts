import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { BuiltService, draftApplication, OtlpTestReceiver, ReceivedSpan, SmtpTestServer, startBuiltService, testDatabasePool, testUser, waitFor } from '@mutuals/testing';
import { applicationsService } from '../../apps/applications/src/service';
import { notificationsService } from '../../apps/notifications/src/service';
import { PortalConfig } from '../../apps/portal/src/config';
import { SESSION_COOKIE } from '../../apps/portal/src/session/session.middleware';

const portalApp = { name: 'portal', configClass: PortalConfig };
const SERVER = 2;
const CONSUMER = 5;

/**
 * One trace across the platform, as an operator sees it in a trace store: the built services run
 * as in production with OTEL_EXPORTER_OTLP_ENDPOINT pointing at a receiver inside the test, an
 * applicant submits through the portal, and the submission's trace runs from the portal request
 * through the applications service and its outbox, the relay, the notifications consumer and the
 * SMTP send; the services' log lines of that work carry its trace id.
 */
describe('distributed tracing', () => {
  const receiver = new OtlpTestReceiver();
  const smtp = new SmtpTestServer();
  let notifications: BuiltService;
  let applications: BuiltService;
  let portal: BuiltService;

  beforeAll(async () => {
    await receiver.start();
    await smtp.start();
    // Debug logs: the relay and the consumer log each event they pass on at debug.
    const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: 200, LOG_LEVEL: 'debug' };
    notifications = await startBuiltService(notificationsService, { ...tracing, SMTP_URL: smtp.url });
    applications = await startBuiltService(applicationsService, tracing);
    portal = await startBuiltService(portalApp, { ...tracing, APPLICATIONS_URL: applications.url });
  }, 400000);

  afterAll(async () => {
    await Promise.all([portal, applications, notifications].map((s) => s?.kill('SIGTERM')));
    await smtp.stop();
    await receiver.stop();
  }, 60000);

  /** An applicant signed in to the portal, the way its sign-in leaves them: a session row and its signed cookie. */
  async function signIn(user: ReturnType<typeof testUser>): Promise<{ cookie: string; csrf: string }> {
    const id = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    const { token: _token, auth: _auth, ...identity } = user;
    const session = { csrfToken: csrf, user: { ...identity, persona: 'applicant' } };
    const db = testDatabasePool(portalApp);
    try {
      await db.query(`insert into portal_sessions (id, data, expires_at) values ($1, $2, now() + interval '1 hour')`, [id, session]);
    } finally {
      await db.end();
    }
    const signature = createHmac('sha256', new PortalConfig().SESSION_SECRET).update(id).digest('base64').replace(/=+$/, '');
    return { cookie: `${SESSION_COOKIE}=${encodeURIComponent(`s:${id}.${signature}`)}`, csrf };
  }

  const from = (spans: ReceivedSpan[], service: string, test: (s: ReceivedSpan) => boolean) => spans.filter((s) => s.service === service && test(s));

  it('follows a submission in one trace from the portal request to the email sent, with its id in the log lines', async () => {
    const user = testUser('applicant', { organisationId: randomUUID() });
    const draft = await draftApplication(applications.url, user);
    const { cookie, csrf } = await signIn(user);

    const submitted = await request(portal.url)
      .post(`/applicant/applications/${draft.id}/check`)
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrf, version: draft.version });
    expect(submitted.status).toBe(303);
    expect(submitted.headers.location).toBe(`/applicant/applications/${draft.id}/confirmation`);
    await waitFor(() => smtp.to(user.email!).length > 0, { what: 'the receipt email' });

    // The portal's request span for the submission is the root of the trace.
    const root = await waitFor(
      () => receiver.spans.find((s) => s.service === 'portal' && s.kind === SERVER && !s.parentSpanId && String(s.attributes['url.path'] ?? s.attributes['http.target'] ?? '').includes(`/applications/${draft.id}/check`)),
      { what: 'the portal request span' },
    );
    const expected = (spans: ReceivedSpan[]) => ({
      'portal request': from(spans, 'portal', (s) => s === root).length,
      'applications request': from(spans, 'applications', (s) => s.kind === SERVER).length > 0,
      'outbox write': from(spans, 'applications', (s) => s.name.startsWith('create ') && s.attributes['cloudevents.event_type'] === 'applications.application.submitted.v1').length,
      'relay publish': from(spans, 'applications', (s) => s.name.startsWith('send ') && s.attributes['cloudevents.event_type'] === 'applications.application.submitted.v1').length,
      'notifications consumer': from(spans, 'notifications', (s) => s.kind === CONSUMER && s.attributes['cloudevents.event_type'] === 'applications.application.submitted.v1').length,
      'SMTP send': from(spans, 'notifications', (s) => s.name === 'smtp send').length,
    });
    const trace = await waitFor(
      () => {
        const spans = receiver.trace(root.traceId);
        const found = expected(spans);
        return Object.values(found).every((n) => n === true || n === 1) && spans;
      },
      { what: 'every part of the submission in its trace', timeoutMs: 20000 },
    ).catch((err) => Promise.reject(new Error(`${err.message}; found ${JSON.stringify(expected(receiver.trace(root.traceId)))}`)));

    // One trace, connected: every span but the root has its parent in it.
    const ids = new Set(trace.map((s) => s.spanId));
    expect(trace.filter((s) => !s.parentSpanId || !ids.has(s.parentSpanId))).toEqual([root]);
    // The relay's publish and the consumer both hang off the outbox write (the envelope's context), and the send off the consumer's work.
    const [create] = from(trace, 'applications', (s) => s.name.startsWith('create '));
    const [send] = from(trace, 'applications', (s) => s.name.startsWith('send '));
    const [consume] = from(trace, 'notifications', (s) => s.kind === CONSUMER);
    expect(send.parentSpanId).toBe(create.spanId);
    expect(consume.parentSpanId).toBe(create.spanId);
    // The outbox write happens in the applications service's handling of the portal's request, and commits with it:
    // the submission is one statement (status, audit and outbox row) that commits on its own.
    expect(trace.find((s) => s.spanId === create.parentSpanId)?.service).toBe('applications');
    const inRequest = (s: { parentSpanId?: string }) => s.parentSpanId === create.parentSpanId || s.parentSpanId === create.spanId;
    expect(from(trace, 'applications', (s) => s.name.startsWith('pg.query:WITH') && inRequest(s))).toHaveLength(1);

    // The log lines of that work carry its trace id: the relay's in applications, the consumer's and the send's in notifications.
    const linesOf = (service: BuiltService) =>
      service
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.traceId === root.traceId);
    expect(linesOf(applications).map((l) => l.msg)).toContain('event published');
    expect(linesOf(notifications).map((l) => l.msg)).toEqual(expect.arrayContaining(['event handled', 'message sent']));
    for (const line of [...linesOf(applications), ...linesOf(notifications)]) expect(ids.has(line.spanId as string)).toBe(true);
  });

  it('stops on SIGTERM as it did without tracing, exporting the spans it still holds first', async () => {
    // Spans held for a minute: only the flush at shutdown can deliver this one in time.
    const holding = await startBuiltService(portalApp, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: 60000, APPLICATIONS_URL: applications.url });
    const signInSpans = () => receiver.spans.filter((s) => s.service === 'portal' && s.kind === SERVER && String(s.attributes['url.path'] ?? s.attributes['http.target']).startsWith('/sign-in'));
    await request(holding.url).get('/sign-in').expect(200);
    expect(signInSpans()).toHaveLength(0);
    expect(await holding.kill('SIGTERM')).toEqual({ code: null, signal: 'SIGTERM' });
    expect(signInSpans()).toHaveLength(1);
  }, 120000);
});
