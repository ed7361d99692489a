import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@mutuals/auth';
import { UuidPipe } from '@mutuals/http';
import { ModerateDto } from '../assessments/assessment.dto';
import { AssessmentsService } from '../assessments/assessments.service';
import { AwardView, OfferDto } from '../awards/award.dto';
import { AwardsService } from '../awards/awards.service';
import { ConfirmApprovalDto, DecideDto, DueDiligenceDto, DueDiligenceView } from '../decisions/decision.dto';
import { DecisionsService } from '../decisions/decisions.service';
import { CaseDetailView, CasePage, CaseQueryDto, CaseView, HistoryEntryView } from './case.dto';
import { CasesService } from './cases.service';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
@Roles('programme_officer')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly assessments: AssessmentsService,
    private readonly decisions: DecisionsService,
    private readonly awards: AwardsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Cases by programme and status, a page at a time: newest first, then by id' })
  @ApiOkResponse({ type: CasePage })
  async list(@Query() query: CaseQueryDto): Promise<CasePage> {
    const page = await this.cases.list(query);
    return { ...page, items: page.items.map(CaseView.of) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A case with its allocations, assessments, due-diligence checks and decision' })
  @ApiOkResponse({ type: CaseDetailView })
  get(@Param('id', UuidPipe) id: string): Promise<CaseDetailView> {
    return this.cases.detail(id);
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Every change to the case and its award: who, what, when' })
  @ApiOkResponse({ type: [HistoryEntryView] })
  history(@Param('id', UuidPipe) id: string): Promise<HistoryEntryView[]> {
    return this.cases.history(id);
  }

  @Post(':id/allocate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retry allocating assessors to a flagged case' })
  @ApiOkResponse({ type: CaseView })
  async allocate(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string): Promise<CaseView> {
    return CaseView.of(await this.cases.allocate(id, user.id));
  }

  @Post(':id/moderation')
  @HttpCode(204)
  @ApiOperation({ summary: "Record the agreed score of a case whose assessors' scores diverged" })
  @ApiNoContentResponse()
  moderate(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: ModerateDto): Promise<void> {
    return this.assessments.moderate(user, id, body);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve (within the budget; over £100,000 needs a second officer), reserve or reject, with a reason' })
  @ApiOkResponse({ type: CaseView })
  async decide(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: DecideDto): Promise<CaseView> {
    return CaseView.of(await this.decisions.decide(user, id, body));
  }

  @Post(':id/decision/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Second approval of an award over £100,000, by a different officer' })
  @ApiOkResponse({ type: CaseView })
  async confirm(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: ConfirmApprovalDto): Promise<CaseView> {
    return CaseView.of(await this.decisions.confirm(user, id, body));
  }

  @Post(':id/due-diligence')
  @ApiOperation({ summary: 'Record the due-diligence check of an approved case (passed or not, with the problems found)' })
  @ApiCreatedResponse({ type: DueDiligenceView })
  dueDiligence(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: DueDiligenceDto): Promise<DueDiligenceView> {
    return this.decisions.checkDueDiligence(user, id, body);
  }

  @Post(':id/offer')
  @ApiOperation({ summary: 'Offer the award, with conditions and an expiry; needs a passed due-diligence check' })
  @ApiCreatedResponse({ type: AwardView })
  offer(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: OfferDto): Promise<AwardView> {
    return this.awards.offer(user, id, body);
  }
}
