import express from 'express';
import request from 'supertest';
import { captureLogs } from '../test/capture-logs';
import { CorrelationMiddleware } from './correlation.middleware';
import { requestLogging } from './request-logging';

/** The middleware order of the services: correlation id first, then the request log, then the routes. */
function app(level = 'info') {
  const logs = captureLogs(level);
  const correlation = new CorrelationMiddleware();
  const server = express()
    .use(correlation.use.bind(correlation))
    .use(requestLogging(logs.logger, /^\/assets\//))
    .get('/assets/app.css', (_req, res) => res.send('body {}'))
    .get('/applications', (_req, res) => {
      logs.nest.log('listing applications', 'ApplicationsController');
      res.json([]);
    })
    .get('/health/ready', (_req, res) => res.status(503).json({ status: 'error' })) // not ready yet
    .get('/metrics', (_req, res) => res.send('ok'))
    .get('/broken', (_req, res) => res.status(500).json({ statusCode: 500 }));
  return { ...logs, server };
}

const completed = (lines: Record<string, unknown>[]) => lines.filter((l) => l.context === 'Http');

describe('request logs', () => {
  it('one concise line per request: method, path without the query, status, duration and the correlation id', async () => {
    const { lines, server } = app();
    await request(server).get('/applications?email=jo@example.org&token=abc').set('x-correlation-id', 'corr-7').set('authorization', 'Bearer secret-token').expect(200);
    expect(completed(lines)).toEqual([
      expect.objectContaining({ level: 'info', service: 'applications', msg: 'GET /applications 200', method: 'GET', path: '/applications', status: 200, durationMs: expect.any(Number), correlationId: 'corr-7' }),
    ]);
    const text = JSON.stringify(lines);
    for (const leaked of ['jo@example.org', 'abc', 'secret-token', 'headers']) expect(text).not.toContain(leaked);
  });

  it('lines written while handling the request carry its correlation id', async () => {
    const { lines, server } = app();
    const res = await request(server).get('/applications').expect(200);
    expect(lines.find((l) => l.msg === 'listing applications')).toMatchObject({ correlationId: res.headers['x-correlation-id'] });
  });

  it('logs health and metrics probes and the quiet paths at debug only, even a not-ready 503, and any other 5xx at error', async () => {
    const { lines, server } = app();
    await request(server).get('/health/ready').expect(503);
    await request(server).get('/metrics').expect(200);
    await request(server).get('/assets/app.css').expect(200);
    await request(server).get('/broken').expect(500);
    expect(completed(lines)).toEqual([expect.objectContaining({ level: 'error', path: '/broken', status: 500 })]);

    const debug = app('debug');
    await request(debug.server).get('/health/ready').expect(503);
    expect(completed(debug.lines)).toEqual([expect.objectContaining({ level: 'debug', path: '/health/ready', status: 503 })]);
  });
});
