import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Apis } from '../api/apis';
import type { Page } from '../api/applications.types';
import { AssessorCaseView, DossierView, RECOMMENDATIONS } from '../api/awards.types';
import { profileRows, sendDossierDocument } from '../documents/dossier';
import { PageFor } from '../auth/page-access';
import { userOf } from '../auth/personas';
import { formErrorsFrom, FormErrors } from '../forms/api-errors';
import { oneOf, text } from '../forms/form-values';
import { pageNumber, paginationFor } from '../pages/pagination';
import { PageId } from '../pages/params';
import { commentField, readScores, scoreField } from './scoring-form';
import { redirectWithFlash } from '../pages/flash';

const CASES_PER_PAGE = 20;

/** Assessors: their cases with due dates, what assessment needs, the scoring form, conflicts of interest. */
@Controller('assessor')
@PageFor('assessor')
export class AssessorController {
  constructor(@Inject(Apis) private readonly apis: Apis) {}

  @Get()
  async cases(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const filters = { state: oneOf(['allocated', 'submitted'], query.state) };
    const page = pageNumber(query.page);
    const result = await this.apis.awards.get<Page<AssessorCaseView>>(userOf(req), '/assessor/cases', { ...filters, page, pageSize: CASES_PER_PAGE });
    res.render('assessor/cases.njk', { cases: result.items, total: result.total, filters, pagination: paginationFor(result.total, page, CASES_PER_PAGE, '/assessor', filters) });
  }

  @Get('cases/:id')
  async case(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    const kase = await this.apis.awards.get<AssessorCaseView>(userOf(req), `/assessor/cases/${id}`);
    await this.renderCase(req, res, kase, {});
  }

  /**
   * An attachment of the dossier: awards says first whether this assessor may see the case (a 404
   * for anyone released or conflicted), then the service holding the bytes is asked with a token for
   * this one document.
   */
  @Get('cases/:id/documents/:documentId')
  async document(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Param('documentId', PageId) documentId: string) {
    const user = userOf(req);
    const dossier = await this.apis.awards.get<DossierView>(user, `/assessor/cases/${id}/dossier`);
    await sendDossierDocument(this.apis, res, user, dossier, documentId);
  }

  private async renderCase(req: Request, res: Response, kase: AssessorCaseView, values: Record<string, string>, errors?: FormErrors) {
    const dossier = await this.apis.awards.get<DossierView>(userOf(req), `/assessor/cases/${kase.caseId}/dossier`);
    const criteria = kase.criteria.map((c) => ({
      ...c,
      scoreField: scoreField(c.id),
      commentField: commentField(c.id),
      scores: Array.from({ length: kase.scaleMax + 1 }, (_, n) => ({ value: String(n), text: String(n) })),
      submitted: kase.myAssessment?.scores.find((s) => s.criterionId === c.id),
    }));
    const recommendation = RECOMMENDATIONS.find((r) => r.value === kase.myAssessment?.recommendation)?.text;
    res.status(errors ? 400 : 200).render('assessor/case.njk', { kase, dossier, profile: profileRows(dossier), criteria, values, errors, recommendations: RECOMMENDATIONS, recommendation, backLink: '/assessor' });
  }

  @Post('cases/:id')
  async score(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const user = userOf(req);
    const kase = await this.apis.awards.get<AssessorCaseView>(user, `/assessor/cases/${id}`);
    if (kase.myAssessment) return res.redirect(303, `/assessor/cases/${id}`);
    const { values, errors, scores, recommendation } = readScores(body, kase);
    if (Object.keys(errors).length > 0) return this.renderCase(req, res, kase, values, errors);
    try {
      await this.apis.awards.post(user, `/assessor/cases/${id}/assessment`, { scores, recommendation });
    } catch (err) {
      return this.renderCase(req, res, kase, values, formErrorsFrom(err, (f) => (f === 'recommendation' ? f : undefined), scoreField(kase.criteria[0].id)));
    }
    await redirectWithFlash(req, res, `/assessor/cases/${id}`, `Your assessment of ${kase.reference} has been submitted`);
  }

  @Get('cases/:id/conflict')
  async conflictPage(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    const kase = await this.apis.awards.get<AssessorCaseView>(userOf(req), `/assessor/cases/${id}`);
    res.render('assessor/conflict.njk', { kase, values: {}, backLink: `/assessor/cases/${id}` });
  }

  @Post('cases/:id/conflict')
  async declareConflict(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const user = userOf(req);
    const kase = await this.apis.awards.get<AssessorCaseView>(user, `/assessor/cases/${id}`);
    const values = { reason: text(body.reason) };
    const show = (errors: FormErrors) => res.status(400).render('assessor/conflict.njk', { kase, values, errors, backLink: `/assessor/cases/${id}` });
    if (!values.reason) return show({ reason: 'Describe your conflict of interest' });
    if (values.reason.length > 2000) return show({ reason: 'Your description must be 2,000 characters or fewer' });
    try {
      await this.apis.awards.post(user, `/assessor/cases/${id}/conflict`, values);
    } catch (err) {
      return show(formErrorsFrom(err, () => 'reason', 'reason'));
    }
    await redirectWithFlash(req, res, '/assessor', `You have declared a conflict of interest on ${kase.reference}. Another assessor will take the case.`);
  }
}
