import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { PortalConfig } from '../config';

/** Constant-time comparison of a posted token with the expected one (never matching an empty one). */
export function sameToken(posted: unknown, expected: string): boolean {
  if (typeof posted !== 'string' || expected.length === 0 || posted.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(posted), Buffer.from(expected));
}

/**
 * CSRF protection for the one form posted without a session: the sign-in form. A signed
 * double-submit cookie: the cookie holds a random value signed with SESSION_SECRET, the form an
 * HMAC of that value, so no session is made until someone signs in. In production the cookie is
 * `__Host-` prefixed (HTTPS only, this host only), so a neighbouring subdomain cannot plant its own.
 */
export class SignInFormToken {
  constructor(private readonly config: PortalConfig) {}

  get cookieName(): string {
    return this.config.NODE_ENV === 'production' ? '__Host-portal_csrf' : 'portal_csrf';
  }

  /** The token for the form, setting the cookie it is tied to when the visitor has none. */
  issue(req: Request, res: Response): string {
    let value = this.cookieOf(req);
    if (!value) {
      value = randomBytes(24).toString('base64url');
      res.cookie(this.cookieName, value, { ...this.cookieOptions(), signed: true });
    }
    return this.tokenFor(value);
  }

  matches(req: Request, posted: unknown): boolean {
    const value = this.cookieOf(req);
    return Boolean(value) && sameToken(posted, this.tokenFor(value!));
  }

  /** Once signed in, the session's own token takes over. */
  clear(req: Request, res: Response): void {
    if (this.cookieOf(req)) res.clearCookie(this.cookieName, this.cookieOptions());
  }

  private cookieOf(req: Request): string | undefined {
    const value: unknown = req.signedCookies?.[this.cookieName];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  }

  private tokenFor(value: string): string {
    return createHmac('sha256', this.config.SESSION_SECRET).update(`sign-in-form:${value}`).digest('base64url');
  }

  private cookieOptions() {
    return { httpOnly: true, sameSite: 'lax' as const, secure: this.config.NODE_ENV === 'production', path: '/' };
  }
}
