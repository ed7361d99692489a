import { Body, Controller, Get, Inject, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Apis } from '../api/apis';
import { DEAD_LETTER_STATUSES, DeadLetterDetail, DeadLetterPage, ReplayTopicResult } from '../api/dead-letters.types';
import { ApiError, ServiceUnavailable } from '../api/service-client';
import { PageFor } from '../auth/page-access';
import { SignedInUser, userOf } from '../auth/personas';
import { formErrorsFrom, FormErrors } from '../forms/api-errors';
import { oneOf, text } from '../forms/form-values';
import { redirectWithFlash } from '../pages/flash';
import { pageNumber, paginationFor } from '../pages/pagination';

const SERVICES = ['applications', 'intake', 'awards', 'notifications'] as const;
type ServiceName = (typeof SERVICES)[number];

const OVERVIEW_SIZE = 10;
const PAGE_SIZE = 20;
const REASON_LIMIT = 2000;
/** As the services name dead letters: `<dead-letter topic>:<partition>:<offset>`. */
const DEAD_LETTER_ID = /^[A-Za-z0-9._-]{1,249}\.dlq:\d{1,6}:\d{1,19}$/;
const TOPIC = /^[A-Za-z0-9._-]{1,249}$/;

/** A service or dead letter in a page address that cannot exist is a page that does not exist. */
function serviceFrom(raw: string): ServiceName {
  if (!(SERVICES as readonly string[]).includes(raw)) throw new NotFoundException();
  return raw as ServiceName;
}

function deadLetterIdFrom(raw: string): string {
  if (!DEAD_LETTER_ID.test(raw)) throw new NotFoundException();
  return raw;
}

const apiPath = (id: string, action = '') => `/admin/dead-letters/${encodeURIComponent(id)}${action}`;
const pagePath = (service: string, id: string) => `/admin/dead-letters/${service}/${encodeURIComponent(id)}`;

/**
 * Platform operators: every service's dead letters, one in detail with its payload, and replaying
 * or discarding them. Each service keeps its own dead letters and records every action itself.
 */
@Controller('admin/dead-letters')
@PageFor('admin')
export class DeadLettersController {
  constructor(@Inject(Apis) private readonly apis: Apis) {}

  @Get()
  async overview(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const filters = { status: oneOf(DEAD_LETTER_STATUSES, query.status) };
    const sections = await Promise.all(SERVICES.map((service) => this.section(userOf(req), service, filters, 1, OVERVIEW_SIZE)));
    res.render('admin/dead-letters.njk', { sections, filters, statuses: DEAD_LETTER_STATUSES });
  }

  @Get(':service')
  async service(@Req() req: Request, @Res() res: Response, @Param('service') raw: string, @Query() query: Record<string, unknown>) {
    const service = serviceFrom(raw);
    const topic = text(query.topic);
    const filters = { status: oneOf(DEAD_LETTER_STATUSES, query.status), topic: TOPIC.test(topic) ? topic : '' };
    const page = pageNumber(query.page);
    const section = await this.section(userOf(req), service, filters, page, PAGE_SIZE);
    res.render('admin/dead-letters.njk', {
      service,
      sections: [section],
      filters,
      statuses: DEAD_LETTER_STATUSES,
      pagination: section.result && paginationFor(section.result.total, page, PAGE_SIZE, `/admin/dead-letters/${service}`, filters),
      backLink: '/admin/dead-letters',
    });
  }

  @Get(':service/:id')
  async deadLetter(@Req() req: Request, @Res() res: Response, @Param('service') service: string, @Param('id') id: string) {
    await this.render(req, res, serviceFrom(service), deadLetterIdFrom(id), {});
  }

  @Post(':service/replay-topic')
  async replayTopic(@Req() req: Request, @Res() res: Response, @Param('service') raw: string, @Body() body: Record<string, unknown>) {
    const service = serviceFrom(raw);
    const topic = text(body.topic);
    if (!TOPIC.test(topic)) throw new NotFoundException();
    const result = await this.apis[service].post<ReplayTopicResult>(userOf(req), '/admin/dead-letters/replay', { topic });
    const count = result.replayed.length;
    await redirectWithFlash(req, res, `/admin/dead-letters/${service}?topic=${encodeURIComponent(result.topic)}`, `${count} pending dead letter${count === 1 ? ' has' : 's have'} been replayed from ${result.topic}`);
  }

  @Post(':service/:id/replay')
  async replay(@Req() req: Request, @Res() res: Response, @Param('service') raw: string, @Param('id') rawId: string, @Body() body: Record<string, unknown>) {
    const [service, id] = [serviceFrom(raw), deadLetterIdFrom(rawId)];
    const values = { replayReason: text(body.replayReason) };
    if (values.replayReason.length > REASON_LIMIT) return this.render(req, res, service, id, values, { replayReason: 'The reason must be 2,000 characters or fewer' });
    let letter: DeadLetterDetail;
    try {
      letter = await this.apis[service].post<DeadLetterDetail>(userOf(req), apiPath(id, '/replay'), { reason: values.replayReason || undefined });
    } catch (err) {
      return this.render(req, res, service, id, values, formErrorsFrom(err, () => 'replayReason', 'replayReason'));
    }
    await redirectWithFlash(req, res, pagePath(service, id), `The dead letter has been replayed to ${letter.originTopic}`);
  }

  @Post(':service/:id/discard')
  async discard(@Req() req: Request, @Res() res: Response, @Param('service') raw: string, @Param('id') rawId: string, @Body() body: Record<string, unknown>) {
    const [service, id] = [serviceFrom(raw), deadLetterIdFrom(rawId)];
    const values = { discardReason: text(body.discardReason) };
    const errors: FormErrors = {};
    if (!values.discardReason) errors.discardReason = 'Enter why the dead letter will not be replayed';
    else if (values.discardReason.length > REASON_LIMIT) errors.discardReason = 'The reason must be 2,000 characters or fewer';
    if (Object.keys(errors).length > 0) return this.render(req, res, service, id, values, errors);
    try {
      await this.apis[service].post(userOf(req), apiPath(id, '/discard'), { reason: values.discardReason });
    } catch (err) {
      return this.render(req, res, service, id, values, formErrorsFrom(err, () => 'discardReason', 'discardReason'));
    }
    await redirectWithFlash(req, res, pagePath(service, id), 'The dead letter has been discarded');
  }

  /** One service's page of dead letters; a service that is down is shown as such, not as an error page. */
  private async section(user: SignedInUser, service: ServiceName, filters: Record<string, string>, page: number, pageSize: number) {
    try {
      return { service, result: await this.apis[service].get<DeadLetterPage>(user, '/admin/dead-letters', { ...filters, page, pageSize }) };
    } catch (err) {
      if (err instanceof ServiceUnavailable || (err instanceof ApiError && err.status >= 500)) return { service, unavailable: true };
      throw err;
    }
  }

  private async render(req: Request, res: Response, service: ServiceName, id: string, values: Record<string, string>, errors?: FormErrors) {
    const letter = await this.apis[service].get<DeadLetterDetail>(userOf(req), apiPath(id));
    res.status(errors ? 400 : 200).render('admin/dead-letter.njk', {
      service,
      letter,
      payload: letter.payloadJson !== null ? JSON.stringify(letter.payloadJson, null, 2) : letter.payload,
      values,
      errors,
      backLink: `/admin/dead-letters/${service}`,
    });
  }
}
