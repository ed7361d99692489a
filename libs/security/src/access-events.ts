import type { Request } from 'express';
import { EventSampler, requestFacts, SecurityEvents } from './security-events';

/**
 * 401 and 403 answers as security events, at most one a minute per (type, IP, route) on each
 * replica, the next one saying how many were left out (`details.suppressed`): a flood of refused
 * calls leaves a few rows, not one per call.
 */
export class AccessRefusals {
  private readonly sampler: EventSampler;

  constructor(
    private readonly events: SecurityEvents,
    intervalMs = 60_000,
  ) {
    this.sampler = new EventSampler(intervalMs);
  }

  refused(req: Request, status: 401 | 403, message: string): void {
    const type = status === 401 ? 'unauthorized' : 'forbidden';
    const facts = requestFacts(req);
    const { record, suppressed } = this.sampler.admit(`${type}|${facts.ip}|${req.method} ${facts.route}`);
    if (!record) return;
    void this.events.record({ type, ...facts, details: { method: req.method, status, message, ...(suppressed > 0 ? { suppressed } : {}) } });
  }
}
