import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { COMMISSIONER_KIND, COMMISSIONER_KINDS, DomainError, MUTUAL_ROUTES, REGION, REGIONS, SECTOR, SECTORS } from '@mutuals/domain';
import { offsetOf } from '@mutuals/http';
import { COMMITTED_CASH } from '../programmes/tracking.service';
import { bidsCsv, breakdownCsv, CsvTable, headlineCsv, launchesCsv, pipelineCsv, PORTFOLIO_TABLES, PortfolioTable, supportCsv } from './portfolio-csv';
import { BID_OUTCOME, BID_OUTCOMES, BidOutcome, bidOutcomeSql, breakdownOf, JOURNEY_ORDER, launchesByQuarter, pipelineOf, TARGET_MUTUALS } from './portfolio';
import { BidOutcomesView, BreakdownView, HeadlineView, LaunchQuarterView, MutualSupportPage, MutualSupportView, PortfolioDashboardView, PortfolioQuery, PipelineStageView, SupportTotalsView } from './portfolio.dto';

/** The name of the bid programme counted by default, as intake publishes it. */
export const DELIVERING_DIFFERENTLY = 'Delivering Differently';

/** A statement's parameters, numbered as they are added, so each query binds only the filters given. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown, type: string): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }
}

/** A mutual's own date: its launch, or for one not launched the day it entered its current stage. */
const MUTUAL_DATE = 'coalesce(m.launched_on, m.stage_entered_on)';
const KIND = 'coalesce(m.commissioning_body_kind, m.parent_body_kind)';

/** The filters on mutuals (alias m), the period applying to `dateColumn` when one is given. */
function mutualFilter(p: Params, q: PortfolioQuery, dateColumn: string | null, options: { from?: boolean } = {}): string {
  const clauses = ['true'];
  if (dateColumn && q.from && options.from !== false) clauses.push(`${dateColumn} >= ${p.add(q.from, 'date')}`);
  if (dateColumn && q.to) clauses.push(`${dateColumn} <= ${p.add(q.to, 'date')}`);
  if (q.sector) clauses.push(`m.sector = ${p.add(q.sector, 'text')}`);
  if (q.region) clauses.push(`m.region = ${p.add(q.region, 'text')}`);
  if (q.commissionerKind) clauses.push(`${KIND} = ${p.add(q.commissionerKind, 'text')}`);
  return clauses.join(' and ');
}

const figuresOf = (r: Record<string, any>) => ({ mutuals: Number(r.mutuals), staff: Number(r.staff), spendingPence: Number(r.spending) });

/**
 * The programme's portfolio, read from the register and awards' own tables: a few aggregate
 * queries, each over the mutuals the filters select (see PortfolioQuery for what they mean).
 */
@Injectable()
export class PortfolioService {
  constructor(private readonly dataSource: DataSource) {}

  async dashboard(q: PortfolioQuery): Promise<PortfolioDashboardView> {
    const [launched, launches, pipeline, support, bids] = await Promise.all([this.launched(q), this.launches(q), this.pipeline(q), this.support(q), this.bids(q)]);
    return { ...launched, launches, pipeline, support, bids };
  }

  /** The headline and the breakdowns, in one pass over the launches in the period. */
  async launched(q: PortfolioQuery): Promise<{ headline: HeadlineView; byCommissionerKind: BreakdownView[]; bySector: BreakdownView[]; byRegion: BreakdownView[] }> {
    const p = new Params();
    const routes = p.add(MUTUAL_ROUTES, 'text[]');
    const rows: Record<string, any>[] = await this.dataSource.query(
      `select kind, sector, region, grouping(kind) as all_kind, grouping(sector) as all_sector, grouping(region) as all_region,
         count(*) filter (where is_mutual) as mutuals, coalesce(sum(staff_count) filter (where is_mutual), 0) as staff,
         coalesce(sum(contract_value_pence) filter (where is_mutual), 0) as spending, count(*) filter (where not is_mutual) as trading
       from (select ${KIND} as kind, m.sector, m.region, m.staff_count, m.contract_value_pence, m.route = any(${routes}) as is_mutual
             from mutuals m
             where m.launched_on is not null and (m.route = any(${routes}) or m.route = 'local-authority-trading-company') and ${mutualFilter(p, q, 'm.launched_on')}) m
       group by grouping sets ((kind), (sector), (region), ())`,
      p.values,
    );
    const total = rows.find((r) => r.all_kind && r.all_sector && r.all_region);
    // grouping(column) is 0 on the rows grouped by that column.
    const by = (column: 'kind' | 'sector' | 'region') => new Map(rows.filter((r) => !r[`all_${column}`]).map((r) => [r[column] as string | null, figuresOf(r)]));
    return {
      headline: {
        mutualsLaunched: Number(total?.mutuals ?? 0),
        staffEmployed: Number(total?.staff ?? 0),
        publicSpendingPence: Number(total?.spending ?? 0),
        targetMutuals: TARGET_MUTUALS,
        tradingCompaniesLaunched: Number(total?.trading ?? 0),
      },
      byCommissionerKind: breakdownOf(COMMISSIONER_KINDS, COMMISSIONER_KIND.label, by('kind')),
      bySector: breakdownOf(SECTORS, SECTOR.label, by('sector')),
      byRegion: breakdownOf(REGIONS, REGION.label, by('region')),
    };
  }

