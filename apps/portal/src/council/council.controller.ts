import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { REGION, REGIONS, SECTOR, SECTORS } from '@mutuals/domain';
import { Apis } from '../api/apis';
import type { BidView, RoundView } from '../api/intake.types';
import { PageFor } from '../auth/page-access';
import { SignedInUser, userOf } from '../auth/personas';
import { formErrorsFrom, FormErrors } from '../forms/api-errors';
import { paginationFor, slicePage } from '../pages/pagination';
import { PageId } from '../pages/params';
import { answerField, bidFieldFor, BidFormValues, bidFormValues, readBidForm, readStartForm } from './bid-form';
import { redirectWithFlash } from '../pages/flash';

const BIDS_PER_PAGE = 20;
const REGION_ITEMS = REGIONS.map((value) => ({ value, text: REGION.label(value) }));
const SECTOR_ITEMS = SECTORS.map((value) => ({ value, text: SECTOR.label(value) }));

/** Councils bidding in programme rounds: open rounds with their deadline, a bid with partners, its status. */
@Controller('council')
@PageFor('council')
export class CouncilController {
  constructor(@Inject(Apis) private readonly apis: Apis) {}

  private get intake() {
    return this.apis.intake;
  }

  @Get()
  async home(@Req() req: Request, @Res() res: Response, @Query('page') rawPage: unknown) {
    const user = userOf(req);
    const [rounds, bids] = await Promise.all([this.intake.get<RoundView[]>(user, '/rounds', { status: 'open' }), this.intake.get<BidView[]>(user, '/bids')]);
    const { page, items } = slicePage(bids, rawPage, BIDS_PER_PAGE);
    res.render('council/home.njk', { rounds, bids: items, pagination: paginationFor(bids.length, page, BIDS_PER_PAGE, '/council', {}) });
  }

  @Get('rounds/:id')
  async round(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    await this.renderRound(req, res, id, {});
  }

  private async renderRound(req: Request, res: Response, id: string, values: BidFormValues, errors?: FormErrors) {
    const user = userOf(req);
    const [round, bids] = await Promise.all([this.intake.get<RoundView>(user, `/rounds/${id}`), this.intake.get<BidView[]>(user, '/bids')]);
    const bid = bids.find((b) => b.roundId === id && b.status !== 'withdrawn');
    res.status(errors ? 400 : 200).render('council/round.njk', { round, bid, values, errors, regions: REGION_ITEMS, backLink: '/council' });
  }

  @Post('rounds/:id')
  async startBid(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const { values, errors } = readStartForm(body);
    if (Object.keys(errors).length > 0) return this.renderRound(req, res, id, values, errors);
    let bid: BidView;
    try {
      bid = await this.intake.post<BidView>(userOf(req), `/rounds/${id}/bids`, values);
    } catch (err) {
      return this.renderRound(req, res, id, values, formErrorsFrom(err, (f) => (f in values ? f : undefined), 'authorityName'));
    }
    res.redirect(303, `/council/bids/${bid.id}/edit`);
  }

  private async loadBid(user: SignedInUser, id: string): Promise<{ bid: BidView; round: RoundView }> {
    const bid = await this.intake.get<BidView>(user, `/bids/${id}`);
    return { bid, round: await this.intake.get<RoundView>(user, `/rounds/${bid.roundId}`) };
  }

  @Get('bids/:id')
  async bid(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    const { bid, round } = await this.loadBid(userOf(req), id);
    res.render('council/bid.njk', { bid, round, sectorName: bid.sector ? SECTOR.label(bid.sector as never) : '', backLink: '/council' });
  }

  @Get('bids/:id/edit')
  async edit(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    const { bid, round } = await this.loadBid(userOf(req), id);
    if (bid.status !== 'draft') return res.redirect(303, `/council/bids/${id}`);
    this.renderEdit(res, bid, round, bidFormValues(bid));
  }

  private renderEdit(res: Response, bid: BidView, round: RoundView, values: BidFormValues, errors?: FormErrors) {
    const questions = round.questions.map((q) => ({ ...q, field: answerField(q.id) }));
    res.status(errors ? 400 : 200).render('council/edit.njk', { bid, round, questions, values, errors, sectors: SECTOR_ITEMS, backLink: `/council/rounds/${round.id}` });
  }

  @Post('bids/:id/edit')
  async save(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const user = userOf(req);
    const { bid, round } = await this.loadBid(user, id);
    if (bid.status !== 'draft') return res.redirect(303, `/council/bids/${id}`);
    const submitting = body.action === 'submit';
    const { values, errors, patch } = readBidForm(body, round, submitting);
    if (Object.keys(errors).length > 0) return this.renderEdit(res, bid, round, values, errors);
    try {
      await this.intake.patch(user, `/bids/${id}`, patch);
      if (submitting) await this.intake.post(user, `/bids/${id}/submit`);
    } catch (err) {
      return this.renderEdit(res, bid, round, values, formErrorsFrom(err, bidFieldFor, 'submit'));
    }
    await redirectWithFlash(req, res, `/council/bids/${id}`, submitting ? `Bid ${bid.reference} has been submitted` : `Bid ${bid.reference} has been saved. You can submit it until the round closes.`);
  }
}
