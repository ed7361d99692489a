import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { once } from 'node:events';
import { AuthenticatedUser, CurrentUser, Roles } from '@mutuals/auth';
import { ExportRoute } from '@mutuals/security';
import {
  ApplicationFilterDto,
  ApplicationPage,
  ApplicationQueryDto,
  ApplicationView,
  CreateApplicationDto,
  HistoryEntryView,
  UpdateApplicationDto,
  VersionDto,
  WithdrawDto,
} from './application.dto';
import { ApplicationsService, ExportRow } from './applications.service';
import { csvRow, poundsColumn, UuidPipe } from '@mutuals/http';

const CSV_HEADER = [
  'Reference',
  'Status',
  'Fund',
  'Organisation',
  'Parent body',
  'Sector',
  'Region',
  'Spin-out stage',
  'Title',
  'Support types',
  'Amount requested (£)',
  'Match funding (£)',
  'Awarded (£)',
  'Submitted at (UTC)',
  'Created at (UTC)',
];

function exportLine(r: ExportRow): string {
  return csvRow([
    r.reference,
    r.status,
    r.fund,
    r.organisation,
    r.parent_body,
    r.sector,
    r.region,
    r.stage,
    r.title,
    r.support_types,
    poundsColumn(r.amount_requested_pence),
    poundsColumn(r.match_funding_pence),
    poundsColumn(r.awarded_pence),
    r.submitted_at?.toISOString(),
    r.created_at.toISOString(),
  ]);
}

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Post()
  @Roles('applicant')
  @ApiOperation({ summary: "Start a draft application to a fund for your organisation, with any answers you have so far" })
  @ApiCreatedResponse({ type: ApplicationView })
  @ApiUnprocessableEntityResponse({ description: 'organisation-not-registered, unknown-fund, fund-closed, over-fund-cap, subsidy-limit-exceeded, unknown-question, answer-too-long' })
  async create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateApplicationDto): Promise<ApplicationView> {
    return ApplicationView.of(await this.applications.create(user, body));
  }

  @Get()
  @Roles('applicant', 'programme_officer')
  @ApiOperation({ summary: "Applications: your organisation's, or every one for officers; filtered, sorted and paginated" })
  @ApiOkResponse({ type: ApplicationPage })
  async list(@CurrentUser() user: AuthenticatedUser, @Query() query: ApplicationQueryDto): Promise<ApplicationPage> {
    const page = await this.applications.list(user, query);
    return { ...page, items: page.items.map(ApplicationView.of) };
  }

  @Get('export')
  @Roles('programme_officer')
  @ExportRoute()
  @ApiOperation({ summary: 'The filtered list as CSV (every page), for spreadsheets' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'RFC 4180 CSV with a header row, UTF-8 with a byte-order mark', schema: { type: 'string', example: 'Reference,Status,Fund,...\r\nMSF-2026-000123,submitted,Mutuals Interim Support Fund,...\r\n' } })
  async export(@CurrentUser() user: AuthenticatedUser, @Query() filter: ApplicationFilterDto, @Res() res: Response): Promise<void> {
    const send = async (chunk: string) => {
      if (!res.headersSent) {
        res.status(200).setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', 'attachment; filename="applications.csv"');
        chunk = '\ufeff' + csvRow(CSV_HEADER) + chunk;
      }
      if (!res.write(chunk)) await once(res, 'drain');
    };
    try {
      await this.applications.export(user, filter, (rows) => send(rows.map(exportLine).join('')));
    } catch (err) {
      // Once rows are out the status cannot change; cut the download short so it is not taken as complete.
      if (res.headersSent) return void res.destroy(err as Error);
      throw err;
    }
    await send('');
    res.end();
  }

  @Get(':id')
  @Roles('applicant', 'programme_officer')
  @ApiOperation({ summary: 'One application, with where it stands (its status follows the assessment and award)' })
  @ApiOkResponse({ type: ApplicationView })
  @ApiNotFoundResponse({ description: "No such application, or another organisation's" })
  async get(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string): Promise<ApplicationView> {
    return ApplicationView.of(await this.applications.get(user, id));
  }

  @Get(':id/history')
  @Roles('programme_officer')
  @ApiOperation({ summary: 'Every state change of an application: who, when, from and to' })
  @ApiOkResponse({ type: [HistoryEntryView] })
  async history(@Param('id', UuidPipe) id: string): Promise<HistoryEntryView[]> {
    return (await this.applications.history(id)).map(HistoryEntryView.of);
  }

  @Patch(':id')
  @Roles('applicant')
  @ApiOperation({ summary: 'Save answers to a draft, as often as you like; send only what changes, null clears a field' })
  @ApiOkResponse({ type: ApplicationView })
  @ApiConflictResponse({ description: 'stale-version (reload and try again), application-not-editable' })
  @ApiUnprocessableEntityResponse({ description: 'over-fund-cap, subsidy-limit-exceeded, unknown-question, answer-too-long' })
  async update(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: UpdateApplicationDto): Promise<ApplicationView> {
    return ApplicationView.of(await this.applications.update(user, id, body));
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles('applicant')
  @ApiOperation({ summary: 'Submit: every required answer present and the organisation eligible; then it can no longer be edited' })
  @ApiOkResponse({ type: ApplicationView })
  @ApiConflictResponse({ description: 'stale-version, application-already-submitted' })
  @ApiUnprocessableEntityResponse({ description: 'application-incomplete (details.missing), not-eligible (details.reasons: code and message each), answer-too-long' })
  async submit(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: VersionDto): Promise<ApplicationView> {
    return ApplicationView.of(await this.applications.submit(user, id, body.version));
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles('applicant')
  @ApiOperation({ summary: 'Withdraw the application, at any time before a decision' })
  @ApiOkResponse({ type: ApplicationView })
  @ApiConflictResponse({ description: 'stale-version, application-decided, application-already-withdrawn' })
  async withdraw(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: WithdrawDto): Promise<ApplicationView> {
    return ApplicationView.of(await this.applications.withdraw(user, id, body.version, body.reason));
  }
}
