import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { pathOf, PostgresRateLimitStorage, SecurityEvents, TooManyRequests } from '@mutuals/security';
import { PortalConfig } from '../config';

/** The paths that are sign-in attempts (each counted per IP) and the invitation links (counted per IP too). */
export const isSignInAttempt = (req: Request) => (req.method === 'POST' && pathOf(req) === '/sign-in') || (req.method === 'GET' && pathOf(req) === '/sign-in/callback');
const isInvitationLink = (req: Request) => /^\/invitations\/accept(\/|$)/.test(pathOf(req));

/** An account as counted: an email address or a demo user's id, in lower case; nothing when none was given. */
function accountKey(account: unknown): string | undefined {
  if (typeof account !== 'string') return undefined;
  const trimmed = account.trim().toLowerCase();
  return trimmed.length > 0 && trimmed.length <= 320 ? trimmed : undefined;
}

/**
 * Limits on signing in, on the counters every portal replica shares: attempts per IP
 * (RATE_LIMIT_SIGN_IN_PER_IP a window), invitation links per IP, and failed sign-ins per account
 * (RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT in its window), after which that account's sign-in is
 * refused until the window ends. Records sign-in, sign-out and failed sign-in as security events.
 */
@Injectable()
export class SignInAttempts {
  constructor(
    private readonly counters: PostgresRateLimitStorage,
    private readonly events: SecurityEvents,
    @Inject(PortalConfig) private readonly config: PortalConfig,
  ) {}

  private get windowMs(): number {
    return this.config.RATE_LIMIT_SIGN_IN_WINDOW_SECONDS * 1000;
  }

  /** Counts an attempt (or an invitation link) from the request's IP; refuses it past the limit. */
  async attemptFromIp(req: Request, kind: 'sign-in' | 'invitation'): Promise<void> {
    const limit = kind === 'sign-in' ? this.config.RATE_LIMIT_SIGN_IN_PER_IP : this.config.RATE_LIMIT_INVITATIONS_PER_IP;
    const { hits, secondsLeft } = await this.counters.hit(`${kind}:ip:${req.ip}`, this.windowMs);
    if (hits > limit) this.refuse(req, `${kind}-per-ip`, secondsLeft, kind === 'sign-in' ? 'sign-in attempts' : 'invitation links');
  }

  /** Refuses a sign-in for an account that has failed too often in its window (without counting one). */
  async accountOpen(req: Request, account: unknown): Promise<void> {
    const key = accountKey(account);
    if (!key) return;
    const { hits, secondsLeft } = await this.counters.peek(`sign-in:account:${key}`);
    if (hits >= this.config.RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT) this.refuse(req, 'sign-in-failures-per-account', secondsLeft, 'failed sign-ins for this account', key);
  }

  /**
   * A sign-in that failed or was refused: counted against the account (an email address or a demo
   * user's id, when known) and recorded as a `sign-in-failed` event with the reason. Call it for
   * every refusal, e.g. an identity-provider user who is not in the directory.
   */
  async failed(req: Request, account: unknown, reason: string): Promise<void> {
    const key = accountKey(account);
    if (key) await this.counters.hit(`sign-in:account:${key}`, this.config.RATE_LIMIT_SIGN_IN_FAILURES_WINDOW_SECONDS * 1000);
    this.events.recordFor(req, 'sign-in-failed', { reason, ...(key ? { account: key } : {}) }, null);
  }

  signedIn(req: Request, subject: string, method: 'demo' | 'oidc'): void {
    this.events.recordFor(req, 'sign-in', { method }, subject);
  }

  signedOut(req: Request, subject: string | undefined): void {
    this.events.recordFor(req, 'sign-out', {}, subject ?? null);
  }

  private refuse(req: Request, limit: string, secondsLeft: number, what: string, account?: string): never {
    this.events.recordSampled(req, 'rate-limited', { limit, ...(account ? { account } : {}) });
    throw new TooManyRequests(secondsLeft, limit, what);
  }
}

/** Applies the IP and account limits before anything else looks at a sign-in attempt (the CSRF check included). */
@Injectable()
export class SignInLimitMiddleware implements NestMiddleware {
  constructor(private readonly attempts: SignInAttempts) {}

  async use(req: Request, _res: Response, next: NextFunction) {
    try {
      if (isSignInAttempt(req)) {
        await this.attempts.attemptFromIp(req, 'sign-in');
        if (req.method === 'POST') await this.attempts.accountOpen(req, req.body?.user);
      } else if (isInvitationLink(req)) {
        await this.attempts.attemptFromIp(req, 'invitation');
      }
      next();
    } catch (err) {
      next(err);
    }
  }
}
