import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuthenticatedUser, hasRole } from '@mutuals/auth';
import { BidScreened, BidSubmitted, BidWithdrawn } from '@mutuals/contracts';
import { DomainError, LocalAuthority, localAuthorities } from '@mutuals/domain';
import { EventPublisher } from '@mutuals/messaging';
import { isUniqueViolation } from '@mutuals/persistence';
import { historyOf, recordChange } from '../audit';
import { submissionRefusal } from '../rounds/round';
import { RoundEntity } from '../rounds/round.entity';
import { RoundsService } from '../rounds/rounds.service';
import {
  acceptsAwardsUpdate,
  assertAnswersFit,
  assertPartnersAllowed,
  AUTHORITY_CODE,
  AwardsStatus,
  bidLifecycle,
  BidStatus,
  formatBidReference,
  ineligibilityReasons,
  missingForSubmission,
} from './bid';
import { AnswerDto, BidQueryDto, CreateBidDto, ScreenBidDto, UpdateBidDto } from './bid.dto';
import { BidEntity } from './bid.entity';

const isOfficer = (user: AuthenticatedUser) => hasRole(user, 'programme_officer', 'admin');
const ONE_LIVE_BID = 'bid_memberships_one_live_bid';

export interface AwardsUpdate {
  status: AwardsStatus;
  caseId: string;
  at: Date;
  actorId: string;
  awardedPence?: number;
}

/** The council a user bids for: council users carry their authority's ONS code as organisationId. */
function authorityOf(user: AuthenticatedUser): string {
  if (!user.organisationId || !AUTHORITY_CODE.test(user.organisationId)) {
    throw new DomainError('forbidden', 'not-a-council-user', 'Only users acting for a local authority can bid; your account is not linked to one');
  }
  return user.organisationId;
}

/** The lead (when given) and every partner must be in the register on the day; returns the lead's entry. */
function assertInRegister(lead: string, partners: string[], at: Date): LocalAuthority;
function assertInRegister(lead: null, partners: string[], at: Date): null;
function assertInRegister(lead: string | null, partners: string[], at: Date): LocalAuthority | null {
  const entry = lead === null ? null : localAuthorities.require(lead, at, 'authorityCode');
  for (const code of partners) localAuthorities.require(code, at, 'partnerAuthorityCodes');
  return entry;
}

const answersOf = (answers: AnswerDto[] | undefined) => Object.fromEntries((answers ?? []).map((a) => [a.questionId, a.text]));
/** Empty text clears an answer. */
const withoutBlanks = (answers: Record<string, string>) => Object.fromEntries(Object.entries(answers).filter(([, text]) => text.trim()));

