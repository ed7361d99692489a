import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
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
import { PageQuery, UuidPipe } from '@mutuals/http';
import { BidPage, BidQueryDto, BidView, CreateBidDto, HistoryEntryView, InvitationPage, InvitationQueryDto, InvitationView, PartnerAnswerDto, PartnerView, ScreenBidDto, UpdateBidDto, WithdrawBidDto } from './bid.dto';
import type { BidEntity } from './bid.entity';
import { BidsService } from './bids.service';

@ApiTags('bids')
@ApiBearerAuth()
@Controller()
export class BidsController {
  constructor(private readonly bids: BidsService) {}

  /** Bids as shown: each with its partners' answers. */
  private async views(bids: BidEntity[]): Promise<BidView[]> {
    // A draft naming no partner has none to show: skipping it keeps starting a bid to one query.
    const partners = await this.bids.partnersOf(bids.filter((b) => b.partnerAuthorityCodes.length > 0 || b.status !== 'draft').map((b) => b.id));
    return bids.map((b) => BidView.of(b, partners));
  }

  private async view(bid: BidEntity): Promise<BidView> {
    return (await this.views([bid]))[0];
  }

  @Post('rounds/:roundId/bids')
  @Roles('applicant')
  @ApiOperation({ summary: "Start your authority's draft bid in a round (one live bid per authority, as lead or partner)" })
  @ApiCreatedResponse({ type: BidView })
  @ApiForbiddenResponse({ description: 'not-a-council-user' })
  @ApiConflictResponse({ description: 'authority-already-bidding (names no other bid)' })
  @ApiUnprocessableEntityResponse({
    description: 'unknown-authority, authority-abolished (the lead or a partner is not an English local authority in the register that exists today; the message names the code), round-not-taking-bids, joint-bids-not-allowed, too-many-partners, lead-named-as-partner, unknown-question, answer-too-long',
  })
  async create(@CurrentUser() user: AuthenticatedUser, @Param('roundId', UuidPipe) roundId: string, @Body() body: CreateBidDto): Promise<BidView> {
    return this.view(await this.bids.create(user, roundId, body));
  }

  @Get('rounds/:roundId/bids')
  @Roles('applicant', 'programme_officer')
  @ApiOperation({ summary: "A round's bids: all of them for officers, your authority's for councils; a page at a time, by reference" })
  @ApiOkResponse({ type: BidPage })
  async listForRound(@CurrentUser() user: AuthenticatedUser, @Param('roundId', UuidPipe) roundId: string, @Query() query: BidQueryDto): Promise<BidPage> {
    const page = await this.bids.listForRound(user, roundId, query);
    return { ...page, items: await this.views(page.items) };
  }

  @Get('bids')
  @Roles('applicant')
  @ApiOperation({ summary: "Your authority's bids in every round, a page at a time: newest first, then by id" })
  @ApiOkResponse({ type: BidPage })
  async listOwn(@CurrentUser() user: AuthenticatedUser, @Query() query: PageQuery): Promise<BidPage> {
    const page = await this.bids.listOwn(user, query);
    return { ...page, items: await this.views(page.items) };
  }

  @Get('bids/:id')
  @Roles('applicant', 'programme_officer')
  @ApiOperation({ summary: 'One bid: yours, or any for officers' })
  @ApiOkResponse({ type: BidView })
  @ApiNotFoundResponse({ description: "bid-not-found (also for another authority's bid)" })
  async get(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string): Promise<BidView> {
    return this.view(await this.bids.get(user, id));
  }

  @Get('bids/:id/history')
  @Roles('programme_officer')
  @ApiOperation({ summary: "Every change to the bid: who, when, from and to (public money is audited)" })
  @ApiOkResponse({ type: [HistoryEntryView] })
  @ApiNotFoundResponse({ description: 'bid-not-found' })
  async history(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string): Promise<HistoryEntryView[]> {
    return (await this.bids.history(user, id)).map(HistoryEntryView.of);
  }

  @Patch('bids/:id')
  @Roles('applicant')
  @ApiOperation({ summary: 'Save part of a draft bid; answers merge with those saved (empty text clears one)' })
  @ApiOkResponse({ type: BidView })
  @ApiConflictResponse({ description: 'bid-not-editable' })
  @ApiUnprocessableEntityResponse({ description: 'unknown-authority, authority-abolished, joint-bids-not-allowed, too-many-partners, unknown-question, answer-too-long' })
  async update(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: UpdateBidDto): Promise<BidView> {
    return this.view(await this.bids.update(user, id, body));
  }

  @Post('bids/:id/submit')
  @HttpCode(200)
  @Roles('applicant')
  @ApiOperation({ summary: 'Submit the bid before the closing time (the server clock decides); it is screened for eligibility at once' })
  @ApiOkResponse({ type: BidView })
  @ApiConflictResponse({ description: 'bid-already-submitted' })
  @ApiUnprocessableEntityResponse({ description: 'round-closed (gives the closing time in UTC), round-not-open, unknown-authority, authority-abolished, bid-incomplete, partners-not-answered, contact-email-missing' })
  async submit(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string): Promise<BidView> {
    return this.view(await this.bids.submit(user, id));
  }

  @Post('bids/:id/withdraw')
  @HttpCode(200)
  @Roles('applicant')
  @ApiOperation({ summary: 'Withdraw the bid before a decision; the authority may bid again while the round is open' })
  @ApiOkResponse({ type: BidView })
  @ApiConflictResponse({ description: 'bid-already-withdrawn, bid-invalid-transition' })
  async withdraw(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: WithdrawBidDto): Promise<BidView> {
    return this.view(await this.bids.withdraw(user, id, body.reason));
  }

  @Post('bids/:id/screening')
  @HttpCode(200)
  @Roles('programme_officer')
  @ApiOperation({ summary: 'Screen a bid by hand (eligible or ineligible) with a reason; only eligible bids go on to assessment' })
  @ApiOkResponse({ type: BidView })
  @ApiConflictResponse({ description: 'bid-not-screenable' })
  async screen(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: ScreenBidDto): Promise<BidView> {
    return this.view(await this.bids.screenManually(user, id, body));
  }

  @Get('invitations')
  @Roles('applicant')
  @ApiOperation({ summary: 'Joint bids naming your authority as a partner, with your answer; a page at a time, newest invitation first' })
  @ApiOkResponse({ type: InvitationPage })
  async invitations(@CurrentUser() user: AuthenticatedUser, @Query() query: InvitationQueryDto): Promise<InvitationPage> {
    const page = await this.bids.invitations(user, query);
    return { ...page, items: page.items.map(InvitationView.of) };
  }

  @Post('invitations/:bidId/answer')
  @HttpCode(200)
  @Roles('applicant')
  @ApiOperation({ summary: "Accept being a partner in the joint bid (this takes your authority's one place in the round) or decline it, with an optional reason" })
  @ApiOkResponse({ type: PartnerView })
  @ApiNotFoundResponse({ description: 'invitation-not-found (also when your authority is not named)' })
  @ApiConflictResponse({ description: 'authority-already-bidding (accepting while your authority is already in a bid for the round), invitation-closed' })
  async answer(@CurrentUser() user: AuthenticatedUser, @Param('bidId', UuidPipe) bidId: string, @Body() body: PartnerAnswerDto): Promise<PartnerView> {
    return PartnerView.of(await this.bids.answer(user, bidId, body.answer, body.reason));
  }
}
