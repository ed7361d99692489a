/**
 * The dashboard picture of `npm run ops:screenshot` (ops/screenshot/render.js): every panel of the
 * pipeline dashboard drawn where its gridPos puts it, with its title, one line per series named by
 * the target's legend format, values in the panel's unit, and "No data" where Prometheus had none.
 */
import { loadDashboards } from './ops-files';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { renderDashboard, legendName, formatValue } = require('../../ops/screenshot/render');

const pipeline = loadDashboards().find((d) => d.file === 'pipeline.json')!.dashboard;
const FROM = Date.parse('2026-11-30T09:00:00Z');
const TO = FROM + 6 * 60000;
const points = (values: number[]) => values.map((v, i) => [FROM + i * 60000, v]);

describe('dashboard picture', () => {
  it('names series as Grafana does', () => {
    expect(legendName('{{job}} {{outcome}}', { job: 'notifications', outcome: 'handled' })).toBe('notifications handled');
    expect(legendName('p95', { job: 'x' })).toBe('p95');
    expect(legendName('', { job: 'awards' })).toBe('{job="awards"}');
  });

  it("writes values in the panel's unit", () => {
    expect(formatValue(0.0123, 's')).toBe('12.3 ms');
    expect(formatValue(2.5, 's')).toBe('2.5 s');
    expect(formatValue(1.25, 'ops')).toBe('1.25 ops/s');
    expect(formatValue(1500, 'short')).toBe('1.5 K');
    expect(formatValue(NaN, 'short')).toBe('-');
  });

  it('draws every panel at its gridPos, a line per series, and "No data" where there is none', () => {
    const submitted = pipeline.panels.find((p: any) => p.title === 'Applications submitted per second');
    const waiting = pipeline.panels.find((p: any) => p.title === 'Rows waiting by service');
    const results = new Map([
      [submitted.id, [{ name: 'submitted', step: 60000, points: points([0, 0.5, 0.7, 0.6, 0.6, 0.65, 0.6]) }]],
      [waiting.id, ['applications', 'intake'].map((name) => ({ name, step: 60000, points: points([0, 3, 40, 2, 0, 0, 0]) }))],
    ]);
    const html: string = renderDashboard(pipeline, results, { from: FROM, to: TO, width: 1616 });
    for (const panel of pipeline.panels) expect(html).toContain(`>${panel.title.replace(/&/g, '&amp;')}</div>`);
    // 1616 px wide: 67 px a column, 36 px a grid row, below a 56 px header.
    const { x, y } = submitted.gridPos;
    expect(html).toContain(`left:${x * 67 + 8}px;top:${y * 36 + 56}px;width:${12 * 67 - 8}px`);
    expect(html.match(/<path /g)).toHaveLength(3);
    expect(html).toContain('0.7 ops/s'); // the submitted panel's max, in its legend
    const panels = pipeline.panels.filter((p: any) => p.type !== 'row').length;
    expect(html.match(/No data/g)).toHaveLength(panels - 2);
  });
});
