import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SECTOR, SECTORS } from '@mutuals/domain';
import { Apis } from '../api/apis';
import type { FundView, Page } from '../api/applications.types';
import type { ProgrammeView } from '../api/awards.types';
import type { AssessorView, ContactView, IntakeProgrammeView, RoundView } from '../api/intake.types';
import { PageFor } from '../auth/page-access';
import { userOf } from '../auth/personas';
import { CONFLICT_KINDS, readConflict } from '../forms/conflict-fields';
import { formErrorsFrom, FormErrors } from '../forms/api-errors';
import { list, oneOf, parsePounds, poundsForInput, text } from '../forms/form-values';
import { readUkTime, ukTimeFields } from '../forms/uk-time';
import { redirectWithFlash } from '../pages/flash';
import { pageNumber, paginationFor } from '../pages/pagination';
import { PageId } from '../pages/params';
import {
  applyRowAction,
  blankCriterion,
  blankQuestion,
  blankWindow,
  criteriaPayload,
  CriterionRow,
  fieldFor,
  questionsPayload,
  QuestionRow,
  readCriteria,
  readQuestions,
  readWindows,
  whole,
  WindowRow,
} from './setup-form';

const PAGE_SIZE = 20;
const YES_NO = (value: string) => [
  { value: 'yes', text: 'Yes', checked: value === 'yes' },
  { value: 'no', text: 'No', checked: value === 'no' },
];
const yes = (raw: unknown) => (text(raw) === 'yes' ? 'yes' : text(raw) === 'no' ? 'no' : '');
const CONTACT_KINDS = [
  { value: 'officer', text: 'Officer', hint: { text: 'Told when a budget reaches its alert threshold' } },
  { value: 'council', text: 'Council', hint: { text: 'Told when a round opens, and reminded before it closes' } },
];

interface AssessmentFields {
  scaleMax: string;
  assessorsPerCase: string;
  moderationThreshold: string;
  questions: QuestionRow[];
  criteria: CriterionRow[];
}

interface FundForm extends AssessmentFields {
  name: string;
  description: string;
  cap: string;
  budget: string;
  open: string;
  matchFunding: string;
  version: string;
  windows: WindowRow[];
}

interface RoundForm extends AssessmentFields {
  name: string;
  referencePrefix: string;
  opens: WindowRow['opens'];
  closes: WindowRow['closes'];
  maxAward: string;
  places: string;
  englishLocalAuthoritiesOnly: string;
  jointBidsAllowed: string;
  maxPartners: string;
}

interface ProgrammeForm {
  code: string;
  title: string;
  departments: string;
  budget: string;
  legalPower: string;
  grantsSchemeReference: string;
  seniorResponsibleOfficer: string;
}

const ASSESSMENT_FIELDS = { 'assessment.scaleMax': 'scaleMax', 'assessment.assessorsPerCase': 'assessorsPerCase', 'assessment.moderationThreshold': 'moderationThreshold' };
const FUND_FIELDS = fieldFor({ ...ASSESSMENT_FIELDS, reason: 'reason', name: 'name', description: 'description', capPerApplicationPence: 'cap', budgetPence: 'budget', open: 'open', matchFundingRequired: 'matchFunding', version: 'name' });
const ROUND_FIELDS = fieldFor({
  ...ASSESSMENT_FIELDS,
  reason: 'reason',
  name: 'name',
  referencePrefix: 'referencePrefix',
  opensAt: 'opens-day',
  closesAt: 'closes-day',
  maxAwardPence: 'maxAward',
  places: 'places',
});
const PROGRAMME_FIELDS = fieldFor({
  reason: 'reason',
  code: 'code',
  title: 'title',
  departments: 'departments',
  budgetPence: 'budget',
  legalPower: 'legalPower',
  grantsSchemeReference: 'grantsSchemeReference',
  seniorResponsibleOfficer: 'seniorResponsibleOfficer',
});

function assessmentFieldsOf(a: { criteria: { id: string; name: string; weight: number }[]; scaleMax: number; assessorsPerCase: number; moderationThreshold: number } | undefined) {
  return {
    scaleMax: String(a?.scaleMax ?? 5),
    assessorsPerCase: String(a?.assessorsPerCase ?? 2),
    moderationThreshold: String(a?.moderationThreshold ?? 20),
    criteria: a ? a.criteria.map((c) => ({ id: c.id, name: c.name, weight: String(c.weight) })) : [blankCriterion()],
  };
}

