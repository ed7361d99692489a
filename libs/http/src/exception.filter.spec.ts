import { ArgumentsHost, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AllExceptionsFilter } from './exception.filter';
import { RequestValidationError } from './validation';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });
const queryFailed = (code: string, message: string) => new QueryFailedError('update assessors set name = $1 where id = $2', ['Priya', 'a-secret-id'], pgError(code, message));

/** Sends the exception through the filter as an HTTP request to the route; the answer's status and body. */
function answer(exception: unknown, request = { method: 'PUT', baseUrl: '', route: { path: '/assessors/:assessorId' }, originalUrl: '/assessors/a-secret-id' }) {
  const sent: { status?: number; body?: any } = {};
  const response = {
    setHeader: jest.fn(),
    status(status: number) {
      sent.status = status;
      return this;
    },
    json(body: unknown) {
      sent.body = body;
    },
  };
  const host = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => response, getRequest: () => request }) } as unknown as ArgumentsHost;
  new AllExceptionsFilter().catch(exception, host);
  return sent;
}

describe('a value the database refuses (SQLSTATE class 22)', () => {
  let logged: jest.SpyInstance;
  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => logged.mockRestore());

  it.each([
    ['22P02', 'invalid input syntax for type uuid: "a-secret-id"', 'invalid input syntax for type uuid: "…"'],
    ['22001', 'value too long for type character varying(200)', 'value too long for type character varying(200)'],
    ['22021', 'invalid byte sequence for encoding "UTF8": 0xe0 0xa4 0x41', 'invalid byte sequence for encoding "…": 0x…'],
    ['22003', 'value "1e309 \\" secret" is out of range for type integer', 'value "…" is out of range for type integer'],
  ])('%s is still a 400 for the caller, and an error in the log with the route, without the value', (sqlState, message, withoutValues) => {
    const { status, body } = answer(queryFailed(sqlState, message));
    expect(status).toBe(400);
    expect(body).toMatchObject({ statusCode: 400, code: 'invalid-value' });
    expect(logged).toHaveBeenCalledTimes(1);
    expect(logged.mock.calls[0][0]).toMatchObject({ sqlState, route: 'PUT /assessors/:assessorId', error: withoutValues });
    expect(JSON.stringify(logged.mock.calls)).not.toMatch(/secret|Priya|0xe0/);
  });

  it('logs no error for a refusal at validation', () => {
    const { status, body } = answer(new RequestValidationError([{ field: 'name', problems: ['name must not contain a NUL character (\\u0000)'] }]));
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'validation-failed', details: [{ field: 'name', problems: ['name must not contain a NUL character (\\u0000)'] }] });
    expect(logged).not.toHaveBeenCalled();
  });
});
