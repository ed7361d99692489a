import { context, propagation, trace } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { captureLogs } from '../test/capture-logs';
import { runWithContext } from './request-context';

describe('JSON logs through pino', () => {
  it('one JSON object per line with time, level name, service, context, message and the correlation id of the work', () => {
    const { lines, nest } = captureLogs();
    runWithContext({ correlationId: 'corr-1', causationId: 'cause-1' }, () => nest.log('submitted', 'ApplicationsService'));
    expect(lines).toEqual([{ level: 'info', time: expect.any(String), service: 'applications', context: 'ApplicationsService', msg: 'submitted', correlationId: 'corr-1' }]);
    expect(new Date(lines[0].time as string).toISOString()).toBe(lines[0].time);
  });

  it('logs the fields of an object, and an error as its message and stack', () => {
    const { lines, nest } = captureLogs();
    nest.warn({ msg: 'work failed; will retry', failures: 3 }, 'Outbox');
    nest.error(new Error('database away'), 'Bootstrap');
    nest.error('request failed', 'Error: boom\n    at x', 'Http');
    expect(lines[0]).toMatchObject({ level: 'warn', context: 'Outbox', msg: 'work failed; will retry', failures: 3 });
    expect(lines[1]).toMatchObject({ level: 'error', context: 'Bootstrap', msg: 'database away', stack: expect.stringContaining('Error: database away') });
    expect(lines[2]).toMatchObject({ context: 'Http', msg: 'request failed', detail: 'Error: boom\n    at x' });
    expect(lines[0]).not.toHaveProperty('correlationId'); // outside any request or event
  });

  it('keeps the message and stack of an Error logged as a field', () => {
    const { lines, logger } = captureLogs();
    logger.warn({ msg: 'metrics unavailable', error: new Error('timeout') });
    expect(lines[0].error).toMatchObject({ message: 'timeout', stack: expect.stringContaining('timeout') });
  });

  describe('with a span active', () => {
    const provider = new NodeTracerProvider();
    beforeAll(() => provider.register());
    afterAll(async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    });

    it('carries the trace and span ids of the span, and none outside it', () => {
      const { lines, nest } = captureLogs();
      const ids = provider.getTracer('test').startActiveSpan('handle', (span) => {
        nest.log('inside');
        span.end();
        return span.spanContext();
      });
      nest.log('outside');
      expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(lines[0]).toMatchObject({ msg: 'inside', traceId: ids.traceId, spanId: ids.spanId });
      expect(lines[1]).not.toHaveProperty('traceId');
      expect(lines[1]).not.toHaveProperty('spanId');
    });
  });

  describe('never writes a secret or personal data', () => {
    // Each key as the services would log it: at the top, one level down, two levels down.
    const cases: [string, Record<string, unknown>][] = [
      ...['password', 'secret', 'clientSecret', 'token', 'accessToken', 'refreshToken', 'idToken', 'csrfToken', 'authorization', 'cookie', 'apiKey', 'api_key', 'x-api-key',
        'email', 'applicantEmail', 'contactEmail', 'recipient', 'recipients', 'applicantName', 'contactName', 'actorName', 'fullName', 'firstName', 'lastName', 'actor',
      ].flatMap((key): [string, Record<string, unknown>][] => [
        [key, { [key]: 'SENSITIVE' }],
        [`*.${key}`, { outer: { [key]: 'SENSITIVE' } }],
        [`*.*.${key}`, { outer: { inner: { [key]: 'SENSITIVE' } } }],
      ]),
      ...['applicant', 'contact', 'person', 'user', 'personalisation'].flatMap((who): [string, Record<string, unknown>][] => [
        [`${who}.name`, { [who]: { name: 'SENSITIVE', id: 'kept' } }],
        [`*.${who}.name`, { event: { [who]: { name: 'SENSITIVE' } } }],
      ]),
      ['req.headers.authorization', { req: { headers: { authorization: 'Bearer SENSITIVE' } } }],
      ['req.headers.cookie', { req: { headers: { cookie: 'session=SENSITIVE' } } }],
      ['res.headers["set-cookie"]', { res: { headers: { 'set-cookie': 'session=SENSITIVE' } } }],
    ];

    it.each(cases)('%s', (_path, fields) => {
      const { lines, logger } = captureLogs();
      logger.info({ msg: 'logged', ...fields });
      expect(JSON.stringify(lines)).not.toContain('SENSITIVE');
      expect(JSON.stringify(lines)).toContain('[redacted]');
    });

    it('leaves the names of things (a fund, a topic) and ids alone', () => {
      const { lines, logger } = captureLogs();
      logger.info({ msg: 'created', fund: { name: 'Mutuals Interim Fund' }, name: 'applications.application.submitted.v1', applicant: { id: 'u-1' } });
      expect(lines[0]).toMatchObject({ fund: { name: 'Mutuals Interim Fund' }, name: 'applications.application.submitted.v1', applicant: { id: 'u-1' } });
    });
  });

  it('drops lines below LOG_LEVEL, and silent writes nothing', () => {
    const warn = captureLogs('warn');
    warn.nest.log('chatter');
    warn.nest.verbose('detail');
    warn.nest.error('broken');
    expect(warn.lines.map((l) => l.msg)).toEqual(['broken']);

    const debug = captureLogs('debug');
    debug.nest.verbose('detail');
    expect(debug.lines).toEqual([expect.objectContaining({ level: 'debug', msg: 'detail' })]);

    const silent = captureLogs('silent');
    silent.nest.fatal('even this');
    expect(silent.lines).toEqual([]);
  });
});