function readAssessmentFields(body: Record<string, unknown>): AssessmentFields {
  return {
    scaleMax: text(body.scaleMax),
    assessorsPerCase: text(body.assessorsPerCase),
    moderationThreshold: text(body.moderationThreshold),
    questions: readQuestions(body),
    criteria: readCriteria(body),
  };
}

function assessmentPayload(form: AssessmentFields) {
  return { criteria: criteriaPayload(form.criteria), scaleMax: whole(form.scaleMax), assessorsPerCase: whole(form.assessorsPerCase), moderationThreshold: whole(form.moderationThreshold) };
}

/** A row button pressed (add, remove, move): the rows it changes, else undefined. */
function rowAction<T extends AssessmentFields & { windows?: WindowRow[] }>(action: string, form: T): T | undefined {
  const questions = applyRowAction(action, 'question', form.questions, blankQuestion);
  if (questions) return { ...form, questions };
  const criteria = applyRowAction(action, 'criterion', form.criteria, blankCriterion);
  if (criteria) return { ...form, criteria };
  const windows = form.windows && applyRowAction(action, 'window', form.windows, blankWindow);
  if (windows) return { ...form, windows };
  return undefined;
}

/** The optional reason for a change, kept in the owning service's audit history. */
function reasonOf(body: Record<string, unknown>): { reason?: string } {
  const reason = text(body.reason);
  return reason ? { reason } : {};
}

function pence(raw: string, errors: FormErrors, field: string, label: string): number | undefined {
  const value = parsePounds(raw);
  if (value === undefined) errors[field] = raw ? `${label} must be an amount in pounds, like 25000 or 25,000.50` : `Enter ${label.toLowerCase()}`;
  return value;
}

/**
 * Programme officers set up what the other pages run: funds, programmes and their rounds, the
 * assessor panel and the contact lists. Each form posts to the owning service's API, so its rules
 * (and its audit trail and events) are the service's own; its refusals are shown against the fields.
 */
@Controller('officer/setup')
@PageFor('officer')
export class OfficerSetupController {
  constructor(@Inject(Apis) private readonly apis: Apis) {}

  @Get()
  index(@Res() res: Response) {
    res.render('officer/setup/index.njk', { title: 'Set up' });
  }

  // Funds (the applications service)

  @Get('funds')
  async funds(@Req() req: Request, @Res() res: Response, @Query('page') rawPage: unknown) {
    const page = pageNumber(rawPage);
    const funds = await this.apis.applications.get<Page<FundView>>(userOf(req), '/funds', { page, pageSize: PAGE_SIZE });
    res.render('officer/setup/funds.njk', { funds: funds.items, total: funds.total, pagination: paginationFor(funds.total, page, PAGE_SIZE, '/officer/setup/funds', {}), backLink: '/officer/setup' });
  }

  @Get('funds/new')
  newFund(@Res() res: Response) {
    const form: FundForm = {
      name: '', description: '', cap: '', budget: '', open: 'no', matchFunding: 'no', version: '',
      questions: [blankQuestion()], windows: [], ...assessmentFieldsOf(undefined),
    };
    this.renderFund(res, form);
  }

  @Get('funds/:id')
  async fund(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    const fund = await this.apis.applications.get<FundView>(userOf(req), `/funds/${id}`);
    const form: FundForm = {
      name: fund.name,
      description: fund.description ?? '',
      cap: poundsForInput(fund.capPerApplicationPence),
      budget: poundsForInput(fund.budgetPence),
      open: fund.open ? 'yes' : 'no',
      matchFunding: fund.matchFundingRequired ? 'yes' : 'no',
      version: String(fund.version),
      questions: fund.questions.map((q) => ({ id: q.id, text: q.text, words: String(q.wordLimit), required: q.required ? 'yes' : 'no' })),
      windows: (fund.openingWindows ?? []).map((w) => ({ opens: ukTimeFields(w.opensAt), closes: ukTimeFields(w.closesAt) })),
      ...assessmentFieldsOf(fund.assessment),
    };
    this.renderFund(res, form, id, fund);
  }

