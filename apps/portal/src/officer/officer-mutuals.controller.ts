import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  COMMISSIONER_KIND,
  COMMISSIONER_KINDS,
  DELIVERY_ROUTE,
  DELIVERY_ROUTES,
  ENQUIRY_TRIAGE,
  ENQUIRY_TRIAGES,
  JOURNEY_STAGE,
  JOURNEY_STAGES,
  JourneyStage,
  LEGAL_FORM,
  LEGAL_FORMS,
  MUTUAL_ROUTES,
  REGION,
  REGIONS,
  SECTOR,
  SECTORS,
} from '@mutuals/domain';
import { Apis } from '../api/apis';
import type { Page } from '../api/applications.types';
import type { EnquiryView, MutualSummary, MutualView } from '../api/mutuals.types';
import { PageFor } from '../auth/page-access';
import { userOf } from '../auth/personas';
import { formErrorsFrom, FormErrors } from '../forms/api-errors';
import { oneOf, parseDate, parsePounds, text } from '../forms/form-values';
import { day, money } from '../pages/format';
import { redirectWithFlash } from '../pages/flash';
import { pageNumber, paginationFor } from '../pages/pagination';
import { PageId } from '../pages/params';

const PAGE_SIZE = 20;
const today = () => new Date().toISOString().slice(0, 10);

type Labelled = { codes: readonly string[]; label: (code: never) => string };
const itemsOf = (vocabulary: Labelled, value?: string) => vocabulary.codes.map((c) => ({ value: c, text: vocabulary.label(c as never), checked: c === value }));
/** A select's options: a blank first, for "any" in a filter or "not given" in a form. */
const selectOf = (vocabulary: Labelled, blank: string) => [{ value: '', text: blank }, ...vocabulary.codes.map((c) => ({ value: c, text: vocabulary.label(c as never) }))];
const labelOf = (vocabulary: Labelled) => (code: string | null) => (code ? vocabulary.label(code as never) : '');

/** What the register's pages print for a code of its vocabulary. */
const LABELS = {
  stage: labelOf(JOURNEY_STAGE),
  route: labelOf(DELIVERY_ROUTE),
  sector: labelOf(SECTOR),
  region: labelOf(REGION),
  kind: labelOf(COMMISSIONER_KIND),
  legalForm: labelOf(LEGAL_FORM),
  triage: labelOf(ENQUIRY_TRIAGE),
};

/** A form's date input (day, month, year) read as YYYY-MM-DD, or the message saying what is wrong. */
function readDate(body: Record<string, unknown>, values: Record<string, string>, errors: FormErrors, id: string, what: string): string | undefined {
  const [d, m, y] = ['day', 'month', 'year'].map((part) => (values[`${id}-${part}`] = text(body[`${id}-${part}`])));
  const date = parseDate(d, m, y);
  if (!d && !m && !y) errors[id] = `Enter ${what}`;
  else if (!date) errors[id] = `${what.charAt(0).toUpperCase()}${what.slice(1)} must be a real date, like 27 3 2026`;
  else if (date > today()) errors[id] = `${what.charAt(0).toUpperCase()}${what.slice(1)} must be today or in the past`;
  return date;
}

/** A required text field: its value, or a message saying it is missing or too long. */
function readText(body: Record<string, unknown>, values: Record<string, string>, errors: FormErrors, id: string, missing: string, max = 200): string {
  const value = (values[id] = text(body[id]));
  if (!value) errors[id] = missing;
  else if (value.length > max) errors[id] = `${missing.replace(/^Enter /, '').replace(/^./, (c) => c.toUpperCase())} must be ${max.toLocaleString('en-GB')} characters or fewer`;
  return value;
}

/** A required choice of a vocabulary: its code, or a message. */
function readChoice(body: Record<string, unknown>, values: Record<string, string>, errors: FormErrors, id: string, codes: readonly string[], missing: string): string {
  const value = (values[id] = oneOf(codes, body[id]));
  if (!value) errors[id] = missing;
  return value;
}

/** The form's messages in the order of its fields, as the error summary must list them. */
function inPageOrder(errors: FormErrors, fields: readonly string[]): FormErrors {
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => fields.indexOf(a) - fields.indexOf(b)));
}

const ENQUIRY_FORM = ['received', 'enquirerName', 'enquirerEmail', 'organisationName', 'parentBody', 'parentBodyKind', 'sector', 'region', 'topic', 'triage', 'adviceGiven'];

