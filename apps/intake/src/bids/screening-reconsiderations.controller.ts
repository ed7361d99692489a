import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@mutuals/auth';
import { UuidPipe } from '@mutuals/http';
import {
  RequestScreeningReconsiderationDto,
  ReviewScreeningReconsiderationDto,
  ScreeningReconsiderationPage,
  ScreeningReconsiderationQueryDto,
  ScreeningReconsiderationView,
} from './screening-reconsideration.dto';
import { ScreeningReconsiderationsService } from './screening-reconsiderations.service';

@ApiTags('screening reconsiderations')
@ApiBearerAuth()
@Controller()
export class ScreeningReconsiderationsController {
  constructor(private readonly reconsiderations: ScreeningReconsiderationsService) {}

  @Post('bids/:id/reconsideration')
  @Roles('applicant')
  @ApiOperation({ summary: "Ask for your bid's screening as ineligible to be reconsidered, with grounds, within the set number of days (422 after; 409 when already asked)" })
  @ApiCreatedResponse({ type: ScreeningReconsiderationView })
  request(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: RequestScreeningReconsiderationDto): Promise<ScreeningReconsiderationView> {
    return this.reconsiderations.request(user, id, body);
  }

  @Get('screening-reconsiderations')
  @Roles('applicant', 'programme_officer')
  @ApiOperation({ summary: "Requests to reconsider a bid's screening: your authority's, or every one for officers; newest first, then by id" })
  @ApiOkResponse({ type: ScreeningReconsiderationPage })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ScreeningReconsiderationQueryDto): Promise<ScreeningReconsiderationPage> {
    return this.reconsiderations.list(user, query);
  }

  @Get('screening-reconsiderations/:id')
  @Roles('applicant', 'programme_officer')
  @ApiOperation({ summary: 'A request to reconsider a screening; for an officer, whether they may review it' })
  @ApiOkResponse({ type: ScreeningReconsiderationView })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string): Promise<ScreeningReconsiderationView> {
    return this.reconsiderations.get(user, id);
  }

  @Post('screening-reconsiderations/:id/review')
  @HttpCode(200)
  @Roles('programme_officer')
  @ApiOperation({ summary: 'Uphold or overturn, with reasons; only an officer who did not screen the bid (403 otherwise). Overturned screens the bid eligible, so it goes to assessment' })
  @ApiOkResponse({ type: ScreeningReconsiderationView })
  review(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: ReviewScreeningReconsiderationDto): Promise<ScreeningReconsiderationView> {
    return this.reconsiderations.review(user, id, body);
  }
}
