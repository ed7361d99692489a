import request from 'supertest';
import { DataSource } from 'typeorm';
import { RunningService, startTestService, testUser, waitFor } from '@mutuals/testing';
import { applicationsService } from '../src/service';

/**
 * The API's abuse limits and security audit over HTTP against the real service: calls per subject
 * (not per IP) and exports per subject refused with 429, `Retry-After` and the one error body;
 * probes never limited; refused calls, exports and limits recorded as security events, with subject,
 * IP and correlation id and never the token.
 */
jest.setTimeout(120_000);

describe('API limits and security events', () => {
  let service: RunningService<any>;
  let db: DataSource;
  let before = 0;
  const api = () => request(service.url);

  beforeAll(async () => {
    service = await startTestService(applicationsService, { RATE_LIMIT_API_PER_MINUTE: 5, RATE_LIMIT_EXPORTS_PER_MINUTE: 2 });
    db = service.app.get(DataSource);
    // Other files of the run share this database: only the events this file's service records count.
    before = Number((await db.query('select coalesce(max(id), 0) as id from security_events'))[0].id);
  });

  afterAll(async () => {
    await service?.close();
  });

  const eventsOf = (type: string, subject?: string): Promise<any[]> =>
    db.query('select type, subject, ip, correlation_id, route, details from security_events where id > $3 and type = $1 and ($2::text is null or subject = $2) order by id', [type, subject ?? null, before]);

  it('limits the calls of one subject, whatever the route, and not those of another subject from the same IP', async () => {
    const busy = testUser('applicant');
    const other = testUser('applicant');
    for (let i = 0; i < 5; i++) await api().get('/applications').set(busy.auth).expect(200);
    const refused = await api().get('/applications').set(busy.auth).expect(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.body).toEqual({
      statusCode: 429,
      code: 'too-many-requests',
      message: `Too many requests: try again in ${retryAfter} ${retryAfter === 1 ? 'second' : 'seconds'}`,
      details: { limit: 'api', retryAfterSeconds: retryAfter },
      correlationId: refused.headers['x-correlation-id'],
    });
    await api().get('/applications/00000000-0000-4000-8000-000000000000').set(busy.auth).expect(429);
    await api().get('/applications').set(other.auth).expect(200);
    for (let i = 0; i < 10; i++) await api().get('/health/live').expect(200);

    const [limited] = await waitFor(async () => {
      const rows = await eventsOf('rate-limited', busy.id);
      return rows.length > 0 ? rows : undefined;
    });
    expect(limited).toEqual({
      type: 'rate-limited',
      subject: busy.id,
      ip: expect.stringMatching(/127\.0\.0\.1$/),
      correlation_id: refused.headers['x-correlation-id'],
      route: '/applications',
      details: { method: 'GET', limit: 'api', max: 5, windowSeconds: 60 },
    });
  });

  it('counts calls that arrive together exactly: the limit answered, every call after it refused', async () => {
    const burst = testUser('applicant');
    const statuses = await Promise.all(Array.from({ length: 20 }, () => api().get('/applications').set(burst.auth).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  it('limits exports per subject and records each export', async () => {
    const officer = testUser('programme_officer');
    const first = await api().get('/applications/export').set(officer.auth).expect(200);
    expect(first.headers['content-type']).toMatch(/^text\/csv/);
    await api().get('/applications/export?status=submitted').set(officer.auth).expect(200);
    const refused = await api().get('/applications/export').set(officer.auth).expect(429);
    expect(refused.body).toMatchObject({ statusCode: 429, code: 'too-many-requests', message: expect.stringMatching(/^Too many exports: try again in \d+ seconds?$/), details: { limit: 'exports' } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    const exports = await waitFor(async () => {
      const rows = await eventsOf('export', officer.id);
      return rows.length === 2 ? rows : undefined;
    });
    expect(exports.map((e) => ({ route: e.route, details: e.details }))).toEqual([
      { route: '/applications/export', details: { method: 'GET' } },
      { route: '/applications/export', details: { method: 'GET', query: { status: 'submitted' } } },
    ]);
    expect(exports[0].correlation_id).toBe(first.headers['x-correlation-id']);
    await waitFor(async () => ((await eventsOf('rate-limited', officer.id)).length === 1 ? true : undefined));
  });

  it('records 401 and 403 answers, at most one a minute per IP and route, never with the token', async () => {
    const applicant = testUser('applicant');
    for (let i = 0; i < 5; i++) await api().get('/applications/audit-probe').expect(401);
    await api().get('/applications/audit-probe').set({ Authorization: 'Bearer not.a.token' }).expect(401);
    await api().get('/applications/export').set(applicant.auth).expect(403);

    const forbidden = await waitFor(async () => (await eventsOf('forbidden', applicant.id))[0]);
    expect(forbidden).toMatchObject({ route: '/applications/export', details: { method: 'GET', status: 403, message: 'This needs one of the roles: programme_officer' } });
    await new Promise((done) => setTimeout(done, 300));
    const unauthorized = (await eventsOf('unauthorized')).filter((e) => e.route === '/applications/:id');
    expect(unauthorized).toEqual([
      expect.objectContaining({ subject: null, ip: expect.stringMatching(/127\.0\.0\.1$/), details: { method: 'GET', status: 401, message: 'Sign in: a bearer token is required' } }),
    ]);
    const stored = JSON.stringify(await db.query('select * from security_events'));
    expect(stored).not.toContain(applicant.token);
    expect(stored).not.toContain('not.a.token');
  });
});