/** The register's form fields the service names in a refusal (details.* for a stage's details). */
const STAGE_FIELDS: Record<string, string> = {
  stage: 'entered',
  enteredOn: 'entered',
  evidence: 'evidence',
  expectedVersion: 'entered',
  'details.reason': 'routeReason',
  'details.launchedOn': 'launched',
  'details.legalForm': 'legalForm',
  'details.staffTransferred': 'staffTransferred',
  'details.contractValuePence': 'contractValue',
  'details.contractMonths': 'contractMonths',
  'details.commissioningBody': 'commissioningBody',
  'details.commissioningBodyKind': 'commissioningBodyKind',
};
const ENQUIRY_FIELDS: Record<string, string> = { receivedOn: 'received' };

/** The stages that may come next, as the service's journey rules allow them. */
function nextStages(mutual: MutualSummary): JourneyStage[] {
  if (mutual.stage === 'not-proceeding') return [];
  if (mutual.route === 'in-house' || mutual.route === 'outsourcing') return ['not-proceeding'];
  const after = JOURNEY_STAGES.slice(JOURNEY_STAGES.indexOf(mutual.stage as JourneyStage) + 1).filter((s) => s !== 'not-proceeding');
  const launched = mutual.launchedOn !== null;
  return [...after.filter((s) => launched || !['first-full-year-of-trading', 'sustaining'].includes(s)), ...(launched ? [] : (['not-proceeding'] as JourneyStage[]))];
}

/** One stage of the journey as the mutual page shows it: its date, evidence and what it recorded. */
function stageCard(s: MutualView['stages'][number]) {
  const d = s.details as Record<string, any>;
  const rows: { key: string; value: string }[] = [
    { key: 'Date', value: day(s.enteredOn) },
    { key: 'Evidence', value: s.evidence },
  ];
  if (d.route) rows.push({ key: 'Route', value: LABELS.route(d.route) });
  if (d.reason) rows.push({ key: 'Reason', value: String(d.reason) });
  if (d.launchedOn) {
    rows.push(
      { key: 'Launched on', value: day(d.launchedOn) },
      { key: 'Legal form', value: LABELS.legalForm(d.legalForm) },
      { key: 'Staff transferred', value: Number(d.staffTransferred).toLocaleString('en-GB') },
      { key: 'Contract value', value: money(d.contractValuePence) },
      { key: 'Contract length', value: `${d.contractMonths} months` },
      { key: 'Commissioned by', value: `${d.commissioningBody} (${LABELS.kind(d.commissioningBodyKind)})` },
    );
  }
  rows.push({ key: 'Recorded by', value: s.recordedBy });
  return { title: LABELS.stage(s.stage), rows };
}

/** Programme officers keep the information service's enquiries and the register of mutuals, with each mutual's journey. */
@Controller('officer')
@PageFor('officer')
export class OfficerMutualsController {
  constructor(@Inject(Apis) private readonly apis: Apis) {}

  @Get('enquiries')
  async enquiries(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const filters = { triage: oneOf(ENQUIRY_TRIAGES, query.triage) };
    const page = pageNumber(query.page);
    const result = await this.apis.awards.get<Page<EnquiryView>>(userOf(req), '/enquiries', { ...filters, page, pageSize: PAGE_SIZE });
    res.render('officer/enquiries.njk', {
      enquiries: result.items,
      total: result.total,
      filters,
      triageItems: selectOf(ENQUIRY_TRIAGE, 'Any triage'),
      labels: LABELS,
      pagination: paginationFor(result.total, page, PAGE_SIZE, '/officer/enquiries', filters),
    });
  }

  @Get('enquiries/new')
  newEnquiry(@Res() res: Response) {
    this.enquiryForm(res, {});
  }

