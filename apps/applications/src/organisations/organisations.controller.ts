import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@mutuals/auth';
import { PageQuery, UuidPipe } from '@mutuals/http';
import { OrganisationPage, OrganisationView, RegisterOrganisationDto, UpdateOrganisationDto } from './organisation.dto';
import { OrganisationsService } from './organisations.service';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Post()
  @Roles('applicant')
  @ApiOperation({ summary: 'Register your organisation (the staff group or mutual that applies)', description: 'Takes the organisation id from your token when it has one.' })
  @ApiCreatedResponse({ type: OrganisationView })
  @ApiConflictResponse({ description: 'organisation-already-registered' })
  async register(@CurrentUser() user: AuthenticatedUser, @Body() body: RegisterOrganisationDto): Promise<OrganisationView> {
    return OrganisationView.of(await this.organisations.register(user, body));
  }

  @Get()
  @Roles('applicant', 'programme_officer')
  @ApiOperation({ summary: 'Organisations: yours, or every one for officers; a page at a time, by name then id' })
  @ApiOkResponse({ type: OrganisationPage })
  async list(@CurrentUser() user: AuthenticatedUser, @Query() query: PageQuery): Promise<OrganisationPage> {
    const page = await this.organisations.list(user, query);
    return { ...page, items: page.items.map(OrganisationView.of) };
  }

  @Get(':id')
  @Roles('applicant', 'programme_officer')
  @ApiOperation({ summary: 'One organisation: yours, or any for officers' })
  @ApiOkResponse({ type: OrganisationView })
  @ApiNotFoundResponse({ description: 'No such organisation, or not yours' })
  async get(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string): Promise<OrganisationView> {
    return OrganisationView.of(await this.organisations.get(user, id));
  }

  @Patch(':id')
  @Roles('applicant')
  @ApiOperation({ summary: "Change your organisation's details; send only what changes, null clears an optional field" })
  @ApiOkResponse({ type: OrganisationView })
  @ApiConflictResponse({ description: 'stale-version: reload and try again' })
  async update(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: UpdateOrganisationDto): Promise<OrganisationView> {
    return OrganisationView.of(await this.organisations.update(user, id, body));
  }
}
