import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@mutuals/auth';
import { UuidPipe } from '@mutuals/http';
import { HistoryEntryView } from '../cases/case.dto';
import { AwardPage, AwardQueryDto, AwardView, ClawbackDto, ScheduleDto } from './award.dto';
import { AwardsService } from './awards.service';
import { ReissueOfferDto } from '../reconsiderations/reconsideration.dto';

@ApiTags('awards')
@ApiBearerAuth()
@Controller('awards')
export class AwardsController {
  constructor(private readonly awards: AwardsService) {}

  @Get()
  @Roles('applicant', 'programme_officer')
  @ApiOperation({ summary: 'Awards: your own offers and awards, or every one for officers; a page at a time, newest offer first, then by id' })
  @ApiOkResponse({ type: AwardPage })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: AwardQueryDto): Promise<AwardPage> {
    return this.awards.list(user, query);
  }

  @Get(':id')
  @Roles('applicant', 'programme_officer')
  @ApiOperation({ summary: 'An award with its totals (awarded, paid, outstanding) and milestones' })
  @ApiOkResponse({ type: AwardView })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string): Promise<AwardView> {
    return this.awards.get(user, id);
  }

  @Get(':id/history')
  @Roles('programme_officer')
  @ApiOperation({ summary: "The award's full history: assessment, decision, offer, answer, payments (who, what, when)" })
  @ApiOkResponse({ type: [HistoryEntryView] })
  history(@Param('id', UuidPipe) id: string): Promise<HistoryEntryView[]> {
    return this.awards.history(id);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Roles('applicant')
  @ApiOperation({ summary: 'Accept your grant offer and its conditions' })
  @ApiOkResponse({ type: AwardView })
  accept(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string): Promise<AwardView> {
    return this.awards.respond(user, id, 'accepted');
  }

  @Post(':id/decline')
  @HttpCode(200)
  @Roles('applicant')
  @ApiOperation({ summary: 'Decline your grant offer' })
  @ApiOkResponse({ type: AwardView })
  decline(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string): Promise<AwardView> {
    return this.awards.respond(user, id, 'declined');
  }

  @Post(':id/reissue')
  @HttpCode(200)
  @Roles('programme_officer')
  @ApiOperation({ summary: 'Re-issue a lapsed offer with a new expiry; its amount is committed again (409 when the budget no longer allows it)' })
  @ApiOkResponse({ type: AwardView })
  reissue(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: ReissueOfferDto): Promise<AwardView> {
    return this.awards.reissue(user, id, body);
  }

  @Put(':id/milestones')
  @Roles('programme_officer')
  @ApiOperation({ summary: 'Set the payment schedule of an accepted award; it must add up to the award' })
  @ApiOkResponse({ type: AwardView })
  schedule(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: ScheduleDto): Promise<AwardView> {
    return this.awards.schedule(user, id, body);
  }

  @Post(':id/milestones/:milestoneId/pay')
  @HttpCode(200)
  @Roles('programme_officer')
  @ApiOperation({ summary: 'Mark a milestone paid (once)' })
  @ApiOkResponse({ type: AwardView })
  pay(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Param('milestoneId', UuidPipe) milestoneId: string): Promise<AwardView> {
    return this.awards.pay(user, id, milestoneId);
  }

  @Post(':id/clawbacks')
  @HttpCode(200)
  @Roles('programme_officer')
  @ApiOperation({ summary: 'Record a clawback of paid money, with the reason' })
  @ApiOkResponse({ type: AwardView })
  clawback(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: ClawbackDto): Promise<AwardView> {
    return this.awards.clawback(user, id, body);
  }
}
