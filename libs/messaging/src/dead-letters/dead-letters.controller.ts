import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@mutuals/auth';
import { Audited } from '@mutuals/security';
import { DeadLetters } from './dead-letters';
import {
  DeadLetterIdParam,
  DeadLetterPage,
  DeadLetterQuery,
  DeadLetterSummaryView,
  DeadLetterView,
  DiscardDeadLetterDto,
  ReplayDeadLetterDto,
  ReplayTopicDto,
  ReplayTopicResult,
} from './dead-letters.dto';

/** This service's dead letters, for platform operators only. */
@ApiTags('dead letters')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLetters) {}

  @Get()
  @ApiOperation({ summary: "This service's dead letters, newest first, by status and topic" })
  @ApiOkResponse({ type: DeadLetterPage })
  async list(@Query() query: DeadLetterQuery): Promise<DeadLetterPage> {
    const { items, total } = await this.deadLetters.list({ status: query.status, topic: query.topic }, query.page, query.pageSize);
    return { items: items.map(DeadLetterSummaryView.of), page: query.page, pageSize: query.pageSize, total };
  }

  @Post('replay')
  @Audited('dead-letter-replayed')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replays every pending dead letter of one topic to its origin topic, in order' })
  @ApiOkResponse({ type: ReplayTopicResult })
  replayTopic(@Body() body: ReplayTopicDto, @CurrentUser() user: AuthenticatedUser): Promise<ReplayTopicResult> {
    return this.deadLetters.replayTopic(body.topic, user.id, body.reason?.trim() ?? null);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One dead letter with its headers, payload and what operators did to it' })
  @ApiOkResponse({ type: DeadLetterView })
  async get(@Param() { id }: DeadLetterIdParam): Promise<DeadLetterView> {
    return DeadLetterView.ofDetails(await this.deadLetters.get(id));
  }

  @Post(':id/replay')
  @Audited('dead-letter-replayed')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sends the original message to its origin topic again (same key and envelope id: one effect however often)' })
  @ApiOkResponse({ type: DeadLetterView })
  async replay(@Param() { id }: DeadLetterIdParam, @Body() body: ReplayDeadLetterDto, @CurrentUser() user: AuthenticatedUser): Promise<DeadLetterView> {
    return DeadLetterView.ofDetails(await this.deadLetters.replay(id, user.id, body.reason?.trim() ?? null));
  }

  @Post(':id/discard')
  @Audited('dead-letter-discarded')
  @HttpCode(200)
  @ApiOperation({ summary: 'Records that a dead letter will not be replayed, and why' })
  @ApiOkResponse({ type: DeadLetterView })
  async discard(@Param() { id }: DeadLetterIdParam, @Body() body: DiscardDeadLetterDto, @CurrentUser() user: AuthenticatedUser): Promise<DeadLetterView> {
    return DeadLetterView.ofDetails(await this.deadLetters.discard(id, user.id, body.reason.trim()));
  }
}