  @Post('funds/new')
  async createFund(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    await this.saveFund(req, res, body);
  }

  @Post('funds/:id')
  async changeFund(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    await this.apis.applications.get<FundView>(userOf(req), `/funds/${id}`); // a made-up fund is a page that does not exist
    await this.saveFund(req, res, body, id);
  }

  private async saveFund(req: Request, res: Response, body: Record<string, unknown>, id?: string) {
    const windows = readWindows(body);
    const form: FundForm = {
      name: text(body.name),
      description: text(body.description),
      cap: text(body.cap),
      budget: text(body.budget),
      open: yes(body.open),
      matchFunding: yes(body.matchFunding),
      version: text(body.version),
      windows: windows.rows,
      ...readAssessmentFields(body),
    };
    const changed = rowAction(text(body.action), form);
    if (changed) return this.renderFund(res, changed, id);
    const errors: FormErrors = { ...windows.errors };
    const cap = pence(form.cap, errors, 'cap', 'The cap per application');
    const budget = pence(form.budget, errors, 'budget', 'The budget');
    if (Object.keys(errors).length > 0) return this.renderFund(res, form, id, undefined, errors);
    const payload = {
      name: form.name,
      description: form.description,
      capPerApplicationPence: cap,
      budgetPence: budget,
      open: form.open === 'yes',
      matchFundingRequired: form.matchFunding === 'yes',
      questions: questionsPayload(form.questions),
      assessment: assessmentPayload(form),
      openingWindows: windows.utc,
    };
    const user = userOf(req);
    let saved: FundView;
    try {
      saved = id
        ? await this.apis.applications.patch<FundView>(user, `/funds/${id}`, { ...payload, version: whole(form.version), ...reasonOf(body) })
        : await this.apis.applications.post<FundView>(user, '/funds', payload);
    } catch (err) {
      return this.renderFund(res, form, id, undefined, formErrorsFrom(err, FUND_FIELDS, 'name'));
    }
    await redirectWithFlash(req, res, `/officer/setup/funds/${saved.id}`, id ? `${saved.name} has been changed` : `${saved.name} has been set up`);
  }

  private renderFund(res: Response, form: FundForm, id?: string, fund?: FundView, errors?: FormErrors) {
    res.status(errors ? 400 : 200).render('officer/setup/fund.njk', {
      form,
      id,
      fund,
      errors,
      yesNo: YES_NO,
      backLink: '/officer/setup/funds',
    });
  }

  // Programmes and rounds (the intake service)

  @Get('programmes')
  async programmes(@Req() req: Request, @Res() res: Response, @Query('page') rawPage: unknown) {
    const page = pageNumber(rawPage);
    const programmes = await this.apis.intake.get<Page<IntakeProgrammeView>>(userOf(req), '/programmes', { page, pageSize: PAGE_SIZE });
    res.render('officer/setup/programmes.njk', {
      programmes: programmes.items,
      total: programmes.total,
      pagination: paginationFor(programmes.total, page, PAGE_SIZE, '/officer/setup/programmes', {}),
      backLink: '/officer/setup',
    });
  }

  @Get('programmes/new')
  newProgramme(@Res() res: Response) {
    this.renderProgramme(res, { code: '', title: '', departments: '', budget: '', legalPower: '', grantsSchemeReference: '', seniorResponsibleOfficer: '' });
  }

  @Get('programmes/:id')
  async programme(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Query('page') rawPage: unknown) {
    const user = userOf(req);
    const p = await this.apis.intake.get<IntakeProgrammeView>(user, `/programmes/${id}`);
    const form: ProgrammeForm = {
      code: p.code,
      title: p.title,
      departments: (p.departments ?? []).join('\n'),
      budget: poundsForInput(p.budgetPence),
      legalPower: p.legalPower ?? '',
      grantsSchemeReference: p.grantsSchemeReference ?? '',
      seniorResponsibleOfficer: p.seniorResponsibleOfficer ?? '',
    };
    await this.renderProgramme(res, form, { user, id, page: pageNumber(rawPage) });
  }

