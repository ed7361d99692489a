import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { PageQuery, UuidPipe } from '@mutuals/http';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@mutuals/auth';
import { CreateFundDto, FundPage, FundView, UpdateFundDto } from './fund.dto';
import { FundsService } from './funds.service';

@ApiTags('funds')
@ApiBearerAuth()
@Controller('funds')
export class FundsController {
  constructor(private readonly funds: FundsService) {}

  @Post()
  @Roles('programme_officer')
  @ApiOperation({ summary: 'Set up a fund: cap, budget, questions with word limits, eligibility rules' })
  @ApiCreatedResponse({ type: FundView })
  @ApiUnprocessableEntityResponse({ description: 'duplicate-question-id, criteria-weights-not-100, cap-over-budget' })
  async create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateFundDto): Promise<FundView> {
    return FundView.of(await this.funds.create(user, body));
  }

  @Get()
  @Roles('applicant', 'programme_officer')
  @ApiOperation({ summary: 'Funds: the open ones for applicants, every one for officers; a page at a time, by name then id' })
  @ApiOkResponse({ type: FundPage })
  async list(@CurrentUser() user: AuthenticatedUser, @Query() query: PageQuery): Promise<FundPage> {
    const page = await this.funds.page(user, query);
    return { ...page, items: page.items.map(FundView.of) };
  }

  @Get(':id')
  @Roles('applicant', 'programme_officer')
  @ApiOperation({ summary: 'One fund with its questions' })
  @ApiOkResponse({ type: FundView })
  async get(@Param('id', UuidPipe) id: string): Promise<FundView> {
    return FundView.of(await this.funds.get(id));
  }

  @Patch(':id')
  @Roles('programme_officer')
  @ApiOperation({ summary: 'Change a fund (open or close it, change its questions or budget); published to the awards service' })
  @ApiOkResponse({ type: FundView })
  @ApiConflictResponse({ description: 'stale-version: reload and try again; budget-below-committed: the awards service has committed more than the new budget (the message names the amount)' })
  async update(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: UpdateFundDto): Promise<FundView> {
    return FundView.of(await this.funds.update(user, id, body));
  }
}
