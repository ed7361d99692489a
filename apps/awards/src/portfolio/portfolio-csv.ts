import { csvRow, CsvValue, poundsColumn } from '@mutuals/http';
import { BidOutcomesView, BreakdownView, HeadlineView, LaunchQuarterView, MutualSupportView, PipelineStageView, SupportFigures } from './portfolio.dto';

/** The dashboard's tables, each downloadable as `<table>.csv`. */
export const PORTFOLIO_TABLES = ['headline', 'launches', 'by-commissioner-kind', 'by-sector', 'by-region', 'pipeline', 'support', 'bids'] as const;
export type PortfolioTable = (typeof PORTFOLIO_TABLES)[number];

export interface CsvTable {
  header: string[];
  rows: CsvValue[][];
}

/** Money in two columns, as the other exports write it: exact pence, and pounds for spreadsheets. */
const money = (title: string): string[] => [`${title} (pence)`, `${title} (£)`];
const moneyOf = (pence: number): CsvValue[] => [pence, poundsColumn(pence)];

export const headlineCsv = (h: HeadlineView): CsvTable => ({
  header: ['Mutuals launched', 'Staff employed', ...money('Public spending held'), 'Target (mutuals)', 'Trading companies launched'],
  rows: [[h.mutualsLaunched, h.staffEmployed, ...moneyOf(h.publicSpendingPence), h.targetMutuals, h.tradingCompaniesLaunched]],
});

export const launchesCsv = (quarters: LaunchQuarterView[], target: number): CsvTable => ({
  header: ['Quarter', 'Quarter starts', 'Mutuals launched in quarter', 'Mutuals launched to date', 'Target (mutuals)'],
  rows: quarters.map((q) => [q.quarter, q.quarterStart, q.launched, q.cumulative, target]),
});

export const breakdownCsv = (what: string, rows: BreakdownView[]): CsvTable => ({
  header: [`${what} code`, what, 'Mutuals launched', 'Staff employed', ...money('Public spending held')],
  rows: rows.map((r) => [r.code, r.label, r.mutuals, r.staff, ...moneyOf(r.spendingPence)]),
});

export const pipelineCsv = (stages: PipelineStageView[]): CsvTable => ({
  header: ['Stage code', 'Stage', 'At this stage now', 'Reached in the period', 'Went on to a later stage', 'Conversion (%)'],
  rows: stages.map((s) => [s.stage, s.label, s.atStageNow, s.reached, s.movedOn, s.conversionPercent]),
});

const SUPPORT_COLUMNS: [string, keyof SupportFigures][] = [
  ['Cash committed', 'cashCommittedPence'],
  ['Cash paid', 'cashPaidPence'],
  ['In kind awarded', 'inKindValuePence'],
  ['In kind invoiced', 'inKindInvoicedPence'],
  ['In kind paid', 'inKindPaidPence'],
];

export const supportCsv = (mutuals: MutualSupportView[]): CsvTable => ({
  header: ['Reference', 'Mutual', 'Cases', ...SUPPORT_COLUMNS.flatMap(([title]) => money(title))],
  rows: mutuals.map((m) => [m.reference, m.name, m.cases, ...SUPPORT_COLUMNS.flatMap(([, field]) => moneyOf(m[field]))]),
});

export const bidsCsv = (bids: BidOutcomesView): CsvTable => ({
  header: ['Programme', 'Outcome code', 'Outcome', 'Bids'],
  rows: bids.outcomes.map((o) => [bids.programme?.name ?? '', o.outcome, o.label, o.bids]),
});

/** UTF-8 with a byte-order mark (so spreadsheets read £ and names right), a header row, CRLF lines. */
export const csvText = (table: CsvTable): string => '\ufeff' + [table.header, ...table.rows].map(csvRow).join('');
