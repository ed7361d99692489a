import { JOURNEY_STAGE, JOURNEY_STAGES, JourneyStage } from '@mutuals/domain';

/** The programme's stated ambition: a thousand public-service mutuals. */
export const TARGET_MUTUALS = 1000;

/** The journey in order, without `not-proceeding`, which ends a journey rather than continuing it. */
export const JOURNEY_ORDER: JourneyStage[] = JOURNEY_STAGES.filter((s) => s !== 'not-proceeding');

/** What became of a bid in a bid programme, read from the mutual linked to it. */
export const BID_OUTCOME = {
  'became-mutual': 'Became a mutual',
  'trading-company': 'Became a trading company',
  'stayed-in-house': 'Stayed in house',
  outsourced: 'Outsourced',
  'in-pipeline': 'Still in the pipeline',
  'no-outcome': 'No outcome recorded',
} as const;
export type BidOutcome = keyof typeof BID_OUTCOME;
export const BID_OUTCOMES = Object.keys(BID_OUTCOME) as BidOutcome[];

/**
 * A bid's outcome in SQL, from its linked mutual (alias m, left joined; `$routes` the mutual routes):
 * launched on a mutual route, a mutual; launched as a local-authority trading company, a trading
 * company; outsourcing chosen, outsourced; in house chosen, or the journey stopped without another
 * route, stayed in house (the service did not leave); any other journey is still under way.
 */
export const bidOutcomeSql = (routes: string) => `case
  when m.id is null then 'no-outcome'
  when m.launched_on is not null and m.route = any(${routes}) then 'became-mutual'
  when m.launched_on is not null and m.route = 'local-authority-trading-company' then 'trading-company'
  when m.route = 'outsourcing' then 'outsourced'
  when m.route = 'in-house' or m.stage = 'not-proceeding' then 'stayed-in-house'
  else 'in-pipeline' end`;

export interface Period {
  from?: string;
  to?: string;
}

/** A period whose end is before its start is a mistake in the request: the field to name, or null. */
export function periodProblem(period: Period): string | null {
  return period.from && period.to && period.to < period.from ? `to (${period.to}) must not be before from (${period.from})` : null;
}

export interface QuarterCount {
  /** The first day of the quarter, YYYY-MM-DD. */
  quarterStart: string;
  /** Launches in the quarter within the period asked for. */
  inPeriod: number;
  /** Every launch in the quarter, before the period began too. */
  all: number;
}

export interface LaunchQuarter {
  quarter: string;
  quarterStart: string;
  launched: number;
  cumulative: number;
}

const quarterIndex = (isoDate: string) => Number(isoDate.slice(0, 4)) * 4 + Math.floor((Number(isoDate.slice(5, 7)) - 1) / 3);
const quarterOf = (index: number) => {
  const year = Math.floor(index / 4);
  const q = (index % 4) + 1;
  return { quarter: `${year}-Q${q}`, quarterStart: `${String(year).padStart(4, '0')}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01` };
};

/**
 * Launches per quarter, every quarter from the first to the last launch in the period (those with
 * none too), each with the launches to date since the programme began, so the line stays comparable
 * with the target whatever period is shown.
 */
export function launchesByQuarter(counts: QuarterCount[]): LaunchQuarter[] {
  const byIndex = new Map(counts.map((c) => [quarterIndex(c.quarterStart), c]));
  const inPeriod = counts.filter((c) => c.inPeriod > 0).map((c) => quarterIndex(c.quarterStart));
  if (inPeriod.length === 0) return [];
  const first = Math.min(...inPeriod);
  const last = Math.max(...inPeriod);
  let cumulative = counts.filter((c) => quarterIndex(c.quarterStart) < first).reduce((sum, c) => sum + c.all, 0);
  const quarters: LaunchQuarter[] = [];
  for (let index = first; index <= last; index++) {
    const count = byIndex.get(index);
    cumulative += count?.all ?? 0;
    quarters.push({ ...quarterOf(index), launched: count?.inPeriod ?? 0, cumulative });
  }
  return quarters;
}

/** The share, in per cent to one decimal place, or null when there is nothing to divide. */
export function percentOf(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}

export interface StageCounts {
  stage: JourneyStage;
  label: string;
  atStageNow: number;
  reached: number;
  movedOn: number;
  conversionPercent: number | null;
}

/**
 * The pipeline, every stage in journey order (not-proceeding last), those without a mutual too.
 * Conversion is, of the mutuals that reached a stage, the share that have gone on to a later one
 * (skipping stages is allowed, so "the next stage" would undercount).
 */
export function pipelineOf(atNow: Map<string, number>, reached: Map<string, { reached: number; movedOn: number }>): StageCounts[] {
  return JOURNEY_STAGES.map((stage) => {
    const r = reached.get(stage) ?? { reached: 0, movedOn: 0 };
    const ends = stage === 'not-proceeding' || stage === JOURNEY_ORDER[JOURNEY_ORDER.length - 1];
    return {
      stage,
      label: JOURNEY_STAGE.label(stage),
      atStageNow: atNow.get(stage) ?? 0,
      reached: r.reached,
      movedOn: ends ? 0 : r.movedOn,
      conversionPercent: ends ? null : percentOf(r.movedOn, r.reached),
    };
  });
}

export interface Breakdown {
  code: string;
  label: string;
  mutuals: number;
  staff: number;
  spendingPence: number;
}

/** Every code of a vocabulary in its order (zeros too, so charts compare like with like), then any not recorded. */
export function breakdownOf<T extends string>(codes: readonly T[], label: (code: T) => string, rows: Map<string | null, Omit<Breakdown, 'code' | 'label'>>): Breakdown[] {
  const zero = { mutuals: 0, staff: 0, spendingPence: 0 };
  const known = codes.map((code) => ({ code, label: label(code), ...(rows.get(code) ?? zero) }));
  const unknown = rows.get(null);
  return unknown && unknown.mutuals > 0 ? [...known, { code: 'not-recorded', label: 'Not recorded', ...unknown }] : known;
}
