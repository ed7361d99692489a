/**
 * Draws a Grafana dashboard (the JSON in ops/grafana) as one HTML page of server-side SVG charts,
 * each panel where its gridPos puts it, from the series Prometheus answered for its targets. It is
 * a picture of the dashboard for the README, not a Grafana: time series panels only (the only kind
 * the pipeline dashboard has), with Grafana's dark colours, units and table legends.
 */
const COLUMNS = 24;
const ROW_PX = 36; // one gridPos height unit
const GAP_PX = 8;
const COLOURS = ['#73bf69', '#f2cc0c', '#8ab8ff', '#ff780a', '#f2495c', '#5794f2', '#b877d9', '#705da0', '#37872d', '#fade2a', '#447ebc', '#c15c17'];

const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** A series' name as Grafana writes it: `{{label}}` replaced by the label's value. */
function legendName(format, metric) {
  if (!format) return `{${Object.entries(metric).map(([k, v]) => `${k}="${v}"`).join(', ')}}`;
  return format.replace(/\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, (_, label) => metric[label] ?? '');
}

/** A value in the panel's unit, the way Grafana shows `ops`, `s` and `short`. */
function formatValue(value, unit) {
  if (!Number.isFinite(value)) return '-';
  const short = (v) => {
    const abs = Math.abs(v);
    if (abs >= 1e6) return `${+(v / 1e6).toFixed(2)} M`;
    if (abs >= 1e3) return `${+(v / 1e3).toFixed(2)} K`;
    if (abs === 0 || abs >= 10) return `${+v.toFixed(1)}`;
    return `${+v.toPrecision(3)}`;
  };
  if (unit === 's') {
    if (value === 0) return '0 s';
    if (Math.abs(value) < 1) return `${+(value * 1000).toPrecision(3)} ms`;
    return `${+value.toPrecision(3)} s`;
  }
  if (unit === 'ops') return `${short(value)} ops/s`;
  return short(value);
}

/** Round numbers from 0 (or the lowest value) to just above the highest, for the y axis. */
function ticks(min, max) {
  if (max <= min) max = min + 1;
  const rough = (max - min) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough);
  const out = [];
  for (let v = Math.floor(min / step) * step; v < max + step; v += step) out.push(+v.toPrecision(12));
  return out;
}

const clock = (ms) => new Date(ms).toISOString().slice(11, 16);

function chart(series, unit, { from, to, width, height }) {
  const left = 64;
  const bottom = 18;
  const plotW = width - left - 8;
  const plotH = height - bottom - 6;
  const values = series.flatMap((s) => s.points.map(([, v]) => v)).filter(Number.isFinite);
  if (values.length === 0) {
    return `<svg width="${width}" height="${height}"><text x="${width / 2}" y="${height / 2}" class="nodata">No data</text></svg>`;
  }
  const yTicks = ticks(Math.min(0, ...values), Math.max(...values));
  const [yMin, yMax] = [yTicks[0], yTicks[yTicks.length - 1]];
  const x = (t) => left + ((t - from) / (to - from)) * plotW;
  const y = (v) => 6 + plotH - ((v - yMin) / (yMax - yMin)) * plotH;
  const parts = [];
  for (const v of yTicks) {
    parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${y(v)}" y2="${y(v)}" class="grid"/>`);
    parts.push(`<text x="${left - 6}" y="${y(v) + 4}" class="ylabel">${escape(formatValue(v, unit))}</text>`);
  }
  const minuteStep = Math.max(1, Math.ceil((to - from) / 60000 / 8)) * 60000;
  for (let t = Math.ceil(from / minuteStep) * minuteStep; t <= to; t += minuteStep) {
    parts.push(`<line x1="${x(t)}" x2="${x(t)}" y1="6" y2="${6 + plotH}" class="grid"/>`);
    parts.push(`<text x="${x(t)}" y="${height - 4}" class="xlabel">${clock(t)}</text>`);
  }
  series.forEach((s, i) => {
    // A missing step (no sample, or NaN) breaks the line, as Grafana does.
    const d = [];
    let previous;
    for (const [t, v] of s.points) {
      if (!Number.isFinite(v)) {
        previous = undefined;
        continue;
      }
      d.push(`${previous === undefined || t - previous > s.step * 1.5 ? 'M' : 'L'}${x(t).toFixed(1)},${y(v).toFixed(1)}`);
      previous = t;
    }
    parts.push(`<path d="${d.join('')}" stroke="${COLOURS[i % COLOURS.length]}" class="line"/>`);
  });
  return `<svg width="${width}" height="${height}">${parts.join('')}</svg>`;
}