  /** Mutuals launched per quarter of the period, with those launched to date (before the period too). */
  async launches(q: PortfolioQuery): Promise<LaunchQuarterView[]> {
    const p = new Params();
    const filter = mutualFilter(p, q, 'm.launched_on', { from: false });
    const inPeriod = q.from ? `count(*) filter (where m.launched_on >= ${p.add(q.from, 'date')})` : 'count(*)';
    const rows: Record<string, any>[] = await this.dataSource.query(
      `select to_char(date_trunc('quarter', m.launched_on), 'YYYY-MM-DD') as quarter_start, ${inPeriod} as in_period, count(*) as launched
       from mutuals m where m.launched_on is not null and m.route = any(${p.add(MUTUAL_ROUTES, 'text[]')}) and ${filter}
       group by 1 order by 1`,
      p.values,
    );
    return launchesByQuarter(rows.map((r) => ({ quarterStart: r.quarter_start, inPeriod: Number(r.in_period), all: Number(r.launched) })));
  }

  /** Where mutuals are in their journey now, and how they moved through it (from every stage they entered). */
  async pipeline(q: PortfolioQuery): Promise<PipelineStageView[]> {
    const now = new Params();
    const reached = new Params();
    const order = reached.add(JOURNEY_ORDER, 'text[]');
    const entered = [q.from ? `s.entered_on >= ${reached.add(q.from, 'date')}` : 'true', q.to ? `s.entered_on <= ${reached.add(q.to, 'date')}` : 'true'].join(' and ');
    const [atNow, entries] = await Promise.all([
      this.dataSource.query(`select m.stage, count(*) as n from mutuals m where ${mutualFilter(now, q, 'm.stage_entered_on')} group by 1`, now.values),
      this.dataSource.query(
        `with chosen as (select m.id from mutuals m where ${mutualFilter(reached, q, null)}),
           entered as (select distinct s.mutual_id, s.stage from mutual_stages s join chosen c on c.id = s.mutual_id where ${entered}),
           furthest as (select s.mutual_id, max(array_position(${order}, s.stage)) as furthest from mutual_stages s join chosen c on c.id = s.mutual_id group by 1)
         select e.stage, count(*) as reached, count(*) filter (where f.furthest > array_position(${order}, e.stage)) as moved_on
         from entered e join furthest f on f.mutual_id = e.mutual_id group by 1`,
        reached.values,
      ),
    ]);
    return pipelineOf(
      new Map(atNow.map((r: Record<string, any>) => [r.stage, Number(r.n)])),
      new Map(entries.map((r: Record<string, any>) => [r.stage, { reached: Number(r.reached), movedOn: Number(r.moved_on) }])),
    );
  }

  /**
   * Support per mutual, through the cases linked to it: cash committed and paid on their awards, and
   * their support packages in kind. A page by name (then id), with the totals of every page.
   */
  async support(q: PortfolioQuery, everyRow = false): Promise<MutualSupportPage> {
    const p = new Params();
    const perMutual = `select m.id, m.reference, m.name, count(*) as cases,
        coalesce(sum(${COMMITTED_CASH}), 0) as cash_committed, coalesce(sum(w.paid_pence - w.clawed_back_pence), 0) as cash_paid,
        coalesce(sum(k.value_pence), 0) as in_kind_value, coalesce(sum(k.invoiced_pence), 0) as in_kind_invoiced, coalesce(sum(k.paid_pence), 0) as in_kind_paid
      from mutuals m join mutual_links l on l.mutual_id = m.id and l.kind = 'case' join cases c on c.id = l.ref_id
        left join awards w on w.case_id = c.id left join support_packages k on k.case_id = c.id
      where ${mutualFilter(p, q, MUTUAL_DATE)}
      group by m.id`;
    const { offset, limit, page, pageSize } = offsetOf(q);
    const [rows, [totals]] = await Promise.all([
      this.dataSource.query(`${perMutual} order by m.name, m.id ${everyRow ? '' : `offset ${offset} limit ${limit}`}`, p.values),
      this.dataSource.query(
        `select count(*) as mutuals, coalesce(sum(cash_committed), 0) as cash_committed, coalesce(sum(cash_paid), 0) as cash_paid,
           coalesce(sum(in_kind_value), 0) as in_kind_value, coalesce(sum(in_kind_invoiced), 0) as in_kind_invoiced, coalesce(sum(in_kind_paid), 0) as in_kind_paid
         from (${perMutual}) t`,
        p.values,
      ),
    ]);
    const items: MutualSupportView[] = rows.map((r: Record<string, any>) => ({ mutualId: r.id, reference: r.reference, name: r.name, cases: Number(r.cases), ...supportFiguresOf(r) }));
    const total: SupportTotalsView = { mutuals: Number(totals.mutuals), ...supportFiguresOf(totals) };
    return everyRow ? { items, page: 1, pageSize: items.length, total: items.length, totals: total } : { items, page, pageSize, total: total.mutuals, totals: total };
  }

