import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@mutuals/auth';
import { UuidPipe } from '@mutuals/http';
import { CreateRoundDto, MoveRoundDto, RoundFiguresView, RoundPage, RoundQueryDto, RoundView, UpdateRoundDto } from './round.dto';
import { RoundsService } from './rounds.service';

@ApiTags('rounds')
@ApiBearerAuth()
@Controller()
export class RoundsController {
  constructor(private readonly rounds: RoundsService) {}

  @Post('programmes/:programmeId/rounds')
  @Roles('programme_officer')
  @ApiOperation({ summary: 'Add a draft round to a programme; schedule it to have it open and close on time' })
  @ApiCreatedResponse({ type: RoundView })
  @ApiNotFoundResponse({ description: 'programme-not-found' })
  @ApiUnprocessableEntityResponse({ description: 'invalid-round-settings (closesAt not after opensAt, fractions of a second, weights not adding up to 100)' })
  async create(@CurrentUser() user: AuthenticatedUser, @Param('programmeId', UuidPipe) programmeId: string, @Body() body: CreateRoundDto): Promise<RoundView> {
    return RoundView.of(await this.rounds.create(user, programmeId, body));
  }

  @Get('rounds')
  @Roles('applicant', 'assessor', 'programme_officer')
  @ApiOperation({ summary: 'Rounds, soonest closing first (then by id), a page at a time; status=open lists those taking bids' })
  @ApiOkResponse({ type: RoundPage })
  async list(@Query() query: RoundQueryDto): Promise<RoundPage> {
    const page = await this.rounds.page(query, query);
    return { ...page, items: page.items.map(RoundView.of) };
  }

  @Get('rounds/:id')
  @Roles('applicant', 'assessor', 'programme_officer')
  @ApiOperation({ summary: 'One round with its criteria and deadline' })
  @ApiOkResponse({ type: RoundView })
  @ApiNotFoundResponse({ description: 'round-not-found' })
  async get(@Param('id', UuidPipe) id: string): Promise<RoundView> {
    return RoundView.of(await this.rounds.get(id));
  }

  @Patch('rounds/:id')
  @Roles('programme_officer')
  @ApiOperation({ summary: "Change a draft round's settings" })
  @ApiOkResponse({ type: RoundView })
  @ApiConflictResponse({ description: 'round-not-editable' })
  @ApiUnprocessableEntityResponse({ description: 'invalid-round-settings' })
  async update(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: UpdateRoundDto): Promise<RoundView> {
    return RoundView.of(await this.rounds.update(user, id, body));
  }

  @Post('rounds/:id/status')
  @HttpCode(200)
  @Roles('programme_officer')
  @ApiOperation({ summary: 'Move a round: schedule it (it then opens and closes by itself), unschedule it, or take it on to assessment, decision and archive' })
  @ApiOkResponse({ type: RoundView })
  @ApiConflictResponse({ description: 'round-invalid-transition' })
  @ApiUnprocessableEntityResponse({ description: 'round-closes-in-past' })
  async move(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: MoveRoundDto): Promise<RoundView> {
    return RoundView.of(await this.rounds.move(user, id, body.status));
  }

  @Get('rounds/:id/figures')
  @Roles('programme_officer')
  @ApiOperation({ summary: 'Intake figures: bids by status, region and sector, amount requested, late attempts refused' })
  @ApiOkResponse({ type: RoundFiguresView })
  @ApiNotFoundResponse({ description: 'round-not-found' })
  figures(@Param('id', UuidPipe) id: string): Promise<RoundFiguresView> {
    return this.rounds.figures(id);
  }
}
