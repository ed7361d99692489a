import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { LOCAL_AUTHORITY_REGISTER, localAuthorities, REGION, SECTOR, SECTORS } from '@mutuals/domain';
import { Apis } from '../api/apis';
import type { Page } from '../api/applications.types';
import type { BidView, RoundView } from '../api/intake.types';
import type { ReconsiderationWindow } from '../api/awards.types';
import { text } from '../forms/form-values';
import { PageFor } from '../auth/page-access';
import { SignedInUser, userOf } from '../auth/personas';
import { formErrorsFrom, FormErrors } from '../forms/api-errors';
import { pageNumber, paginationFor } from '../pages/pagination';
import { PageId } from '../pages/params';
import { answerField, bidFieldFor, BidFormValues, bidFormValues, readBidForm } from './bid-form';
import { redirectWithFlash } from '../pages/flash';
import type { DocumentList } from '../api/applications.types';
import { DocumentPages, DocumentsPlace } from '../documents/document-pages';

const BIDS_PER_PAGE = 20;
const SECTOR_ITEMS = SECTORS.map((value) => ({ value, text: SECTOR.label(value) }));

/** Councils bidding in programme rounds: open rounds with their deadline, a bid with partners, its status. */
@Controller('council')
@PageFor('council')
export class CouncilController {
  private readonly documentPages = new DocumentPages();

  constructor(@Inject(Apis) private readonly apis: Apis) {}

  private get intake() {
    return this.apis.intake;
  }

  @Get()
  async home(@Req() req: Request, @Res() res: Response, @Query('page') rawPage: unknown) {
    const user = userOf(req);
    const page = pageNumber(rawPage);
    const [rounds, bids] = await Promise.all([this.intake.all<RoundView>(user, '/rounds', { status: 'open' }), this.intake.get<Page<BidView>>(user, '/bids', { page, pageSize: BIDS_PER_PAGE })]);
    res.render('council/home.njk', { rounds, bids: bids.items, pagination: paginationFor(bids.total, page, BIDS_PER_PAGE, '/council', {}) });
  }

  @Get('rounds/:id')
  async round(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    await this.renderRound(req, res, id);
  }

  private async renderRound(req: Request, res: Response, id: string, errors?: FormErrors) {
    const user = userOf(req);
    // A council sees only its own bids in a round: one, and any it withdrew.
    const [round, bids] = await Promise.all([this.intake.get<RoundView>(user, `/rounds/${id}`), this.intake.get<Page<BidView>>(user, `/rounds/${id}/bids`, { pageSize: 200 })]);
    const bid = bids.items.find((b) => b.status !== 'withdrawn');
    // The council is the one the user's account names, as the register names it; the intake service decides whether it may bid.
    const code = user.organisationId ?? '';
    const found = localAuthorities.find(code);
    const council = found ? { code, name: found.name, regionName: REGION.label(found.region) } : { code };
    res.status(errors ? 400 : 200).render('council/round.njk', { round, bid, council, register: LOCAL_AUTHORITY_REGISTER, errors, backLink: '/council' });
  }

  @Post('rounds/:id')
  async startBid(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    let bid: BidView;
    try {
      bid = await this.intake.post<BidView>(userOf(req), `/rounds/${id}/bids`, {});
    } catch (err) {
      // A council outside the register, or one abolished, is refused with the service's message, shown in the error summary.
      return this.renderRound(req, res, id, formErrorsFrom(err, () => undefined, 'start'));
    }
    res.redirect(303, `/council/bids/${bid.id}/edit`);
  }

  private async loadBid(user: SignedInUser, id: string): Promise<{ bid: BidView; round: RoundView }> {
    const bid = await this.intake.get<BidView>(user, `/bids/${id}`);
    return { bid, round: await this.intake.get<RoundView>(user, `/rounds/${bid.roundId}`) };
  }

  @Get('bids/:id')
  async bid(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    const user = userOf(req);
    const [{ bid, round }, documents] = await Promise.all([this.loadBid(user, id), this.intake.get<DocumentList>(user, `/bids/${id}/documents`)]);
    res.render('council/bid.njk', { bid, round, documents: documents.items, sectorName: bid.sector ? SECTOR.label(bid.sector as never) : '', backLink: '/council' });
  }

  /** Supporting documents of a draft bid: upload (GOV.UK file upload, passed on to intake) and remove. */
  private async documentsPlace(req: Request, id: string): Promise<DocumentsPlace | undefined> {
    const { bid, round } = await this.loadBid(userOf(req), id);
    if (bid.status !== 'draft') return undefined;
    return {
      client: this.intake,
      api: `/bids/${id}/documents`,
      page: `/council/bids/${id}/documents`,
      caption: `${round.name}: bid ${bid.reference}`,
      intro: 'Add anything the assessors should read with your bid, such as an options appraisal, a business case or letters of support from partner councils.',
      next: `/council/bids/${id}`,
    };
  }

