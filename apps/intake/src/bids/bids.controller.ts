import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@mutuals/auth';
import { BidQueryDto, BidView, CreateBidDto, HistoryEntryView, ScreenBidDto, UpdateBidDto, WithdrawBidDto } from './bid.dto';
import { BidsService } from './bids.service';

@ApiTags('bids')
@ApiBearerAuth()
@Controller()
export class BidsController {
  constructor(private readonly bids: BidsService) {}

  @Post('rounds/:roundId/bids')
  @Roles('applicant')
  @ApiOperation({ summary: "Start your authority's draft bid in a round (one live bid per authority, as lead or partner)" })
  @ApiCreatedResponse({ type: BidView })
  @ApiForbiddenResponse({ description: 'not-a-council-user' })
  @ApiConflictResponse({ description: 'authority-already-bidding: names the existing bid' })
  @ApiUnprocessableEntityResponse({
    description: 'unknown-authority, authority-abolished (the lead or a partner is not an English local authority in the register that exists today; the message names the code), round-not-taking-bids, joint-bids-not-allowed, too-many-partners, lead-named-as-partner, unknown-question, answer-too-long',
  })
  async create(@CurrentUser() user: AuthenticatedUser, @Param('roundId', ParseUUIDPipe) roundId: string, @Body() body: CreateBidDto): Promise<BidView> {
    return BidView.of(await this.bids.create(user, roundId, body));
  }

  @Get('rounds/:roundId/bids')
  @Roles('applicant', 'programme_officer', 'admin')
  @ApiOperation({ summary: "A round's bids: all of them for officers, your authority's for councils" })
  @ApiOkResponse({ type: [BidView] })
  async listForRound(@CurrentUser() user: AuthenticatedUser, @Param('roundId', ParseUUIDPipe) roundId: string, @Query() query: BidQueryDto): Promise<BidView[]> {
    return (await this.bids.listForRound(user, roundId, query)).map(BidView.of);
  }

  @Get('bids')
  @Roles('applicant')
  @ApiOperation({ summary: "Your authority's bids in every round, newest first" })
  @ApiOkResponse({ type: [BidView] })
  async listOwn(@CurrentUser() user: AuthenticatedUser): Promise<BidView[]> {
    return (await this.bids.listOwn(user)).map(BidView.of);
  }

  @Get('bids/:id')
  @Roles('applicant', 'programme_officer', 'admin')
  @ApiOkResponse({ type: BidView })
  @ApiNotFoundResponse({ description: "bid-not-found (also for another authority's bid)" })
  async get(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<BidView> {
    return BidView.of(await this.bids.get(user, id));
  }

  @Get('bids/:id/history')
  @Roles('programme_officer', 'admin')
  @ApiOperation({ summary: "Every change to the bid: who, when, from and to (public money is audited)" })
  @ApiOkResponse({ type: [HistoryEntryView] })
  @ApiNotFoundResponse({ description: 'bid-not-found' })
  async history(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<HistoryEntryView[]> {
    return (await this.bids.history(user, id)).map(HistoryEntryView.of);
  }

  @Patch('bids/:id')
  @Roles('applicant')
  @ApiOperation({ summary: 'Save part of a draft bid; answers merge with those saved (empty text clears one)' })
  @ApiOkResponse({ type: BidView })
  @ApiConflictResponse({ description: 'bid-not-editable, authority-already-bidding' })
  @ApiUnprocessableEntityResponse({ description: 'unknown-authority, authority-abolished, joint-bids-not-allowed, too-many-partners, unknown-question, answer-too-long' })
  async update(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateBidDto): Promise<BidView> {
    return BidView.of(await this.bids.update(user, id, body));
  }

  @Post('bids/:id/submit')
  @HttpCode(200)
  @Roles('applicant')
  @ApiOperation({ summary: 'Submit the bid before the closing time (the server clock decides); it is screened for eligibility at once' })
  @ApiOkResponse({ type: BidView })
  @ApiConflictResponse({ description: 'bid-already-submitted' })
  @ApiUnprocessableEntityResponse({ description: 'round-closed (gives the closing time in UTC), round-not-open, unknown-authority, authority-abolished, bid-incomplete, contact-email-missing' })
  async submit(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<BidView> {
    return BidView.of(await this.bids.submit(user, id));
  }

  @Post('bids/:id/withdraw')
  @HttpCode(200)
  @Roles('applicant')
  @ApiOperation({ summary: 'Withdraw the bid before a decision; the authority may bid again while the round is open' })
  @ApiOkResponse({ type: BidView })
  @ApiConflictResponse({ description: 'bid-already-withdrawn, bid-invalid-transition' })
  async withdraw(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: WithdrawBidDto): Promise<BidView> {
    return BidView.of(await this.bids.withdraw(user, id, body.reason));
  }

  @Post('bids/:id/screening')
  @HttpCode(200)
  @Roles('programme_officer', 'admin')
  @ApiOperation({ summary: 'Screen a bid by hand (eligible or ineligible) with a reason; only eligible bids go on to assessment' })
  @ApiOkResponse({ type: BidView })
  @ApiConflictResponse({ description: 'bid-not-screenable' })
  async screen(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: ScreenBidDto): Promise<BidView> {
    return BidView.of(await this.bids.screenManually(user, id, body));
  }
}
