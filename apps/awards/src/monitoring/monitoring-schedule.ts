/** Adds calendar months to a YYYY-MM-DD date, keeping to the month's last day (31 January + 1 month = 28 or 29 February). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, lastDay));
  return first.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export interface MonitoringPeriodPlan {
  period: number;
  periodStart: string;
  periodEnd: string;
  dueOn: string;
}

/** Consecutive periods of intervalMonths from start, numbered after `after`; each return due dueDays after its period ends. */
export function monitoringPeriods(start: string, intervalMonths: number, count: number, dueDays: number, after = 0): MonitoringPeriodPlan[] {
  return Array.from({ length: count }, (_, n) => {
    const periodEnd = addMonths(start, (n + 1) * intervalMonths);
    return { period: after + n + 1, periodStart: addMonths(start, n * intervalMonths), periodEnd, dueOn: addDays(periodEnd, dueDays) };
  });
}