  /** The bids of a bid programme by what became of them, from the mutual each is linked to. */
  async bids(q: PortfolioQuery): Promise<BidOutcomesView> {
    const programme = await this.bidProgramme(q.bidProgrammeId);
    const counts = new Map<string, number>();
    if (programme) {
      const p = new Params();
      const id = p.add(programme.id, 'uuid');
      const outcome = bidOutcomeSql(p.add(MUTUAL_ROUTES, 'text[]'));
      const rows: Record<string, any>[] = await this.dataSource.query(
        `with bids as (select c.source_id as bid_id from cases c where c.source = 'bid' and c.programme_id = ${id}
                       union select s.bid_id from bid_screenings s where s.programme_id = ${id})
         select ${outcome} as outcome, count(*) as n
         from bids b left join mutual_links l on l.kind = 'bid' and l.ref_id = b.bid_id left join mutuals m on m.id = l.mutual_id
         where ${mutualFilter(p, q, MUTUAL_DATE)}
         group by 1`,
        p.values,
      );
      for (const r of rows) counts.set(r.outcome, Number(r.n));
    }
    const outcomes = BID_OUTCOMES.map((outcome: BidOutcome) => ({ outcome, label: BID_OUTCOME[outcome], bids: counts.get(outcome) ?? 0 }));
    return { programme, total: outcomes.reduce((sum, o) => sum + o.bids, 0), outcomes };
  }

  /** One of the dashboard's tables, every row of it, for a CSV download. */
  async table(table: string, q: PortfolioQuery): Promise<CsvTable> {
    switch (table as PortfolioTable) {
      case 'headline':
        return headlineCsv((await this.launched(q)).headline);
      case 'launches':
        return launchesCsv(await this.launches(q), TARGET_MUTUALS);
      case 'by-commissioner-kind':
        return breakdownCsv('Commissioning body kind', (await this.launched(q)).byCommissionerKind);
      case 'by-sector':
        return breakdownCsv('Sector', (await this.launched(q)).bySector);
      case 'by-region':
        return breakdownCsv('Region', (await this.launched(q)).byRegion);
      case 'pipeline':
        return pipelineCsv(await this.pipeline(q));
      case 'support':
        return supportCsv((await this.support(q, true)).items);
      case 'bids':
        return bidsCsv(await this.bids(q));
      default:
        throw new DomainError('not-found', 'dashboard-table-not-found', `The dashboard has no table ${table}; it has ${PORTFOLIO_TABLES.join(', ')}`);
    }
  }

  /** The programme asked for, or the Delivering Differently programme with the most bids. */
  private async bidProgramme(id: string | undefined): Promise<{ id: string; name: string } | null> {
    if (id) {
      const [found] = await this.dataSource.query('select id, name from programmes where id = $1', [id]);
      if (!found) throw DomainError.notFound('Programme', id);
      return found;
    }
    const [named] = await this.dataSource.query(
      `select p.id, p.name from programmes p where p.kind = 'bid-programme' and p.name = $1
       order by (select count(*) from cases c where c.programme_id = p.id and c.source = 'bid') desc, p.id limit 1`,
      [DELIVERING_DIFFERENTLY],
    );
    return named ?? null;
  }
}

function supportFiguresOf(r: Record<string, any>) {
  return {
    cashCommittedPence: Number(r.cash_committed),
    cashPaidPence: Number(r.cash_paid),
    inKindValuePence: Number(r.in_kind_value),
    inKindInvoicedPence: Number(r.in_kind_invoiced),
    inKindPaidPence: Number(r.in_kind_paid),
  };
}
