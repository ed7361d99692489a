import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PortalConfig } from '../config';
import { OidcSignIn } from './oidc-sign-in';
import { PublicPage } from './page-access';
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
  ) {}

  @Get()
  home(@Req() req: Request, @Res() res: Response) {
    const user = req.session.data.user;
    res.redirect(303, user ? HOME_PAGES[user.persona] : '/sign-in');
  }

  @Get('sign-in')
  page(@Query('returnTo') returnTo: string | undefined, @Res() res: Response) {
    res.render('sign-in.njk', { users: DEMO_USERS, returnTo: safeReturnTo(returnTo), oidc: this.config.oidcEnabled });
  }

  @Post('sign-in')
  async signIn(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const returnTo = safeReturnTo(body.returnTo);
    const user = this.config.oidcEnabled ? undefined : DEMO_USERS.find((u) => u.id === body.user);
    if (!user) {
      res.status(400).render('sign-in.njk', {
        users: DEMO_USERS,
        returnTo,
        oidc: this.config.oidcEnabled,
        errors: { user: 'Select who you want to sign in as' },
      });
      return;
    }
    const { description: _description, ...signedIn } = user;
    await req.session.regenerate({ user: signedIn });
    res.redirect(303, returnTo ?? HOME_PAGES[user.persona]);
  }

  @Get('sign-in/one-login')
  async startOidc(@Req() req: Request, @Res() res: Response) {
    if (!this.config.oidcEnabled) return res.redirect(303, '/sign-in');
    const { url, pending } = await this.oidc.start(req);
    req.session.data.oidc = pending;
    await req.session.save();
    res.redirect(303, url);
  }

  @Get('sign-in/callback')
  async finishOidc(@Req() req: Request, @Res() res: Response) {
    const pending = req.session.data.oidc;
    if (!this.config.oidcEnabled || !pending) return res.redirect(303, '/sign-in');
    const user = await this.oidc.finish(req, pending);
    await req.session.regenerate({ user });
    res.redirect(303, HOME_PAGES[user.persona]);
  }

  @Post('sign-out')
  async signOut(@Req() req: Request, @Res() res: Response) {
    await req.session.regenerate({ flash: 'You have signed out' });
    res.redirect(303, '/sign-in');
  }
}