@Injectable()
export class BidsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventPublisher,
    private readonly rounds: RoundsService,
  ) {}

  /**
   * Starts the authority's bid in a round; this takes the lead's and every partner's one live bid there.
   * The lead's name and region are the register's, whatever the request says. `at` replays history (demo data).
   */
  async create(user: AuthenticatedUser, roundId: string, input: CreateBidDto, at = new Date()): Promise<BidEntity> {
    const authority = authorityOf(user);
    const partners = input.partnerAuthorityCodes ?? [];
    const lead = assertInRegister(authority, partners, at);
    return this.oneLiveBid(roundId, [authority, ...partners], null, () =>
      this.dataSource.transaction(async (m) => {
        const round = await this.rounds.get(roundId, m);
        if (round.status !== 'scheduled' && round.status !== 'open') {
          throw new DomainError('unprocessable', 'round-not-taking-bids', `${round.name} is ${round.status}; bids are started while it is scheduled or open`);
        }
        assertPartnersAllowed(authority, partners, round.eligibility);
        const answers = withoutBlanks(answersOf(input.answers));
        assertAnswersFit(answers, round.questions);
        const [{ seq }] = await m.query(`select nextval('bid_reference_seq') as seq`);
        const bid = await m.save(
          m.create(BidEntity, {
            id: randomUUID(),
            reference: formatBidReference(round.referencePrefix, Number(seq)),
            roundId,
            programmeId: round.programmeId,
            authorityCode: authority,
            authorityName: lead.name,
            partnerAuthorityCodes: partners,
            region: lead.region,
            sector: input.sector ?? null,
            title: input.title ?? null,
            amountRequestedPence: input.amountRequestedPence ?? null,
            answers,
            status: 'draft',
            screeningReasons: [],
            screenedBy: null,
            screenedAt: null,
            contactName: null,
            contactEmail: null,
            createdBy: user.id,
            caseId: null,
            awardedPence: null,
            awardsEventAt: null,
            submittedAt: null,
            withdrawnAt: null,
          }),
        );
        await this.claim(m, bid, [authority], 'lead');
        await this.claim(m, bid, partners, 'partner');
        await recordChange(m, { subjectType: 'bid', subjectId: bid.id, action: 'created', to: 'draft', actorId: user.id });
        return bid;
      }),
    );
  }

  /** A partial save of a draft: what is sent replaces what was there; answers merge. */
  async update(user: AuthenticatedUser, id: string, input: UpdateBidDto): Promise<BidEntity> {
    const bid = await this.get(user, id);
    const partners = input.partnerAuthorityCodes ?? bid.partnerAuthorityCodes;
    if (input.partnerAuthorityCodes) assertInRegister(null, partners, new Date());
    return this.oneLiveBid(bid.roundId, partners, bid.id, () =>
      this.dataSource.transaction(async (m) => {
        const current = await this.get(user, id, m, true);
        if (current.status !== 'draft') throw new DomainError('conflict', 'bid-not-editable', `Bid ${current.reference} is ${current.status}; only a draft can be changed`);
        const round = await this.rounds.get(current.roundId, m);
        assertPartnersAllowed(current.authorityCode, partners, round.eligibility);
        // The name and region are the register's: what a client sends for them is ignored.
        const { answers, partnerAuthorityCodes, authorityName: _name, region: _region, ...fields } = input;
        Object.assign(current, fields, { answers: withoutBlanks({ ...current.answers, ...answersOf(answers) }) });
        assertAnswersFit(current.answers, round.questions);
        if (partnerAuthorityCodes) {
          await m.query(`delete from bid_memberships where bid_id = $1 and role = 'partner'`, [id]);
          await this.claim(m, current, partnerAuthorityCodes, 'partner');
          current.partnerAuthorityCodes = partnerAuthorityCodes;
        }
        return m.save(current);
      }),
    );
  }

  /**
   * Submits before the closing time by the server's clock. The share lock on the round makes the
   * scheduler's close wait for submissions in flight, and a submission that waited sees it closed.
   * `at` replays history (demo data) instead of the clock.
   */
  async submit(user: AuthenticatedUser, id: string, at?: Date): Promise<BidEntity> {
    const outcome = await this.dataSource.transaction(async (m) => {
      const bid = await this.get(user, id, m, true);
      if (bid.status !== 'draft') throw new DomainError('conflict', 'bid-already-submitted', `Bid ${bid.reference} was already submitted`);
      await m.query('select 1 from rounds where id = $1 for share', [bid.roundId]);
      const round = await m.findOneByOrFail(RoundEntity, { id: bid.roundId });
      const now = at ?? (await this.clock(m));
      const refusal = submissionRefusal(round, now);
      if (refusal?.code === 'round-closed') {
        await m.query('insert into late_bid_attempts (round_id, bid_id, authority_code, attempted_at) values ($1, $2, $3, $4)', [round.id, bid.id, bid.authorityCode, now]);
        return { refusal };
      }
      if (refusal) throw refusal;
      // A draft saved before the register was checked, or whose council has since been abolished, goes no further.
      assertInRegister(bid.authorityCode, bid.partnerAuthorityCodes, now);
      const missing = missingForSubmission(bid, round.questions);
      if (missing.length > 0) {
        throw new DomainError('unprocessable', 'bid-incomplete', `Fill in everything before submitting: ${missing.join(', ')}`, { missing });
      }
      if (!user.email) throw new DomainError('unprocessable', 'contact-email-missing', 'Your account has no email address to send the receipt to');
      Object.assign(bid, { contactName: user.name ?? user.id, contactEmail: user.email, submittedAt: now });
      await this.move(m, bid, 'submitted', user.id, now);
      await this.events.publish(m, BidSubmitted, bid.id, { ...this.summary(bid), submittedAt: now.toISOString() });
      await this.screen(m, bid, round, ineligibilityReasons({ ...bid, amountRequestedPence: bid.amountRequestedPence! }, round), 'automatic', now);
      return { bid: await m.save(bid) };
    });
    if ('refusal' in outcome) throw outcome.refusal;
    return outcome.bid;
  }

  /** Gives up the bid; the authority (and its partners) may bid again while the round is open. */
  async withdraw(user: AuthenticatedUser, id: string, reason?: string, at?: Date): Promise<BidEntity> {
    return this.dataSource.transaction(async (m) => {
      const bid = await this.get(user, id, m, true);
      if (bid.status === 'withdrawn') throw new DomainError('conflict', 'bid-already-withdrawn', `Bid ${bid.reference} is already withdrawn`);
      const now = at ?? (await this.clock(m));
      await this.move(m, bid, 'withdrawn', user.id, now, reason ? { reason } : undefined);
      bid.withdrawnAt = now;
      await m.query('delete from bid_memberships where bid_id = $1', [id]);
      // A draft was never announced, so there is nothing to take back.
      if (bid.submittedAt) {
        await this.events.publish(m, BidWithdrawn, bid.id, {
          bidId: bid.id,
          reference: bid.reference,
          roundId: bid.roundId,
          authorityCode: bid.authorityCode,
          withdrawnAt: now.toISOString(),
        });
      }
      return m.save(bid);
    });
  }

  /** An officer's screening overrides the automatic one until assessment starts. */
  async screenManually(officer: AuthenticatedUser, id: string, input: ScreenBidDto, at?: Date): Promise<BidEntity> {
    return this.dataSource.transaction(async (m) => {
      const bid = await this.get(officer, id, m, true);
      if (!['submitted', 'eligible', 'ineligible'].includes(bid.status)) {
        throw new DomainError('conflict', 'bid-not-screenable', `Bid ${bid.reference} is ${bid.status}; only submitted bids not yet in assessment can be screened`);
      }
      const round = await this.rounds.get(bid.roundId, m);
      const reasons = input.outcome === 'ineligible' ? [input.reason] : [];
      await this.screen(m, bid, round, reasons, officer.id, at ?? (await this.clock(m)), input.reason);
      return m.save(bid);
    });
  }

  async get(user: AuthenticatedUser, id: string, manager: EntityManager = this.dataSource.manager, forUpdate = false): Promise<BidEntity> {
    const bid = await manager.findOne(BidEntity, { where: { id }, ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    // Another authority's bid is "not found", so its existence is not disclosed.
    if (!bid || (!isOfficer(user) && bid.authorityCode !== user.organisationId)) throw DomainError.notFound('Bid', id);
    return bid;
  }

  async history(officer: AuthenticatedUser, id: string) {
    await this.get(officer, id);
    return historyOf(this.dataSource.manager, 'bid', id);
  }

  /** Officers see every bid in the round; a council sees its own. */
  async listForRound(user: AuthenticatedUser, roundId: string, query: BidQueryDto): Promise<BidEntity[]> {
    await this.rounds.get(roundId);
    const where = { roundId, ...(query.status ? { status: query.status } : {}), ...(isOfficer(user) ? {} : { authorityCode: authorityOf(user) }) };
    return this.dataSource.manager.find(BidEntity, { where, order: { reference: 'ASC' } });
  }

  /** The council's bids in every round, newest first. */
  listOwn(user: AuthenticatedUser): Promise<BidEntity[]> {
    return this.dataSource.manager.find(BidEntity, { where: { authorityCode: authorityOf(user) }, order: { createdAt: 'DESC' }, take: 200 });
  }

  /** Where the awards service's case stands, as the council sees its bid. */
  async followAwards(manager: EntityManager, bidId: string, update: AwardsUpdate): Promise<void> {
    const bid = await manager.findOne(BidEntity, { where: { id: bidId }, lock: { mode: 'pessimistic_write' } });
    if (!bid || !acceptsAwardsUpdate(bid, update)) return;
    const from = bid.status;
    Object.assign(bid, { status: update.status, caseId: update.caseId, awardsEventAt: update.at });
    if (update.awardedPence !== undefined) bid.awardedPence = update.awardedPence;
    await recordChange(manager, { subjectType: 'bid', subjectId: bid.id, action: 'awards-update', from, to: update.status, actorId: update.actorId }, update.at);
    await manager.save(bid);
  }

  private async screen(m: EntityManager, bid: BidEntity, round: RoundEntity, reasons: string[], screenedBy: string, at: Date, officerReason?: string) {
    const outcome = reasons.length === 0 ? 'eligible' : 'ineligible';
    Object.assign(bid, { screeningReasons: officerReason ? [officerReason] : reasons, screenedBy, screenedAt: at });
    await this.move(m, bid, outcome, screenedBy, at, { reasons: bid.screeningReasons });
    await this.events.publish(m, BidScreened, bid.id, {
      ...this.summary(bid),
      outcome,
      reasons,
      screenedBy,
      maxAwardPence: round.maxAwardPence,
      screenedAt: at.toISOString(),
    });
  }

  private summary(bid: BidEntity) {
    return {
      bidId: bid.id,
      reference: bid.reference,
      roundId: bid.roundId,
      programmeId: bid.programmeId,
      authorityCode: bid.authorityCode,
      authorityName: bid.authorityName,
      partnerAuthorityCodes: bid.partnerAuthorityCodes,
      region: bid.region,
      sector: bid.sector!,
      title: bid.title!,
      amountRequestedPence: bid.amountRequestedPence!,
      contact: { name: bid.contactName!, email: bid.contactEmail! },
    };
  }

  private async move(m: EntityManager, bid: BidEntity, to: BidStatus, actorId: string, at: Date, detail?: Record<string, unknown>) {
    bidLifecycle.assertMove(bid.status, to);
    await recordChange(m, { subjectType: 'bid', subjectId: bid.id, action: to, from: bid.status, to, actorId, detail }, at);
    bid.status = to;
  }

  private async claim(m: EntityManager, bid: BidEntity, codes: string[], role: 'lead' | 'partner') {
    for (const code of codes) {
      await m.query('insert into bid_memberships (bid_id, round_id, authority_code, role) values ($1, $2, $3, $4)', [bid.id, bid.roundId, code, role]);
    }
  }

  /** The server's clock: the database's, which every replica shares. */
  private async clock(m: EntityManager): Promise<Date> {
    const [{ now }] = await m.query('select clock_timestamp() as now');
    return new Date(now);
  }

  /** The unique membership settles concurrent bids by the same authority; the loser learns which bid holds its place. */
  private async oneLiveBid<T>(roundId: string, codes: string[], ownBidId: string | null, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (!isUniqueViolation(err, ONE_LIVE_BID)) throw err;
      const held: { authority_code: string; role: string; id: string; reference: string }[] = await this.dataSource.query(
        `select m.authority_code, m.role, b.id, b.reference from bid_memberships m join bids b on b.id = m.bid_id
         where m.round_id = $1 and m.authority_code = any($2) and b.id is distinct from $3 order by b.reference limit 1`,
        [roundId, codes, ownBidId],
      );
      const existing = held[0];
      const message = existing
        ? `${existing.authority_code} already has a live bid in this round: ${existing.reference} (as ${existing.role}); an authority may have only one`
        : 'An authority in this bid already has a live bid in this round; an authority may have only one';
      throw new DomainError('conflict', 'authority-already-bidding', message, existing ? { existingBidId: existing.id, existingBidReference: existing.reference, authorityCode: existing.authority_code } : undefined);
    }
  }
}
