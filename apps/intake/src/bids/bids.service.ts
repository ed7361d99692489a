import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuthenticatedUser, hasRole } from '@mutuals/auth';
import { BidScreened, BidSubmitted, BidWithdrawn } from '@mutuals/contracts';
import { DomainError, LocalAuthority, localAuthorities } from '@mutuals/domain';
import { offsetOf, Page, PageQuery } from '@mutuals/http';
import { EventPublisher } from '@mutuals/messaging';
import { aliasedColumns, hydrated, isUniqueViolation } from '@mutuals/persistence';
import { documentOf, documentRefOf, documentRefsIn } from '@mutuals/documents';
import { historyOf, recordChange } from '../audit';
import { BID_DOCUMENTS } from '../documents/bid-documents';
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
import { AnswerDto, BidQueryDto, CreateBidDto, InvitationQueryDto, ScreenBidDto, UpdateBidDto } from './bid.dto';
import { BidEntity } from './bid.entity';
import { BidPartnerEntity } from './bid-partner.entity';
import { acceptedPartners, alreadyBidding, assertAllAnswered, assertAnswerable, PartnerConsent, PartnerDecision } from './partner-consent';

const isOfficer = (user: AuthenticatedUser) => hasRole(user, 'programme_officer');

type DocumentRef = ReturnType<typeof documentRefOf>;

interface Screening {
  outcome: 'eligible' | 'ineligible';
  reasons: string[];
  screenedBy: string;
  at: Date;
  officerReason?: string;
}

/**
 * A submission's writes in one statement: the bid submitted and screened, its two history rows
 * (submitted, then the screening's outcome) and its two events, in that order.
 */
