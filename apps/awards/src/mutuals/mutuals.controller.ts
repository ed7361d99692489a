import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@mutuals/auth';
import { Page, UuidPipe } from '@mutuals/http';
import { EnquiryDto, EnquiryPage, EnquiryQuery, EnquiryView, FiguresDto, LinkDto, MutualPage, MutualQuery, MutualSummaryView, MutualView, RegisterMutualDto, StageDto } from './mutuals.dto';
import { MutualsService } from './mutuals.service';

/** The programme's information service and its register of mutuals, kept by programme officers. */
@ApiTags('register of mutuals')
@ApiBearerAuth()
@Controller()
@Roles('programme_officer')
export class MutualsController {
  constructor(private readonly mutuals: MutualsService) {}

  @Post('enquiries')
  @ApiOperation({ summary: 'Record an enquiry: who asked, about what, the triage and the advice; register-as-mutual also registers the organisation' })
  @ApiCreatedResponse({ type: EnquiryView })
  recordEnquiry(@CurrentUser() user: AuthenticatedUser, @Body() body: EnquiryDto): Promise<EnquiryView> {
    return this.mutuals.recordEnquiry(user, body);
  }

  @Get('enquiries')
  @ApiOperation({ summary: 'Enquiries, newest received first; by triage and date received' })
  @ApiOkResponse({ type: EnquiryPage })
  enquiries(@Query() query: EnquiryQuery): Promise<Page<EnquiryView>> {
    return this.mutuals.enquiries(query);
  }

  @Get('enquiries/:id')
  @ApiOperation({ summary: 'An enquiry' })
  @ApiOkResponse({ type: EnquiryView })
  enquiry(@Param('id', UuidPipe) id: string): Promise<EnquiryView> {
    return this.mutuals.enquiry(id);
  }

  @Post('mutuals')
  @ApiOperation({ summary: 'Register a mutual directly, at the enquiry stage; with its organisation id or a bid, its cases are linked as they open' })
  @ApiCreatedResponse({ type: MutualView })
  register(@CurrentUser() user: AuthenticatedUser, @Body() body: RegisterMutualDto): Promise<MutualView> {
    return this.mutuals.register(user, body);
  }

  @Get('mutuals')
  @ApiOperation({ summary: 'The register, by name: by stage, sector, region, parent body kind, route, launch date and name' })
  @ApiOkResponse({ type: MutualPage })
  list(@Query() query: MutualQuery): Promise<Page<MutualSummaryView>> {
    return this.mutuals.list(query);
  }

  @Get('mutuals/:id')
  @ApiOperation({ summary: 'A mutual: its whole journey, its figures over time, and its applications, bids, cases, awards and support packages' })
  @ApiOkResponse({ type: MutualView })
  get(@Param('id', UuidPipe) id: string): Promise<MutualView> {
    return this.mutuals.get(id);
  }

  @Post('mutuals/:id/stages')
  @ApiOperation({ summary: "Record the next stage of the mutual's journey (forward only; earlier stages are kept); stale-version if it changed since read" })
  @ApiCreatedResponse({ type: MutualView })
  recordStage(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: StageDto): Promise<MutualView> {
    return this.mutuals.recordStage(user, id, body);
  }

  @Post('mutuals/:id/figures')
  @ApiOperation({ summary: "Record a launched mutual's staff and contract value as of a date; the newest become its current figures" })
  @ApiCreatedResponse({ type: MutualView })
  recordFigures(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: FiguresDto): Promise<MutualView> {
    return this.mutuals.recordFigures(user, id, body);
  }

  @Post('mutuals/:id/links')
  @ApiOperation({ summary: 'Link an application, bid or case awards knows of (with its case or source) to the mutual; refused if linked to another' })
  @ApiCreatedResponse({ type: MutualView })
  link(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: LinkDto): Promise<MutualView> {
    return this.mutuals.link(user, id, body);
  }
}