  @Post('programmes/new')
  async createProgramme(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    await this.saveProgramme(req, res, body);
  }

  @Post('programmes/:id')
  async changeProgramme(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    await this.apis.intake.get<IntakeProgrammeView>(userOf(req), `/programmes/${id}`);
    await this.saveProgramme(req, res, body, id);
  }

  private async saveProgramme(req: Request, res: Response, body: Record<string, unknown>, id?: string) {
    const user = userOf(req);
    const form: ProgrammeForm = {
      code: text(body.code),
      title: text(body.title),
      departments: text(body.departments),
      budget: text(body.budget),
      legalPower: text(body.legalPower),
      grantsSchemeReference: text(body.grantsSchemeReference),
      seniorResponsibleOfficer: text(body.seniorResponsibleOfficer),
    };
    const errors: FormErrors = {};
    const budget = pence(form.budget, errors, 'budget', 'The budget');
    if (Object.keys(errors).length > 0) return this.renderProgramme(res, form, id ? { user, id, page: 1 } : undefined, errors);
    const payload = {
      code: form.code,
      title: form.title,
      departments: form.departments.split(/\r?\n/).map((d) => d.trim()).filter(Boolean),
      budgetPence: budget,
      legalPower: form.legalPower,
      grantsSchemeReference: form.grantsSchemeReference,
      seniorResponsibleOfficer: form.seniorResponsibleOfficer,
    };
    let saved: IntakeProgrammeView;
    try {
      saved = id ? await this.apis.intake.patch(user, `/programmes/${id}`, { ...payload, ...reasonOf(body) }) : await this.apis.intake.post(user, '/programmes', payload);
    } catch (err) {
      return this.renderProgramme(res, form, id ? { user, id, page: 1 } : undefined, formErrorsFrom(err, PROGRAMME_FIELDS, 'code'));
    }
    await redirectWithFlash(req, res, `/officer/setup/programmes/${saved.id}`, id ? `${saved.title} has been changed` : `${saved.title} has been set up`);
  }

  private async renderProgramme(res: Response, form: ProgrammeForm, existing?: { user: ReturnType<typeof userOf>; id: string; page: number }, errors?: FormErrors) {
    const rounds = existing ? await this.apis.intake.get<Page<RoundView>>(existing.user, '/rounds', { programmeId: existing.id, page: existing.page, pageSize: PAGE_SIZE }) : undefined;
    res.status(errors ? 400 : 200).render('officer/setup/programme.njk', {
      form,
      id: existing?.id,
      rounds: rounds?.items,
      roundsTotal: rounds?.total,
      pagination: existing && rounds ? paginationFor(rounds.total, existing.page, PAGE_SIZE, `/officer/setup/programmes/${existing.id}`, {}) : undefined,
      errors,
      backLink: '/officer/setup/programmes',
    });
  }

  @Get('programmes/:id/rounds/new')
  async newRound(@Req() req: Request, @Res() res: Response, @Param('id', PageId) programmeId: string) {
    const programme = await this.apis.intake.get<IntakeProgrammeView>(userOf(req), `/programmes/${programmeId}`);
    const form: RoundForm = {
      name: '', referencePrefix: '', opens: ukTimeFields(null), closes: ukTimeFields(null), maxAward: '', places: '',
      englishLocalAuthoritiesOnly: 'yes', jointBidsAllowed: 'yes', maxPartners: '4',
      questions: [blankQuestion()], ...assessmentFieldsOf(undefined),
    };
    this.renderRound(res, form, programme);
  }

  @Post('programmes/:id/rounds/new')
  async createRound(@Req() req: Request, @Res() res: Response, @Param('id', PageId) programmeId: string, @Body() body: Record<string, unknown>) {
    const programme = await this.apis.intake.get<IntakeProgrammeView>(userOf(req), `/programmes/${programmeId}`);
    await this.saveRound(req, res, body, programme);
  }

  @Get('rounds/:id')
  async round(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    const user = userOf(req);
    const round = await this.apis.intake.get<RoundView>(user, `/rounds/${id}`);
    const programme = await this.apis.intake.get<IntakeProgrammeView>(user, `/programmes/${round.programmeId}`);
    this.renderRound(res, this.roundFormOf(round), programme, round);
  }

