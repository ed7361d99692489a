import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { LEGAL_FORM, LEGAL_FORMS, MUTUAL_ORGANISATION_TYPES, ORGANISATION_TYPE } from '@mutuals/domain';
import { Apis } from '../api/apis';
import type { ApplicationView, DocumentList, FundView, OrganisationView, Page } from '../api/applications.types';
import { DocumentPages, DocumentsPlace } from '../documents/document-pages';
import type { AwardView, ReconsiderationWindow } from '../api/awards.types';
import { PageFor } from '../auth/page-access';
import { SignedInUser, userOf } from '../auth/personas';
import { formErrorsFrom, FormErrors } from '../forms/api-errors';
import { text } from '../forms/form-values';
import { pageNumber, paginationFor } from '../pages/pagination';
import { PageId } from '../pages/params';
import { firstUnanswered, formValue, readStep, stepsFor, summaryValue } from './application-steps';
import { redirectWithFlash } from '../pages/flash';
import { MONITORED_STATUSES } from './applicant-award.controller';

const APPLICATIONS_PER_PAGE = 20;
const OFFERS_PER_PAGE = 20;
const ORGANISATION_FIELDS = ['name', 'type', 'legalForm', 'parentBody', 'servicesInScope', 'employeeSharePercent'];


/** The support fund's applicant: their organisation, their applications, one question per page. */
@Controller('applicant')
@PageFor('applicant')
export class ApplicantController {
  private readonly documentPages = new DocumentPages();

  constructor(@Inject(Apis) private readonly apis: Apis) {}

  private get applications() {
    return this.apis.applications;
  }

  private async organisationOf(user: SignedInUser): Promise<OrganisationView | undefined> {
    const organisations = await this.applications.get<Page<OrganisationView>>(user, '/organisations');
    return organisations.items[0];
  }

  private async load(user: SignedInUser, id: string): Promise<{ application: ApplicationView; fund: FundView }> {
    const application = await this.applications.get<ApplicationView>(user, `/applications/${id}`);
    const fund = await this.applications.get<FundView>(user, `/funds/${application.fundId}`);
    return { application, fund };
  }

  @Get()
  async home(@Req() req: Request, @Res() res: Response, @Query('page') rawPage: unknown) {
    const user = userOf(req);
    const page = pageNumber(rawPage);
    const [organisation, applications, funds] = await Promise.all([
      this.organisationOf(user),
      this.applications.get<Page<ApplicationView>>(user, '/applications', { page, pageSize: APPLICATIONS_PER_PAGE, sort: '-createdAt' }),
      this.applications.all<FundView>(user, '/funds'),
    ]);
    const fundNames = Object.fromEntries(funds.map((f) => [f.id, f.name]));
    res.render('applicant/home.njk', {
      organisation,
      applications: applications.items,
      total: applications.total,
      funds,
      fundNames,
      pagination: paginationFor(applications.total, page, APPLICATIONS_PER_PAGE, '/applicant', {}),
    });
  }

  @Get('organisation')
  async organisation(@Req() req: Request, @Res() res: Response) {
    const organisation = await this.organisationOf(userOf(req));
    this.renderOrganisation(res, organisation, {});
  }

  private renderOrganisation(res: Response, organisation: OrganisationView | undefined, values: Record<string, string>, errors?: FormErrors) {
    res.status(errors ? 400 : 200).render('applicant/organisation.njk', {
      organisation,
      values,
      errors,
      types: MUTUAL_ORGANISATION_TYPES.map((value) => ({ value, text: ORGANISATION_TYPE.label(value) })),
      legalForms: LEGAL_FORMS.map((value) => ({ value, text: LEGAL_FORM.label(value) })),
      typeName: organisation && ORGANISATION_TYPE.label(organisation.type as never),
      legalFormName: organisation && LEGAL_FORM.label(organisation.legalForm as never),
    });
  }

