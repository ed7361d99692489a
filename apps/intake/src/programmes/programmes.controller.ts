import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { PageQuery, UuidPipe } from '@mutuals/http';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@mutuals/auth';
import { CreateProgrammeDto, ProgrammePage, ProgrammeView, UpdateProgrammeDto } from './programme.dto';
import { ProgrammesService } from './programmes.service';

@ApiTags('programmes')
@ApiBearerAuth()
@Controller('programmes')
export class ProgrammesController {
  constructor(private readonly programmes: ProgrammesService) {}

  @Post()
  @Roles('programme_officer')
  @ApiOperation({ summary: 'Set up a bid programme; publishes its settings' })
  @ApiCreatedResponse({ type: ProgrammeView })
  @ApiConflictResponse({ description: 'programme-code-taken' })
  async create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateProgrammeDto): Promise<ProgrammeView> {
    return ProgrammeView.of(await this.programmes.create(user, body));
  }

  @Patch(':id')
  @Roles('programme_officer')
  @ApiOperation({ summary: "Change a programme's settings; publishes the new revision" })
  @ApiOkResponse({ type: ProgrammeView })
  @ApiNotFoundResponse({ description: 'programme-not-found' })
  @ApiConflictResponse({ description: 'programme-code-taken; budget-below-committed: the awards service has committed more than the new budget (the message names the amount)' })
  async update(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: UpdateProgrammeDto): Promise<ProgrammeView> {
    return ProgrammeView.of(await this.programmes.update(user, id, body));
  }

  @Get()
  @Roles('applicant', 'assessor', 'programme_officer')
  @ApiOperation({ summary: 'The bid programmes, newest first (then by id); a page at a time' })
  @ApiOkResponse({ type: ProgrammePage })
  async list(@Query() query: PageQuery): Promise<ProgrammePage> {
    const page = await this.programmes.page(query);
    return { ...page, items: page.items.map(ProgrammeView.of) };
  }

  @Get(':id')
  @Roles('applicant', 'assessor', 'programme_officer')
  @ApiOperation({ summary: 'One programme' })
  @ApiOkResponse({ type: ProgrammeView })
  @ApiNotFoundResponse({ description: 'programme-not-found' })
  async get(@Param('id', UuidPipe) id: string): Promise<ProgrammeView> {
    return ProgrammeView.of(await this.programmes.get(id));
  }
}
