import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, Optional } from '@nestjs/common';
import { SecurityEvents, TooManyRequests } from '@mutuals/security';
import type { Request, Response } from 'express';
import { PageForbidden, SignInRequired } from '../auth/page-access';
import { PERSONA_NAMES } from '../auth/personas';
import { ApiError, ServiceUnavailable } from '../api/service-client';
import { DomainError } from '@mutuals/domain';

/**
 * Every failure becomes a page a person understands: sign in, not for you, not found,
 * or the service is unavailable. Data is never shown on a refusal.
 */
@Catch()
export class PageErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Pages');

  constructor(@Optional() private readonly events?: SecurityEvents) {}

  catch(exception: unknown, host: ArgumentsHost) {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof SignInRequired) {
      response.redirect(303, `/sign-in?returnTo=${encodeURIComponent(exception.returnTo)}`);
      return;
    }
    if (exception instanceof TooManyRequests) {
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
      response.setHeader('Cache-Control', 'no-store');
      return void response.status(429).render('errors/too-many-requests.njk', { message: exception.message, retryAfterSeconds: exception.retryAfterSeconds });
    }
    if (exception instanceof PageForbidden) {
      this.events?.recordSampled(request, 'forbidden', { status: 403, personas: exception.personas });
      response.status(403).render('errors/forbidden.njk', { pageFor: exception.personas.map((p) => PERSONA_NAMES[p]) });
      return;
    }
    if (exception instanceof ApiError) {
      if (exception.status === 401) {
        response.redirect(303, `/sign-in?returnTo=${encodeURIComponent(request.originalUrl)}`);
        return;
      }
      if (exception.status === 403) return void response.status(403).render('errors/forbidden.njk', {});
      if (exception.status === 404) return void response.status(404).render('errors/not-found.njk');
      if (exception.status < 500) return void response.status(exception.status).render('errors/refused.njk', { message: exception.message });
    }
    if (exception instanceof DomainError) {
      // The portal's own rules (the user directory): a record that is not there, or a refusal.
      if (exception.kind === 'not-found') return void response.status(404).render('errors/not-found.njk');
      return void response.status(exception.kind === 'conflict' ? 409 : exception.kind === 'forbidden' ? 403 : 422).render('errors/refused.njk', { message: exception.message });
    }
    if (exception instanceof HttpException && exception.getStatus() === 404) {
      return void response.status(404).render('errors/not-found.njk');
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      return void response.status(exception.getStatus()).render('errors/refused.njk', { message: exception.message });
    }
    this.logger.error({ msg: 'page failed', path: request.path, error: exception instanceof Error ? exception.stack : String(exception) });
    const unavailable = exception instanceof ServiceUnavailable || (exception instanceof ApiError && exception.status >= 500);
    response.status(unavailable ? 503 : 500).render('errors/problem.njk');
  }
}