  @Post('organisation')
  async register(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const user = userOf(req);
    const values = Object.fromEntries(ORGANISATION_FIELDS.map((f) => [f, text(body[f])]));
    const errors: FormErrors = {};
    if (!values.name) errors.name = 'Enter the name of your organisation';
    else if (values.name.length > 300) errors.name = 'Name must be 300 characters or fewer';
    if (!MUTUAL_ORGANISATION_TYPES.includes(values.type as never)) errors.type = 'Select what kind of organisation you are';
    if (!LEGAL_FORMS.includes(values.legalForm as never)) errors.legalForm = 'Select the legal form of your organisation';
    if (!values.parentBody) errors.parentBody = 'Enter the council, NHS body or department you are spinning out of';
    else if (values.parentBody.length > 300) errors.parentBody = 'Parent body must be 300 characters or fewer';
    const services = values.servicesInScope.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    if (services.length === 0) errors.servicesInScope = 'Enter the public services you deliver, one on each line';
    else if (services.length > 30 || services.some((l) => l.length > 200)) errors.servicesInScope = 'Enter at most 30 services of up to 200 characters each';
    const share = /^\d{1,3}$/.test(values.employeeSharePercent) ? Number(values.employeeSharePercent) : NaN;
    if (!values.employeeSharePercent) errors.employeeSharePercent = "Enter the employees' share, in percent";
    else if (!(share >= 0 && share <= 100)) errors.employeeSharePercent = "The employees' share must be a whole number from 0 to 100";
    if (Object.keys(errors).length > 0) return this.renderOrganisation(res, undefined, values, errors);
    try {
      await this.applications.post(user, '/organisations', {
        name: values.name,
        type: values.type,
        legalForm: values.legalForm,
        parentBody: values.parentBody,
        servicesInScope: services,
        employeeSharePercent: share,
      });
    } catch (err) {
      const apiErrors = formErrorsFrom(err, (f) => ORGANISATION_FIELDS.find((name) => f.startsWith(name)), 'name');
      return this.renderOrganisation(res, undefined, values, apiErrors);
    }
    await redirectWithFlash(req, res, '/applicant', `${values.name} is registered. You can now apply for support.`);
  }

  @Get('applications/new')
  async newApplication(@Req() req: Request, @Res() res: Response) {
    await this.renderNew(req, res, {});
  }

  private async renderNew(req: Request, res: Response, values: Record<string, string>, errors?: FormErrors) {
    const user = userOf(req);
    const [organisation, funds] = await Promise.all([this.organisationOf(user), this.applications.all<FundView>(user, '/funds')]);
    res.status(errors ? 400 : 200).render('applicant/new-application.njk', { organisation, funds: funds.filter((f) => f.takingApplications ?? f.open), values, errors });
  }

  @Post('applications/new')
  async start(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const user = userOf(req);
    const fundId = text(body.fundId);
    if (!fundId) return this.renderNew(req, res, {}, { fundId: 'Select the fund you want to apply to' });
    let application: ApplicationView;
    try {
      application = await this.applications.post<ApplicationView>(user, '/applications', { fundId });
    } catch (err) {
      return this.renderNew(req, res, { fundId }, formErrorsFrom(err, () => 'fundId', 'fundId'));
    }
    const fund = await this.applications.get<FundView>(user, `/funds/${fundId}`);
    res.redirect(303, `/applicant/applications/${application.id}/pages/${stepsFor(fund)[0].id}`);
  }

  @Get('applications/:id')
  async status(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    const { application, fund } = await this.load(userOf(req), id);
    const next = application.status === 'draft' ? (firstUnanswered(stepsFor(fund), application)?.id ?? 'check') : undefined;
    res.render('applicant/status.njk', { application, fund, next });
  }

  @Get('applications/:id/pages/:step')
  async page(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Param('step') stepId: string) {
    const { application, fund } = await this.load(userOf(req), id);
    if (application.status !== 'draft') return res.redirect(303, `/applicant/applications/${id}`);
    const steps = stepsFor(fund);
    const step = steps.find((s) => s.id === stepId);
    if (!step) return res.status(404).render('errors/not-found.njk');
    res.render('applicant/question.njk', { application, fund, step, value: formValue(step, application), backLink: this.previous(steps, step.id, id), change: req.query.change === '1' });
  }

  @Post('applications/:id/pages/:step')
  async answer(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Param('step') stepId: string, @Body() body: Record<string, unknown>) {
    const user = userOf(req);
    const { application, fund } = await this.load(user, id);
    if (application.status !== 'draft') return res.redirect(303, `/applicant/applications/${id}`);
    const steps = stepsFor(fund);
    const index = steps.findIndex((s) => s.id === stepId);
    if (index < 0) return res.status(404).render('errors/not-found.njk');
    const step = steps[index];
    const saving = body.action === 'save';
    const change = body.change === '1';
    const result = readStep(step, body.value, saving);
    const show = (value: unknown, errors: FormErrors) =>
      res.status(400).render('applicant/question.njk', { application, fund, step, value, errors, backLink: this.previous(steps, step.id, id), change });
    if (!result.ok) return show(result.value, { value: result.error });
    if (Object.keys(result.patch).length > 0) {
      try {
        await this.applications.patch(user, `/applications/${id}`, { ...result.patch, version: Number(body.version) || application.version });
      } catch (err) {
        return show(body.value, formErrorsFrom(err, () => 'value', 'value'));
      }
    }
    if (saving) {
      return redirectWithFlash(req, res, '/applicant', `Your answers to ${application.reference} have been saved. You can come back and finish it at any time.`);
    }
    const next = change || index === steps.length - 1 ? 'check' : `pages/${steps[index + 1].id}`;
    res.redirect(303, `/applicant/applications/${id}/${next}`);
  }

