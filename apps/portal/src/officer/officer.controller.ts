import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Apis } from '../api/apis';
import type { ApplicationView, DocumentList, FundView, HistoryEntry, Page } from '../api/applications.types';
import { DocumentPages, DocumentsPlace } from '../documents/document-pages';
import { profileRows, sendDossierDocument } from '../documents/dossier';
import type { ScreeningReconsiderationView } from '../api/intake.types';
import type { AwardView, CaseDetail, CaseHistoryEntry, CaseView, DossierView, OfficerAlerts, ProgrammeTracking, ProgrammeView, Ranking, ReconsiderationView, SupplierView } from '../api/awards.types';
import { LOT_CHOICES, packageOfCase, readInKind } from './in-kind-form';
import { readConditions } from './offer-conditions';
import { ApiError, ServiceUnavailable } from '../api/service-client';
import { PageFor } from '../auth/page-access';
import { userOf } from '../auth/personas';
import { formErrorsFrom, FormErrors } from '../forms/api-errors';
import { endOfUkDay, oneOf, parseDate, parsePounds, text } from '../forms/form-values';
import { pageNumber, paginationFor } from '../pages/pagination';
import { PageId } from '../pages/params';
import { budgetChartSvg } from './budget-chart';
import { redirectWithFlash } from '../pages/flash';
import { passThrough } from '../pages/downloads';


const APPLICATION_STATUSES = ['draft', 'submitted', 'withdrawn', 'in_assessment', 'approved', 'reserve', 'rejected', 'offer_issued', 'accepted', 'declined', 'lapsed'];
const PAGE_SIZE = 20;
const CASE_STATUSES = ['awaiting-allocation', 'in-assessment', 'moderation', 'assessed', 'approval-pending', 'approved', 'reserve', 'rejected', 'offered', 'withdrawn', 'ineligible'];
const OUTCOMES = [
  { value: 'approved', text: 'Approve' },
  { value: 'reserve', text: 'Reserve' },
  { value: 'rejected', text: 'Reject' },
];

/** Programme officers: budgets, intake, applications with their audit history, downloads. */
@Controller('officer')
@PageFor('officer')
export class OfficerController {
  private readonly documentPages = new DocumentPages();

  constructor(@Inject(Apis) private readonly apis: Apis) {}

  @Get()
  async dashboard(@Req() req: Request, @Res() res: Response) {
    const [programmes, alerts, screenings] = await Promise.all([
      this.apis.awards.all<ProgrammeView>(userOf(req), '/programmes'),
      this.apis.awards.get<OfficerAlerts>(userOf(req), '/officer-alerts'),
      // Intake's part of the alerts: the rest of the dashboard still shows while intake does not answer.
      this.apis.intake.get<Page<ScreeningReconsiderationView>>(userOf(req), '/screening-reconsiderations', { status: 'requested', pageSize: 20 }).catch((err) => (err instanceof ServiceUnavailable ? undefined : Promise.reject(err))),
    ]);
    const totals = programmes.reduce(
      (t, p) => ({ budgetPence: t.budgetPence + p.budgetPence, committedPence: t.committedPence + p.committedPence, paidPence: t.paidPence + p.paidPence, remainingPence: t.remainingPence + p.remainingPence }),
      { budgetPence: 0, committedPence: 0, paidPence: 0, remainingPence: 0 },
    );
    res.render('officer/dashboard.njk', { programmes, alerts, screenings, totals, chart: programmes.length ? budgetChartSvg(programmes, 'Budget, committed and paid for each programme and fund') : undefined });
  }

  @Get('programmes/:id')
  async programme(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    const user = userOf(req);
    const [programme, ranking] = await Promise.all([
      this.apis.awards.get<ProgrammeTracking>(user, `/programmes/${id}`),
      this.apis.awards.get<Ranking>(user, `/programmes/${id}/ranking`),
    ]);
    res.render('officer/programme.njk', { programme, ranking, chart: budgetChartSvg([programme], `Budget, committed and paid for ${programme.name}`), backLink: '/officer' });
  }

  @Get('applications')
  async applications(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const user = userOf(req);
    const funds = await this.apis.applications.all<FundView>(user, '/funds');
    const filters = {
      status: oneOf(APPLICATION_STATUSES, query.status),
      fundId: funds.some((f) => f.id === query.fundId) ? String(query.fundId) : '',
    };
    const page = pageNumber(query.page);
    const result = await this.apis.applications.get<Page<ApplicationView>>(user, '/applications', { ...filters, page, pageSize: PAGE_SIZE, sort: '-createdAt' });
    res.render('officer/applications.njk', {
      result,
      filters,
      funds,
      fundNames: Object.fromEntries(funds.map((f) => [f.id, f.name])),
      statuses: APPLICATION_STATUSES,
      pagination: paginationFor(result.total, page, PAGE_SIZE, '/officer/applications', filters),
      exportQuery: new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString(),
    });
  }

