import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestContext {
  correlationId: string;
  /** Id of the request or event that caused the work now in progress. */
  causationId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const CORRELATION_HEADER = 'x-correlation-id';

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** The current context, or a fresh one for work that starts outside any request (timers, start-up). */
export function contextOrNew(): RequestContext {
  const existing = storage.getStore();
  if (existing) return existing;
  const id = randomUUID();
  return { correlationId: id, causationId: id };
}

const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Accepts a caller's correlation id only when it is a plain token, so logs cannot be forged. */
export function correlationIdFrom(header: unknown): string {
  return typeof header === 'string' && SAFE_ID.test(header) ? header : randomUUID();
}