const SUBMIT_SQL = `
  with moved as (
    update bids set status = $2::text, partner_authority_codes = $3::text[], contact_name = $4, contact_email = $5, submitted_at = $6::timestamptz,
      screening_reasons = $7::text[], screened_by = $18, screened_at = $6::timestamptz, updated_at = now()
    where id = $1
    returning updated_at
  ), history as (
    insert into audit_entries (subject_type, subject_id, action, from_state, to_state, actor_id, detail, at)
    values ('bid', $1, 'submitted', 'draft', 'submitted', $8, null, $6::timestamptz),
           ('bid', $1, $2::text, 'submitted', $2::text, $18, $9::jsonb, $6::timestamptz)
  ), events as (
    insert into outbox_messages (event_id, topic, message_key, envelope)
    values ($10, $11, $12, $13::jsonb), ($14, $15, $16, $17::jsonb)
  )
  select updated_at from moved`;
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
  private submissionRead?: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventPublisher,
    private readonly rounds: RoundsService,
  ) {}

  /**
   * Starts the authority's bid in a round; this takes the lead's one live bid there and invites the partners.
   * The lead and every partner must be in the register; the lead's name and region are the register's,
   * whatever the request says. `at` replays history (demo data).
   */
  async create(user: AuthenticatedUser, roundId: string, input: CreateBidDto, at = new Date()): Promise<BidEntity> {
    const authority = authorityOf(user);
    const partners = input.partnerAuthorityCodes ?? [];
    const lead = assertInRegister(authority, partners, at);
    return this.oneLiveBid(authority, () =>
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
        await this.claim(m, bid, authority, 'lead');
        await this.invite(m, bid.id, partners);
        await recordChange(m, { subjectType: 'bid', subjectId: bid.id, action: 'created', to: 'draft', actorId: user.id });
        return bid;
      }),
    );
  }

  /**
   * A partial save of a draft: what is sent replaces what was there; answers merge. Partners still
   * named keep their answer; a partner no longer named gives up its place; a new one is invited.
   */
  async update(user: AuthenticatedUser, id: string, input: UpdateBidDto): Promise<BidEntity> {
    return this.dataSource.transaction(async (m) => {
      const current = await this.get(user, id, m, true);
      if (current.status !== 'draft') throw new DomainError('conflict', 'bid-not-editable', `Bid ${current.reference} is ${current.status}; only a draft can be changed`);
      const round = await this.rounds.get(current.roundId, m);
      // The name and region are the register's: what a client sends for them is ignored.
      const { answers, partnerAuthorityCodes, authorityName: _name, region: _region, ...fields } = input;
      const partners = partnerAuthorityCodes ?? current.partnerAuthorityCodes;
      if (partnerAuthorityCodes) assertInRegister(null, partners, new Date());
      assertPartnersAllowed(current.authorityCode, partners, round.eligibility);
      Object.assign(current, fields, { answers: withoutBlanks({ ...current.answers, ...answersOf(answers) }) });
      assertAnswersFit(current.answers, round.questions);
      if (partnerAuthorityCodes) {
        const dropped = current.partnerAuthorityCodes.filter((code) => !partners.includes(code));
        await m.query(`delete from bid_memberships where bid_id = $1 and role = 'partner' and authority_code = any($2)`, [id, dropped]);
        await m.query('delete from bid_partners where bid_id = $1 and authority_code = any($2)', [id, dropped]);
        await this.invite(m, id, partners.filter((code) => !current.partnerAuthorityCodes.includes(code)));
        current.partnerAuthorityCodes = partners;
      }
      return m.save(current);
    });
  }

  /** The joint bids naming the user's authority as a partner, newest first, with its answer. */
  async invitations(user: AuthenticatedUser, query: InvitationQueryDto): Promise<Page<{ bid: BidEntity; consent: BidPartnerEntity }>> {
    const { offset, limit, page, pageSize } = offsetOf(query);
    const where = { authorityCode: authorityOf(user), ...(query.bidId ? { bidId: query.bidId } : {}) };
    const [consents, total] = await this.dataSource.manager.findAndCount(BidPartnerEntity, { where, order: { invitedAt: 'DESC', bidId: 'DESC' }, skip: offset, take: limit });
    const bids = consents.length ? await this.dataSource.manager.find(BidEntity, { where: consents.map((c) => ({ id: c.bidId })) }) : [];
    return { items: consents.map((consent) => ({ consent, bid: bids.find((b) => b.id === consent.bidId)! })), page, pageSize, total };
  }

  /**
   * A council user of a named partner accepts (taking the authority's one place in the round) or
   * declines (freeing it), while the bid is a draft. Anyone else is told there is no such invitation.
   */
  async answer(user: AuthenticatedUser, bidId: string, decision: PartnerDecision, reason?: string, at?: Date): Promise<BidPartnerEntity> {
    const authority = authorityOf(user);
    return this.oneLiveBid(authority, () =>
      this.dataSource.transaction(async (m) => {
        const bid = await m.findOne(BidEntity, { where: { id: bidId }, lock: { mode: 'pessimistic_write' } });
        const consent = bid && (await m.findOneBy(BidPartnerEntity, { bidId, authorityCode: authority }));
        if (!bid || !consent) throw DomainError.notFound('Invitation', bidId);
        assertAnswerable(bid);
        const now = at ?? (await this.clock(m));
        if (decision === 'accepted' && consent.answer !== 'accepted') await this.claim(m, bid, authority, 'partner');
        if (decision === 'declined') await m.query('delete from bid_memberships where bid_id = $1 and authority_code = $2', [bidId, authority]);
        await recordChange(m, { subjectType: 'bid', subjectId: bidId, action: `partner-${decision}`, from: consent.answer, to: decision, actorId: user.id, detail: { authorityCode: authority, ...(reason ? { reason } : {}) } }, now);
        Object.assign(consent, { answer: decision, answeredBy: user.id, answeredAt: now, reason: reason ?? null });
        return m.save(consent);
      }),
    );
  }

  /** Each named partner's answer, for the bids given (the lead's view of its joint bids). */
  async partnersOf(bidIds: string[]): Promise<BidPartnerEntity[]> {
    if (bidIds.length === 0) return [];
    return this.dataSource.manager.find(BidPartnerEntity, { where: bidIds.map((bidId) => ({ bidId })), order: { invitedAt: 'ASC', authorityCode: 'ASC' } });
  }

  /**
   * Submits before the closing time by the server's clock. The share lock on the round makes the
   * scheduler's close wait for submissions in flight, and a submission that waited sees it closed.
   * `at` replays history (demo data) instead of the clock.
   */
  /**
   * Submits and screens in one transaction of four round trips: the bid read with its round, its
   * partners' answers, its documents and the database's clock (bid and round locked); then one
   * statement writing the bid's new state, both history rows and both events.
   */
  async submit(user: AuthenticatedUser, id: string, at?: Date): Promise<BidEntity> {
    const outcome = await this.dataSource.transaction(async (m) => {
      const { bid, round, partners, documents, clock } = await this.submissionState(m, user, id);
      if (bid.status !== 'draft') throw new DomainError('conflict', 'bid-already-submitted', `Bid ${bid.reference} was already submitted`);
      const now = at ?? clock;
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
      assertAllAnswered(partners);
      // The bid goes in, is screened and assessed with the partners that accepted; those that declined are not part of it.
      bid.partnerAuthorityCodes = acceptedPartners(partners);
      if (!user.email) throw new DomainError('unprocessable', 'contact-email-missing', 'Your account has no email address to send the receipt to');
      Object.assign(bid, { contactName: user.name ?? user.id, contactEmail: user.email, submittedAt: now });
      bidLifecycle.assertMove(bid.status, 'submitted');
      const submitted = { ...this.summary(bid), submittedAt: now.toISOString() };
      const reasons = ineligibilityReasons({ ...bid, amountRequestedPence: bid.amountRequestedPence! }, round);
      const screening = this.screening(bid, 'submitted', reasons, 'automatic', now);
      const screened = this.screenedEvent(bid, round, screening, documents);
      const events = [
        { contract: BidSubmitted, subject: bid.id, data: submitted },
        { contract: BidScreened, subject: bid.id, data: screened },
      ];
      const [{ updated_at }] = await this.events.publishAllFrom(m, events, ([submittedRow, screenedRow]) =>
        m.query(SUBMIT_SQL, [
          bid.id,
          bid.status,
          bid.partnerAuthorityCodes,
          bid.contactName,
          bid.contactEmail,
          now,
          bid.screeningReasons,
          user.id,
          JSON.stringify({ reasons: bid.screeningReasons }),
          ...submittedRow,
          ...screenedRow,
          screening.screenedBy,
        ]),
      );
      bid.updatedAt = updated_at;
      return { bid };
    });
    if ('refusal' in outcome) throw outcome.refusal;
    return outcome.bid;
  }

  /** What submitting reads, in one query, with the bid locked as `get` locks it (and 404 as `get` for another authority's). */
  private async submissionState(m: EntityManager, user: AuthenticatedUser, id: string) {
    const ds = this.dataSource;
    this.submissionRead ??= `select ${aliasedColumns(ds, BidEntity, 'b')}, ${aliasedColumns(ds, RoundEntity, 'r')},
        (select coalesce(json_agg(json_build_object('authorityCode', p.authority_code, 'answer', p.answer)), '[]') from bid_partners p where p.bid_id = b.id) as partners,
        (select coalesce(json_agg(d order by d.uploaded_at, d.id), '[]') from ${BID_DOCUMENTS.table} d where d.${BID_DOCUMENTS.ownerColumn} = b.id) as documents,
        clock_timestamp() as clock
      from bids b join rounds r on r.id = b.round_id
      where b.id = $1
      for update of b for share of r`;
    const [row] = await m.query(this.submissionRead, [id]);
    const bid = row && hydrated(ds, BidEntity, row, 'b');
    if (!bid || (!isOfficer(user) && bid.authorityCode !== user.organisationId)) throw DomainError.notFound('Bid', id);
    return {
      bid,
      round: hydrated(ds, RoundEntity, row, 'r')!,
      partners: row.partners as PartnerConsent[],
      documents: (row.documents as Record<string, unknown>[]).map((d) => documentRefOf(documentOf(d))),
      clock: new Date(row.clock),
    };
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
  async listForRound(user: AuthenticatedUser, roundId: string, query: BidQueryDto): Promise<Page<BidEntity>> {
    await this.rounds.get(roundId);
    const { offset, limit, page, pageSize } = offsetOf(query);
    const where = { roundId, ...(query.status ? { status: query.status } : {}), ...(isOfficer(user) ? {} : { authorityCode: authorityOf(user) }) };
    const [items, total] = await this.dataSource.manager.findAndCount(BidEntity, { where, order: { reference: 'ASC' }, skip: offset, take: limit });
    return { items, page, pageSize, total };
  }

  /** The council's bids in every round, newest first (the id breaks ties). */
  async listOwn(user: AuthenticatedUser, query: PageQuery): Promise<Page<BidEntity>> {
    const { offset, limit, page, pageSize } = offsetOf(query);
    const [items, total] = await this.dataSource.manager.findAndCount(BidEntity, { where: { authorityCode: authorityOf(user) }, order: { createdAt: 'DESC', id: 'DESC' }, skip: offset, take: limit });
    return { items, page, pageSize, total };
  }

  /** Where the awards service's case stands, as the council sees its bid. */
  async followAwards(manager: EntityManager, bidId: string, update: AwardsUpdate): Promise<void> {
    const bid = await manager.findOne(BidEntity, { where: { id: bidId }, lock: { mode: 'pessimistic_write' } });
    if (!bid || !acceptsAwardsUpdate(bid, update)) return;
    // An overturned decision sent the case back: nothing from before the overturn applies any more.
    if (bid.reconsiderationStatus === 'overturned' && bid.reconsiderationAt && update.at <= bid.reconsiderationAt) return;
    const from = bid.status;
    Object.assign(bid, { status: update.status, caseId: update.caseId, awardsEventAt: update.at });
    if (update.awardedPence !== undefined) bid.awardedPence = update.awardedPence;
    await recordChange(manager, { subjectType: 'bid', subjectId: bid.id, action: 'awards-update', from, to: update.status, actorId: update.actorId }, update.at);
    await manager.save(bid);
  }

  /** Where a reconsideration stands; overturned moves the bid back to assessment (awards re-opened its case). */
  async followReconsideration(manager: EntityManager, bidId: string, update: { status: 'requested' | 'upheld' | 'overturned'; at: Date; actorId: string; reason?: string }): Promise<void> {
    const bid = await manager.findOne(BidEntity, { where: { id: bidId }, lock: { mode: 'pessimistic_write' } });
    if (!bid || (bid.reconsiderationAt && update.at <= bid.reconsiderationAt)) return;
    Object.assign(bid, { reconsiderationStatus: update.status, reconsiderationReason: update.reason ?? null, reconsiderationAt: update.at });
    const from = bid.status;
    if (update.status === 'overturned' && bid.status === 'rejected') Object.assign(bid, { status: 'in_assessment', awardsEventAt: update.at });
    await recordChange(manager, { subjectType: 'bid', subjectId: bid.id, action: `reconsideration-${update.status}`, from, to: bid.status, actorId: update.actorId }, update.at);
    await manager.save(bid);
  }

  /** A lapsed offer made again. */
  async followOfferReissued(manager: EntityManager, bidId: string, update: { at: Date; actorId: string }): Promise<void> {
    const bid = await manager.findOne(BidEntity, { where: { id: bidId }, lock: { mode: 'pessimistic_write' } });
    if (!bid || bid.status !== 'lapsed' || (bid.awardsEventAt && update.at <= bid.awardsEventAt)) return;
    Object.assign(bid, { status: 'offer_issued', awardsEventAt: update.at });
    await recordChange(manager, { subjectType: 'bid', subjectId: bid.id, action: 'offer-reissued', from: 'lapsed', to: 'offer_issued', actorId: update.actorId }, update.at);
    await manager.save(bid);
  }

  /** A reconsideration overturned the screening: the bid is screened eligible by the reviewer, and so goes to assessment. */
  async screenEligibleOnReview(m: EntityManager, bid: BidEntity, officerId: string, at: Date, reason: string): Promise<void> {
    const round = await this.rounds.get(bid.roundId, m);
    await this.screen(m, bid, round, [], officerId, at, reason);
  }

  private async screen(m: EntityManager, bid: BidEntity, round: RoundEntity, reasons: string[], screenedBy: string, at: Date, officerReason?: string) {
    const from = bid.status;
    const screening = this.screening(bid, from, reasons, screenedBy, at, officerReason);
    await recordChange(m, { subjectType: 'bid', subjectId: bid.id, action: bid.status, from, to: bid.status, actorId: screenedBy, detail: { reasons: bid.screeningReasons } }, at);
    await this.events.publish(m, BidScreened, bid.id, this.screenedEvent(bid, round, screening, await documentRefsIn(m, BID_DOCUMENTS, bid.id)));
  }

  /** Screens the bid (in memory): its outcome, reasons and who screened it. */
  private screening(bid: BidEntity, from: BidStatus, reasons: string[], screenedBy: string, at: Date, officerReason?: string): Screening {
    const outcome = reasons.length === 0 ? 'eligible' : 'ineligible';
    bidLifecycle.assertMove(from, outcome);
    Object.assign(bid, { status: outcome, screeningReasons: officerReason ? [officerReason] : reasons, screenedBy, screenedAt: at });
    return { outcome, reasons, screenedBy, at, officerReason };
  }

  private screenedEvent(bid: BidEntity, round: RoundEntity, { outcome, reasons, screenedBy, at, officerReason }: Screening, documents: DocumentRef[]) {
    return {
      ...this.summary(bid),
      outcome,
      reasons,
      screenedBy,
      maxAwardPence: round.maxAwardPence,
      screenedAt: at.toISOString(),
      // The dossier assessors read: the round's questions in order, with the bid's answers.
      ...(bid.submittedAt ? { submittedAt: bid.submittedAt.toISOString() } : {}),
      answers: round.questions.map((q) => ({ questionId: q.id, question: q.text, answer: bid.answers[q.id] ?? '' })),
      ...(officerReason ? { screeningNotes: officerReason } : {}),
      documents,
    };
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

  private async claim(m: EntityManager, bid: BidEntity, code: string, role: 'lead' | 'partner') {
    await m.query('insert into bid_memberships (bid_id, round_id, authority_code, role) values ($1, $2, $3, $4)', [bid.id, bid.roundId, code, role]);
  }

  /** Naming a partner only invites it: its place in the round stays its own until it accepts. */
  private async invite(m: EntityManager, bidId: string, codes: string[]) {
    for (const code of codes) await m.query(`insert into bid_partners (bid_id, authority_code, answer) values ($1, $2, 'invited')`, [bidId, code]);
  }

  /** The server's clock: the database's, which every replica shares. */
  private async clock(m: EntityManager): Promise<Date> {
    const [{ now }] = await m.query('select clock_timestamp() as now');
    return new Date(now);
  }

  /**
   * The unique membership settles concurrent claims of one authority's place. The refusal names only
   * the authority itself, never the bid holding its place (which may be another authority's).
   */
  private async oneLiveBid<T>(authorityCode: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (isUniqueViolation(err, ONE_LIVE_BID)) throw alreadyBidding(authorityCode);
      throw err;
    }
  }
}
