import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@mutuals/domain';
import { offsetOf, Page, PageQuery } from '@mutuals/http';
import { rankCases } from '../cases/ranking';
import { BreakdownRow, ProgrammeTrackingView, ProgrammeView, RankingView } from './tracking.dto';

/** Awards that took money out of the budget at some point (not declined or lapsed). */
const MADE = `('offered', 'accepted', 'active', 'completed', 'clawed-back')`;

/**
 * The cash a case (alias c) still commits, given its award (alias w, left joined): what was approved,
 * until the offer is declined, lapses or the case is withdrawn; what was kept once money is recovered.
 */
export const COMMITTED_CASH = `case when c.approved_pence is null or w.status in ('declined', 'lapsed') or (w.id is null and c.status = 'withdrawn') then 0
  when w.status in ('clawed-back', 'withdrawn') then w.paid_pence - w.clawed_back_pence
  else c.approved_pence end`;

/** A budget lowered below what was committed shows as over-committed, never as a negative remainder. */
function programmeOf(r: Record<string, any>): ProgrammeView {
  const budget = Number(r.budget_pence);
  const committed = Number(r.committed_pence);
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    budgetPence: budget,
    committedPence: committed,
    paidPence: Number(r.paid_pence),
    remainingPence: Math.max(0, budget - committed),
    overCommittedPence: Math.max(0, committed - budget),
  };
}

@Injectable()
export class TrackingService {
  constructor(private readonly dataSource: DataSource) {}

  /** A page of programmes and funds by name (the id breaks ties). */
  async programmes(query: Partial<PageQuery> = {}): Promise<Page<ProgrammeView>> {
    const { offset, limit, page, pageSize } = offsetOf(query);
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query('select * from programmes order by name, id offset $1 limit $2', [offset, limit]),
      this.dataSource.query('select count(*)::int as total from programmes'),
    ]);
    return { items: rows.map(programmeOf), page, pageSize, total };
  }

  async programme(id: string): Promise<ProgrammeTrackingView> {
    const [row] = await this.dataSource.query('select * from programmes where id = $1', [id]);
    if (!row) throw DomainError.notFound('Programme', id);
    const rounds = await this.dataSource.query(
      `select s.id, s.name, count(c.id)::int as cases,
         coalesce(sum(${COMMITTED_CASH}), 0) as committed,
         coalesce(sum(w.paid_pence - w.clawed_back_pence), 0) as paid
       from schemes s left join cases c on c.scheme_id = s.id left join awards w on w.case_id = c.id
       where s.programme_id = $1 group by s.id, s.name order by s.name`,
      [id],
    );
    const breakdown = async (column: string, onlyMade: boolean): Promise<BreakdownRow[]> =>
      (
        await this.dataSource.query(
          `select coalesce(${column}, 'unknown') as key, count(*)::int as awards, sum(w.amount_pence) as awarded, sum(w.paid_pence - w.clawed_back_pence) as paid
           from awards w join cases c on c.id = w.case_id where w.programme_id = $1 ${onlyMade ? `and w.status in ${MADE}` : ''} group by 1 order by 1`,
          [id],
        )
      ).map((r: Record<string, any>) => ({ key: r.key, awards: r.awards, awardedPence: Number(r.awarded), paidPence: Number(r.paid) }));
    return {
      ...programmeOf(row),
      rounds: rounds.map((r: Record<string, any>) => ({ id: r.id, name: r.name, cases: r.cases, committedPence: Number(r.committed), paidPence: Number(r.paid) })),
      bySector: await breakdown('c.sector', true),
      byRegion: await breakdown('c.region', true),
      byStatus: await breakdown('w.status', false),
    };
  }

  /** Scored cases best first, with the funding line the remaining budget draws. */
  async ranking(programmeId: string, roundId?: string): Promise<RankingView> {
    const [p] = await this.dataSource.query('select budget_pence, committed_pence from programmes where id = $1', [programmeId]);
    if (!p) throw DomainError.notFound('Programme', programmeId);
    const remaining = Math.max(0, Number(p.budget_pence) - Number(p.committed_pence));
    const rows = await this.dataSource.query(
      `select c.id, c.reference, c.organisation_name, c.final_score, c.status, c.approved_pence,
         least(c.amount_requested_pence, coalesce(c.max_award_pence, s.max_award_pence, c.amount_requested_pence)) as ask
       from cases c join schemes s on s.id = c.scheme_id
       where c.programme_id = $1 and ($2::uuid is null or c.scheme_id = $2) and c.final_score is not null
         and c.status in ('assessed', 'approval-pending', 'reserve', 'approved', 'offered')`,
      [programmeId, roundId ?? null],
    );
    const byId = new Map(rows.map((r: Record<string, any>) => [r.id, r]));
    const ranked = rankCases(
      rows.map((r: Record<string, any>) => ({
        caseId: r.id,
        reference: r.reference,
        finalScore: Number(r.final_score),
        askPence: r.approved_pence === null ? Number(r.ask) : Number(r.approved_pence),
        committed: r.status === 'approved' || r.status === 'offered',
      })),
      remaining,
    );
    return {
      remainingPence: remaining,
      cases: ranked.map((r) => {
        const row = byId.get(r.caseId) as Record<string, any>;
        return { rank: r.rank, caseId: r.caseId, reference: row.reference, organisationName: row.organisation_name, finalScore: r.finalScore, askPence: r.askPence, status: row.status, aboveFundingLine: r.aboveFundingLine };
      }),
    };
  }
}
