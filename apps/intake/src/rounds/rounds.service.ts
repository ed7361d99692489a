import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuthenticatedUser } from '@mutuals/auth';
import { RoundClosed, RoundOpened, RoundPublished } from '@mutuals/contracts';
import { DomainError } from '@mutuals/domain';
import { offsetOf, Page, PageQuery } from '@mutuals/http';
import { EventPublisher } from '@mutuals/messaging';
import { recordChange } from '../audit';
import { ProgrammesService } from '../programmes/programmes.service';
import { assertRoundSettings, formatUtc, OFFICER_ROUND_MOVES, roundLifecycle, RoundStatus } from './round';
import { CreateRoundDto, RoundFiguresView, UpdateRoundDto } from './round.dto';
import { RoundEntity } from './round.entity';

const SCHEDULER = 'round-scheduler';

function settingsOf(input: CreateRoundDto) {
  return { ...input, opensAt: new Date(input.opensAt), closesAt: new Date(input.closesAt) };
}

@Injectable()
export class RoundsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventPublisher,
    private readonly programmes: ProgrammesService,
  ) {}

  async create(officer: AuthenticatedUser, programmeId: string, input: CreateRoundDto): Promise<RoundEntity> {
    const settings = settingsOf(input);
    assertRoundSettings(settings, settings.questions, settings.assessment.criteria);
    return this.dataSource.transaction(async (m) => {
      await this.programmes.get(programmeId, m);
      const round = await m.save(m.create(RoundEntity, { id: randomUUID(), programmeId, ...settings, status: 'draft', openedAt: null, closedAt: null }));
      await recordChange(m, { subjectType: 'round', subjectId: round.id, action: 'created', to: 'draft', actorId: officer.id });
      await this.publishSettings(m, round, officer.id);
      return round;
    });
  }

  /** Settings change only while the round is a draft: once scheduled, councils may be relying on them. */
  async update(officer: AuthenticatedUser, id: string, input: UpdateRoundDto): Promise<RoundEntity> {
    return this.dataSource.transaction(async (m) => {
      const round = await this.get(id, m, true);
      if (round.status !== 'draft') {
        throw new DomainError('conflict', 'round-not-editable', `A round that is ${round.status} cannot be changed; move it back to draft first`);
      }
      const { reason, ...changes } = input;
      Object.assign(round, changes, {
        opensAt: changes.opensAt ? new Date(changes.opensAt) : round.opensAt,
        closesAt: changes.closesAt ? new Date(changes.closesAt) : round.closesAt,
      });
      assertRoundSettings(round, round.questions, round.assessment.criteria);
      await recordChange(m, { subjectType: 'round', subjectId: id, action: 'changed', actorId: officer.id, detail: { ...changes, ...(reason ? { reason } : {}) } });
      const saved = await m.save(round);
      await this.publishSettings(m, saved, officer.id);
      return saved;
    });
  }

  /** `at` replays history (demo data) instead of the clock. */
  async move(officer: AuthenticatedUser, id: string, to: (typeof OFFICER_ROUND_MOVES)[number], at?: Date): Promise<RoundEntity> {
    return this.dataSource.transaction(async (m) => {
      const round = await this.get(id, m, true);
      roundLifecycle.assertMove(round.status, to);
      if (to === 'scheduled') {
        const now = at ?? new Date((await m.query('select now() as now'))[0].now);
        if (round.closesAt.getTime() <= now.getTime()) {
          throw new DomainError('unprocessable', 'round-closes-in-past', `${round.name} would close at ${formatUtc(round.closesAt)}, which has passed`);
        }
      }
      const from = round.status;
      round.status = to;
      await recordChange(m, { subjectType: 'round', subjectId: id, action: 'moved', from, to, actorId: officer.id }, at);
      const saved = await m.save(round);
      await this.publishSettings(m, saved, officer.id, at);
      return saved;
    });
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager, forUpdate = false): Promise<RoundEntity> {
    const round = await manager.findOne(RoundEntity, { where: { id }, ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!round) throw DomainError.notFound('Round', id);
    return round;
  }

  /** A page of rounds, soonest closing first (the id breaks ties). */
  async page(filter: { programmeId?: string; status?: RoundStatus }, query: Partial<PageQuery>): Promise<Page<RoundEntity>> {
    const { offset, limit, page, pageSize } = offsetOf(query);
    const where = { ...(filter.programmeId ? { programmeId: filter.programmeId } : {}), ...(filter.status ? { status: filter.status } : {}) };
    const [items, total] = await this.dataSource.manager.findAndCount(RoundEntity, { where, order: { closesAt: 'ASC', id: 'ASC' }, skip: offset, take: limit });
    return { items, page, pageSize, total };
  }

  /**
   * Opens every scheduled round whose opening time has come. The conditional UPDATE is the claim:
   * a replica that races us waits for our commit, then finds the round no longer scheduled, so each
   * round opens, and its event is written, exactly once. `at` replays history (demo data) instead of now.
   */
  async openDue(m: EntityManager, at?: Date): Promise<RoundEntity[]> {
    const [claimed] = await m.query(
      `update rounds set status = 'open', opened_at = coalesce($1::timestamptz, now()), updated_at = now()
       where status = 'scheduled' and opens_at <= coalesce($1::timestamptz, now()) returning id`,
      [at ?? null],
    );
    const rounds = await this.claimed(m, claimed);
    for (const round of rounds) {
      await recordChange(m, { subjectType: 'round', subjectId: round.id, action: 'opened', from: 'scheduled', to: 'open', actorId: SCHEDULER }, round.openedAt!);
      await this.events.publish(m, RoundOpened, round.id, {
        roundId: round.id,
        programmeId: round.programmeId,
        name: round.name,
        opensAt: round.opensAt.toISOString(),
        closesAt: round.closesAt.toISOString(),
        maxAwardPence: round.maxAwardPence,
        places: round.places,
        assessment: round.assessment,
      });
    }
    return rounds;
  }

  /**
   * Closes every open round whose closing time has come, exactly once (see openDue). The UPDATE
   * waits for submissions in flight (they hold a share lock on the round), so the count is final.
   */
  async closeDue(m: EntityManager, at?: Date): Promise<RoundEntity[]> {
    const [claimed] = await m.query(
      `update rounds set status = 'closed', closed_at = coalesce($1::timestamptz, now()), updated_at = now()
       where status = 'open' and closes_at <= coalesce($1::timestamptz, now()) returning id`,
      [at ?? null],
    );
    const rounds = await this.claimed(m, claimed);
    for (const round of rounds) {
      const [{ submitted }] = await m.query(
        `select count(*)::int as submitted from bids where round_id = $1 and submitted_at is not null and status <> 'withdrawn'`,
        [round.id],
      );
      await recordChange(m, { subjectType: 'round', subjectId: round.id, action: 'closed', from: 'open', to: 'closed', actorId: SCHEDULER }, round.closedAt!);
      await this.events.publish(m, RoundClosed, round.id, {
        roundId: round.id,
        programmeId: round.programmeId,
        closedAt: round.closedAt!.toISOString(),
        bidsSubmitted: submitted,
      });
    }
    return rounds;
  }

  async figures(id: string): Promise<RoundFiguresView> {
    const m = this.dataSource.manager;
    await this.get(id, m);
    const counted = async (column: 'status' | 'region' | 'sector', onlySubmitted: boolean) => {
      const rows: { key: string | null; n: number }[] = await m.query(
        `select ${column} as key, count(*)::int as n from bids
         where round_id = $1 ${onlySubmitted ? `and submitted_at is not null and status <> 'withdrawn'` : ''}
         group by ${column} order by ${column}`,
        [id],
      );
      return Object.fromEntries(rows.map((r) => [r.key ?? 'unknown', r.n]));
    };
    const [[totals], [late]] = await Promise.all([
      m.query(
        `select count(*)::int as bids, coalesce(sum(amount_requested_pence), 0)::text as pence from bids
         where round_id = $1 and submitted_at is not null and status <> 'withdrawn'`,
        [id],
      ),
      m.query('select count(*)::int as n from late_bid_attempts where round_id = $1', [id]),
    ]);
    return {
      roundId: id,
      byStatus: await counted('status', false),
      byRegion: await counted('region', true),
      bySector: await counted('sector', true),
      bidsSubmitted: totals.bids,
      totalRequestedPence: Number(totals.pence),
      lateAttemptsRefused: late.n,
    };
  }

  /** The round as the officer left it, for services that show or plan around rounds before they open. */
  private async publishSettings(m: EntityManager, round: RoundEntity, changedBy: string, at?: Date): Promise<void> {
    await this.events.publish(m, RoundPublished, round.id, {
      roundId: round.id,
      programmeId: round.programmeId,
      name: round.name,
      referencePrefix: round.referencePrefix,
      status: round.status,
      opensAt: round.opensAt.toISOString(),
      closesAt: round.closesAt.toISOString(),
      maxAwardPence: round.maxAwardPence,
      places: round.places,
      eligibility: round.eligibility,
      questions: round.questions.length,
      assessment: round.assessment,
      changedBy,
      changedAt: (at ?? new Date()).toISOString(),
    });
  }

  private async claimed(m: EntityManager, rows: { id: string }[]): Promise<RoundEntity[]> {
    if (rows.length === 0) return [];
    return m.find(RoundEntity, { where: { id: In(rows.map((r) => r.id)) }, order: { opensAt: 'ASC' } });
  }
}
