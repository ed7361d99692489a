import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@mutuals/auth';
import { Page, PageQuery, UuidPipe } from '@mutuals/http';
import { EvidenceDto, MonitoringReturnDto, MonitoringScheduleDto, MonitoringView, OverdueReturnPage, OverdueReturnView, ReviewDto, WaiveDto } from './monitoring.dto';
import { MonitoringService } from './monitoring.service';

@ApiTags('monitoring')
@ApiBearerAuth()
@Controller()
export class MonitoringController {
  constructor(private readonly monitoring: MonitoringService) {}

  @Get('awards/:id/monitoring')
  @Roles('applicant', 'programme_officer')
  @ApiOperation({ summary: "An award's conditions (with their evidence) and its monitoring returns, due, submitted or reviewed" })
  @ApiOkResponse({ type: MonitoringView })
  view(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string): Promise<MonitoringView> {
    return this.monitoring.view(user, id);
  }

  @Post('awards/:id/conditions/:conditionId/evidence')
  @HttpCode(200)
  @Roles('applicant', 'programme_officer')
  @ApiOperation({ summary: "Submit evidence that a condition is met: a note and/or documents on the award's case" })
  @ApiOkResponse({ type: MonitoringView })
  evidence(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Param('conditionId', UuidPipe) conditionId: string, @Body() body: EvidenceDto): Promise<MonitoringView> {
    return this.monitoring.submitEvidence(user, id, conditionId, body);
  }

  @Post('awards/:id/conditions/:conditionId/accept')
  @HttpCode(200)
  @Roles('programme_officer')
  @ApiOperation({ summary: "Accept a condition's evidence: the condition is met, and payments waiting for it can be made" })
  @ApiOkResponse({ type: MonitoringView })
  accept(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Param('conditionId', UuidPipe) conditionId: string): Promise<MonitoringView> {
    return this.monitoring.resolve(user, id, conditionId, 'met');
  }

  @Post('awards/:id/conditions/:conditionId/waive')
  @HttpCode(200)
  @Roles('programme_officer')
  @ApiOperation({ summary: 'Waive a condition, with the reason' })
  @ApiOkResponse({ type: MonitoringView })
  waive(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Param('conditionId', UuidPipe) conditionId: string, @Body() body: WaiveDto): Promise<MonitoringView> {
    return this.monitoring.resolve(user, id, conditionId, 'waived', body);
  }

  @Put('awards/:id/monitoring')
  @Roles('programme_officer')
  @ApiOperation({ summary: "Set the award's monitoring interval and returns; returns not yet submitted are rescheduled" })
  @ApiOkResponse({ type: MonitoringView })
  schedule(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: MonitoringScheduleDto): Promise<MonitoringView> {
    return this.monitoring.reschedule(user, id, body);
  }

  @Post('awards/:id/monitoring/returns/:returnId')
  @HttpCode(200)
  @Roles('applicant', 'programme_officer')
  @ApiOperation({ summary: 'Submit a monitoring return (staff, contract value and renewals, turnover, savings to the commissioner, service outcomes): the mutual its own, or an officer the one the mutual sent in' })
  @ApiOkResponse({ type: MonitoringView })
  submit(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Param('returnId', UuidPipe) returnId: string, @Body() body: MonitoringReturnDto): Promise<MonitoringView> {
    return this.monitoring.submitReturn(user, id, returnId, body);
  }

  @Post('awards/:id/monitoring/returns/:returnId/review')
  @HttpCode(200)
  @Roles('programme_officer')
  @ApiOperation({ summary: 'Accept a submitted monitoring return, or return it to the mutual with a note' })
  @ApiOkResponse({ type: MonitoringView })
  review(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Param('returnId', UuidPipe) returnId: string, @Body() body: ReviewDto): Promise<MonitoringView> {
    return this.monitoring.reviewReturn(user, id, returnId, body);
  }

  @Get('monitoring/overdue')
  @Roles('programme_officer')
  @ApiOperation({ summary: 'Monitoring returns past their due date and not submitted (or returned and not resubmitted), oldest first, a page at a time' })
  @ApiOkResponse({ type: OverdueReturnPage })
  overdue(@Query() query: PageQuery): Promise<Page<OverdueReturnView>> {
    return this.monitoring.overdue(query);
  }
}
