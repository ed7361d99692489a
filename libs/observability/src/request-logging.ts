import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { CORRELATION_HEADER } from './request-context';

/**
 * Probes poll every few seconds (and answer 503 until the service is ready): at info or error they
 * would drown the requests people make.
 */
const PROBE = /^\/(health|metrics)(\/|$)/;

const pathOf = (req: IncomingMessage) => ((req as { originalUrl?: string }).originalUrl ?? req.url ?? '').split('?')[0];

/**
 * One line per answered request, after the correlation middleware: method, path (never the query
 * string, which can carry an address or a token), status, duration and correlation id. Probes, and
 * paths matching `quiet` (the portal's static files), log at debug whatever they answer, other 5xx
 * at error, the rest at info.
 */
export function requestLogging(logger: Logger, quiet?: RegExp) {
  const atDebug = (path: string) => PROBE.test(path) || (quiet?.test(path) ?? false);
  return pinoHttp({
    logger,
    quietResLogger: true, // no serialised request (headers and all) on the line
    customLogLevel: (req, res, err) => (atDebug(pathOf(req)) ? 'debug' : err || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessObject: (req, res, { responseTime }: { responseTime: number }) => lineOf(req, res, responseTime),
    customErrorObject: (req, res, _error, { responseTime }: { responseTime: number }) => lineOf(req, res, responseTime),
    customSuccessMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
  });
}

function lineOf(req: IncomingMessage, res: ServerResponse, durationMs: number) {
  const correlationId = res.getHeader(CORRELATION_HEADER);
  return { context: 'Http', method: req.method, path: pathOf(req), status: res.statusCode, durationMs, ...(correlationId ? { correlationId } : {}) };
}
