import { ArgumentsHost, BadRequestException, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '@mutuals/domain';
import { classifyFailure } from '@mutuals/messaging';
import { currentContext } from '@mutuals/observability';
import { AccessRefusals, TooManyRequests } from '@mutuals/security';
import { ErrorBody } from './error-body';
import { RequestValidationError } from './validation';

const DOMAIN_STATUS = {
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  forbidden: HttpStatus.FORBIDDEN,
} as const;

const HTTP_CODES: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  429: 'too-many-requests',
  503: 'service-unavailable',
};

/**
 * SQLSTATEs of values the database will not store or read (class 22, data exceptions). Validation
 * should refuse such input first; this answer is the backstop, so a value that slips through is
 * still the caller's to correct, and each one is logged as an error for us to find the missing
 * check (or our own code that built the value).
 */
const UNSTORABLE_CHARACTER = 'The request contains a character that cannot be stored, such as a NUL byte';
const BAD_VALUE_SQLSTATES: Record<string, string> = {
  '22021': UNSTORABLE_CHARACTER,
  '22P05': UNSTORABLE_CHARACTER,
  '22P02': 'The request has a value of the wrong form, such as an id that is not a UUID',
  '22001': 'The request has a value longer than can be stored',
  '22003': 'The request has a number out of range',
  '22007': 'The request has a date or time that is not valid',
  '22008': 'The request has a date or time out of range',
};

/** The SQLSTATE of a database error (TypeORM's QueryFailedError carries the driver's), if it is one. */
function sqlStateOf(exception: unknown): string | undefined {
  const error = exception as { driverError?: { code?: unknown }; code?: unknown } | undefined;
  const code = error?.driverError?.code ?? error?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * A database error's message without the value it quotes (`invalid input syntax for type uuid:
 * "…"`) or the bytes it shows (`invalid byte sequence for encoding "UTF8": 0x…`): request values
 * stay out of the logs. From the first quote to the last, so a value holding a quote is hidden too.
 */
function messageWithoutValues(exception: unknown): string {
  const message = exception instanceof Error ? exception.message : String(exception);
  return message.replace(/".*"/s, '"…"').replace(/0x[0-9a-f]{2}(\s+0x[0-9a-f]{2})*/gi, '0x…');
}

/** The route's pattern (`POST /applications/:id/submit`), never the values in the path. */
function routeOf(request: Request): string {
  const pattern = (request.route as { path?: unknown } | undefined)?.path;
  return `${request.method} ${typeof pattern === 'string' ? `${request.baseUrl ?? ''}${pattern}` : '(no route)'}`;
}

/** Turns every error into the one ErrorBody shape; bad input is a 4xx, never a 500. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  /** `refusals` records 401 and 403 answers as (sampled) security events. */
  constructor(private readonly refusals?: AccessRefusals) {}

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() !== 'http') throw exception; // Kafka handlers deal with their own failures
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    body.correlationId = currentContext()?.correlationId;
    if (exception instanceof TooManyRequests) {
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
      body.details = { limit: exception.limit, retryAfterSeconds: exception.retryAfterSeconds };
    }
    if (this.refusals && (body.statusCode === 401 || body.statusCode === 403)) {
      this.refusals.refused(host.switchToHttp().getRequest<Request>(), body.statusCode, body.message);
    }
    // A failed readiness probe is an answer, not a fault of ours; the dependency's own errors are logged where they happen.
    if (body.code === 'dependency-unavailable') {
      this.logger.warn({ msg: 'request refused while a dependency is unavailable', error: exception instanceof Error ? exception.message : String(exception) });
      response.setHeader('Retry-After', '5');
    } else if (body.code === 'invalid-value') {
      const request = host.switchToHttp().getRequest<Request>();
      this.logger.error({ msg: 'the database refused a value validation let through', sqlState: sqlStateOf(exception), route: routeOf(request), error: messageWithoutValues(exception) });
    } else if (body.statusCode >= 500 && body.code !== 'not-ready') {
      this.logger.error({ msg: 'request failed', error: exception instanceof Error ? exception.stack : String(exception) });
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof RequestValidationError) {
      return { statusCode: 400, code: 'validation-failed', message: 'The request has invalid fields', details: exception.problems };
    }
    if (exception instanceof DomainError) {
      return { statusCode: DOMAIN_STATUS[exception.kind], code: exception.code, message: exception.message, details: exception.details };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Nest turns body-parser's SyntaxError into a plain 400; say what is wrong.
      if (status === 400 && Object.getPrototypeOf(exception) === BadRequestException.prototype && /JSON/.test(String(exception.message))) {
        return { statusCode: 400, code: 'malformed-json', message: 'The request body is not valid JSON' };
      }
      const response = exception.getResponse();
      const health = response as { status?: unknown; error?: Record<string, unknown>; details?: Record<string, unknown> };
      if (status === 503 && health.status === 'error' && health.details) {
        // A failed readiness check: say which dependency is down, with every check's state.
        const down = Object.keys(health.error ?? {});
        return { statusCode: 503, code: 'not-ready', message: `Not ready: ${down.join(', ') || 'a dependency'} down`, details: health.details };
      }
      const message =
        typeof response === 'string'
          ? response
          : Array.isArray((response as { message?: unknown }).message)
            ? ((response as { message: string[] }).message).join('; ')
            : String((response as { message?: unknown }).message ?? exception.message);
      return { statusCode: status, code: HTTP_CODES[status] ?? (status >= 500 ? 'internal-error' : 'error'), message };
    }
    // body-parser errors carry their own 4xx status
    const parserError = exception as { type?: string; status?: number; statusCode?: number };
    const status = parserError?.status ?? parserError?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message =
        parserError.type === 'entity.parse.failed'
          ? 'The request body is not valid JSON'
          : parserError.type === 'entity.too.large'
            ? 'The request body is too large'
            : 'The request could not be read';
      return { statusCode: status, code: parserError.type === 'entity.parse.failed' ? 'malformed-json' : HTTP_CODES[status] ?? 'bad-request', message };
    }
    const badValue = BAD_VALUE_SQLSTATES[sqlStateOf(exception) ?? ''];
    if (badValue) return { statusCode: 400, code: 'invalid-value', message: badValue };
    // The database (or broker) is away for a moment: the client may try again; nothing was changed.
    if (classifyFailure(exception) === 'transient') {
      return { statusCode: 503, code: 'dependency-unavailable', message: 'The service cannot reach its database or broker just now; try again shortly' };
    }
    return { statusCode: 500, code: 'internal-error', message: 'Something went wrong on our side; quote the correlation id if you contact us' };
  }
}
