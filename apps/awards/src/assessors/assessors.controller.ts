import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { PageQuery, UuidPipe } from '@mutuals/http';
import { ApiBearerAuth, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@mutuals/auth';
import { AssessorPage, AssessorView, DeclareConflictDto, RegisterAssessorDto, RemoveConflictDto } from './assessor.dto';
import { AssessorsService } from './assessors.service';

@ApiTags('assessors')
@ApiBearerAuth()
@Controller()
export class AssessorsController {
  constructor(private readonly assessors: AssessorsService) {}

  @Put('assessors/:assessorId')
  @Roles('programme_officer')
  @ApiOperation({ summary: 'Register an assessor (their user id) or update expertise, capacity and declared conflicts' })
  @ApiOkResponse({ type: AssessorView })
  register(@CurrentUser() user: AuthenticatedUser, @Param('assessorId') assessorId: string, @Body() body: RegisterAssessorDto): Promise<AssessorView> {
    return this.assessors.register(user, assessorId, body);
  }

  @Get('assessors')
  @Roles('programme_officer')
  @ApiOperation({ summary: 'The assessors, with their sectors, capacity and open cases; a page at a time, by name then id' })
  @ApiOkResponse({ type: AssessorPage })
  list(@Query() query: PageQuery): Promise<AssessorPage> {
    return this.assessors.page(query);
  }

  @Get('assessors/:assessorId')
  @Roles('programme_officer')
  @ApiOperation({ summary: 'One assessor, with their sectors, panels, capacity, open cases and declared conflicts' })
  @ApiOkResponse({ type: AssessorView })
  @ApiNotFoundResponse({ description: 'assessor-not-found' })
  get(@Param('assessorId') assessorId: string): Promise<AssessorView> {
    return this.assessors.get(assessorId);
  }

  @Post('assessors/:assessorId/conflicts/remove')
  @HttpCode(200)
  @Roles('programme_officer')
  @ApiOperation({ summary: 'Take back a declared conflict that no longer applies, with the reason (kept in the audit trail); cases already released stay released' })
  @ApiOkResponse({ type: AssessorView })
  @ApiNotFoundResponse({ description: 'assessor-not-found, conflict-not-found' })
  removeConflict(@CurrentUser() user: AuthenticatedUser, @Param('assessorId') assessorId: string, @Body() body: RemoveConflictDto): Promise<AssessorView> {
    return this.assessors.removeConflict(user, assessorId, body);
  }

  @Post('assessor/cases/:caseId/conflict')
  @HttpCode(204)
  @Roles('assessor')
  @ApiOperation({ summary: 'Declare a conflict of interest on a case allocated to you; another assessor replaces you' })
  @ApiNoContentResponse()
  declareConflict(@CurrentUser() user: AuthenticatedUser, @Param('caseId', UuidPipe) caseId: string, @Body() body: DeclareConflictDto): Promise<void> {
    return this.assessors.declareConflict(user, caseId, body);
  }
}
