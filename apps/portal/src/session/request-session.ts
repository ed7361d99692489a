import type { Request, Response } from 'express';
import { pathOf } from '@mutuals/security';
import { navigationFor, PERSONA_NAMES } from '../auth/personas';
import { newCsrfToken, SessionData, SessionStore } from './session.store';
import { SignInFormToken } from './sign-in-form-token';

/** A request's session: none until someone signs in (or starts to, with an identity provider). */
export interface Session {
  /** The session's data; empty while there is no session. */
  readonly data: SessionData;
  readonly exists: boolean;
  /** Keeps the data, making the session if there is none yet. */
  save(): Promise<void>;
  /** A new id after signing in, so a session id known before sign-in is worthless after it. */
  regenerate(data: Omit<SessionData, 'csrfToken'>): Promise<void>;
  /** Signing out: the row and the cookie go. */
  destroy(): Promise<void>;
  /** The token this visitor's forms carry: the session's, or without one the sign-in form's. */
  csrfToken(): string;
}

export interface SessionCookie {
  set(res: Response, id: string): void;
  clear(res: Response): void;
}

const NO_SESSION = (): SessionData => ({ csrfToken: '' });

export class RequestSession implements Session {
  data: SessionData;

  constructor(
    private readonly req: Request,
    private readonly res: Response,
    private id: string | undefined,
    data: SessionData | undefined,
    private readonly store: SessionStore,
    private readonly cookie: SessionCookie,
    private readonly formToken: SignInFormToken,
  ) {
    this.data = data ?? NO_SESSION();
  }

  get exists(): boolean {
    return this.id !== undefined;
  }

  async save(): Promise<void> {
    if (this.id) return this.store.save(this.id, this.data);
    this.data.csrfToken = newCsrfToken();
    this.start(await this.store.create(this.data));
  }

  async regenerate(next: Omit<SessionData, 'csrfToken'>): Promise<void> {
    if (this.id) await this.store.destroy(this.id);
    this.data = { ...next, csrfToken: newCsrfToken() };
    this.start(await this.store.create(this.data));
    this.formToken.clear(this.req, this.res);
  }

  async destroy(): Promise<void> {
    if (this.id) await this.store.destroy(this.id);
    this.id = undefined;
    this.data = NO_SESSION();
    this.cookie.clear(this.res);
    this.exposeToViews();
  }

  csrfToken(): string {
    return this.id ? this.data.csrfToken : this.formToken.issue(this.req, this.res);
  }

  /** What every page's layout needs: the signed-in user and the token for the sign-out form. */
  exposeToViews(): void {
    this.res.locals.csrfToken = this.id ? this.data.csrfToken : undefined;
    const user = this.data.user;
    this.res.locals.user = user;
    this.res.locals.personaName = user ? PERSONA_NAMES[user.persona] : undefined;
    // Not req.path: the session middleware is mounted on every path, and express strips the mount from it.
    this.res.locals.navigation = navigationFor(user, pathOf(this.req));
  }

  private start(id: string): void {
    this.id = id;
    this.cookie.set(this.res, id);
    this.exposeToViews();
  }
}
