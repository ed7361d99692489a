import { breakdownOf, launchesByQuarter, percentOf, periodProblem, pipelineOf } from './portfolio';
import { csvText, supportCsv } from './portfolio-csv';

describe('launches by quarter', () => {
  it('runs from the first to the last quarter with launches in the period, empty quarters included, counting every launch to date', () => {
    const quarters = launchesByQuarter([
      { quarterStart: '2011-01-01', inPeriod: 0, all: 3 },
      { quarterStart: '2011-04-01', inPeriod: 2, all: 2 },
      { quarterStart: '2012-01-01', inPeriod: 1, all: 1 },
    ]);
    expect(quarters).toEqual([
      { quarter: '2011-Q2', quarterStart: '2011-04-01', launched: 2, cumulative: 5 },
      { quarter: '2011-Q3', quarterStart: '2011-07-01', launched: 0, cumulative: 5 },
      { quarter: '2011-Q4', quarterStart: '2011-10-01', launched: 0, cumulative: 5 },
      { quarter: '2012-Q1', quarterStart: '2012-01-01', launched: 1, cumulative: 6 },
    ]);
  });

  it('has no quarters when nothing launched in the period', () => {
    expect(launchesByQuarter([])).toEqual([]);
    expect(launchesByQuarter([{ quarterStart: '2011-01-01', inPeriod: 0, all: 3 }])).toEqual([]);
  });
});

describe('the pipeline', () => {
  it('gives every stage in journey order, conversion as the share that went further, none for the last stage and for not proceeding', () => {
    const stages = pipelineOf(
      new Map([['business-case', 2]]),
      new Map([
        ['enquiry', { reached: 4, movedOn: 3 }],
        ['business-case', { reached: 3, movedOn: 1 }],
        ['sustaining', { reached: 1, movedOn: 0 }],
        ['not-proceeding', { reached: 1, movedOn: 0 }],
      ]),
    );
    expect(stages.map((s) => s.stage)).toEqual(['enquiry', 'exploring', 'options-appraisal', 'business-case', 'implementation', 'launched', 'first-full-year-of-trading', 'sustaining', 'not-proceeding']);
    expect(stages[0]).toEqual({ stage: 'enquiry', label: 'Enquiry', atStageNow: 0, reached: 4, movedOn: 3, conversionPercent: 75 });
    expect(stages[1].conversionPercent).toBeNull();
    expect(stages[3]).toMatchObject({ atStageNow: 2, reached: 3, movedOn: 1, conversionPercent: 33.3 });
    expect(stages[7].conversionPercent).toBeNull();
    expect(stages[8]).toMatchObject({ reached: 1, conversionPercent: null });
  });

  it('rounds shares to one decimal place and divides nothing by zero', () => {
    expect(percentOf(2, 3)).toBe(66.7);
    expect(percentOf(0, 0)).toBeNull();
  });
});

describe('breakdowns', () => {
  it('list every code with zeros, and those not recorded only when there are some', () => {
    const label = (c: string) => c.toUpperCase();
    const rows = new Map<string | null, { mutuals: number; staff: number; spendingPence: number }>([['b', { mutuals: 1, staff: 250, spendingPence: 100 }]]);
    expect(breakdownOf(['a', 'b'], label, rows)).toEqual([
      { code: 'a', label: 'A', mutuals: 0, staff: 0, spendingPence: 0 },
      { code: 'b', label: 'B', mutuals: 1, staff: 250, spendingPence: 100 },
    ]);
    rows.set(null, { mutuals: 2, staff: 10, spendingPence: 5 });
    expect(breakdownOf(['a', 'b'], label, rows).at(-1)).toEqual({ code: 'not-recorded', label: 'Not recorded', mutuals: 2, staff: 10, spendingPence: 5 });
  });
});

describe('the period', () => {
  it('refuses an end before its start, naming both', () => {
    expect(periodProblem({ from: '2014-01-01', to: '2013-12-31' })).toBe('to (2013-12-31) must not be before from (2014-01-01)');
    expect(periodProblem({ from: '2014-01-01', to: '2014-01-01' })).toBeNull();
    expect(periodProblem({ to: '2014-01-01' })).toBeNull();
  });
});

describe('the CSV of support per mutual', () => {
  it('writes money in pence and in pounds, and a name a spreadsheet would run as a formula as text', () => {
    const csv = csvText(
      supportCsv([{ mutualId: 'x', reference: 'MUT-1', name: '=cmd()', cases: 1, cashCommittedPence: 1_000_050, cashPaidPence: 0, inKindValuePence: 1_800_000, inKindInvoicedPence: 375_000, inKindPaidPence: 0 }]),
    );
    const [header, row] = csv.replace(/^\ufeff/, '').split('\r\n');
    expect(header).toBe(
      'Reference,Mutual,Cases,Cash committed (pence),Cash committed (£),Cash paid (pence),Cash paid (£),In kind awarded (pence),In kind awarded (£),In kind invoiced (pence),In kind invoiced (£),In kind paid (pence),In kind paid (£)',
    );
    expect(row).toBe("MUT-1,'=cmd(),1,1000050,10000.50,0,0.00,1800000,18000.00,375000,3750.00,0,0.00");
    expect(csv.startsWith('\ufeff')).toBe(true);
  });
});
