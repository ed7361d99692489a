import { Body, Controller, Get, Inject, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DEFAULT_ALLOWED_TYPES, megabytes, typeList } from '@mutuals/documents';
import { Apis } from '../api/apis';
import type { AwardDocumentView, AwardView, ConditionView, MonitoringReturnView, MonitoringView } from '../api/awards.types';
import { PageFor } from '../auth/page-access';
import { SignedInUser, userOf } from '../auth/personas';
import { PortalConfig } from '../config';
import { passFileOn, sendDownload } from '../documents/document-pages';
import { formErrorsFrom, FormErrors } from '../forms/api-errors';
import { list, text } from '../forms/form-values';
import { readReturn, returnFieldOf, returnFormValues } from '../officer/monitoring-return-form';
import { redirectWithFlash } from '../pages/flash';
import { PageId } from '../pages/params';

/** The awards the mutual answers for after accepting: their conditions and monitoring returns. */
export const MONITORED_STATUSES = ['accepted', 'active', 'completed'];
/** What the mutual can still send: evidence not yet decided on, a return due or returned to correct. */
const OPEN_CONDITION = ['open', 'evidence-submitted'];
const OPEN_RETURN = ['due', 'returned'];

/**
 * The mutual's side of an accepted award: evidence that each condition is met, and its monitoring
 * returns (again, when an officer returns one to correct). The awards service answers "not found"
 * for an award of another organisation, and the page is the same.
 */
@Controller('applicant/awards')
@PageFor('applicant')
export class ApplicantAwardController {
  constructor(
    @Inject(Apis) private readonly apis: Apis,
    @Inject(PortalConfig) private readonly config: PortalConfig,
  ) {}

  private async load(user: SignedInUser, id: string): Promise<{ award: AwardView; monitoring: MonitoringView }> {
    const [award, monitoring] = await Promise.all([
      this.apis.awards.get<AwardView>(user, `/awards/${id}`),
      this.apis.awards.get<MonitoringView>(user, `/awards/${id}/monitoring`),
    ]);
    return { award, monitoring };
  }

  private documents(user: SignedInUser, id: string): Promise<AwardDocumentView[]> {
    return this.apis.awards.get<{ items: AwardDocumentView[] }>(user, `/awards/${id}/documents`).then((list) => list.items);
  }

  @Get(':id')
  async award(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    await this.renderAward(req, res, id);
  }

  /** The award with its conditions, returns, the documents the mutual sent and its payments; a refused removal shown against its document. */
  private async renderAward(req: Request, res: Response, id: string, errors?: FormErrors) {
    const user = userOf(req);
    const [{ award, monitoring }, documents] = await Promise.all([this.load(user, id), this.documents(user, id)]);
    if (!MONITORED_STATUSES.includes(award.status)) return res.redirect(303, `/applicant/offers/${id}`);
    const conditionText = Object.fromEntries(monitoring.conditions.map((c) => [c.id, c.text]));
    res.status(errors ? 409 : 200).render('applicant/award.njk', { award, monitoring, documents, conditionText, errors, backLink: '/applicant/offers' });
  }

  /** A document the mutual sent that no evidence waiting for review or accepted names (one refused, or sent by mistake). */
  @Post(':id/documents/:documentId/remove')
  async removeDocument(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Param('documentId', PageId) documentId: string) {
    const user = userOf(req);
    const document = (await this.documents(user, id)).find((d) => d.id === documentId);
    if (!document) throw new NotFoundException();
    try {
      await this.apis.awards.delete(user, `/awards/${id}/documents/${documentId}`);
    } catch (err) {
      return this.renderAward(req, res, id, formErrorsFrom(err, () => undefined, `document-${documentId}`));
    }
    await redirectWithFlash(req, res, `/applicant/awards/${id}`, `${document.name} has been removed`);
  }

  /** The award and one of its conditions or returns: "not found" when the award has no such item. */
  private async withItem<T extends { id: string }>(req: Request, id: string, itemId: string, itemsOf: (monitoring: MonitoringView) => T[]): Promise<{ award: AwardView; item: T }> {
    const { award, monitoring } = await this.load(userOf(req), id);
    const item = itemsOf(monitoring).find((i) => i.id === itemId);
    if (!item) throw new NotFoundException();
    return { award, item };
  }

  @Get(':id/conditions/:conditionId')
  async evidencePage(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Param('conditionId', PageId) conditionId: string) {
    const { award, item: condition } = await this.withItem(req, id, conditionId, (m) => m.conditions);
    if (!MONITORED_STATUSES.includes(award.status) || !OPEN_CONDITION.includes(condition.status)) return res.redirect(303, `/applicant/awards/${id}`);
    this.renderEvidence(res, award, condition, { note: '', keep: condition.evidenceDocuments.map((d) => d.id) });
  }

