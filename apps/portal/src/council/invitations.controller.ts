import { Body, Controller, Get, Inject, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SECTOR } from '@mutuals/domain';
import { Apis } from '../api/apis';
import type { Page } from '../api/applications.types';
import type { InvitationView } from '../api/intake.types';
import { PageFor } from '../auth/page-access';
import { userOf } from '../auth/personas';
import { formErrorsFrom, FormErrors } from '../forms/api-errors';
import { text } from '../forms/form-values';
import { redirectWithFlash } from '../pages/flash';
import { pageNumber, paginationFor } from '../pages/pagination';
import { PageId } from '../pages/params';

const INVITATIONS_PER_PAGE = 20;
const ANSWERS: Record<string, string> = { accepted: 'accepted', declined: 'declined' };

/** A council named as a partner in another council's joint bid accepts or declines being in it. */
@Controller('council/invitations')
@PageFor('council')
export class InvitationsController {
  constructor(@Inject(Apis) private readonly apis: Apis) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response, @Query('page') rawPage: unknown) {
    const page = pageNumber(rawPage);
    const invitations = await this.apis.intake.get<Page<InvitationView>>(userOf(req), '/invitations', { page, pageSize: INVITATIONS_PER_PAGE });
    res.render('council/invitations.njk', {
      invitations: invitations.items,
      pagination: paginationFor(invitations.total, page, INVITATIONS_PER_PAGE, '/council/invitations', {}),
      backLink: '/council',
    });
  }

  @Get(':bidId')
  async show(@Req() req: Request, @Res() res: Response, @Param('bidId', PageId) bidId: string) {
    await this.render(req, res, bidId, {});
  }

  @Post(':bidId')
  async answer(@Req() req: Request, @Res() res: Response, @Param('bidId', PageId) bidId: string, @Body() body: Record<string, unknown>) {
    const values = { answer: text(body.answer), reason: text(body.reason) };
    const answer = ANSWERS[values.answer];
    if (!answer) return this.render(req, res, bidId, values, { answer: 'Select whether your council accepts or declines being a partner' });
    try {
      await this.apis.intake.post(userOf(req), `/invitations/${bidId}/answer`, { answer, ...(values.reason ? { reason: values.reason } : {}) });
    } catch (err) {
      return this.render(req, res, bidId, values, formErrorsFrom(err, (f) => (f === 'reason' ? 'reason' : undefined), 'answer'));
    }
    const invitation = await this.find(req, bidId);
    await redirectWithFlash(req, res, '/council/invitations', `You have ${answer} being a partner in bid ${invitation.reference} led by ${invitation.leadAuthorityName}`);
  }

  /** Only invitations to the user's own council exist for it; anything else is a page not found. */
  private async find(req: Request, bidId: string): Promise<InvitationView> {
    const [invitation] = (await this.apis.intake.get<Page<InvitationView>>(userOf(req), '/invitations', { bidId })).items;
    if (!invitation) throw new NotFoundException();
    return invitation;
  }

  private async render(req: Request, res: Response, bidId: string, values: Record<string, string>, errors?: FormErrors) {
    const invitation = await this.find(req, bidId);
    const sectorName = invitation.sector ? SECTOR.label(invitation.sector as never) : '';
    res.status(errors ? 400 : 200).render('council/invitation.njk', { invitation, sectorName, values, errors, backLink: '/council/invitations' });
  }
}
