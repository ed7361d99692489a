import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CORRELATION_HEADER, correlationIdFrom, runWithContext } from './request-context';

/** Gives every request a correlation id (the caller's, if well-formed) and echoes it back. */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction) {
    const correlationId = correlationIdFrom(req.header(CORRELATION_HEADER));
    res.setHeader(CORRELATION_HEADER, correlationId);
    runWithContext({ correlationId, causationId: correlationId }, next);
  }
}