  private previous(steps: { id: string }[], stepId: string, id: string): string {
    const index = steps.findIndex((s) => s.id === stepId);
    return index > 0 ? `/applicant/applications/${id}/pages/${steps[index - 1].id}` : `/applicant/applications/${id}`;
  }

  @Get('applications/:id/check')
  async check(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    const { application, fund } = await this.load(userOf(req), id);
    if (application.status !== 'draft') return res.redirect(303, `/applicant/applications/${id}`);
    await this.renderCheck(res, userOf(req), application, fund);
  }

  private async renderCheck(res: Response, user: SignedInUser, application: ApplicationView, fund: FundView, errors?: FormErrors) {
    const steps = stepsFor(fund);
    const rows = steps.map((step) => ({ step, value: summaryValue(step, application) }));
    const documents = await this.applications.get<DocumentList>(user, `/applications/${application.id}/documents`);
    res.status(errors ? 422 : 200).render('applicant/check.njk', { application, fund, rows, documents: documents.items, errors, backLink: `/applicant/applications/${application.id}/pages/${steps[steps.length - 1].id}` });
  }

  @Post('applications/:id/check')
  async submit(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const user = userOf(req);
    const { application, fund } = await this.load(user, id);
    const steps = stepsFor(fund);
    const missing = steps.filter((s) => s.required && summaryValue(s, application) === '');
    if (missing.length > 0) {
      const errors = Object.fromEntries(missing.map((s) => [`change-${s.id}`, `Answer "${s.question}" before you submit`]));
      return this.renderCheck(res, user, application, fund, errors);
    }
    try {
      await this.applications.post(user, `/applications/${id}/submit`, { version: Number(body.version) || application.version });
    } catch (err) {
      const stepFor = (apiField: string) => steps.find((s) => s.apiField === apiField);
      return this.renderCheck(res, user, application, fund, formErrorsFrom(err, (f) => (stepFor(f) ? `change-${stepFor(f)!.id}` : undefined), 'submit'));
    }
    res.redirect(303, `/applicant/applications/${id}/confirmation`);
  }

  /** Supporting documents: upload (GOV.UK file upload, passed on to the applications service) and remove, while a draft. */
  private async documentsPlace(req: Request, id: string): Promise<DocumentsPlace | undefined> {
    const { application, fund } = await this.load(userOf(req), id);
    if (application.status !== 'draft') return undefined;
    return {
      client: this.applications,
      api: `/applications/${id}/documents`,
      page: `/applicant/applications/${id}/documents`,
      caption: `${application.reference}: ${fund.name}`,
      intro: 'Add anything the assessors should read with your answers, such as your business plan, options appraisal or a letter of support from your parent body. Assessors see these documents with your application.',
      next: `/applicant/applications/${id}/check`,
    };
  }

  @Get('applications/:id/documents')
  async documents(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    const place = await this.documentsPlace(req, id);
    if (!place) return res.redirect(303, `/applicant/applications/${id}`);
    await this.documentPages.render(req, res, place);
  }

  @Post('applications/:id/documents')
  async upload(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    const place = await this.documentsPlace(req, id);
    if (!place) return res.redirect(303, `/applicant/applications/${id}`);
    await this.documentPages.upload(req, res, place);
  }

  @Post('applications/:id/documents/:documentId/remove')
  async removeDocument(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Param('documentId', PageId) documentId: string) {
    const place = await this.documentsPlace(req, id);
    if (!place) return res.redirect(303, `/applicant/applications/${id}`);
    await this.documentPages.remove(req, res, place, documentId);
  }

  @Get('applications/:id/documents/:documentId')
  async download(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Param('documentId', PageId) documentId: string) {
    await this.documentPages.download(req, res, this.applications, `/applications/${id}/documents`, documentId);
  }

  @Get('applications/:id/confirmation')
  async confirmation(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    const { application, fund } = await this.load(userOf(req), id);
    if (application.status === 'draft') return res.redirect(303, `/applicant/applications/${id}/check`);
    res.render('applicant/confirmation.njk', { application, fund });
  }

  @Get('applications/:id/withdraw')
  async withdrawPage(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    const { application } = await this.load(userOf(req), id);
    res.render('applicant/withdraw.njk', { application, values: {}, backLink: `/applicant/applications/${id}` });
  }