  private renderEvidence(res: Response, award: AwardView, condition: ConditionView, values: { note: string; keep: string[] }, errors?: FormErrors) {
    const fileHint = `${typeList(DEFAULT_ALLOWED_TYPES)}, up to ${megabytes(this.config.DOCUMENT_MAX_BYTES)}`;
    res.status(errors ? 400 : 200).render('applicant/condition-evidence.njk', { award, condition, values, errors, fileHint, backLink: `/applicant/awards/${award.id}` });
  }

  /**
   * A note, a document, or both: the document goes to the award's case first (with the checks of
   * any upload, its refusal shown on the file field), then its id with the note and the documents
   * sent before that the mutual keeps. A page left open after the officer decided is refused by the
   * service, and its reason shown.
   */
  @Post(':id/conditions/:conditionId')
  async sendEvidence(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Param('conditionId', PageId) conditionId: string, @Body() body: Record<string, unknown>) {
    const { award, item: condition } = await this.withItem(req, id, conditionId, (m) => m.conditions);
    const upload = req.upload ?? {};
    const values = { note: text(body.note), keep: list(body.keep).filter((kept) => condition.evidenceDocuments.some((d) => d.id === kept)) };
    const file = upload.file?.size ? upload.file : undefined;
    if (upload.refusal) return this.renderEvidence(res, award, condition, values, { file: upload.refusal });
    if (!values.note && !file && values.keep.length === 0) return this.renderEvidence(res, award, condition, values, { note: 'Enter the evidence that the condition is met, or choose a file' });
    if (values.note.length > 4000) return this.renderEvidence(res, award, condition, values, { note: 'The evidence must be 4,000 characters or fewer' });
    const documentIds = [...values.keep];
    if (file) {
      const sent = await passFileOn<{ id: string }>(req, this.apis.awards, `/awards/${id}/documents`, file);
      if ('errors' in sent) return this.renderEvidence(res, award, condition, values, sent.errors);
      documentIds.push(sent.added.id);
    }
    try {
      await this.apis.awards.post(userOf(req), `/awards/${id}/conditions/${conditionId}/evidence`, { ...(values.note ? { note: values.note } : {}), documentIds });
    } catch (err) {
      return this.renderEvidence(res, award, condition, values, formErrorsFrom(err, () => 'note', 'note'));
    }
    await redirectWithFlash(req, res, `/applicant/awards/${id}`, `Your evidence for "${condition.text}" has been sent to your programme officer`);
  }

  /** A document the mutual sent as evidence, always as an attachment. */
  @Get(':id/documents/:documentId')
  async download(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Param('documentId', PageId) documentId: string) {
    const user = userOf(req);
    const document = (await this.documents(user, id)).find((d) => d.id === documentId);
    if (!document) throw new NotFoundException();
    await sendDownload(res, await this.apis.awards.download(user, `/awards/${id}/documents/${documentId}/content`), document);
  }

  @Get(':id/returns/:returnId')
  async returnForm(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Param('returnId', PageId) returnId: string) {
    const { award, item: monitoringReturn } = await this.withItem(req, id, returnId, (m) => m.returns);
    if (!MONITORED_STATUSES.includes(award.status) || !OPEN_RETURN.includes(monitoringReturn.status)) return res.redirect(303, `/applicant/awards/${id}`);
    // A returned return comes back with the figures sent, to correct rather than type again.
    this.renderReturn(res, award, monitoringReturn, monitoringReturn.status === 'returned' ? returnFormValues(monitoringReturn) : {});
  }

  private renderReturn(res: Response, award: AwardView, monitoringReturn: MonitoringReturnView, values: Record<string, string>, errors?: FormErrors) {
    res.status(errors ? 400 : 200).render('applicant/monitoring-return.njk', { award, monitoringReturn, values, errors, backLink: `/applicant/awards/${award.id}` });
  }

  @Post(':id/returns/:returnId')
  async sendReturn(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Param('returnId', PageId) returnId: string, @Body() body: Record<string, unknown>) {
    const { award, item: monitoringReturn } = await this.withItem(req, id, returnId, (m) => m.returns);
    const { values, figures, errors } = readReturn({ ...body, returnId });
    if (!figures) return this.renderReturn(res, award, monitoringReturn, values, errors);
    try {
      await this.apis.awards.post(userOf(req), `/awards/${id}/monitoring/returns/${returnId}`, figures);
    } catch (err) {
      return this.renderReturn(res, award, monitoringReturn, values, formErrorsFrom(err, returnFieldOf, 'staff'));
    }
    await redirectWithFlash(req, res, `/applicant/awards/${id}`, `Your monitoring return for period ${monitoringReturn.period} has been sent to your programme officer`);
  }
}
