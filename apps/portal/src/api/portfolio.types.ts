/** Awards' portfolio dashboard (GET /portfolio/dashboard), as the portal reads it. */
import type { Page } from './applications.types';

export interface PortfolioBreakdown {
  code: string;
  label: string;
  mutuals: number;
  staff: number;
  spendingPence: number;
}

export interface PortfolioSupportFigures {
  cashCommittedPence: number;
  cashPaidPence: number;
  inKindValuePence: number;
  inKindInvoicedPence: number;
  inKindPaidPence: number;
}

export interface PortfolioDashboard {
  headline: { mutualsLaunched: number; staffEmployed: number; publicSpendingPence: number; targetMutuals: number; tradingCompaniesLaunched: number };
  launches: { quarter: string; quarterStart: string; launched: number; cumulative: number }[];
  byCommissionerKind: PortfolioBreakdown[];
  bySector: PortfolioBreakdown[];
  byRegion: PortfolioBreakdown[];
  pipeline: { stage: string; label: string; atStageNow: number; reached: number; movedOn: number; conversionPercent: number | null }[];
  support: Page<PortfolioSupportFigures & { mutualId: string; reference: string; name: string; cases: number }> & { totals: PortfolioSupportFigures & { mutuals: number } };
  bids: { programme: { id: string; name: string } | null; total: number; outcomes: { outcome: string; label: string; bids: number }[] };
}
