import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@mutuals/auth';
import { UuidPipe } from '@mutuals/http';
import { AssessmentView, AssessorCasePage, AssessorCaseQueryDto, AssessorCaseView, SubmitAssessmentDto } from './assessment.dto';
import { AssessmentsService } from './assessments.service';

@ApiTags('assessment')
@ApiBearerAuth()
@Controller('assessor/cases')
export class AssessorCasesController {
  constructor(private readonly assessments: AssessmentsService) {}

  @Get()
  @Roles('assessor')
  @ApiOperation({ summary: 'The cases allocated to you, with your own assessment once submitted; a page at a time, soonest due first' })
  @ApiOkResponse({ type: AssessorCasePage })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: AssessorCaseQueryDto): Promise<AssessorCasePage> {
    return this.assessments.pageOf(user, query);
  }

  @Get(':caseId')
  @Roles('assessor')
  @ApiOperation({ summary: 'One case allocated to you, with what to score it against' })
  @ApiOkResponse({ type: AssessorCaseView })
  get(@CurrentUser() user: AuthenticatedUser, @Param('caseId', UuidPipe) caseId: string): Promise<AssessorCaseView> {
    return this.assessments.caseOf(user, caseId);
  }

  @Post(':caseId/assessment')
  @Roles('assessor')
  @ApiOperation({ summary: 'Submit your scores (one per criterion, with a comment) and recommendation; this locks them' })
  @ApiCreatedResponse({ type: AssessmentView })
  submit(@CurrentUser() user: AuthenticatedUser, @Param('caseId', UuidPipe) caseId: string, @Body() body: SubmitAssessmentDto): Promise<AssessmentView> {
    return this.assessments.submit(user, caseId, body);
  }
}
