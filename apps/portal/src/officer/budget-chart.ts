import { money } from '../pages/format';
import { escapeXml } from './chart-svg';

export interface BudgetFigures {
  name: string;
  budgetPence: number;
  committedPence: number;
  paidPence: number;
  remainingPence: number;
}


/** Design System colours: paid dark blue, committed but unpaid light blue, remaining grey. */
const PAID = '#1d70b8';
const COMMITTED = '#5694ca';
const REMAINING = '#b1b4b6';

/**
 * One bar per programme, drawn on the server (no script): paid, committed but not yet paid, and
 * remaining, as shares of the budget. The figures are also in a table next to it, so the chart is
 * hidden from screen readers apart from its title.
 */
export function budgetChartSvg(rows: BudgetFigures[], title: string): string {
  const width = 640;
  const labelHeight = 22;
  const barHeight = 24;
  const rowHeight = labelHeight + barHeight + 14;
  const legendHeight = 30;
  const height = legendHeight + rows.length * rowHeight;
  const bars = rows.map((row, i) => {
    const y = legendHeight + i * rowHeight;
    const scale = row.budgetPence > 0 ? width / row.budgetPence : 0;
    const paid = Math.min(row.paidPence, row.budgetPence) * scale;
    const committed = Math.max(0, Math.min(row.committedPence, row.budgetPence) * scale - paid);
    const label = `${row.name}: ${money(row.committedPence)} committed of ${money(row.budgetPence)}`;
    return [
      `<text x="0" y="${y + 16}" font-size="16" fill="#0b0c0c">${escapeXml(label)}</text>`,
      `<rect x="0" y="${y + labelHeight}" width="${width}" height="${barHeight}" fill="${REMAINING}"/>`,
      `<rect x="0" y="${y + labelHeight}" width="${paid.toFixed(1)}" height="${barHeight}" fill="${PAID}"/>`,
      `<rect x="${paid.toFixed(1)}" y="${y + labelHeight}" width="${committed.toFixed(1)}" height="${barHeight}" fill="${COMMITTED}"/>`,
    ].join('');
  });
  const legend = [
    [PAID, 'Paid', 0],
    [COMMITTED, 'Committed, not yet paid', 110],
    [REMAINING, 'Remaining', 340],
  ]
    .map(([colour, text, x]) => `<rect x="${x}" y="4" width="16" height="16" fill="${colour}"/><text x="${Number(x) + 22}" y="18" font-size="16" fill="#0b0c0c">${text}</text>`)
    .join('');
  return `<svg class="portal-chart" role="img" aria-labelledby="chart-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title id="chart-title">${escapeXml(title)}</title><g aria-hidden="true">${legend}${bars.join('')}</g></svg>`;
}