  @Post('enquiries')
  async recordEnquiry(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const values: Record<string, string> = {};
    const errors: FormErrors = {};
    const receivedOn = readDate(body, values, errors, 'received', 'the date the enquiry was received');
    const input = {
      receivedOn,
      enquirerName: readText(body, values, errors, 'enquirerName', 'Enter the name of the person who asked'),
      enquirerEmail: readText(body, values, errors, 'enquirerEmail', 'Enter the email address of the person who asked'),
      organisationName: readText(body, values, errors, 'organisationName', 'Enter the name of the service or group'),
      parentBody: (values.parentBody = text(body.parentBody)) || undefined,
      parentBodyKind: (values.parentBodyKind = oneOf(COMMISSIONER_KINDS, body.parentBodyKind)) || undefined,
      sector: (values.sector = oneOf(SECTORS, body.sector)) || undefined,
      region: (values.region = oneOf(REGIONS, body.region)) || undefined,
      topic: readText(body, values, errors, 'topic', 'Enter what the enquiry was about', 2000),
      triage: readChoice(body, values, errors, 'triage', ENQUIRY_TRIAGES, 'Select how the enquiry was triaged'),
      adviceGiven: readText(body, values, errors, 'adviceGiven', 'Enter the advice given', 4000),
    };
    if (input.enquirerEmail && !errors.enquirerEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.enquirerEmail)) errors.enquirerEmail = 'Enter an email address in the correct format, like name@example.com';
    if (input.triage === 'register-as-mutual') {
      // The register needs to know whose service it is and what it does.
      if (!input.parentBody) errors.parentBody = 'Enter the parent body, to register the organisation as a mutual';
      if (!input.parentBodyKind) errors.parentBodyKind = 'Select the kind of parent body, to register the organisation as a mutual';
      if (!input.sector) errors.sector = 'Select the sector, to register the organisation as a mutual';
    }
    if (Object.keys(errors).length > 0) return this.enquiryForm(res, values, inPageOrder(errors, ENQUIRY_FORM));
    let enquiry: EnquiryView;
    try {
      enquiry = await this.apis.awards.post<EnquiryView>(userOf(req), '/enquiries', input);
    } catch (err) {
      return this.enquiryForm(res, values, formErrorsFrom(err, (f) => ENQUIRY_FIELDS[f] ?? (f in values ? f : undefined), 'received'));
    }
    if (enquiry.mutualId) {
      return redirectWithFlash(req, res, `/officer/mutuals/${enquiry.mutualId}`, `Enquiry ${enquiry.reference} recorded; ${enquiry.organisationName} is on the register as ${enquiry.mutualReference}`);
    }
    await redirectWithFlash(req, res, '/officer/enquiries', `Enquiry ${enquiry.reference} recorded`);
  }

  private enquiryForm(res: Response, values: Record<string, string>, errors?: FormErrors) {
    res.status(errors ? 400 : 200).render('officer/enquiry-new.njk', {
      values,
      errors,
      kindItems: selectOf(COMMISSIONER_KIND, 'Not known'),
      sectorItems: selectOf(SECTOR, 'Not known'),
      regionItems: selectOf(REGION, 'Not known'),
      triageItems: itemsOf(ENQUIRY_TRIAGE, values.triage),
      backLink: '/officer/enquiries',
    });
  }

  @Get('mutuals')
  async mutuals(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const filters = {
      stage: oneOf(JOURNEY_STAGES, query.stage),
      sector: oneOf(SECTORS, query.sector),
      region: oneOf(REGIONS, query.region),
      parentBodyKind: oneOf(COMMISSIONER_KINDS, query.parentBodyKind),
      route: oneOf(DELIVERY_ROUTES, query.route),
      name: text(query.name).slice(0, 200),
    };
    const page = pageNumber(query.page);
    const result = await this.apis.awards.get<Page<MutualSummary>>(userOf(req), '/mutuals', { ...filters, page, pageSize: PAGE_SIZE });
    res.render('officer/mutuals.njk', {
      mutuals: result.items,
      total: result.total,
      filters,
      stageItems: selectOf(JOURNEY_STAGE, 'Any stage'),
      sectorItems: selectOf(SECTOR, 'Any sector'),
      regionItems: selectOf(REGION, 'Any region'),
      kindItems: selectOf(COMMISSIONER_KIND, 'Any parent body'),
      routeItems: selectOf(DELIVERY_ROUTE, 'Any route'),
      labels: LABELS,
      pagination: paginationFor(result.total, page, PAGE_SIZE, '/officer/mutuals', filters),
    });
  }

  @Get('mutuals/:id')
  async mutual(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    const mutual = await this.apis.awards.get<MutualView>(userOf(req), `/mutuals/${id}`);
    res.render('officer/mutual.njk', {
      mutual,
      stages: mutual.stages.map(stageCard),
      canRecordStage: nextStages(mutual).length > 0,
      isMutualRoute: MUTUAL_ROUTES.includes(mutual.route as never),
      labels: LABELS,
      backLink: '/officer/mutuals',
    });
  }

  /**
   * First the stage, then what it records: the route with an options appraisal, the launch's facts
   * with a launch. One question a page, with no script needed to show the right fields.
   */
  @Get('mutuals/:id/stages/new')
  async newStage(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Query() query: Record<string, unknown>) {
    const mutual = await this.apis.awards.get<MutualView>(userOf(req), `/mutuals/${id}`);
    const values = { version: String(mutual.version), stage: oneOf(nextStages(mutual), query.stage) };
    // The chooser says it was sent, for a radio left unchosen sends nothing.
    const errors = query.chosen === 'yes' && !values.stage ? { stage: 'Select the stage the journey has reached' } : undefined;
    this.stageForm(res, mutual, values, errors);
  }

  @Post('mutuals/:id/stages')
  async recordStage(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const user = userOf(req);
    const mutual = await this.apis.awards.get<MutualView>(user, `/mutuals/${id}`);
    const values: Record<string, string> = { version: text(body.version) };
    const errors: FormErrors = {};
    const stage = readChoice(body, values, errors, 'stage', nextStages(mutual), 'Select the stage the journey has reached');
    if (!stage) return this.stageForm(res, mutual, values, errors);
    let details: Record<string, unknown> | undefined;
    if (stage === 'options-appraisal') {
      details = {
        route: readChoice(body, values, errors, 'route', DELIVERY_ROUTES, 'Select the route the options appraisal chose'),
        reason: readText(body, values, errors, 'routeReason', 'Enter the reason for the route', 4000),
      };
    } else if (stage === 'launched') {
      details = this.launchDetails(mutual, body, values, errors);
    }
    const enteredOn = readDate(body, values, errors, 'entered', 'the date the stage was reached');
    const evidence = readText(body, values, errors, 'evidence', 'Enter the evidence for the stage', 4000);
    if (Object.keys(errors).length > 0) return this.stageForm(res, mutual, values, errors);
    try {
      await this.apis.awards.post(user, `/mutuals/${id}/stages`, { stage, enteredOn, evidence, details, expectedVersion: Number(values.version) || mutual.version });
    } catch (err) {
      const routeField = stage === 'launched' ? 'launchRoute' : 'route';
      return this.stageForm(res, mutual, values, formErrorsFrom(err, (f) => (f === 'details.route' ? routeField : STAGE_FIELDS[f]), 'entered'));
    }
    await redirectWithFlash(req, res, `/officer/mutuals/${id}`, `Stage recorded: ${LABELS.stage(stage).toLowerCase()}`);
  }

  /** What a launch records; the route too when the options appraisal did not choose one. */
  private launchDetails(mutual: MutualSummary, body: Record<string, unknown>, values: Record<string, string>, errors: FormErrors): Record<string, unknown> {
    const whole = (id: string, missing: string, wrong: string) => {
      const value = readText(body, values, errors, id, missing);
      if (value && !/^\d{1,7}$/.test(value.replace(/,/g, ''))) errors[id] = wrong;
      return Number(value.replace(/,/g, ''));
    };
    const contractValue = readText(body, values, errors, 'contractValue', 'Enter the value of the contract');
    const contractValuePence = parsePounds(contractValue);
    if (contractValue && contractValuePence === undefined) errors.contractValue = 'Enter the value of the contract in pounds, like 12000000';
    const details: Record<string, unknown> = {
      launchedOn: readDate(body, values, errors, 'launched', 'the date the mutual launched'),
      legalForm: readChoice(body, values, errors, 'legalForm', LEGAL_FORMS, 'Select the legal form'),
      staffTransferred: whole('staffTransferred', 'Enter the number of staff who transferred', 'Enter the number of staff as a whole number, like 250'),
      contractValuePence,
      contractMonths: whole('contractMonths', 'Enter the length of the contract in months', 'Enter the length of the contract as a whole number of months, like 60'),
      commissioningBody: readText(body, values, errors, 'commissioningBody', 'Enter the body that commissions the mutual'),
      commissioningBodyKind: readChoice(body, values, errors, 'commissioningBodyKind', COMMISSIONER_KINDS, 'Select the kind of commissioning body'),
    };
    if (!mutual.route) details.route = readChoice(body, values, errors, 'launchRoute', DELIVERY_ROUTES, 'Select the route the mutual launched on');
    return details;
  }

  /** The stage chooser, or the form of the stage chosen. */
  private stageForm(res: Response, mutual: MutualView, values: Record<string, string>, errors?: FormErrors) {
    res.status(errors ? 400 : 200).render('officer/mutual-stage.njk', {
      mutual,
      values,
      errors,
      stage: values.stage,
      stageItems: nextStages(mutual).map((s) => ({ value: s, text: LABELS.stage(s) })),
      labels: LABELS,
      routeItems: itemsOf(DELIVERY_ROUTE, values.route),
      launchRouteItems: selectOf(DELIVERY_ROUTE, 'Select a route'),
      legalFormItems: selectOf(LEGAL_FORM, 'Select a legal form'),
      kindItems: selectOf(COMMISSIONER_KIND, 'Select a kind'),
      backLink: `/officer/mutuals/${mutual.id}`,
    });
  }
}