  @Get('applications/export.csv')
  async exportApplications(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const filters = { status: oneOf(APPLICATION_STATUSES, query.status) || undefined, fundId: typeof query.fundId === 'string' ? query.fundId : undefined };
    await passThrough(res, await this.apis.applications.download(userOf(req), '/applications/export', filters), 'applications.csv');
  }

  @Get('exports/360giving.:format')
  async threeSixtyGiving(@Req() req: Request, @Res() res: Response, @Param('format') format: string) {
    if (format !== 'csv' && format !== 'json') return res.status(404).render('errors/not-found.njk');
    await passThrough(res, await this.apis.awards.download(userOf(req), `/exports/360giving.${format}`), `360giving.${format}`);
  }

  @Get('applications/:id')
  async application(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    const user = userOf(req);
    const [application, history] = await Promise.all([
      this.apis.applications.get<ApplicationView>(user, `/applications/${id}`),
      this.apis.applications.get<HistoryEntry[]>(user, `/applications/${id}/history`),
    ]);
    const fund = application.fundId ? await this.apis.applications.get<FundView>(user, `/funds/${application.fundId}`).catch((err) => (err instanceof ApiError ? undefined : Promise.reject(err))) : undefined;
    res.render('officer/application.njk', { application, history, fund, backLink: '/officer/applications' });
  }

  @Get('cases')
  async cases(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const user = userOf(req);
    const programmes = await this.apis.awards.all<ProgrammeView>(user, '/programmes');
    const filters = {
      status: oneOf(CASE_STATUSES, query.status),
      programmeId: oneOf(programmes.map((p) => p.id), query.programmeId),
    };
    const page = pageNumber(query.page);
    const result = await this.apis.awards.get<Page<CaseView>>(user, '/cases', { ...filters, page, pageSize: PAGE_SIZE });
    res.render('officer/cases.njk', {
      cases: result.items,
      total: result.total,
      filters,
      programmes,
      statuses: CASE_STATUSES,
      programmeNames: Object.fromEntries(programmes.map((p) => [p.id, p.name])),
      pagination: paginationFor(result.total, page, PAGE_SIZE, '/officer/cases', filters),
    });
  }

  /** Due-diligence evidence on a case: attach (GOV.UK file upload, passed on to awards), remove, download. */
  private async evidencePlace(req: Request, id: string): Promise<DocumentsPlace> {
    const kase = await this.apis.awards.get<CaseDetail>(userOf(req), `/cases/${id}`);
    return {
      client: this.apis.awards,
      api: `/cases/${id}/documents`,
      page: `/officer/cases/${id}/documents`,
      caption: `Case ${kase.reference}: ${kase.organisationName}`,
      intro:
        'Attach the evidence behind your due-diligence checks, such as company accounts, a subsidy declaration or a bank confirmation. Only programme officers can see it. ' +
        'Documents the mutual sent as evidence of its award’s conditions are marked “From the mutual”; the mutual sees only those.',
      next: `/officer/cases/${id}`,
    };
  }

  @Get('cases/:id/documents')
  async evidence(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    await this.documentPages.render(req, res, await this.evidencePlace(req, id));
  }

  @Post('cases/:id/documents')
  async attachEvidence(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    await this.documentPages.upload(req, res, await this.evidencePlace(req, id));
  }

  @Post('cases/:id/documents/:documentId/remove')
  async removeEvidence(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Param('documentId', PageId) documentId: string) {
    await this.documentPages.remove(req, res, await this.evidencePlace(req, id), documentId);
  }

  @Get('cases/:id/documents/:documentId')
  async downloadEvidence(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Param('documentId', PageId) documentId: string) {
    await this.documentPages.download(req, res, this.apis.awards, `/cases/${id}/documents`, documentId);
  }

  /** The application or bid as submitted, as its assessors read it, with its attachments. */
  @Get('cases/:id/dossier')
  async dossier(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    const user = userOf(req);
    const [kase, dossier] = await Promise.all([this.apis.awards.get<CaseDetail>(user, `/cases/${id}`), this.apis.awards.get<DossierView>(user, `/cases/${id}/dossier`)]);
    res.render('officer/dossier.njk', { kase, dossier, profile: profileRows(dossier), backLink: `/officer/cases/${id}` });
  }

  @Get('cases/:id/dossier/documents/:documentId')
  async dossierDocument(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Param('documentId', PageId) documentId: string) {
    const user = userOf(req);
    await sendDossierDocument(this.apis, res, user, await this.apis.awards.get<DossierView>(user, `/cases/${id}/dossier`), documentId);
  }