  @Get('bids/:id/documents')
  async documents(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    const place = await this.documentsPlace(req, id);
    if (!place) return res.redirect(303, `/council/bids/${id}`);
    await this.documentPages.render(req, res, place);
  }

  @Post('bids/:id/documents')
  async upload(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    const place = await this.documentsPlace(req, id);
    if (!place) return res.redirect(303, `/council/bids/${id}`);
    await this.documentPages.upload(req, res, place);
  }

  @Post('bids/:id/documents/:documentId/remove')
  async removeDocument(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Param('documentId', PageId) documentId: string) {
    const place = await this.documentsPlace(req, id);
    if (!place) return res.redirect(303, `/council/bids/${id}`);
    await this.documentPages.remove(req, res, place, documentId);
  }

  @Get('bids/:id/documents/:documentId')
  async download(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Param('documentId', PageId) documentId: string) {
    await this.documentPages.download(req, res, this.intake, `/bids/${id}/documents`, documentId);
  }

  /** Asking for a rejection of the bid to be reconsidered, with grounds, while the window is open. */
  @Get('bids/:id/reconsideration')
  async reconsiderationPage(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    await this.renderReconsideration(req, res, id, {});
  }

  private async renderReconsideration(req: Request, res: Response, id: string, values: Record<string, string>, errors?: FormErrors) {
    const user = userOf(req);
    const { bid } = await this.loadBid(user, id);
    if (!bid.caseId) return res.redirect(303, `/council/bids/${id}`);
    const window = await this.apis.awards.get<ReconsiderationWindow>(user, `/reconsideration-windows/${bid.caseId}`);
    res.status(errors ? 400 : 200).render('applicant/reconsideration.njk', {
      application: { id: bid.id, reference: bid.reference },
      action: `/council/bids/${id}/reconsideration`,
      window,
      values,
      errors,
      backLink: `/council/bids/${id}`,
    });
  }

  @Post('bids/:id/reconsideration')
  async reconsider(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const user = userOf(req);
    const values = { grounds: text(body.grounds) };
    if (!values.grounds) return this.renderReconsideration(req, res, id, values, { grounds: 'Enter why the decision should be reconsidered' });
    if (values.grounds.length > 5000) return this.renderReconsideration(req, res, id, values, { grounds: 'Your grounds must be 5,000 characters or fewer' });
    const { bid } = await this.loadBid(user, id);
    if (!bid.caseId) return res.redirect(303, `/council/bids/${id}`);
    try {
      await this.apis.awards.post(user, '/reconsiderations', { caseId: bid.caseId, grounds: values.grounds });
    } catch (err) {
      return this.renderReconsideration(req, res, id, values, formErrorsFrom(err, () => 'grounds', 'grounds'));
    }
    await redirectWithFlash(req, res, `/council/bids/${id}`, 'Your request has been sent. A programme officer who took no part in the decision will review it');
  }

  /** Asking for the bid's screening as ineligible to be reconsidered (intake reviews it; a late request is refused with the deadline). */
  @Get('bids/:id/screening-reconsideration')
  async screeningReconsiderationPage(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    await this.renderScreeningReconsideration(req, res, id, {});
  }

  private async renderScreeningReconsideration(req: Request, res: Response, id: string, values: Record<string, string>, errors?: FormErrors) {
    const { bid } = await this.loadBid(userOf(req), id);
    if (bid.status !== 'ineligible') return res.redirect(303, `/council/bids/${id}`);
    res.status(errors ? 400 : 200).render('applicant/reconsideration.njk', {
      application: { id: bid.id, reference: bid.reference },
      action: `/council/bids/${id}/screening-reconsideration`,
      hint: `Say why the bid should not have been screened ineligible (${bid.screeningReasons.join('; ') || 'see the screening'}).`,
      window: { open: true, deadline: null },
      values,
      errors,
      backLink: `/council/bids/${id}`,
    });
  }

  @Post('bids/:id/screening-reconsideration')
  async reconsiderScreening(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const values = { grounds: text(body.grounds) };
    if (!values.grounds) return this.renderScreeningReconsideration(req, res, id, values, { grounds: 'Enter why the screening should be reconsidered' });
    if (values.grounds.length > 5000) return this.renderScreeningReconsideration(req, res, id, values, { grounds: 'Your grounds must be 5,000 characters or fewer' });
    try {
      await this.intake.post(userOf(req), `/bids/${id}/reconsideration`, { grounds: values.grounds });
    } catch (err) {
      return this.renderScreeningReconsideration(req, res, id, values, formErrorsFrom(err, () => 'grounds', 'grounds'));
    }
    await redirectWithFlash(req, res, `/council/bids/${id}`, 'Your request has been sent. A programme officer who did not screen the bid will review it');
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
