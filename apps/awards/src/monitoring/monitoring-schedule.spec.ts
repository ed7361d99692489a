import { addMonths, monitoringPeriods } from './monitoring-schedule';

describe('monitoring schedule', () => {
  it('adds months, keeping to the end of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
  });

  it('makes quarterly periods from acceptance, each due a set number of days after it ends', () => {
    expect(monitoringPeriods('2026-06-20', 3, 2, 30)).toEqual([
      { period: 1, periodStart: '2026-06-20', periodEnd: '2026-09-20', dueOn: '2026-10-20' },
      { period: 2, periodStart: '2026-09-20', periodEnd: '2026-12-20', dueOn: '2027-01-19' },
    ]);
  });

  it('continues the numbering when a schedule is replaced after some returns', () => {
    expect(monitoringPeriods('2026-03-01', 1, 1, 0, 2)).toEqual([{ period: 3, periodStart: '2026-03-01', periodEnd: '2026-04-01', dueOn: '2026-04-01' }]);
  });
});
