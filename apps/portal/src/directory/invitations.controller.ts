import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PublicPage } from '../auth/page-access';
import { PortalConfig } from '../config';
import { text } from '../forms/form-values';
import { DirectoryService } from './directory.service';

/**
 * Where an invitation email's link lands. A link that works shows whom it is for and a button to
 * go on to sign in; pressing it (a form, so no session is made by merely opening a link) keeps the
 * token in a new session for the sign-in, which hands it to the directory. A link that does not
 * work says why and what to do.
 */
@Controller('invitations/accept')
@PublicPage()
export class InvitationsController {
  constructor(
    private readonly directory: DirectoryService,
    @Inject(PortalConfig) private readonly config: PortalConfig,
  ) {}

  @Get()
  async page(@Req() req: Request, @Res() res: Response, @Query('token') token: unknown) {
    await this.render(req, res, text(token));
  }

  @Post()
  async accept(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const token = text(body.token);
    const check = await this.directory.checkInvitation(token);
    if (check.kind !== 'valid') return this.render(req, res, token);
    // Someone else signed in on this browser (a shared computer) is signed out: the invitation is for whoever opened it.
    if (req.session.data.user) await req.session.destroy();
    req.session.data.invitationToken = token;
    await req.session.save();
    res.redirect(303, this.config.oidcEnabled ? '/sign-in/one-login' : '/sign-in');
  }

  private async render(req: Request, res: Response, token: string) {
    const check = await this.directory.checkInvitation(token);
    if (check.kind !== 'valid') return void res.status(check.kind === 'invalid' ? 404 : 410).render('invitation.njk', { outcome: check.kind });
    res.render('invitation.njk', { outcome: 'valid', name: check.name, expiresAt: check.expiresAt, token, oidc: this.config.oidcEnabled, csrfToken: req.session.csrfToken() });
  }
}
