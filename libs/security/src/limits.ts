import { applyDecorators, CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, Optional, SetMetadata, UseInterceptors } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerOptions, ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import type { Request } from 'express';
import { tap } from 'rxjs';
import { SecurityEvents, SecurityEventType } from './security-events';
import { TooManyRequests } from './too-many-requests';

export const EXPORT_KEY = 'mutuals:export';
export const AUDITED_KEY = 'mutuals:audited';

/** Records a security event of this type when the handler succeeds (with the route's `id` or `topic`). */
export const Audited = (type: SecurityEventType) => applyDecorators(SetMetadata(AUDITED_KEY, type), UseInterceptors(AuditedInterceptor));

/** A bulk download of data: limited per subject (the exports limit) and audited as an `export` event. */
export const ExportRoute = () => applyDecorators(SetMetadata(EXPORT_KEY, true), Audited('export'));

@Injectable()
export class AuditedInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Optional() private readonly events?: SecurityEvents,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler) {
    const type = this.reflector.get<SecurityEventType | undefined>(AUDITED_KEY, context.getHandler());
    if (!type || !this.events || context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const params = req.params ?? {};
    const body = (req.body ?? {}) as Record<string, unknown>;
    const details: Record<string, unknown> = { method: req.method };
    if (params.id) details.id = params.id;
    const topic = typeof body.topic === 'string' ? body.topic : undefined;
    if (topic) details.topic = topic;
    if (typeof body.reason === 'string' && body.reason.trim()) details.reason = body.reason.trim().slice(0, 200);
    if (Object.keys(req.query ?? {}).length > 0) details.query = req.query;
    return next.handle().pipe(tap({ next: () => this.events!.recordFor(req, type, details), complete: () => undefined }));
  }
}

/** Names of the throttlers; `Retry-After` and the event say which one refused. */
export const API_LIMIT = 'api';
export const EXPORTS_LIMIT = 'exports';

/**
 * @nestjs/throttler's guard with the platform's keys and answer: the tracker is the verified
 * token's subject (the AuthGuard runs first) or, on a public route, the client's IP; the API limit
 * counts every call of a subject whatever the route, the exports limit every export. A refusal is
 * a TooManyRequests (429, the one error body, `Retry-After`) and a `rate-limited` security event.
 */
@Injectable()
export class SubjectThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @Inject(ThrottlerStorage) storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly events: SecurityEvents,
  ) {
    super(options, storage, reflector);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // Kafka handlers are not user requests
    return super.canActivate(context);
  }

  protected override async getTracker(req: Record<string, any>): Promise<string> {
    const subject = req.user?.id;
    return typeof subject === 'string' ? `subject:${subject}` : `ip:${req.ip}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const req = context.switchToHttp().getRequest<Request>();
    const name = detail.key.split(':')[0];
    this.events.recordSampled(req, 'rate-limited', { limit: name, max: detail.limit, windowSeconds: Math.round(detail.ttl / 1000) });
    throw new TooManyRequests(detail.timeToBlockExpire, name, name === EXPORTS_LIMIT ? 'exports' : 'requests');
  }
}
