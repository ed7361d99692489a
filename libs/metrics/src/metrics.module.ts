import { Controller, DynamicModule, Get, Global, MiddlewareConsumer, Module, NestModule, Provider, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { MESSAGING_OBSERVER } from '@mutuals/messaging';
import { HttpMetrics, HttpMetricsMiddleware } from './http-metrics';
import { ConsumerLagMetrics, LAG_OPTIONS, LagOptions, MessagingMetrics, OutboxMetrics } from './messaging-metrics';
import { MetricsRegistry } from './metrics-registry';

export interface MetricsModuleOptions {
  /**
   * Marks /metrics as open without a token, with the decorator the service's guard reads
   * (`Public()` for the services, `PublicPage()` for the portal). Like /health it is served on the
   * service port only; keep it away from the public ingress.
   */
  publicRoute: ClassDecorator;
  /** For services with Kafka: outbox, consumer lag, handler and dead-letter metrics. */
  messaging?: LagOptions;
}

/** A `/metrics` controller carrying the service's own "no token needed" marker. */
function metricsController(publicRoute: ClassDecorator) {
  @ApiExcludeController()
  @Controller('metrics')
  class MetricsController {
    constructor(private readonly metrics: MetricsRegistry) {}

    @Get()
    async scrape(@Res() res: Response): Promise<void> {
      const body = await this.metrics.metrics();
      res.setHeader('Content-Type', this.metrics.contentType);
      res.setHeader('Cache-Control', 'no-store');
      res.send(body);
    }
  }
  Reflect.decorate([publicRoute], MetricsController);
  return MetricsController;
}

/** Comma-separated setting to a list (METRICS_LAG_GROUPS). */
export function parseGroups(list: string): string[] {
  return list.split(',').map((g) => g.trim()).filter(Boolean);
}

/**
 * Prometheus metrics at GET /metrics: HTTP requests per route, Node's process metrics and, with
 * `messaging`, the outbox, consumer lag, event handlers and dead letters. Global, so a service's
 * own collectors can register through `MetricsRegistry`.
 */
@Global()
@Module({})
export class MetricsModule implements NestModule {
  static forRoot(options: MetricsModuleOptions): DynamicModule {
    const messaging: Provider[] = options.messaging
      ? [
          { provide: LAG_OPTIONS, useValue: options.messaging },
          MessagingMetrics,
          { provide: MESSAGING_OBSERVER, useExisting: MessagingMetrics },
          OutboxMetrics,
          ConsumerLagMetrics,
        ]
      : [];
    return {
      module: MetricsModule,
      controllers: [metricsController(options.publicRoute)],
      providers: [MetricsRegistry, HttpMetrics, HttpMetricsMiddleware, ...messaging],
      exports: [MetricsRegistry, ...(options.messaging ? [MESSAGING_OBSERVER, ConsumerLagMetrics] : [])],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('{*path}');
  }
}
