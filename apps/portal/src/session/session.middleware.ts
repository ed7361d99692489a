import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { navigationFor, PERSONA_NAMES } from '../auth/personas';
import { PortalConfig } from '../config';
import { newCsrfToken, SESSION_TTL_MS, SessionData, SessionStore } from './session.store';

export const SESSION_COOKIE = 'portal_session';

export interface Session {
  readonly data: SessionData;
  save(): Promise<void>;
  /** A new id after signing in or out, so a session id known before sign-in is worthless after it. */
  regenerate(data: Omit<SessionData, 'csrfToken'>): Promise<void>;
}

declare module 'express-serve-static-core' {
  interface Request {
    session: Session;
  }
}

function sameToken(a: unknown, b: string): boolean {
  if (typeof a !== 'string' || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * Loads the visitor's session (making one when there is none), exposes what every page needs to
 * the views, and refuses any form post that does not carry the session's CSRF token.
 */
@Injectable()
export class SessionMiddleware implements NestMiddleware {
  constructor(
    private readonly store: SessionStore,
    @Inject(PortalConfig) private readonly config: PortalConfig,
  ) {}

  async use(req: Request, res: Response, next: NextFunction) {
    try {
      const cookieId: unknown = req.signedCookies?.[SESSION_COOKIE];
      let id = typeof cookieId === 'string' ? cookieId : undefined;
      let data = id ? await this.store.load(id) : undefined;
      if (!id || !data) {
        data = { csrfToken: newCsrfToken() };
        id = await this.store.create(data);
        this.setCookie(res, id);
      }
      req.session = this.sessionFor(id, data, res);

      res.locals.csrfToken = data.csrfToken;
      res.locals.user = data.user;
      res.locals.personaName = data.user ? PERSONA_NAMES[data.user.persona] : undefined;
      res.locals.navigation = navigationFor(data.user, req.path);
      if (data.flash) {
        res.locals.flash = data.flash;
        delete data.flash;
        await req.session.save();
      }

      if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method) && !sameToken(req.body?._csrf, data.csrfToken)) {
        res.status(403).render('errors/csrf.njk');
        return;
      }
      next();
    } catch (err) {
      next(err);
    }
  }

  private sessionFor(initialId: string, data: SessionData, res: Response): Session {
    let id = initialId;
    const store = this.store;
    const setCookie = (newId: string) => this.setCookie(res, newId);
    const session: Session = {
      data,
      save: () => store.save(id, data),
      async regenerate(next) {
        await store.destroy(id);
        const fresh: SessionData = { ...next, csrfToken: newCsrfToken() };
        id = await store.create(fresh);
        setCookie(id);
        (session as { data: SessionData }).data = fresh;
        res.locals.csrfToken = fresh.csrfToken;
        res.locals.user = fresh.user;
      },
    };
    return session;
  }

  private setCookie(res: Response, id: string) {
    res.cookie(SESSION_COOKIE, id, {
      signed: true,
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.NODE_ENV === 'production',
      path: '/',
      maxAge: SESSION_TTL_MS,
    });
  }
}
