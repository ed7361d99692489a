import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Apis } from '../api/apis';
import type { AwardPage, AwardView, CaseHistoryEntry, MonitoringView, ProgrammeView } from '../api/awards.types';
import { PageFor } from '../auth/page-access';
import { userOf } from '../auth/personas';
import { formErrorsFrom, FormErrors } from '../forms/api-errors';
import { endOfUkDay, list, oneOf, parseDate, parsePounds, text } from '../forms/form-values';
import { day } from '../pages/format';
import { packageOfCase } from './in-kind-form';
import { readReturn, returnFieldOf } from './monitoring-return-form';
import { pageNumber, paginationFor } from '../pages/pagination';
import { PageId } from '../pages/params';
import { redirectWithFlash } from '../pages/flash';


const PAGE_SIZE = 20;
const AWARD_STATUSES = ['offered', 'accepted', 'declined', 'lapsed', 'active', 'completed', 'clawed-back', 'withdrawn'];
/** Rows of the payment-schedule form; an award is paid in a handful of instalments. */
export const SCHEDULE_ROWS = 4;

interface MilestoneInput {
  name: string;
  amountPence: number;
  dueOn: string;
  dependsOnConditionIds: string[];
}

/** Programme officers tracking awards: offers, payment schedules, payments and clawbacks. */
@Controller('officer/awards')
@PageFor('officer')
export class OfficerAwardsController {
  constructor(@Inject(Apis) private readonly apis: Apis) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const user = userOf(req);
    const programmes = await this.apis.awards.all<ProgrammeView>(user, '/programmes');
    const filters = {
      status: oneOf(AWARD_STATUSES, query.status),
      programmeId: oneOf(programmes.map((p) => p.id), query.programmeId),
    };
    const page = pageNumber(query.page);
    const result = await this.apis.awards.get<AwardPage>(user, '/awards', { ...filters, page, pageSize: PAGE_SIZE });
    res.render('officer/awards.njk', {
      awards: result.items,
      total: result.total,
      totals: result.totals,
      filters,
      programmes,
      statuses: AWARD_STATUSES,
      programmeNames: Object.fromEntries(programmes.map((p) => [p.id, p.name])),
      pagination: paginationFor(result.total, page, PAGE_SIZE, '/officer/awards', filters),
    });
  }

  @Get(':id')
  async award(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    await this.render(req, res, id, {});
  }

  private async render(req: Request, res: Response, id: string, values: Record<string, string | string[]>, errors?: FormErrors) {
    const user = userOf(req);
    const [award, history, monitoring] = await Promise.all([
      this.apis.awards.get<AwardView>(user, `/awards/${id}`),
      this.apis.awards.get<CaseHistoryEntry[]>(user, `/awards/${id}/history`),
      this.apis.awards.get<MonitoringView>(user, `/awards/${id}/monitoring`),
    ]);
    const conditionText = Object.fromEntries(award.trackedConditions.map((c) => [c.id, c.text]));
    const openReturns = monitoring.returns.filter((r) => r.status === 'due' || r.status === 'returned');
    res.status(errors ? 400 : 200).render('officer/award.njk', {
      award,
      history,
      monitoring,
      conditionText,
      supportPackage: await packageOfCase(this.apis, user, award.caseId),
      returnItems: openReturns.map((r) => ({ value: r.id, text: `Period ${r.period}: ${day(r.periodStart)} to ${day(r.periodEnd)}`, hint: { text: `Due ${day(r.dueOn)}${r.overdue ? ' (overdue)' : ''}` }, checked: values.returnId === r.id })),
      conditionItems: (row: number) => award.trackedConditions.map((c) => ({ value: c.id, text: c.text, checked: ([] as string[]).concat(values[`milestone-${row}-conditions`] ?? []).includes(c.id) })),
      canSchedule: award.status === 'accepted' && award.milestones.length === 0,
      canPay: ['accepted', 'active'].includes(award.status),
      canClawBack: award.paidPence > award.clawedBackPence,
      scheduleRows: Array.from({ length: SCHEDULE_ROWS }, (_, i) => i + 1),
      values,
      errors,
      backLink: '/officer/awards',
    });
  }

  @Post(':id/milestones')
  async schedule(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const { values, milestones, rows, errors } = readSchedule(body);
    if (Object.keys(errors).length > 0) return this.render(req, res, id, values, errors);
    try {
      await this.apis.awards.put(userOf(req), `/awards/${id}/milestones`, { milestones });
    } catch (err) {
      // The rule most often broken is the sum: the service's message, against the first amount.
      return this.render(req, res, id, values, formErrorsFrom(err, (f) => scheduleField(f, rows), `milestone-${rows[0]}-amount`));
    }
    await this.done(req, res, id, 'The payment schedule has been set');
  }

  @Post(':id/milestones/:milestoneId/pay')
  async pay(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Param('milestoneId', PageId) milestoneId: string) {
    let award: AwardView;
    try {
      award = await this.apis.awards.post<AwardView>(userOf(req), `/awards/${id}/milestones/${milestoneId}/pay`);
    } catch (err) {
      return this.render(req, res, id, {}, formErrorsFrom(err, () => undefined, 'milestones'));
    }
    const milestone = award.milestones.find((m) => m.id === milestoneId);
    await this.done(req, res, id, `${milestone?.name ?? 'The milestone'} has been marked paid`);
  }

  @Post(':id/clawbacks')
  async clawback(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const values = { clawbackAmount: text(body.clawbackAmount), clawbackReason: text(body.clawbackReason) };
    const errors: FormErrors = {};
    const amountPence = parsePounds(values.clawbackAmount);
    if (!values.clawbackAmount) errors.clawbackAmount = 'Enter the amount to claw back';
    else if (amountPence === undefined || amountPence < 1) errors.clawbackAmount = 'Enter the amount in pounds, like 5000';
    if (!values.clawbackReason) errors.clawbackReason = 'Enter the reason for the clawback';
    else if (values.clawbackReason.length > 2000) errors.clawbackReason = 'The reason must be 2,000 characters or fewer';
    if (Object.keys(errors).length > 0) return this.render(req, res, id, values, errors);
    try {
      await this.apis.awards.post(userOf(req), `/awards/${id}/clawbacks`, { amountPence, reason: values.clawbackReason });
    } catch (err) {
      return this.render(req, res, id, values, formErrorsFrom(err, (f) => ({ amountPence: 'clawbackAmount', reason: 'clawbackReason' })[f], 'clawbackAmount'));
    }
    await this.done(req, res, id, 'The clawback has been recorded');
  }

  /** A lapsed offer made again with a new expiry; refused (with the amount) when the budget has no room for it any more. */
  @Post(':id/reissue')
  async reissue(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const values = { 'reissue-day': text(body['reissue-day']), 'reissue-month': text(body['reissue-month']), 'reissue-year': text(body['reissue-year']) };
    const expiresOn = parseDate(values['reissue-day'], values['reissue-month'], values['reissue-year']);
    let error: string | undefined;
    if (!values['reissue-day'] && !values['reissue-month'] && !values['reissue-year']) error = 'Enter the date the new offer expires';
    else if (!expiresOn) error = 'The expiry date must be a real date, like 27 3 2027';
    else if (Date.parse(endOfUkDay(expiresOn)) <= Date.now()) error = 'The expiry date must be in the future';
    if (error) return this.render(req, res, id, values, { reissue: error });
    try {
      await this.apis.awards.post(userOf(req), `/awards/${id}/reissue`, { expiresAt: endOfUkDay(expiresOn!) });
    } catch (err) {
      return this.render(req, res, id, values, formErrorsFrom(err, () => 'reissue', 'reissue'));
    }
    await this.done(req, res, id, 'The offer has been made again');
  }

  /** Evidence an officer records for a condition (a note of what was seen); the mutual can submit its own. */
  @Post(':id/conditions/:conditionId/evidence')
  async evidence(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Param('conditionId', PageId) conditionId: string, @Body() body: Record<string, unknown>) {
    const field = `evidence-${conditionId}`;
    const values = { [field]: text(body.note) };
    if (!values[field]) return this.render(req, res, id, values, { [field]: 'Enter the evidence that the condition is met' });
    if (values[field].length > 4000) return this.render(req, res, id, values, { [field]: 'The evidence must be 4,000 characters or fewer' });
    try {
      await this.apis.awards.post(userOf(req), `/awards/${id}/conditions/${conditionId}/evidence`, { note: values[field] });
    } catch (err) {
      return this.render(req, res, id, values, formErrorsFrom(err, () => field, field));
    }
    await this.done(req, res, id, 'The evidence has been recorded');
  }

  @Post(':id/conditions/:conditionId/accept')
  async acceptEvidence(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Param('conditionId', PageId) conditionId: string) {
    let monitoring: MonitoringView;
    try {
      monitoring = await this.apis.awards.post<MonitoringView>(userOf(req), `/awards/${id}/conditions/${conditionId}/accept`);
    } catch (err) {
      return this.render(req, res, id, {}, formErrorsFrom(err, () => undefined, 'conditions'));
    }
    const condition = monitoring.conditions.find((c) => c.id === conditionId);
    await this.done(req, res, id, `The evidence has been accepted: "${condition?.text ?? 'the condition'}" is met`);
  }

  /** A condition the award no longer needs met, with the reason the mutual will see. */
  @Post(':id/conditions/:conditionId/waive')
  async waive(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Param('conditionId', PageId) conditionId: string, @Body() body: Record<string, unknown>) {
    const monitoring = await this.postNote<MonitoringView>(req, res, id, `waive-${conditionId}`, body.reason, ['Enter the reason for waiving the condition', 'The reason must be 2,000 characters or fewer'], (reason) => ({
      path: `/awards/${id}/conditions/${conditionId}/waive`,
      body: { reason },
    }));
    if (!monitoring) return;
    const condition = monitoring.conditions.find((c) => c.id === conditionId);
    await this.done(req, res, id, `"${condition?.text ?? 'The condition'}" has been waived`);
  }

  /** A monitoring return the mutual sent in, recorded by the officer under their own name. */
  @Post(':id/returns')
  async recordReturn(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const { values, figures, errors } = readReturn(body);
    if (Object.keys(errors).length > 0) return this.render(req, res, id, values, errors);
    try {
      await this.apis.awards.post(userOf(req), `/awards/${id}/monitoring/returns/${values.returnId}`, figures);
    } catch (err) {
      return this.render(req, res, id, values, formErrorsFrom(err, returnFieldOf, 'returnId'));
    }
    await this.done(req, res, id, 'The monitoring return has been recorded');
  }

  @Post(':id/returns/:returnId/accept')
  async acceptReturn(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Param('returnId', PageId) returnId: string) {
    try {
      await this.apis.awards.post(userOf(req), `/awards/${id}/monitoring/returns/${returnId}/review`, { outcome: 'accepted' });
    } catch (err) {
      return this.render(req, res, id, {}, formErrorsFrom(err, () => undefined, 'returns'));
    }
    await this.done(req, res, id, 'The monitoring return has been accepted');
  }

  /** A submitted return sent back to the mutual with what to correct; it is due again until resent. */
  @Post(':id/returns/:returnId/return')
  async returnToMutual(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Param('returnId', PageId) returnId: string, @Body() body: Record<string, unknown>) {
    const reviewed = await this.postNote(req, res, id, `review-${returnId}`, body.note, ['Enter what the mutual should correct', 'The note must be 2,000 characters or fewer'], (note) => ({
      path: `/awards/${id}/monitoring/returns/${returnId}/review`,
      body: { outcome: 'returned', note },
    }));
    if (!reviewed) return;
    await this.done(req, res, id, 'The monitoring return has been returned to the mutual');
  }

  /**
   * A form of one required note (its field named `field` on the award's page): checked, posted to
   * awards, and on a refusal the page again with the message against the field. Undefined when the
   * page was rendered again.
   */
  private async postNote<T>(
    req: Request,
    res: Response,
    id: string,
    field: string,
    posted: unknown,
    [missing, tooLong]: [string, string],
    request: (note: string) => { path: string; body: Record<string, unknown> },
  ): Promise<T | undefined> {
    const values = { [field]: text(posted) };
    const error = requiredNote(values[field], missing, tooLong);
    if (error) {
      await this.render(req, res, id, values, { [field]: error });
      return undefined;
    }
    const { path, body } = request(values[field]);
    try {
      return (await this.apis.awards.post<T>(userOf(req), path, body)) ?? ({} as T);
    } catch (err) {
      await this.render(req, res, id, values, formErrorsFrom(err, () => field, field));
      return undefined;
    }
  }

  private async done(req: Request, res: Response, id: string, message: string) {
    await redirectWithFlash(req, res, `/officer/awards/${id}`, message);
  }
}