function legend(series, unit, maxRows) {
  if (series.length === 0) return '';
  const stats = (s) => {
    const values = s.points.map(([, v]) => v).filter(Number.isFinite);
    return { last: values[values.length - 1], max: Math.max(...values) };
  };
  const shown = series.slice(0, maxRows);
  const rows = shown.map((s, i) => {
    const { last, max } = stats(s);
    return `<tr><td><i style="background:${COLOURS[i % COLOURS.length]}"></i>${escape(s.name)}</td><td>${escape(formatValue(max, unit))}</td><td>${escape(formatValue(last, unit))}</td></tr>`;
  });
  const more = series.length > shown.length ? `<tr><td colspan="3" class="more">and ${series.length - shown.length} more</td></tr>` : '';
  return `<table class="legend"><tr><th></th><th>Max</th><th>Last</th></tr>${rows.join('')}${more}</table>`;
}

/**
 * The page: `results` maps a panel id to its series ({ name, points: [[ms, value]], step }), in
 * the order of the panel's targets; `from` and `to` are the time range in ms.
 */
function renderDashboard(dashboard, results, { from, to, width = 1600, subtitle = '' }) {
  const column = (width - GAP_PX) / COLUMNS;
  const boxes = dashboard.panels.map((panel) => {
    const { x, y, w, h } = panel.gridPos;
    const style = `left:${x * column + GAP_PX}px;top:${y * ROW_PX + 56}px;width:${w * column - GAP_PX}px;height:${h * ROW_PX - GAP_PX}px`;
    if (panel.type === 'row') return `<div class="row" style="${style}">${escape(panel.title)}</div>`;
    const unit = panel.fieldConfig?.defaults?.unit;
    const series = results.get(panel.id) ?? [];
    const innerW = Math.floor(w * column - GAP_PX - 16);
    const innerH = h * ROW_PX - GAP_PX - 34;
    const legendRows = Math.min(series.length, Math.max(1, Math.floor((innerH - 120) / 16) - 1));
    const legendH = series.length ? (legendRows + 1 + (series.length > legendRows ? 1 : 0)) * 16 + 4 : 0;
    return `<div class="panel" style="${style}"><div class="title">${escape(panel.title)}</div>${chart(series, unit, { from, to, width: innerW, height: innerH - legendH })}${legend(series, unit, legendRows)}</div>`;
  });
  const bottom = Math.max(...dashboard.panels.map((p) => (p.gridPos.y + p.gridPos.h) * ROW_PX)) + 56 + GAP_PX;
  return `<!doctype html><html><head><meta charset="utf-8"><style>
body{margin:0;background:#111217;color:#ccccdc;font:12px Inter,'Liberation Sans',Arial,sans-serif;width:${width}px;height:${bottom}px;position:relative}
header{position:absolute;left:${GAP_PX}px;top:10px;right:${GAP_PX}px;display:flex;justify-content:space-between;align-items:baseline}
header h1{font-size:18px;font-weight:500;margin:0;color:#fff}header span{color:#9fa7b3}
.row{position:absolute;font-size:14px;font-weight:500;color:#fff;line-height:${ROW_PX - GAP_PX}px}
.panel{position:absolute;box-sizing:border-box;background:#181b1f;border:1px solid #2c3235;border-radius:2px;padding:0 8px}
.title{font-size:13px;font-weight:500;color:#ccccdc;line-height:28px;white-space:nowrap;overflow:hidden}
.grid{stroke:#2c3235;stroke-width:1}.line{fill:none;stroke-width:1.6}
.ylabel{fill:#9fa7b3;font-size:11px;text-anchor:end}.xlabel{fill:#9fa7b3;font-size:11px;text-anchor:middle}
.nodata{fill:#9fa7b3;font-size:13px;text-anchor:middle}
.legend{width:100%;border-collapse:collapse;font-size:11px;line-height:15px}.legend th{color:#6e9fff;font-weight:500;text-align:right}
.legend td{text-align:right;white-space:nowrap;padding-left:12px}.legend td:first-child{text-align:left;padding-left:0;max-width:1px;overflow:hidden;text-overflow:ellipsis;width:100%}
.legend i{display:inline-block;width:14px;height:4px;margin:0 6px 3px 0;border-radius:2px}.more{color:#9fa7b3;text-align:left!important}
</style></head><body><header><h1>${escape(dashboard.title)}</h1><span>${escape(subtitle)}</span></header>${boxes.join('')}</body></html>`;
}

module.exports = { renderDashboard, legendName, formatValue, ticks };