  @Post('rounds/:id')
  async changeRound(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const user = userOf(req);
    const round = await this.apis.intake.get<RoundView>(user, `/rounds/${id}`);
    const programme = await this.apis.intake.get<IntakeProgrammeView>(user, `/programmes/${round.programmeId}`);
    await this.saveRound(req, res, body, programme, round);
  }

  @Post('rounds/:id/status')
  async moveRound(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const user = userOf(req);
    const to = oneOf(['scheduled', 'draft'], body.status);
    await this.apis.intake.get<RoundView>(user, `/rounds/${id}`);
    try {
      if (to) await this.apis.intake.post(user, `/rounds/${id}/status`, { status: to });
    } catch (err) {
      const round = await this.apis.intake.get<RoundView>(user, `/rounds/${id}`);
      const programme = await this.apis.intake.get<IntakeProgrammeView>(user, `/programmes/${round.programmeId}`);
      return this.renderRound(res, this.roundFormOf(round), programme, round, formErrorsFrom(err, ROUND_FIELDS, 'closes-day'));
    }
    await redirectWithFlash(req, res, `/officer/setup/rounds/${id}`, to === 'scheduled' ? 'The round is scheduled: it opens and closes at its times by itself' : 'The round is back in draft');
  }

  private roundFormOf(round: RoundView): RoundForm {
    return {
      name: round.name,
      referencePrefix: round.referencePrefix,
      opens: ukTimeFields(round.opensAt),
      closes: ukTimeFields(round.closesAt),
      maxAward: poundsForInput(round.maxAwardPence),
      places: String(round.places),
      englishLocalAuthoritiesOnly: round.eligibility.englishLocalAuthoritiesOnly ? 'yes' : 'no',
      jointBidsAllowed: round.eligibility.jointBidsAllowed ? 'yes' : 'no',
      maxPartners: String(round.eligibility.maxPartners),
      questions: round.questions.map((q) => ({ id: q.id, text: q.text, words: String(q.wordLimit), required: q.required ? 'yes' : 'no' })),
      ...assessmentFieldsOf(round.assessment),
    };
  }

  private async saveRound(req: Request, res: Response, body: Record<string, unknown>, programme: IntakeProgrammeView, round?: RoundView) {
    const opens = readUkTime(body, 'opens', 'it opens');
    const closes = readUkTime(body, 'closes', 'it closes');
    const form: RoundForm = {
      name: text(body.name),
      referencePrefix: text(body.referencePrefix).toUpperCase(),
      opens: opens.values,
      closes: closes.values,
      maxAward: text(body.maxAward),
      places: text(body.places),
      englishLocalAuthoritiesOnly: yes(body.englishLocalAuthoritiesOnly),
      jointBidsAllowed: yes(body.jointBidsAllowed),
      maxPartners: text(body.maxPartners),
      ...readAssessmentFields(body),
    };
    const changed = rowAction(text(body.action), form);
    if (changed) return this.renderRound(res, changed, programme, round);
    const errors: FormErrors = {};
    if (opens.error) errors['opens-day'] = opens.error;
    if (closes.error) errors['closes-day'] = closes.error;
    const maxAward = pence(form.maxAward, errors, 'maxAward', 'The most a bid may be awarded');
    if (Object.keys(errors).length > 0) return this.renderRound(res, form, programme, round, errors);
    const payload = {
      name: form.name,
      referencePrefix: form.referencePrefix,
      opensAt: opens.utc,
      closesAt: closes.utc,
      maxAwardPence: maxAward,
      places: whole(form.places),
      eligibility: { englishLocalAuthoritiesOnly: form.englishLocalAuthoritiesOnly === 'yes', jointBidsAllowed: form.jointBidsAllowed === 'yes', maxPartners: whole(form.maxPartners) },
      questions: questionsPayload(form.questions),
      assessment: assessmentPayload(form),
    };
    const user = userOf(req);
    let saved: RoundView;
    try {
      saved = round ? await this.apis.intake.patch<RoundView>(user, `/rounds/${round.id}`, { ...payload, ...reasonOf(body) }) : await this.apis.intake.post<RoundView>(user, `/programmes/${programme.id}/rounds`, payload);
    } catch (err) {
      return this.renderRound(res, form, programme, round, formErrorsFrom(err, ROUND_FIELDS, 'name'));
    }
    await redirectWithFlash(req, res, `/officer/setup/rounds/${saved.id}`, round ? `${saved.name} has been changed` : `${saved.name} has been set up as a draft`);
  }