/** The schedule form's rows: blank rows are skipped, a started row must be complete. */
export function readSchedule(body: Record<string, unknown>): { values: Record<string, string | string[]>; milestones: MilestoneInput[]; rows: number[]; errors: FormErrors } {
  const values: Record<string, string | string[]> = {};
  const milestones: MilestoneInput[] = [];
  const rows: number[] = [];
  const errors: FormErrors = {};
  for (let row = 1; row <= SCHEDULE_ROWS; row += 1) {
    const field = (name: string): string => (values[`milestone-${row}-${name}`] = text(body[`milestone-${row}-${name}`]));
    const [name, amount, day, month, year] = [field('name'), field('amount'), field('due-day'), field('due-month'), field('due-year')];
    if (![name, amount, day, month, year].some(Boolean)) continue;
    const amountPence = parsePounds(amount);
    const dueOn = parseDate(day, month, year);
    if (!name) errors[`milestone-${row}-name`] = `Enter what payment ${row} is for`;
    else if (name.length > 200) errors[`milestone-${row}-name`] = `What payment ${row} is for must be 200 characters or fewer`;
    if (!amount) errors[`milestone-${row}-amount`] = `Enter the amount of payment ${row}`;
    else if (amountPence === undefined || amountPence < 1) errors[`milestone-${row}-amount`] = `Enter the amount of payment ${row} in pounds, like 12500`;
    if (!day && !month && !year) errors[`milestone-${row}-due`] = `Enter the date payment ${row} is due`;
    else if (!dueOn) errors[`milestone-${row}-due`] = `The date payment ${row} is due must be a real date, like 27 3 2027`;
    const dependsOnConditionIds = (values[`milestone-${row}-conditions`] = list(body[`milestone-${row}-conditions`]));
    if (name && amountPence && dueOn) {
      milestones.push({ name, amountPence, dueOn, dependsOnConditionIds });
      rows.push(row);
    }
  }
  if (milestones.length === 0 && Object.keys(errors).length === 0) errors['milestone-1-name'] = 'Enter at least one payment';
  return { values, milestones, rows, errors };
}

/** milestones.0.amountPence (the service's field path) as the form field of the row it came from. */
function scheduleField(apiField: string, rows: number[]): string | undefined {
  const match = /^milestones\.(\d+)\.(name|amountPence|dueOn)$/.exec(apiField);
  const row = match ? rows[Number(match[1])] : undefined;
  return match && row ? `milestone-${row}-${{ name: 'name', amountPence: 'amount', dueOn: 'due' }[match[2]]}` : undefined;
}

/** A note the service takes of up to 2,000 characters (a waiver's reason, a review's note): what is wrong with it, if anything. */
export function requiredNote(note: string, missing: string, tooLong: string): string | undefined {
  if (!note) return missing;
  if (note.length > 2000) return tooLong;
  return undefined;
}
