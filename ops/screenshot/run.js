/**
 * `npm run ops:screenshot`: a picture of a Grafana dashboard fed by the locally running system.
 * With `npm run dev` running, it starts a Prometheus of its own (ops/screenshot/prometheus.js)
 * scraping the services, sends them the mixed load for a few minutes, queries each panel's PromQL
 * over the run (query_range), draws the panels where the dashboard's gridPos puts them
 * (render.js) and screenshots the page in Chromium.
 *
 *   --minutes N        how long the load runs (default 10: the panels' rates are over 5 minutes)
 *   --no-load          only scrape for the minutes given (traffic comes from elsewhere)
 *   --prometheus URL   use a running Prometheus instead: no load, the N minutes up to --until
 *   --until TIME       with --prometheus, the end of the window (ISO time; default now)
 *   --dashboard NAME   a file of ops/grafana (default pipeline)
 *   --out FILE         default docs/screenshots/<NAME>-dashboard.png
 */
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { startPrometheus, SERVICE_PORTS } = require('./prometheus');
const { renderDashboard, legendName } = require('./render');
const { runLoad } = require('./load');

const ROOT = path.resolve(__dirname, '../..');
const SETTLE_MS = 30000; // after the load: the lag drains and the last emails go out

function options(argv) {
  const value = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
  const dashboard = value('--dashboard', 'pipeline');
  return {
    minutes: Number(value('--minutes', 10)),
    load: !argv.includes('--no-load'),
    prometheus: value('--prometheus'),
    until: value('--until') ? Date.parse(value('--until')) : Date.now(),
    dashboard,
    out: path.resolve(ROOT, value('--out', `docs/screenshots/${dashboard}-dashboard.png`)),
  };
}

async function servicesUp() {
  const down = [];
  for (const [name, port] of Object.entries(SERVICE_PORTS)) {
    const probe = name === 'portal' ? '/health/live' : '/health/ready';
    const ok = await fetch(`http://127.0.0.1:${port}${probe}`, { signal: AbortSignal.timeout(3000) }).then((r) => r.ok, () => false);
    if (!ok) down.push(`${name} (:${port})`);
  }
  if (down.length) throw new Error(`not ready: ${down.join(', ')}. Start the system with \`npm run dev\` first.`);
}

async function queryRange(prometheus, expr, from, to, stepSeconds) {
  const params = new URLSearchParams({ query: expr, start: String(from / 1000), end: String(to / 1000), step: `${stepSeconds}s` });
  const response = await fetch(`${prometheus}/api/v1/query_range?${params}`);
  const body = await response.json();
  if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`);
  return body.data.result;
}

/** Each panel's series, every target queried over [from, to]. */
async function panelSeries(prometheus, dashboard, from, to) {
  const step = Math.max(5, Math.round((to - from) / 1000 / 300));
  const results = new Map();
  for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
    const series = [];
    for (const target of panel.targets) {
      for (const { metric, values } of await queryRange(prometheus, target.expr, from, to, step)) {
        series.push({ name: legendName(target.legendFormat, metric), step: step * 1000, points: values.map(([t, v]) => [t * 1000, Number(v)]) });
      }
    }
    // The legend lists the biggest first (as Grafana's table legend sorted by Max), so what moved shows.
    const max = (s) => Math.max(0, ...s.points.map(([, v]) => v).filter(Number.isFinite));
    results.set(panel.id, series.sort((a, b) => max(b) - max(a) || a.name.localeCompare(b.name)));
  }
  return results;
}

async function screenshot(html, out) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 }, deviceScaleFactor: 1 });
    await page.setContent(html);
    await page.screenshot({ path: out, fullPage: true });
  } finally {
    await browser.close();
  }
}

async function main() {
  const opts = options(process.argv.slice(2));
  const dashboard = JSON.parse(readFileSync(path.join(ROOT, 'ops/grafana', `${opts.dashboard}.json`), 'utf8'));
  let prometheus = opts.prometheus;
  let stop = async () => {};
  let from = opts.until - opts.minutes * 60000;
  let to = opts.until;
  if (!prometheus) {
    await servicesUp();
    ({ url: prometheus, stop } = await startPrometheus());
    console.log(`prometheus: scraping the services every 5 s, at ${prometheus}`);
    from = Date.now();
    try {
      if (opts.load) await runLoad({ minutes: opts.minutes });
      else await new Promise((r) => setTimeout(r, opts.minutes * 60000));
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      to = Date.now();
    } catch (err) {
      await stop();
      throw err;
    }
  }
  try {
    const results = await panelSeries(prometheus, dashboard, from, to);
    const subtitle = `${new Date(from).toISOString().slice(0, 16).replace('T', ' ')} to ${new Date(to).toISOString().slice(11, 16)} UTC, a local run (npm run dev) scraped by Prometheus`;
    await screenshot(renderDashboard(dashboard, results, { from, to, subtitle }), opts.out);
    console.log(`wrote ${path.relative(ROOT, opts.out)}`);
  } finally {
    await stop();
  }
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
