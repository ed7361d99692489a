import { DynamicModule, ExecutionContext, Global, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { getOptionsToken, getStorageToken } from '@nestjs/throttler';
import type { Request } from 'express';
import { API_LIMIT, AuditedInterceptor, EXPORT_KEY, EXPORTS_LIMIT, SubjectThrottlerGuard } from './limits';
import { PostgresRateLimitStorage } from './rate-limit-storage';
import { SecurityEvents } from './security-events';

export interface SecuritySettings {
  /** API calls per subject (or per IP on public routes) per minute; 0 turns the limit off. */
  apiPerMinute?: number;
  /** Exports per subject per minute; 0 turns the limit off. */
  exportsPerMinute?: number;
  /** Security events older than this many days are deleted. */
  retentionDays: number;
}

const SECURITY_SETTINGS = Symbol('SECURITY_SETTINGS');
const MINUTE = 60_000;

/** Probes are not user calls: Kubernetes and Prometheus must never be refused. */
const PROBES = /^\/(health|metrics)(\/|$)/;

@Injectable()
class SecurityEventsRetention implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private readonly logger = new Logger('security');

  constructor(
    private readonly events: SecurityEvents,
    @Inject(SECURITY_SETTINGS) private readonly settings: SecuritySettings,
  ) {}

  onApplicationBootstrap() {
    const prune = () =>
      this.events.prune(this.settings.retentionDays).catch((err) => this.logger.warn({ msg: 'security events not pruned', error: String(err?.message ?? err) }));
    this.timer = setInterval(prune, 6 * 60 * MINUTE);
    this.timer.unref();
    setTimeout(prune, 30_000).unref();
  }

  onModuleDestroy() {
    if (this.timer) clearInterval(this.timer);
  }
}

/**
 * Rate limits with @nestjs/throttler on counters shared by every replica (PostgresRateLimitStorage)
 * and the security audit (SecurityEvents), for a service or the portal. Needs the TypeORM
 * DataSource of the app and CreateRateLimitsAndSecurityEvents in its migrations. Import it after
 * AuthModule: the throttler guard runs after the AuthGuard, so it knows the caller's subject.
 * Without API or export limits (the portal) only the storage and the events are provided.
 */
@Global()
@Module({})
export class SecurityModule {
  static forRoot(settings: SecuritySettings): DynamicModule {
    const throttled = Boolean(settings.apiPerMinute || settings.exportsPerMinute);
    const isExport = (context: ExecutionContext) => Boolean(Reflect.getMetadata(EXPORT_KEY, context.getHandler()));
    const isProbe = (context: ExecutionContext) => PROBES.test(context.switchToHttp().getRequest<Request>().path ?? '');
    const throttlers = [
      ...(settings.apiPerMinute ? [{ name: API_LIMIT, ttl: MINUTE, limit: settings.apiPerMinute, skipIf: isProbe }] : []),
      ...(settings.exportsPerMinute ? [{ name: EXPORTS_LIMIT, ttl: MINUTE, limit: settings.exportsPerMinute, skipIf: (c: ExecutionContext) => !isExport(c) }] : []),
    ];
    return {
      module: SecurityModule,
      providers: [
        { provide: SECURITY_SETTINGS, useValue: settings },
        PostgresRateLimitStorage,
        SecurityEvents,
        SecurityEventsRetention,
        AuditedInterceptor,
        // @nestjs/throttler's guard, given its options and our shared storage directly (its module would add an in-memory store).
        ...(throttled
          ? [
              { provide: getOptionsToken(), useValue: { throttlers, setHeaders: false } },
              { provide: getStorageToken(), useExisting: PostgresRateLimitStorage },
              { provide: APP_GUARD, useClass: SubjectThrottlerGuard },
            ]
          : []),
      ],
      exports: [PostgresRateLimitStorage, SecurityEvents, AuditedInterceptor],
    };
  }
}
