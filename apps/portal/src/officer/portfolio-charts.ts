/**
 * The portfolio dashboard's charts, drawn on the server as SVG (no script). Each is an image named
 * by its title and described by its description; the figures it draws are in a table beside it, so
 * its marks are hidden from screen readers.
 */

import { escapeXml } from './chart-svg';

/** Design System colours. */
const BLUE = '#1d70b8';
const LIGHT_BLUE = '#5694ca';
const TEXT = '#0b0c0c';
const RED = '#d4351c';

const WIDTH = 640;

export interface ChartText {
  /** Unique on the page: the title's and description's ids are made from it. */
  id: string;
  title: string;
  description: string;
  /** Writes the title above the marks too, for a chart that shares its section with others. */
  showTitle?: boolean;
}

function svg(chart: ChartText, height: number, marks: string): string {
  const id = escapeXml(chart.id);
  return (
    `<svg class="portal-chart" id="${id}" role="img" aria-labelledby="${id}-title" aria-describedby="${id}-desc" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${id}-title">${escapeXml(chart.title)}</title><desc id="${id}-desc">${escapeXml(chart.description)}</desc><g aria-hidden="true" font-family="GDS Transport, arial, sans-serif">${marks}</g></svg>`
  );
}

const label = (x: number, y: number, text: string, anchor = 'start', size = 14) =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="${size}" fill="${TEXT}" text-anchor="${anchor}">${escapeXml(text)}</text>`;

const empty = (chart: ChartText, message: string) => svg(chart, 40, label(0, 24, message, 'start', 16));

export interface CumulativePoint {
  label: string;
  cumulative: number;
}

/**
 * A round step for an axis from 0 with four intervals reaching `value`: 1, 2, 2.5 or 5 times a power
 * of ten, and whole (the axis counts mutuals).
 */
export function niceStep(value: number): number {
  const rough = Math.max(value, 1) / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * power).find((s) => s >= rough)!;
  return Math.max(1, Math.ceil(step));
}

/**
 * The running total as a step line, under a bar of the progress towards the target. The line's
 * scale fits the launches, so a hundred mutuals read as a climb, not as a line along the bottom of a
 * scale to a thousand; the target is a dashed line on it once the launches reach half of it.
 */
export function cumulativeChartSvg(points: CumulativePoint[], target: number, chart: ChartText): string {
  if (points.length === 0) return empty(chart, 'Nothing to draw for this period.');
  const left = 56;
  const right = 16;
  const top = 84;
  const plot = 220;
  const height = top + plot + 44;
  const last = points[points.length - 1];
  const highest = Math.max(...points.map((p) => p.cumulative), 1);
  const targetOnScale = highest * 2 >= target;
  const step = niceStep(targetOnScale ? Math.max(target, highest) : highest);
  const max = Math.ceil((targetOnScale ? Math.max(target, highest) : highest) / step) * step;
  const y = (value: number) => top + plot - (value / max) * plot;
  const column = (WIDTH - left - right) / points.length;
  const x = (i: number) => left + i * column;
  let path = `M${x(0).toFixed(1)},${y(points[0].cumulative).toFixed(1)}`;
  points.forEach((p, i) => {
    if (i > 0) path += ` V${y(p.cumulative).toFixed(1)}`;
    path += ` H${x(i + 1).toFixed(1)}`;
  });
  const ticks = Array.from({ length: Math.round(max / step) + 1 }, (_, i) => i * step);
  const axis = ticks.map((t) => `<line x1="${left}" x2="${WIDTH - right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#f3f2f1"/>${label(left - 6, y(t) + 5, t.toLocaleString('en-GB'), 'end', 12)}`).join('');
  // At most eight labels along the bottom, the first and last always, and none crowding the last.
  const every = Math.max(1, Math.ceil(points.length / 8));
  const lastIndex = points.length - 1;
  const xLabels = points
    .map((p, i) => ((i % every === 0 && lastIndex - i >= every) || i === lastIndex ? label(x(i) + column / 2, top + plot + 20, p.label, 'middle', 12) : ''))
    .join('');
  const share = target > 0 ? Math.min(1, last.cumulative / target) : 1;
  const percent = target > 0 ? Math.round((last.cumulative / target) * 1000) / 10 : 100;
  const progress =
    label(0, 42, `Towards the target: ${last.cumulative.toLocaleString('en-GB')} of ${target.toLocaleString('en-GB')} (${percent}%)`, 'start', 14) +
    `<rect x="0" y="50" width="${WIDTH}" height="14" fill="#f3f2f1"/><rect x="0" y="50" width="${(share * WIDTH).toFixed(1)}" height="14" fill="${BLUE}"/>` +
    `<line x1="${WIDTH - 1}" x2="${WIDTH - 1}" y1="46" y2="68" stroke="${RED}" stroke-width="2" stroke-dasharray="4 2"/>`;
  const legend =
    `<line x1="0" x2="24" y1="12" y2="12" stroke="${BLUE}" stroke-width="3"/>${label(30, 17, `Launched to date: ${last.cumulative.toLocaleString('en-GB')}`)}` +
    `<line x1="300" x2="324" y1="12" y2="12" stroke="${RED}" stroke-width="2" stroke-dasharray="6 4"/>${label(330, 17, `Target: ${target.toLocaleString('en-GB')}${targetOnScale ? '' : ' (above this scale)'}`)}`;
  const targetLine = targetOnScale ? `<line x1="${left}" x2="${WIDTH - right}" y1="${y(target).toFixed(1)}" y2="${y(target).toFixed(1)}" stroke="${RED}" stroke-width="2" stroke-dasharray="6 4"/>` : '';
  return svg(chart, height, `${legend}${progress}${axis}${targetLine}<path d="${path}" fill="none" stroke="${BLUE}" stroke-width="3"/>${xLabels}`);
}

export interface Bar {
  label: string;
  value: number;
  /** The value as the page writes it (£1,500,000, 250). */
  text: string;
}

/** Horizontal bars, each labelled with its name and value, scaled to the largest. */
export function barChartSvg(bars: Bar[], chart: ChartText): string {
  if (bars.length === 0) return empty(chart, 'Nothing to draw.');
  const rowHeight = 44;
  const titleHeight = chart.showTitle ? 32 : 0;
  const max = Math.max(...bars.map((b) => b.value), 0);
  const title = chart.showTitle ? `<text x="0" y="18" font-size="16" font-weight="bold" fill="${TEXT}">${escapeXml(chart.title)}</text>` : '';
  const marks = bars.map((b, i) => {
    const y = titleHeight + i * rowHeight;
    const width = max > 0 ? (Math.max(0, b.value) / max) * WIDTH : 0;
    return `${label(0, y + 15, `${b.label}: ${b.text}`)}<rect x="0" y="${y + 20}" width="${WIDTH}" height="16" fill="#f3f2f1"/><rect x="0" y="${y + 20}" width="${width.toFixed(1)}" height="16" fill="${BLUE}"/>`;
  });
  return svg(chart, titleHeight + bars.length * rowHeight, title + marks.join(''));
}

export interface FunnelStage {
  label: string;
  reached: number;
  /** The share that went on to a later stage, per cent, or null. */
  conversionPercent: number | null;
}

/** The journey as a funnel: a centred bar per stage as wide as the mutuals that reached it, with the share that went further. */
export function funnelChartSvg(stages: FunnelStage[], chart: ChartText): string {
  if (stages.length === 0) return empty(chart, 'Nothing to draw.');
  const rowHeight = 48;
  const max = Math.max(...stages.map((s) => s.reached), 0);
  const marks = stages.map((s, i) => {
    const y = i * rowHeight;
    const width = max > 0 ? (s.reached / max) * WIDTH : 0;
    const conversion = s.conversionPercent === null ? '' : `, ${s.conversionPercent}% went further`;
    return `${label(WIDTH / 2, y + 15, `${s.label}: ${s.reached.toLocaleString('en-GB')} reached${conversion}`, 'middle')}<rect x="${((WIDTH - width) / 2).toFixed(1)}" y="${y + 20}" width="${width.toFixed(1)}" height="20" fill="${i % 2 ? LIGHT_BLUE : BLUE}"/>`;
  });
  return svg(chart, stages.length * rowHeight, marks.join(''));
}