  @Get('cases/:id')
  async case(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    await this.renderCase(req, res, id, {});
  }

  private async renderCase(req: Request, res: Response, id: string, values: Record<string, string>, errors?: FormErrors) {
    const user = userOf(req);
    const [kase, history, evidence, reconsiderations] = await Promise.all([
      this.apis.awards.get<CaseDetail>(user, `/cases/${id}`),
      this.apis.awards.get<CaseHistoryEntry[]>(user, `/cases/${id}/history`),
      this.apis.awards.get<DocumentList>(user, `/cases/${id}/documents`),
      this.apis.awards.get<Page<ReconsiderationView>>(user, '/reconsiderations', { caseId: id, pageSize: 5 }),
    ]);
    const deciding = ['assessed', 'reserve'].includes(kase.status);
    const [award, supportPackage, suppliers] = await Promise.all([
      kase.status === 'offered' ? this.apis.awards.get<Page<AwardView>>(user, '/awards', { caseId: id }).then((p) => p.items[0]) : undefined,
      packageOfCase(this.apis, user, id),
      deciding ? this.apis.awards.all<SupplierView>(user, '/suppliers') : [],
    ]);
    const latestCheck = kase.dueDiligence.at(-1);
    res.status(errors ? 400 : 200).render('officer/case.njk', {
      kase,
      history,
      evidence: evidence.items,
      award,
      supportPackage,
      supplierItems: [{ value: '', text: 'No support in kind' }, ...suppliers.map((s) => ({ value: s.id, text: s.name, selected: s.id === values.inKindSupplier }))],
      inKindLots: LOT_CHOICES,
      reconsideration: reconsiderations.items[0],
      canOffer: kase.status === 'approved' && latestCheck?.passed === true,
      values,
      errors,
      outcomes: OUTCOMES,
      backLink: '/officer/cases',
    });
  }

  /** Records the agreed score of a case whose assessors disagreed by more than the round allows. */
  @Post('cases/:id/moderation')
  async moderate(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const values = { agreedScore: text(body.agreedScore), moderationReason: text(body.moderationReason) };
    const errors: FormErrors = {};
    const agreedScore = Number(values.agreedScore);
    if (!values.agreedScore) errors.agreedScore = 'Enter the agreed score';
    else if (!/^\d{1,3}(\.\d{1,2})?$/.test(values.agreedScore) || agreedScore > 100) errors.agreedScore = 'The agreed score must be a number from 0 to 100, like 68.5';
    if (!values.moderationReason) errors.moderationReason = 'Enter the reason for the agreed score';
    else if (values.moderationReason.length > 2000) errors.moderationReason = 'The reason must be 2,000 characters or fewer';
    if (Object.keys(errors).length > 0) return this.renderCase(req, res, id, values, errors);
    try {
      await this.apis.awards.post(userOf(req), `/cases/${id}/moderation`, { agreedScore, reason: values.moderationReason });
    } catch (err) {
      return this.renderCase(req, res, id, values, formErrorsFrom(err, (f) => ({ agreedScore: 'agreedScore', reason: 'moderationReason' })[f], 'agreedScore'));
    }
    await redirectWithFlash(req, res, `/officer/cases/${id}`, 'The agreed score has been recorded');
  }

  /** A due-diligence check is recorded whether or not it passes: the problems it found are the record. */
  @Post('cases/:id/due-diligence')
  async dueDiligence(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const values = { recipientOrgIdentifier: text(body.recipientOrgIdentifier), subsidyDeclared: text(body.subsidyDeclared) };
    const errors: FormErrors = {};
    if (!values.recipientOrgIdentifier) errors.recipientOrgIdentifier = "Enter the recipient's organisation identifier, like GB-COH-09876543";
    else if (/\s/.test(values.recipientOrgIdentifier) || values.recipientOrgIdentifier.length > 100) errors.recipientOrgIdentifier = 'The organisation identifier must have no spaces, like GB-COH-09876543';
    const subsidyDeclaredPence = parsePounds(values.subsidyDeclared);
    if (!values.subsidyDeclared) errors.subsidyDeclared = 'Enter the subsidy the recipient declared, or 0 if none';
    else if (subsidyDeclaredPence === undefined) errors.subsidyDeclared = 'Enter the subsidy in pounds, like 40000';
    if (Object.keys(errors).length > 0) return this.renderCase(req, res, id, values, errors);
    let passed: boolean;
    try {
      ({ passed } = await this.apis.awards.post<{ passed: boolean }>(userOf(req), `/cases/${id}/due-diligence`, { recipientOrgIdentifier: values.recipientOrgIdentifier, subsidyDeclaredPence }));
    } catch (err) {
      return this.renderCase(req, res, id, values, formErrorsFrom(err, (f) => ({ recipientOrgIdentifier: 'recipientOrgIdentifier', subsidyDeclaredPence: 'subsidyDeclared' })[f], 'recipientOrgIdentifier'));
    }
    await redirectWithFlash(req, res, `/officer/cases/${id}`, passed ? 'The due-diligence check passed: you can now make the offer' : 'The due-diligence check found problems: see below');
  }