  private renderRound(res: Response, form: RoundForm, programme: IntakeProgrammeView, round?: RoundView, errors?: FormErrors) {
    res.status(errors ? 400 : 200).render('officer/setup/round.njk', {
      form,
      programme,
      round,
      editable: !round || round.status === 'draft',
      errors,
      yesNo: YES_NO,
      backLink: `/officer/setup/programmes/${programme.id}`,
    });
  }

  // The assessor panel (the awards service)

  @Get('assessors')
  async assessors(@Req() req: Request, @Res() res: Response, @Query('page') rawPage: unknown) {
    const page = pageNumber(rawPage);
    const assessors = await this.apis.awards.get<Page<AssessorView>>(userOf(req), '/assessors', { page, pageSize: PAGE_SIZE });
    res.render('officer/setup/assessors.njk', {
      assessors: assessors.items,
      total: assessors.total,
      pagination: paginationFor(assessors.total, page, PAGE_SIZE, '/officer/setup/assessors', {}),
      backLink: '/officer/setup',
    });
  }

  @Get('assessors/new')
  async newAssessor(@Req() req: Request, @Res() res: Response) {
    await this.renderAssessor(req, res, { id: '', name: '', email: '', sectors: [], programmeIds: [], capacity: '', conflictKind: '', conflictValue: '', conflictReason: '' });
  }

  @Get('assessors/:id')
  async assessor(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    const assessor = await this.findAssessor(req, id);
    await this.renderAssessor(req, res, { id, name: assessor.name, email: assessor.email, sectors: assessor.sectors, programmeIds: assessor.programmeIds, capacity: String(assessor.capacity), conflictKind: '', conflictValue: '', conflictReason: '' }, assessor);
  }

  @Post('assessors/new')
  async createAssessor(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    await this.saveAssessor(req, res, body);
  }

  @Post('assessors/:id')
  async changeAssessor(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() body: Record<string, unknown>) {
    await this.saveAssessor(req, res, body, await this.findAssessor(req, id));
  }

  @Post('assessors/:id/conflicts/remove')
  async removeConflict(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() body: Record<string, unknown>) {
    const assessor = await this.findAssessor(req, id);
    const values = { id, name: assessor.name, email: assessor.email, sectors: assessor.sectors, programmeIds: assessor.programmeIds, capacity: String(assessor.capacity), conflictKind: '', conflictValue: '', conflictReason: '' };
    const reason = text(body.reason);
    if (!reason) return this.renderAssessor(req, res, values, assessor, { [`remove-reason-${text(body.index)}`]: 'Enter why the conflict no longer applies' });
    try {
      await this.apis.awards.post(userOf(req), `/assessors/${encodeURIComponent(id)}/conflicts/remove`, { kind: text(body.kind), value: text(body.value), reason });
    } catch (err) {
      return this.renderAssessor(req, res, values, assessor, formErrorsFrom(err, () => undefined, `remove-reason-${text(body.index)}`));
    }
    await redirectWithFlash(req, res, `/officer/setup/assessors/${encodeURIComponent(id)}`, 'The conflict has been removed');
  }

  private findAssessor(req: Request, id: string): Promise<AssessorView> {
    return this.apis.awards.get<AssessorView>(userOf(req), `/assessors/${encodeURIComponent(id)}`);
  }

