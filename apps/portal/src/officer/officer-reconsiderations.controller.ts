import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Apis } from '../api/apis';
import type { Page } from '../api/applications.types';
import type { ReconsiderationView } from '../api/awards.types';
import type { ScreeningReconsiderationView } from '../api/intake.types';
import { ApiError, ServiceUnavailable } from '../api/service-client';
import { PageFor } from '../auth/page-access';
import { userOf } from '../auth/personas';
import { formErrorsFrom, FormErrors } from '../forms/api-errors';
import { oneOf, text } from '../forms/form-values';
import { redirectWithFlash } from '../pages/flash';
import { pageNumber, paginationFor } from '../pages/pagination';
import { PageId } from '../pages/params';

const PAGE_SIZE = 20;
const STATUSES = ['requested', 'upheld', 'overturned'];

/** Requests to reconsider a decision, reviewed by an officer who took no part in it. */
@Controller('officer/reconsiderations')
@PageFor('officer')
export class OfficerReconsiderationsController {
  constructor(@Inject(Apis) private readonly apis: Apis) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const filters = { status: query.status === undefined ? 'requested' : oneOf(STATUSES, query.status) };
    const page = pageNumber(query.page);
    const [result, screenings] = await Promise.all([
      this.apis.awards.get<Page<ReconsiderationView>>(userOf(req), '/reconsiderations', { status: filters.status || undefined, page, pageSize: PAGE_SIZE }),
      this.apis.intake
        .get<Page<ScreeningReconsiderationView>>(userOf(req), '/screening-reconsiderations', { status: filters.status || undefined, page, pageSize: PAGE_SIZE })
        .catch((err) => (err instanceof ServiceUnavailable ? undefined : Promise.reject(err))),
    ]);
    res.render('officer/reconsiderations.njk', {
      items: result.items,
      total: result.total,
      screenings: screenings?.items ?? [],
      screeningsTotal: screenings?.total ?? 0,
      screeningsUnavailable: !screenings,
      filters,
      statuses: STATUSES,
      pagination: paginationFor(Math.max(result.total, screenings?.total ?? 0), page, PAGE_SIZE, '/officer/reconsiderations', filters),
    });
  }

  @Get(':id')
  async get(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    await this.render(req, res, id, {});
  }

  private async render(req: Request, res: Response, id: string, values: Record<string, string>, errors?: FormErrors, status?: number) {
    const item = await this.apis.awards.get<ReconsiderationView>(userOf(req), `/reconsiderations/${id}`);
    res.status(status ?? (errors ? 400 : 200)).render('officer/reconsideration.njk', { item, values, errors, backLink: '/officer/reconsiderations' });
  }

  @Post(':id')
  async review(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const values = { outcome: text(body.outcome), reason: text(body.reason), reopenAt: text(body.reopenAt) };
    const errors: FormErrors = {};
    if (values.outcome !== 'upheld' && values.outcome !== 'overturned') errors.outcome = 'Select whether the decision is upheld or overturned';
    if (values.outcome === 'overturned' && values.reopenAt !== 'in-assessment' && values.reopenAt !== 'assessed') errors.reopenAt = 'Select where the case goes back to';
    if (!values.reason) errors.reason = 'Enter the reasons for your review';
    else if (values.reason.length > 2000) errors.reason = 'The reasons must be 2,000 characters or fewer';
    if (Object.keys(errors).length > 0) return this.render(req, res, id, values, errors);
    try {
      await this.apis.awards.post(userOf(req), `/reconsiderations/${id}/review`, {
        outcome: values.outcome,
        reason: values.reason,
        reopenAt: values.outcome === 'overturned' ? values.reopenAt : undefined,
      });
    } catch (err) {
      // The officer took part in the decision: the page says why, and no review is recorded.
      if (err instanceof ApiError && err.status === 403) return this.render(req, res, id, values, { outcome: err.message }, 403);
      return this.render(req, res, id, values, formErrorsFrom(err, (f) => ({ outcome: 'outcome', reason: 'reason', reopenAt: 'reopenAt' })[f], 'outcome'));
    }
    await redirectWithFlash(req, res, `/officer/reconsiderations/${id}`, values.outcome === 'upheld' ? 'The decision has been upheld; the applicant will be told' : 'The decision has been overturned; the case is re-opened and the applicant will be told');
  }
}

/** Requests to reconsider a bid's screening as ineligible (intake's), reviewed by an officer who did not screen it. */
@Controller('officer/screening-reconsiderations')
@PageFor('officer')
export class OfficerScreeningReconsiderationsController {
  constructor(@Inject(Apis) private readonly apis: Apis) {}

  @Get(':id')
  async get(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    await this.render(req, res, id, {});
  }

  private async render(req: Request, res: Response, id: string, values: Record<string, string>, errors?: FormErrors, status?: number) {
    const r = await this.apis.intake.get<ScreeningReconsiderationView>(userOf(req), `/screening-reconsiderations/${id}`);
    const item = {
      ...r,
      title: `Bid ${r.reference}`,
      organisationName: r.authorityName,
      decisionOutcome: 'ineligible',
      decisionReason: r.reasons.join('; '),
      decidedBy: r.screenedBy === 'automatic' ? 'the automatic eligibility check' : r.screenedBy,
      decidedAt: r.screenedAt,
      reopenedAt: null,
    };
    res.status(status ?? (errors ? 400 : 200)).render('officer/reconsideration.njk', {
      item,
      screening: true,
      action: `/officer/screening-reconsiderations/${id}`,
      subjectLink: `/officer/bids/${r.bidId}`,
      values,
      errors,
      backLink: '/officer/reconsiderations',
    });
  }

  @Post(':id')
  async review(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const values = { outcome: text(body.outcome), reason: text(body.reason) };
    const errors: FormErrors = {};
    if (values.outcome !== 'upheld' && values.outcome !== 'overturned') errors.outcome = 'Select whether the screening is upheld or overturned';
    if (!values.reason) errors.reason = 'Enter the reasons for your review';
    else if (values.reason.length > 2000) errors.reason = 'The reasons must be 2,000 characters or fewer';
    if (Object.keys(errors).length > 0) return this.render(req, res, id, values, errors);
    try {
      await this.apis.intake.post(userOf(req), `/screening-reconsiderations/${id}/review`, { outcome: values.outcome, reason: values.reason });
    } catch (err) {
      if (err instanceof ApiError && err.status === 403) return this.render(req, res, id, values, { outcome: err.message }, 403);
      return this.render(req, res, id, values, formErrorsFrom(err, (f) => ({ outcome: 'outcome', reason: 'reason' })[f], 'outcome'));
    }
    await redirectWithFlash(req, res, `/officer/screening-reconsiderations/${id}`, values.outcome === 'upheld' ? 'The screening has been upheld; the council will be told' : 'The screening has been overturned: the bid is eligible and goes to assessment');
  }
}
