import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@mutuals/auth';
import { UuidPipe } from '@mutuals/http';
import { ReconsiderationPage, ReconsiderationQueryDto, ReconsiderationView, RequestReconsiderationDto, ReviewReconsiderationDto, WindowView } from './reconsideration.dto';
import { ReconsiderationsService } from './reconsiderations.service';

@ApiTags('reconsiderations')
@ApiBearerAuth()
@Controller('reconsiderations')
export class ReconsiderationsController {
  constructor(private readonly reconsiderations: ReconsiderationsService) {}

  @Post()
  @Roles('applicant')
  @ApiOperation({ summary: 'Ask for a rejection to be reconsidered, with grounds, within the set number of days of the decision (422 after; 409 when already asked)' })
  @ApiCreatedResponse({ type: ReconsiderationView })
  request(@CurrentUser() user: AuthenticatedUser, @Body() body: RequestReconsiderationDto): Promise<ReconsiderationView> {
    return this.reconsiderations.request(user, body);
  }

  @Get()
  @Roles('applicant', 'programme_officer')
  @ApiOperation({ summary: 'Reconsideration requests: your own, or every one for officers; newest first, then by id' })
  @ApiOkResponse({ type: ReconsiderationPage })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ReconsiderationQueryDto): Promise<ReconsiderationPage> {
    return this.reconsiderations.list(user, query);
  }

  @Get(':id')
  @Roles('applicant', 'programme_officer')
  @ApiOperation({ summary: 'A reconsideration request; for an officer, whether they may review it' })
  @ApiOkResponse({ type: ReconsiderationView })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string): Promise<ReconsiderationView> {
    return this.reconsiderations.get(user, id);
  }

  @Post(':id/review')
  @HttpCode(200)
  @Roles('programme_officer')
  @ApiOperation({ summary: 'Uphold or overturn, with reasons; only an officer who took no part in the decision (403 otherwise). Overturned re-opens the case' })
  @ApiOkResponse({ type: ReconsiderationView })
  review(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: ReviewReconsiderationDto): Promise<ReconsiderationView> {
    return this.reconsiderations.review(user, id, body);
  }
}

@ApiTags('reconsiderations')
@ApiBearerAuth()
@Controller('reconsideration-windows')
export class ReconsiderationWindowsController {
  constructor(private readonly reconsiderations: ReconsiderationsService) {}

  @Get(':caseId')
  @Roles('applicant')
  @ApiOperation({ summary: 'Whether the decision on your case may still be challenged, until when, and your latest request' })
  @ApiOkResponse({ type: WindowView })
  window(@CurrentUser() user: AuthenticatedUser, @Param('caseId', UuidPipe) caseId: string): Promise<WindowView> {
    return this.reconsiderations.window(user, caseId);
  }
}
