import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { SecurityEvents } from '@mutuals/security';
import { isSignInAttempt, SignInAttempts } from '../auth/sign-in-limits';
import { PortalConfig } from '../config';
import { DirectoryService } from '../directory/directory.service';
import { RequestSession, Session, SessionCookie } from './request-session';
import { SessionEnd, SessionStore } from './session.store';
import { sameToken, SignInFormToken } from './sign-in-form-token';

export type { Session } from './request-session';
export const SESSION_COOKIE = 'portal_session';

declare module 'express-serve-static-core' {
  interface Request {
    session: Session;
  }
}

/** Why a person was sent back to the sign-in page: `expired` when the session is gone without trace. */
export type SignedOutReason = SessionEnd | 'expired' | 'signed-out';

/** The sign-in page saying why, and bringing the person back to where they were going. */
export function signInAgainUrl(reason: SignedOutReason, returnTo?: string): string {
  const query = new URLSearchParams({ ended: reason });
  if (returnTo) query.set('returnTo', returnTo);
  return `/sign-in?${query}`;
}

/**
 * Loads the visitor's session if they have one (it makes none: that is for sign-in), ends one past
 * its inactivity or absolute limit, marks every page as not to be stored (they show personal data
 * and carry form tokens), and refuses any form post without the right CSRF token.
 */
@Injectable()
export class SessionMiddleware implements NestMiddleware {
  private readonly cookie: SessionCookie;

  constructor(
    private readonly store: SessionStore,
    private readonly formToken: SignInFormToken,
    @Inject(PortalConfig) config: PortalConfig,
    private readonly events: SecurityEvents,
    private readonly signIns: SignInAttempts,
    private readonly directory: DirectoryService,
  ) {
    const options = { httpOnly: true, sameSite: 'lax' as const, secure: config.NODE_ENV === 'production', path: '/' };
    this.cookie = {
      set: (res, id) => res.cookie(SESSION_COOKIE, id, { ...options, signed: true, maxAge: config.sessionLifetimes.maxMs }),
      clear: (res) => res.clearCookie(SESSION_COOKIE, options),
    };
  }

  async use(req: Request, res: Response, next: NextFunction) {
    try {
      res.setHeader('Cache-Control', 'no-store');
      const cookieId: unknown = req.signedCookies?.[SESSION_COOKIE];
      const id = typeof cookieId === 'string' ? cookieId : undefined;
      let loaded = id ? await this.store.load(id) : undefined;
      // A user deactivated since signing in is signed out at once (deactivating also deletes their sessions).
      if (id && loaded && 'data' in loaded && loaded.data.user && !(await this.directory.sessionAllowed(loaded.data.user.id))) {
        await this.store.destroy(id);
        loaded = undefined;
      }
      const live = loaded && 'data' in loaded ? loaded.data : undefined;
      if (id && !live) {
        this.cookie.clear(res);
        // Someone signed in whose session ended: signed out, and told so, whatever the page (a form
        // posted with the ended session's token would be refused anyway). The cookie is cleared
        // with the redirect, so the sign-in page it leads to is not redirected again.
        const reason = !loaded ? 'expired' : 'ended' in loaded && loaded.hadUser ? loaded.ended : undefined;
        if (reason) {
          res.redirect(303, signInAgainUrl(reason, req.method === 'GET' ? req.originalUrl : undefined));
          return;
        }
      }
      const session = new RequestSession(req, res, live ? id : undefined, live, this.store, this.cookie, this.formToken);
      req.session = session;
      session.exposeToViews();
      if (session.data.flash) {
        res.locals.flash = session.data.flash;
        delete session.data.flash;
        await session.save();
      }

      if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
        const posted: unknown = req.body?._csrf;
        const valid = session.exists ? sameToken(posted, session.data.csrfToken) : this.formToken.matches(req, posted);
        if (!valid) {
          this.events.recordSampled(req, 'csrf-failed');
          if (isSignInAttempt(req)) await this.signIns.failed(req, req.body?.user, 'bad-form-token');
          res.status(403).render('errors/csrf.njk');
          return;
        }
      }
      next();
    } catch (err) {
      next(err);
    }
  }
}