  @Post('cases/:id/offer')
  async offer(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const values = { conditions: text(body.conditions), 'expires-day': text(body['expires-day']), 'expires-month': text(body['expires-month']), 'expires-year': text(body['expires-year']) };
    const { conditions, dueOn, error } = readConditions(values.conditions);
    const errors: FormErrors = {};
    if (error) errors.conditions = error;
    const expiresOn = parseDate(values['expires-day'], values['expires-month'], values['expires-year']);
    if (!values['expires-day'] && !values['expires-month'] && !values['expires-year']) errors.expires = 'Enter the date the offer expires';
    else if (!expiresOn) errors.expires = 'The expiry date must be a real date, like 27 3 2027';
    else if (Date.parse(endOfUkDay(expiresOn)) <= Date.now()) errors.expires = 'The expiry date must be in the future';
    if (Object.keys(errors).length > 0) return this.renderCase(req, res, id, values, errors);
    let award: AwardView;
    try {
      award = await this.apis.awards.post<AwardView>(userOf(req), `/cases/${id}/offer`, { conditions, conditionsDueOn: dueOn.some(Boolean) ? dueOn : undefined, expiresAt: endOfUkDay(expiresOn!) });
    } catch (err) {
      return this.renderCase(req, res, id, values, formErrorsFrom(err, (f) => (f.startsWith('conditions') ? 'conditions' : f === 'expiresAt' ? 'expires' : undefined), 'conditions'));
    }
    await redirectWithFlash(req, res, `/officer/awards/${award.id}`, `The offer of ${award.reference} has been made`);
  }

  /** Approve with cash, support in kind from a framework supplier, or both; reserve or reject. */
  @Post('cases/:id/decision')
  async decide(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const inKind = readInKind(body);
    const values = { outcome: text(body.outcome), amount: text(body.amount), reason: text(body.reason), ...inKind.values };
    const errors: FormErrors = {};
    if (!OUTCOMES.some((o) => o.value === values.outcome)) errors.outcome = 'Select your decision';
    const amountPence = values.amount ? parsePounds(values.amount) : undefined;
    const approving = values.outcome === 'approved';
    if (approving && !values.amount && !inKind.given) errors.amount = 'Enter the amount to award, or choose support in kind';
    else if (values.amount && (amountPence === undefined || amountPence < 1)) errors.amount = 'Enter the amount in pounds, like 25000';
    if (approving) Object.assign(errors, inKind.errors);
    if (!values.reason) errors.reason = 'Enter the reason for your decision';
    else if (values.reason.length > 2000) errors.reason = 'The reason must be 2,000 characters or fewer';
    if (Object.keys(errors).length > 0) return this.renderCase(req, res, id, values, errors);
    try {
      await this.apis.awards.post(userOf(req), `/cases/${id}/decision`, {
        outcome: values.outcome,
        amountPence: approving ? amountPence : undefined,
        inKind: approving ? inKind.request : undefined,
        reason: values.reason,
      });
    } catch (err) {
      // The supplier's refusals (conflicted, not on a lot, out of days) are about the support in kind.
      const first = err instanceof ApiError && /^(supplier|lot|package)-/.test(err.code) ? 'inKindSupplier' : 'outcome';
      return this.renderCase(req, res, id, values, formErrorsFrom(err, (f) => ({ outcome: 'outcome', amountPence: 'amount', reason: 'reason' })[f] ?? (f.startsWith('inKind') ? 'inKindSupplier' : undefined), first));
    }
    await redirectWithFlash(req, res, `/officer/cases/${id}`, 'Your decision has been recorded');
  }

  @Post('cases/:id/confirm')
  async confirm(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const values = { confirmReason: text(body.confirmReason) };
    if (!values.confirmReason || values.confirmReason.length > 2000) {
      return this.renderCase(req, res, id, values, { confirmReason: 'Enter what you checked before confirming, in 2,000 characters or fewer' });
    }
    try {
      await this.apis.awards.post(userOf(req), `/cases/${id}/decision/confirm`, { reason: values.confirmReason });
    } catch (err) {
      return this.renderCase(req, res, id, values, formErrorsFrom(err, () => 'confirmReason', 'confirmReason'));
    }
    await redirectWithFlash(req, res, `/officer/cases/${id}`, 'You have confirmed the approval');
  }
}
