import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram } from 'prom-client';
import { MetricsRegistry } from './metrics-registry';

/** Requests that matched no route share one label value, so a scan of random URLs adds no series. */
export const UNMATCHED_ROUTE = 'unmatched';

/** The route template a request matched (`/applications/:id`), never the raw URL with its ids. */
export function routeOf(req: Pick<Request, 'route' | 'baseUrl'>): string {
  const path = req.route?.path;
  if (typeof path !== 'string') return UNMATCHED_ROUTE;
  return `${req.baseUrl ?? ''}${path}` || '/';
}

export function statusClass(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'unknown';
}

/** Request count and duration per route template, method and status class. */
@Injectable()
export class HttpMetrics {
  readonly requests: Counter<'method' | 'route' | 'status_class'>;
  readonly duration: Histogram<'method' | 'route' | 'status_class'>;

  constructor(metrics: MetricsRegistry) {
    this.requests = metrics.counter({
      name: 'mutuals_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status class (2xx, 4xx, 5xx).',
      labelNames: ['method', 'route', 'status_class'],
    });
    this.duration = metrics.histogram({
      name: 'mutuals_http_request_duration_seconds',
      help: 'Time from a request arriving to its response being sent, by method, route template and status class.',
      labelNames: ['method', 'route', 'status_class'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status_class: statusClass(status) };
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
  }
}

@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly http: HttpMetrics) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const started = performance.now();
    // The route is known once the router has matched it, which is before the response finishes.
    res.once('finish', () => this.http.observe(req.method, routeOf(req), res.statusCode, (performance.now() - started) / 1000));
    next();
  }
}
