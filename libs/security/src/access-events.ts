import type { Request } from 'express';
import { SecurityEvents } from './security-events';

/** 401 and 403 answers of a service as security events, sampled (SecurityEvents.recordSampled). */
export class AccessRefusals {
  constructor(private readonly events: SecurityEvents) {}

  refused(req: Request, status: 401 | 403, message: string): void {
    this.events.recordSampled(req, status === 401 ? 'unauthorized' : 'forbidden', { status, message });
  }
}
