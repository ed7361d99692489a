import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { COMMISSIONER_KIND, COMMISSIONER_KINDS, REGION, REGIONS, SECTOR, SECTORS } from '@mutuals/domain';
import { Apis } from '../api/apis';
import type { ProgrammeView } from '../api/awards.types';
import type { PortfolioBreakdown, PortfolioDashboard } from '../api/portfolio.types';
import { PageFor } from '../auth/page-access';
import { userOf } from '../auth/personas';
import type { FormErrors } from '../forms/api-errors';
import { oneOf, parseDate, text } from '../forms/form-values';
import { passThrough } from '../pages/downloads';
import { money } from '../pages/format';
import { pageNumber, paginationFor } from '../pages/pagination';
import { barChartSvg, cumulativeChartSvg, funnelChartSvg } from './portfolio-charts';

const PAGE_SIZE = 20;
/** Awards' dashboard tables, each a CSV download. */
const TABLES = ['headline', 'launches', 'by-commissioner-kind', 'by-sector', 'by-region', 'pipeline', 'support', 'bids'];
const DATE_PARTS = ['day', 'month', 'year'] as const;
const OPTIONS = {
  sectors: SECTORS.map((code) => ({ value: code, text: SECTOR.label(code) })),
  regions: REGIONS.map((code) => ({ value: code, text: REGION.label(code) })),
  kinds: COMMISSIONER_KINDS.map((code) => ({ value: code, text: COMMISSIONER_KIND.label(code) })),
};

type Cell = { text: string; format?: 'numeric' };
interface Section {
  id: string;
  heading: string;
  intro?: string;
  charts: string[];
  table: { caption: string; head: Cell[]; rows: Cell[][] };
  csv: string;
}

const count = (n: number) => n.toLocaleString('en-GB');
const numeric = (value: string): Cell => ({ text: value, format: 'numeric' });

/**
 * The filter form's answers: the period as two Design System date inputs, and sector, region and
 * kind from the vocabulary. A date that is not a real one, or a period ending before it starts, is
 * an error to show, never a filter quietly dropped.
 */
function filtersOf(query: Record<string, unknown>, bidProgrammes: string[]) {
  const values: Record<string, string> = {};
  const errors: FormErrors = {};
  const period: Record<'from' | 'to', string | undefined> = { from: undefined, to: undefined };
  for (const [name, words] of [['from', 'start'], ['to', 'end']] as const) {
    for (const part of DATE_PARTS) values[`${name}-${part}`] = text(query[`${name}-${part}`]);
    if (DATE_PARTS.every((part) => !values[`${name}-${part}`])) continue;
    period[name] = parseDate(values[`${name}-day`], values[`${name}-month`], values[`${name}-year`]);
    if (!period[name]) errors[name] = `The ${words} of the period must be a real date, like 31 3 2014`;
  }
  if (period.from && period.to && period.to < period.from) errors.to = 'The end of the period must be the same as or after its start';
  const filters = {
    sector: oneOf(SECTORS, query.sector),
    region: oneOf(REGIONS, query.region),
    commissionerKind: oneOf(COMMISSIONER_KINDS, query.commissionerKind),
    bidProgrammeId: oneOf(bidProgrammes, query.bidProgrammeId),
  };
  const api = { from: period.from, to: period.to, ...filters };
  // The form's own fields, to keep in links (pages, downloads).
  const kept = Object.fromEntries(Object.entries({ ...values, ...filters }).filter(([, v]) => v));
  return { values: { ...values, ...filters }, errors, api, kept };
}

function breakdownSection(id: string, what: string, rows: PortfolioBreakdown[], csv: string): Section {
  const chart = (measure: string, pick: (r: PortfolioBreakdown) => number, show: (n: number) => string) =>
    barChartSvg(
      rows.map((r) => ({ label: r.label, value: pick(r), text: show(pick(r)) })),
      { id: `${id}-${measure.split(' ')[0].toLowerCase()}`, title: `${measure} by ${what}`, description: `${measure}, by ${what}: ${rows.map((r) => `${r.label} ${show(pick(r))}`).join(', ')}.`, showTitle: true },
    );
  return {
    id,
    heading: `By ${what}`,
    charts: [chart('Mutuals launched', (r) => r.mutuals, count), chart('Staff employed in mutuals', (r) => r.staff, count), chart('Public spending held by mutuals', (r) => r.spendingPence, money)],
    table: {
      caption: `Mutuals launched, staff and public spending by ${what}`,
      head: [{ text: what.charAt(0).toUpperCase() + what.slice(1) }, numeric('Mutuals launched'), numeric('Staff employed'), numeric('Public spending held')],
      rows: rows.map((r) => [{ text: r.label }, numeric(count(r.mutuals)), numeric(count(r.staff)), numeric(money(r.spendingPence))]),
    },
    csv,
  };
}

