import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PortalConfig } from '../config';
import { DirectoryService, SignInRefusal } from '../directory/directory.service';
import { SignedOutReason, signInAgainUrl } from '../session/session.middleware';
import { OidcFailure, OidcSignIn } from './oidc-sign-in';
import { PublicPage } from './page-access';
import { SignInAttempts } from './sign-in-limits';
import { DEMO_USERS, HOME_PAGES } from './personas';

/** Only a path on this site: never send a person somewhere else after signing in. */
function safeReturnTo(value: unknown): string | undefined {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : undefined;
}

@Controller()
@PublicPage()
export class SignInController {
  constructor(
    @Inject(PortalConfig) private readonly config: PortalConfig,
    private readonly oidc: OidcSignIn,
    private readonly directory: DirectoryService,
    private readonly attempts: SignInAttempts,
  ) {}

  @Get()
  home(@Req() req: Request, @Res() res: Response) {
    const user = req.session.data.user;
    res.redirect(303, user ? HOME_PAGES[user.persona] : '/sign-in');
  }

  @Get('sign-in')
  page(@Req() req: Request, @Query('returnTo') returnTo: string | undefined, @Query('ended') ended: string | undefined, @Res() res: Response) {
    this.render(req, res, 200, { returnTo: safeReturnTo(returnTo), ...this.endedMessage(ended) });
  }

  @Post('sign-in')
  async signIn(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    if (!this.config.DEMO_SIGN_IN) {
      res.status(403).render('errors/refused.njk', { message: 'The demo sign-in is turned off. Sign in from the sign-in page.' });
      return;
    }
    const returnTo = safeReturnTo(body.returnTo);
    const user = DEMO_USERS.find((u) => u.id === body.user);
    if (!user) {
      await this.attempts.failed(req, body.user, 'unknown-user');
      return this.render(req, res, 400, { returnTo, errors: { user: 'Select who you want to sign in as' } });
    }
    const { description: _description, ...signedIn } = user;
    await req.session.regenerate({ user: signedIn });
    this.attempts.signedIn(req, signedIn.id, 'demo');
    res.redirect(303, returnTo ?? HOME_PAGES[user.persona]);
  }

  @Get('sign-in/one-login')
  async startOidc(@Req() req: Request, @Query('returnTo') returnTo: string | undefined, @Res() res: Response) {
    if (!this.config.oidcEnabled) return res.redirect(303, '/sign-in');
    const { url, pending } = await this.oidc.start(safeReturnTo(returnTo));
    req.session.data.oidc = pending;
    await req.session.save();
    res.redirect(303, url);
  }

  /**
   * The provider's answer: its identity is matched against the directory, which alone says who the
   * person is here and what they may do. Signed in, they get a new session (a new id); refused, the
   * page says why and the session that held the sign-in's state is gone.
   */
  @Get('sign-in/callback')
  async finishOidc(@Req() req: Request, @Res() res: Response) {
    const pending = req.session.data.oidc;
    if (!this.config.oidcEnabled || !pending) return res.redirect(303, '/sign-in');
    const invitationToken = req.session.data.invitationToken;
    let outcome;
    try {
      outcome = await this.oidc.finish(req, pending);
    } catch (err) {
      // A provider we could not reach or that answered nonsense: a failed attempt (the account is not known yet).
      await this.attempts.failed(req, undefined, 'identity-provider-callback-failed');
      throw err;
    }
    if (outcome.kind === 'failed') {
      await this.attempts.failed(req, undefined, outcome.reason === 'cancelled' ? 'identity-provider-cancelled' : 'identity-provider-callback-failed');
      await req.session.destroy();
      return this.renderFailure(res, outcome.reason);
    }
    const { identity, idToken } = outcome;
    const match = identity.emailVerified
      ? await this.directory.matchSignIn({ issuer: identity.issuer, subject: identity.subject, email: identity.email, emailVerified: true, invitationToken })
      : ({ kind: 'refused', reason: 'email-not-verified' } as const);
    if (match.kind === 'refused') {
      // Counted against the address and audited with the reason, as any failed sign-in.
      await this.attempts.failed(req, identity.email, `directory-${match.reason}`);
      await req.session.destroy();
      return this.renderRefusal(res, match.reason, identity.email);
    }
    await req.session.regenerate({ user: match.user, ...(idToken ? { oidcIdToken: idToken } : {}) });
    this.attempts.signedIn(req, match.user.id, 'oidc');
    res.redirect(303, pending.returnTo ?? HOME_PAGES[match.user.persona]);
  }

  /** Ends the session here and, for someone who came from a provider that offers it, there too. */
  @Post('sign-out')
  async signOut(@Req() req: Request, @Res() res: Response) {
    const idToken = req.session.data.oidcIdToken;
    this.attempts.signedOut(req, req.session.data.user?.id);
    await req.session.destroy();
    const signedOut = signInAgainUrl('signed-out');
    if (!idToken || !this.config.oidcEnabled) return res.redirect(303, signedOut);
    const providerSignOut = await this.oidc.endSessionUrl(idToken).catch(() => undefined);
    res.redirect(303, providerSignOut ?? signedOut);
  }

  private renderRefusal(res: Response, reason: SignInRefusal, email: string | undefined) {
    res.status(403).render('errors/sign-in-refused.njk', { reason, email });
  }

  private renderFailure(res: Response, reason: OidcFailure) {
    res.status(400).render('errors/sign-in-failed.njk', { reason });
  }

  /** The ways to sign in this portal offers: GOV.UK One Login, the demo users, or (neither set up) a page saying so. */
  private render(req: Request, res: Response, status: number, locals: Record<string, unknown>) {
    const demo = this.config.DEMO_SIGN_IN;
    res.status(status).render('sign-in.njk', {
      oidc: this.config.oidcEnabled,
      demo,
      users: demo ? DEMO_USERS : [],
      // The layout's sign-out form uses the session's token; only the demo form needs one without a session.
      ...(demo ? { csrfToken: req.session.csrfToken() } : {}),
      ...locals,
    });
  }

  private endedMessage(ended: unknown): { flash?: string; notice?: string } {
    const messages: Record<SignedOutReason, { flash?: string; notice?: string }> = {
      'signed-out': { flash: 'You have signed out' },
      idle: { notice: `You were signed out because you had not used the service for ${this.config.SESSION_IDLE_MINUTES} minutes. Sign in again to carry on.` },
      absolute: { notice: `You were signed out because you signed in ${this.config.SESSION_MAX_HOURS} hours ago. Sign in again to carry on.` },
      expired: { notice: 'Your session has ended. Sign in again to carry on.' },
    };
    return typeof ended === 'string' && Object.hasOwn(messages, ended) ? messages[ended as SignedOutReason] : {};
  }
}