  private async saveAssessor(req: Request, res: Response, body: Record<string, unknown>, existing?: AssessorView) {
    const conflictFields = readConflict(body);
    const values = {
      id: existing?.id ?? text(body.id),
      name: text(body.name),
      email: text(body.email),
      sectors: list(body.sectors),
      programmeIds: list(body.programmeIds),
      capacity: text(body.capacity),
      ...conflictFields.values,
    };
    const errors: FormErrors = {};
    if (!values.id) errors.id = 'Enter the assessor’s user id';
    if (conflictFields.error) errors.conflictKind = conflictFields.error;
    if (Object.keys(errors).length > 0) return this.renderAssessor(req, res, values, existing, errors);
    const conflict = conflictFields.conflicts;
    try {
      await this.apis.awards.put(userOf(req), `/assessors/${encodeURIComponent(values.id)}`, {
        name: values.name,
        email: values.email,
        sectors: values.sectors,
        programmeIds: values.programmeIds,
        capacity: whole(values.capacity),
        conflicts: conflict,
      });
    } catch (err) {
      const fields: Record<string, string> = { name: 'name', email: 'email', sectors: 'sectors', programmeIds: 'programmeIds', capacity: 'capacity' };
      return this.renderAssessor(req, res, values, existing, formErrorsFrom(err, (f) => fields[f] ?? (f.startsWith('conflicts') ? 'conflictValue' : undefined), existing ? 'name' : 'id'));
    }
    await redirectWithFlash(req, res, `/officer/setup/assessors/${encodeURIComponent(values.id)}`, existing ? `${values.name}'s details have been changed` : `${values.name} is on the assessor panel`);
  }

  private async renderAssessor(req: Request, res: Response, values: Record<string, string | string[]>, assessor?: AssessorView, errors?: FormErrors) {
    const panels = await this.apis.awards.all<ProgrammeView>(userOf(req), '/programmes');
    res.status(errors ? 400 : 200).render('officer/setup/assessor.njk', {
      values,
      assessor,
      errors,
      sectorItems: SECTORS.map((s) => ({ value: s, text: SECTOR.label(s), checked: values.sectors.includes(s) })),
      panelItems: panels.map((p) => ({ value: p.id, text: p.name, checked: values.programmeIds.includes(p.id) })),
      conflictKinds: CONFLICT_KINDS,
      backLink: '/officer/setup/assessors',
    });
  }

  // Contact lists (the notifications service)

  @Get('contacts')
  async contacts(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>) {
    await this.renderContacts(req, res, query, { kind: '', name: '', email: '', organisation: '' });
  }

  @Post('contacts')
  async addContact(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const values = { kind: oneOf(CONTACT_KINDS.map((k) => k.value), body.kind), name: text(body.name), email: text(body.email), organisation: text(body.organisation), reason: text(body.reason) };
    const errors: FormErrors = {};
    if (!values.kind) errors.kind = 'Select which list the contact goes on';
    if (Object.keys(errors).length > 0) return this.renderContacts(req, res, {}, values, errors);
    try {
      await this.apis.notifications.post(userOf(req), '/contacts', { kind: values.kind, name: values.name, email: values.email, ...(values.organisation ? { organisation: values.organisation } : {}), ...(values.reason ? { reason: values.reason } : {}) });
    } catch (err) {
      const fields: Record<string, string> = { kind: 'kind', name: 'name', email: 'email', organisation: 'organisation', reason: 'reason' };
      return this.renderContacts(req, res, {}, values, formErrorsFrom(err, (f) => fields[f], 'email'));
    }
    await redirectWithFlash(req, res, `/officer/setup/contacts?kind=${values.kind}`, `${values.name} is on the ${values.kind} contact list`);
  }

  @Post('contacts/:id/remove')
  async removeContact(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    await this.apis.notifications.delete(userOf(req), `/contacts/${id}`);
    await redirectWithFlash(req, res, '/officer/setup/contacts', 'The contact has been removed');
  }

  private async renderContacts(req: Request, res: Response, query: Record<string, unknown>, values: Record<string, string>, errors?: FormErrors) {
    const filters = { kind: oneOf(CONTACT_KINDS.map((k) => k.value), query.kind) };
    const page = pageNumber(query.page);
    const contacts = await this.apis.notifications.get<Page<ContactView>>(userOf(req), '/contacts', { ...filters, page, pageSize: PAGE_SIZE });
    res.status(errors ? 400 : 200).render('officer/setup/contacts.njk', {
      contacts: contacts.items,
      total: contacts.total,
      filters,
      values,
      errors,
      kinds: CONTACT_KINDS,
      pagination: paginationFor(contacts.total, page, PAGE_SIZE, '/officer/setup/contacts', filters),
      backLink: '/officer/setup',
    });
  }
}