  @Post('applications/:id/withdraw')
  async withdraw(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const user = userOf(req);
    const { application } = await this.load(user, id);
    const values = { confirm: text(body.confirm), reason: text(body.reason) };
    const show = (errors: FormErrors) => res.status(400).render('applicant/withdraw.njk', { application, values, errors, backLink: `/applicant/applications/${id}` });
    if (values.confirm !== 'yes' && values.confirm !== 'no') return show({ confirm: 'Select yes if you want to withdraw this application' });
    if (values.reason.length > 2000) return show({ reason: 'Reason must be 2,000 characters or fewer' });
    if (values.confirm === 'no') return res.redirect(303, `/applicant/applications/${id}`);
    try {
      await this.applications.post(user, `/applications/${id}/withdraw`, { version: application.version, reason: values.reason || undefined });
    } catch (err) {
      return show(formErrorsFrom(err, (f) => (f === 'reason' ? 'reason' : undefined), 'confirm'));
    }
    await redirectWithFlash(req, res, `/applicant/applications/${id}`, `Application ${application.reference} has been withdrawn`);
  }

  /** Asking for a rejection to be reconsidered, with grounds, while the window is open. */
  @Get('applications/:id/reconsideration')
  async reconsiderationPage(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    await this.renderReconsideration(req, res, id, {});
  }

  private async renderReconsideration(req: Request, res: Response, id: string, values: Record<string, string>, errors?: FormErrors) {
    const user = userOf(req);
    const { application } = await this.load(user, id);
    if (!application.caseId) return res.redirect(303, `/applicant/applications/${id}`);
    const window = await this.apis.awards.get<ReconsiderationWindow>(user, `/reconsideration-windows/${application.caseId}`);
    res.status(errors ? 400 : 200).render('applicant/reconsideration.njk', { application, window, values, errors, backLink: `/applicant/applications/${id}` });
  }

  @Post('applications/:id/reconsideration')
  async reconsider(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const user = userOf(req);
    const values = { grounds: text(body.grounds) };
    if (!values.grounds) return this.renderReconsideration(req, res, id, values, { grounds: 'Enter why the decision should be reconsidered' });
    if (values.grounds.length > 5000) return this.renderReconsideration(req, res, id, values, { grounds: 'Your grounds must be 5,000 characters or fewer' });
    const { application } = await this.load(user, id);
    if (!application.caseId) return res.redirect(303, `/applicant/applications/${id}`);
    try {
      await this.apis.awards.post(user, '/reconsiderations', { caseId: application.caseId, grounds: values.grounds });
    } catch (err) {
      return this.renderReconsideration(req, res, id, values, formErrorsFrom(err, () => 'grounds', 'grounds'));
    }
    await redirectWithFlash(req, res, `/applicant/applications/${id}`, 'Your request has been sent. A programme officer who took no part in the decision will review it');
  }

  @Get('offers')
  async offers(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const page = pageNumber(query.page);
    const result = await this.apis.awards.get<Page<AwardView>>(userOf(req), '/awards', { page, pageSize: OFFERS_PER_PAGE });
    res.render('applicant/offers.njk', { monitoredStatuses: MONITORED_STATUSES, awards: result.items, total: result.total, values: {}, pagination: paginationFor(result.total, page, OFFERS_PER_PAGE, '/applicant/offers', {}) });
  }

  @Get('offers/:id')
  async offer(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    const award = await this.apis.awards.get<AwardView>(userOf(req), `/awards/${id}`);
    res.render('applicant/offer.njk', { award, monitoredStatuses: MONITORED_STATUSES, values: {}, backLink: '/applicant/offers' });
  }

  @Post('offers/:id')
  async respond(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const user = userOf(req);
    const award = await this.apis.awards.get<AwardView>(user, `/awards/${id}`);
    const values = { response: text(body.response) };
    const show = (errors: FormErrors) => res.status(400).render('applicant/offer.njk', { award, monitoredStatuses: MONITORED_STATUSES, values, errors, backLink: '/applicant/offers' });
    if (values.response !== 'accept' && values.response !== 'decline') return show({ response: 'Select whether you accept or decline the offer' });
    try {
      await this.apis.awards.post(user, `/awards/${id}/${values.response}`);
    } catch (err) {
      return show(formErrorsFrom(err, () => 'response', 'response'));
    }
    await redirectWithFlash(req, res, `/applicant/offers/${id}`, values.response === 'accept' ? `You have accepted the offer for ${award.reference}` : `You have declined the offer for ${award.reference}`);
  }
}
