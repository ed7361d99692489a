import { Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { currentContext } from '@mutuals/observability';

export type SecurityEventType =
  | 'sign-in'
  | 'sign-out'
  | 'sign-in-failed'
  | 'unauthorized'
  | 'forbidden'
  | 'csrf-failed'
  | 'rate-limited'
  | 'export'
  | 'dead-letter-replayed'
  | 'dead-letter-discarded';

export interface SecurityEvent {
  type: SecurityEventType;
  /** Who: the verified token's or the session's subject, when known. */
  subject?: string | null;
  ip?: string | null;
  /** The route template (e.g. `/applications/:id`), or the path when no route matched. */
  route?: string | null;
  /** Facts about the event: ids, reasons, counts. Never a token, cookie or password (see `safeDetails`). */
  details?: Record<string, unknown>;
}

/** Keys whose values are never kept, whatever a caller passes in the details. */
const SECRET_KEY = /pass(word|wd)?|secret|token|cookie|authori[sz]ation|_csrf|csrf|code_verifier|codeverifier|api.?key/i;

/** Drops secret-looking keys at any depth, so a careless caller cannot store a credential. */
export function safeDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  const clean = (value: unknown, depth: number): unknown => {
    if (Array.isArray(value)) return depth > 3 ? '[dropped]' : value.map((v) => clean(v, depth + 1));
    if (value && typeof value === 'object') {
      if (depth > 3) return '[dropped]';
      return Object.fromEntries(Object.entries(value).filter(([key]) => !SECRET_KEY.test(key)).map(([key, v]) => [key, clean(v, depth + 1)]));
    }
    return typeof value === 'string' && value.length > 500 ? `${value.slice(0, 500)}…` : value;
  };
  return (clean(details ?? {}, 0) as Record<string, unknown>) ?? {};
}

/** The request's path without its query, wherever a middleware is mounted (express strips the mount point from `req.path`). */
export function pathOf(req: Request): string {
  const url = req.originalUrl ?? req.url ?? '/';
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

/** The request facts an event is recorded with: the subject (verified token or session), IP and route. */
export function requestFacts(req: Request): { subject: string | null; ip: string | null; route: string } {
  const user = (req as { user?: { id?: unknown } }).user;
  const sessionUser = (req as { session?: { data?: { user?: { id?: unknown } } } }).session?.data?.user;
  const subject = typeof user?.id === 'string' ? user.id : typeof sessionUser?.id === 'string' ? sessionUser.id : null;
  const template = (req as { route?: { path?: unknown } }).route?.path;
  const route = typeof template === 'string' ? `${req.baseUrl ?? ''}${template}` : pathOf(req);
  return { subject, ip: req.ip ?? req.socket?.remoteAddress ?? null, route };
}

/** An email address is personal data: the log line says only that there was one (the table keeps it for investigation). */
const logSafe = (value: unknown) => (typeof value === 'string' && value.includes('@') ? '[redacted]' : value);

/**
 * The security audit: every event is a row in this service's `security_events` table and a log
 * line (context `security`), with the correlation id of the request. Recording never fails the
 * request: a database that is away loses the row, not the log line.
 */
@Injectable()
export class SecurityEvents {
  private readonly logger = new Logger('security');
  /** Refusals a flood can repeat (401, 403, CSRF, rate-limited): at most one a minute per type, IP and route on each replica. */
  private readonly sampler = new EventSampler(60_000);

  constructor(private readonly db: DataSource) {}

  async record(event: SecurityEvent): Promise<void> {
    const correlationId = currentContext()?.correlationId ?? null;
    const details = safeDetails(event.details);
    const { account, ...loggable } = details;
    this.logger.log({
      msg: `security event ${event.type}`,
      securityEvent: event.type,
      subject: logSafe(event.subject ?? undefined),
      ip: event.ip ?? undefined,
      route: event.route ?? undefined,
      details: account === undefined ? loggable : { ...loggable, account: logSafe(account) },
    });
    try {
      await this.db.query(
        'insert into security_events (type, subject, ip, correlation_id, route, details) values ($1, $2, $3, $4, $5, $6)',
        [event.type, event.subject ?? null, event.ip ?? null, correlationId, event.route ?? null, JSON.stringify(details)],
      );
    } catch (err) {
      this.logger.warn({ msg: 'security event not stored', securityEvent: event.type, error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Records an event for this request (subject, IP, route from it), without waiting. */
  recordFor(req: Request, type: SecurityEventType, details?: Record<string, unknown>, subject?: string | null): void {
    const facts = requestFacts(req);
    void this.record({ type, ...facts, subject: subject !== undefined ? subject : facts.subject, details });
  }

  /**
   * Like recordFor, for refusals a flood can repeat: at most one event a minute per (type, IP,
   * method and route) on each replica; the next one recorded says how many were left out before it
   * (`details.suppressed`).
   */
  recordSampled(req: Request, type: SecurityEventType, details: Record<string, unknown> = {}): void {
    const facts = requestFacts(req);
    const { record, suppressed } = this.sampler.admit(`${type}|${facts.ip}|${req.method} ${facts.route}`);
    if (!record) return;
    void this.record({ type, ...facts, details: { method: req.method, ...details, ...(suppressed > 0 ? { suppressed } : {}) } });
  }

  /** Deletes events older than the retention. */
  async prune(retentionDays: number): Promise<number> {
    const [, count] = await this.db.query(`delete from security_events where at < now() - $1 * interval '1 day'`, [retentionDays]);
    return Number(count ?? 0);
  }
}

/**
 * At most one event per key (type, IP, route) and interval, per replica: a flood of 401s cannot
 * fill the table. The next event recorded for a key says how many were left out before it.
 */
export class EventSampler {
  private readonly windows = new Map<string, { until: number; suppressed: number }>();

  constructor(
    private readonly intervalMs: number,
    private readonly maxKeys = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether to record this occurrence, and how many of its key were left out since the last one recorded. */
  admit(key: string): { record: boolean; suppressed: number } {
    const now = this.now();
    const window = this.windows.get(key);
    if (window && window.until > now) {
      window.suppressed += 1;
      return { record: false, suppressed: 0 };
    }
    if (!window && this.windows.size >= this.maxKeys) this.forgetEnded(now);
    const suppressed = window?.suppressed ?? 0;
    this.windows.set(key, { until: now + this.intervalMs, suppressed: 0 });
    return { record: true, suppressed };
  }

  private forgetEnded(now: number): void {
    for (const [key, window] of this.windows) if (window.until <= now) this.windows.delete(key);
    // Still full (a flood of distinct keys): start afresh rather than grow without bound.
    if (this.windows.size >= this.maxKeys) this.windows.clear();
  }
}