/** The sections the page draws as a chart with its figures in a table, from the dashboard's figures. */
function sectionsOf(d: PortfolioDashboard, csvHref: (table: string) => string): Section[] {
  const target = d.headline.targetMutuals;
  const funnel = d.pipeline.filter((s) => s.stage !== 'not-proceeding');
  const bidsName = d.bids.programme?.name ?? 'Delivering Differently';
  return [
    {
      id: 'launches',
      heading: 'Mutuals launched over time',
      intro: `Each quarter's launches in the period, and every mutual launched to date, against the target of ${count(target)}.`,
      charts: [
        cumulativeChartSvg(
          d.launches.map((q) => ({ label: q.quarter, cumulative: q.cumulative })),
          target,
          { id: 'launches-chart', title: `Mutuals launched to date against the target of ${count(target)}`, description: d.launches.length ? `From ${d.launches[0].quarter} to ${d.launches.at(-1)!.quarter}: ${count(d.launches.at(-1)!.cumulative)} launched to date.` : 'No mutuals launched in the period.' },
        ),
      ],
      table: {
        caption: 'Mutuals launched by quarter',
        head: [{ text: 'Quarter' }, numeric('Launched in the quarter'), numeric('Launched to date'), numeric('Target')],
        rows: d.launches.map((q) => [{ text: q.quarter }, numeric(count(q.launched)), numeric(count(q.cumulative)), numeric(count(target))]),
      },
      csv: csvHref('launches'),
    },
    breakdownSection('kind', 'commissioning body kind', d.byCommissionerKind, csvHref('by-commissioner-kind')),
    breakdownSection('sector', 'sector', d.bySector, csvHref('by-sector')),
    breakdownSection('region', 'region', d.byRegion, csvHref('by-region')),
    {
      id: 'pipeline',
      heading: 'Pipeline by journey stage',
      intro: 'Mutuals at each stage now, those that reached each stage in the period, and the share of those that have gone on to a later stage.',
      charts: [
        funnelChartSvg(
          funnel.map((s) => ({ label: s.label, reached: s.reached, conversionPercent: s.conversionPercent })),
          { id: 'pipeline-chart', title: 'Mutuals reaching each stage of the journey', description: funnel.map((s) => `${s.label} ${count(s.reached)}`).join(', ') + '.' },
        ),
      ],
      table: {
        caption: 'The pipeline by journey stage',
        head: [{ text: 'Stage' }, numeric('At this stage now'), numeric('Reached in the period'), numeric('Went on to a later stage'), numeric('Conversion')],
        rows: d.pipeline.map((s) => [{ text: s.label }, numeric(count(s.atStageNow)), numeric(count(s.reached)), numeric(count(s.movedOn)), numeric(s.conversionPercent === null ? '' : `${s.conversionPercent}%`)]),
      },
      csv: csvHref('pipeline'),
    },
    {
      id: 'bids',
      heading: `${bidsName} bids by outcome`,
      intro: d.bids.programme ? `What became of the ${count(d.bids.total)} bids of ${bidsName} counted, from the mutual each bid is linked to.` : 'There is no Delivering Differently programme yet.',
      charts: [
        barChartSvg(
          d.bids.outcomes.map((o) => ({ label: o.label, value: o.bids, text: count(o.bids) })),
          { id: 'bids-chart', title: `${bidsName} bids by outcome`, description: d.bids.outcomes.map((o) => `${o.label} ${count(o.bids)}`).join(', ') + '.' },
        ),
      ],
      table: {
        caption: `${bidsName} bids by outcome`,
        head: [{ text: 'Outcome' }, numeric('Bids')],
        rows: d.bids.outcomes.map((o) => [{ text: o.label }, numeric(count(o.bids))]),
      },
      csv: csvHref('bids'),
    },
  ];
}

/** Programme officers: the portfolio of mutuals, in figures, charts and downloads. */
@Controller('officer')
@PageFor('officer')
export class OfficerPortfolioController {
  constructor(@Inject(Apis) private readonly apis: Apis) {}

  /** The bid programmes whose bids can be counted by outcome, for the form's choice. */
  private async bidProgrammes(req: Request): Promise<{ value: string; text: string }[]> {
    const programmes = await this.apis.awards.all<ProgrammeView>(userOf(req), '/programmes');
    return programmes.filter((p) => p.kind === 'bid-programme').map((p) => ({ value: p.id, text: p.name }));
  }

  @Get('portfolio')
  async portfolio(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const bidProgrammes = await this.bidProgrammes(req);
    const options = { ...OPTIONS, bidProgrammes };
    const { values, errors, api, kept } = filtersOf(query, bidProgrammes.map((p) => p.value));
    if (Object.keys(errors).length > 0) return res.status(400).render('officer/portfolio.njk', { values, errors, options });
    const page = pageNumber(query.page);
    const dashboard = await this.apis.awards.get<PortfolioDashboard>(userOf(req), '/portfolio/dashboard', { ...api, page, pageSize: PAGE_SIZE });
    const downloadQuery = new URLSearchParams(kept).toString();
    const csvHref = (table: string) => `/officer/portfolio/${table}.csv${downloadQuery ? `?${downloadQuery}` : ''}`;
    res.render('officer/portfolio.njk', {
      values,
      options,
      dashboard,
      filtered: Object.keys(kept).length > 0,
      sections: sectionsOf(dashboard, csvHref),
      csv: { headline: csvHref('headline'), support: csvHref('support') },
      pagination: paginationFor(dashboard.support.total, page, PAGE_SIZE, '/officer/portfolio', kept),
    });
  }

  @Get('portfolio/:table.csv')
  async download(@Req() req: Request, @Res() res: Response, @Param('table') table: string, @Query() query: Record<string, unknown>) {
    if (!TABLES.includes(table)) return res.status(404).render('errors/not-found.njk');
    const bidProgrammes = await this.bidProgrammes(req);
    const { values, errors, api } = filtersOf(query, bidProgrammes.map((p) => p.value));
    // A download asked for with a filter that is wrong: the page says what is wrong with it.
    if (Object.keys(errors).length > 0) return res.status(400).render('officer/portfolio.njk', { values, errors, options: { ...OPTIONS, bidProgrammes } });
    await passThrough(res, await this.apis.awards.download(userOf(req), `/portfolio/dashboard/${table}.csv`, api), `portfolio-${table}.csv`);
  }
}
