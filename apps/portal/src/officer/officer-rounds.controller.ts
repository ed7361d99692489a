import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Apis } from '../api/apis';
import type { Page } from '../api/applications.types';
import type { BidHistoryEntry, BidView, IntakeProgrammeView, RoundFigures, RoundView } from '../api/intake.types';
import { PageFor } from '../auth/page-access';
import { userOf } from '../auth/personas';
import { formErrorsFrom, FormErrors } from '../forms/api-errors';
import { oneOf, text } from '../forms/form-values';
import { pageNumber, paginationFor } from '../pages/pagination';
import { PageId } from '../pages/params';
import { redirectWithFlash } from '../pages/flash';


const PAGE_SIZE = 20;
const ROUND_STATUSES = ['draft', 'scheduled', 'open', 'closed', 'in_assessment', 'decided', 'archived'];
const BID_STATUSES = ['draft', 'submitted', 'eligible', 'ineligible', 'withdrawn', 'in_assessment', 'approved', 'reserve', 'rejected', 'offer_issued', 'accepted', 'declined', 'lapsed'];
/** Screening by hand is open until a bid goes on to assessment. */
const SCREENABLE = ['submitted', 'eligible', 'ineligible'];
const SCREENING_OUTCOMES = [
  { value: 'eligible', text: 'Eligible', hint: { text: 'It goes on to assessment' } },
  { value: 'ineligible', text: 'Ineligible', hint: { text: 'It is not assessed; the council is told the reason' } },
];

/** Programme officers and bid rounds: the rounds, their intake figures, the bids and screening by hand. */
@Controller('officer')
@PageFor('officer')
export class OfficerRoundsController {
  constructor(@Inject(Apis) private readonly apis: Apis) {}

  @Get('rounds')
  async rounds(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const user = userOf(req);
    const programmes = await this.apis.intake.all<IntakeProgrammeView>(user, '/programmes');
    const filters = {
      status: oneOf(ROUND_STATUSES, query.status),
      programmeId: oneOf(programmes.map((p) => p.id), query.programmeId),
    };
    const page = pageNumber(query.page);
    const rounds = await this.apis.intake.get<Page<RoundView>>(user, '/rounds', { ...filters, page, pageSize: PAGE_SIZE });
    res.render('officer/rounds.njk', {
      rounds: rounds.items,
      total: rounds.total,
      filters,
      programmes,
      statuses: ROUND_STATUSES,
      programmeNames: Object.fromEntries(programmes.map((p) => [p.id, p.title])),
      pagination: paginationFor(rounds.total, page, PAGE_SIZE, '/officer/rounds', filters),
    });
  }

  @Get('rounds/:id')
  async round(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Query() query: Record<string, unknown>) {
    const user = userOf(req);
    const filters = { status: oneOf(BID_STATUSES, query.status) };
    const page = pageNumber(query.page);
    const [round, figures, bids] = await Promise.all([
      this.apis.intake.get<RoundView>(user, `/rounds/${id}`),
      this.apis.intake.get<RoundFigures>(user, `/rounds/${id}/figures`),
      this.apis.intake.get<Page<BidView>>(user, `/rounds/${id}/bids`, { ...filters, page, pageSize: PAGE_SIZE }),
    ]);
    res.render('officer/round.njk', {
      round,
      figures,
      bids: bids.items,
      total: bids.total,
      filters,
      statuses: BID_STATUSES,
      pagination: paginationFor(bids.total, page, PAGE_SIZE, `/officer/rounds/${id}`, filters),
      backLink: '/officer/rounds',
    });
  }

  @Get('bids/:id')
  async bid(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    await this.renderBid(req, res, id, {});
  }

  private async renderBid(req: Request, res: Response, id: string, values: Record<string, string>, errors?: FormErrors) {
    const user = userOf(req);
    const [bid, history] = await Promise.all([this.apis.intake.get<BidView>(user, `/bids/${id}`), this.apis.intake.get<BidHistoryEntry[]>(user, `/bids/${id}/history`)]);
    res.status(errors ? 400 : 200).render('officer/bid.njk', {
      bid,
      history,
      screenable: SCREENABLE.includes(bid.status),
      outcomes: SCREENING_OUTCOMES,
      values,
      errors,
      backLink: `/officer/rounds/${bid.roundId}`,
    });
  }

  @Post('bids/:id/screening')
  async screen(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const values = { outcome: text(body.outcome), reason: text(body.reason) };
    const errors: FormErrors = {};
    if (!SCREENING_OUTCOMES.some((o) => o.value === values.outcome)) errors.outcome = 'Select whether the bid is eligible';
    if (!values.reason) errors.reason = 'Enter the reason for your screening decision';
    else if (values.reason.length > 2000) errors.reason = 'The reason must be 2,000 characters or fewer';
    if (Object.keys(errors).length > 0) return this.renderBid(req, res, id, values, errors);
    try {
      await this.apis.intake.post(userOf(req), `/bids/${id}/screening`, values);
    } catch (err) {
      return this.renderBid(req, res, id, values, formErrorsFrom(err, (f) => ({ outcome: 'outcome', reason: 'reason' })[f], 'outcome'));
    }
    await redirectWithFlash(req, res, `/officer/bids/${id}`, `The bid has been screened ${values.outcome}`);
  }
}
