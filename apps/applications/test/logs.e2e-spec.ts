import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { BuiltService, startBuiltService, testUser, waitFor } from '@mutuals/testing';
import { applicationsService } from '../src/service';

/** The log lines of the built service, as a log shipper reads its stdout and stderr. */
const linesOf = (service: BuiltService): Record<string, unknown>[] =>
  service.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));

describe('the built applications service logs one JSON object per line', () => {
  let service: BuiltService;

  // Long enough for a build of the service when dist/ is stale (a single test file run with jest alone).
  beforeAll(async () => {
    service = await startBuiltService(applicationsService);
  }, 300000);
  afterAll(() => service?.kill('SIGKILL'));

  it('says where it listens, logs each request with its correlation id, and never a token, an address or a probe', async () => {
    const correlationId = `logs-${randomUUID()}`;
    const applicant = testUser('applicant');
    await request(service.url).get(`/applications?email=${encodeURIComponent(applicant.email!)}`).set(applicant.auth).set('x-correlation-id', correlationId).expect(400); // not a known filter

    const line = await waitFor(() => linesOf(service).find((l) => l.correlationId === correlationId && l.context === 'Http'), { timeoutMs: 10000 });
    expect(line).toMatchObject({ level: 'info', service: 'applications', method: 'GET', path: '/applications', status: 400, msg: 'GET /applications 400' });
    expect(new Date(line.time as string).toISOString()).toBe(line.time);

    const lines = linesOf(service);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'info', context: 'Bootstrap', msg: expect.stringMatching(/^applications listening on http:/) }));
    expect(lines.every((l) => l.service === 'applications' && typeof l.level === 'string')).toBe(true);
    // startBuiltService polled /health/ready until the service was ready: at debug only.
    expect(lines.filter((l) => String(l.path).startsWith('/health'))).toEqual([]);
    for (const secret of [applicant.token, applicant.email!]) expect(service.output()).not.toContain(secret);
  });
});
