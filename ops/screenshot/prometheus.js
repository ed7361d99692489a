/**
 * A Prometheus of our own for a local run: the machine's binary (Debian's `prometheus` package, or
 * PROMETHEUS_BIN) scraping every service on its development port every 5 s, with the platform's
 * alert rules loaded. Its data lives in .local/prometheus and is started afresh on each run.
 */
const { spawn } = require('node:child_process');
const { mkdirSync, rmSync, writeFileSync, openSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const DIR = path.join(ROOT, '.local/prometheus');
/** The development ports (scripts/dev.sh); `job` is the service name, as the ServiceMonitors label it. */
const SERVICE_PORTS = { applications: 3001, intake: 3002, awards: 3003, notifications: 3004, portal: 3000 };

function config() {
  const jobs = Object.entries(SERVICE_PORTS).map(
    ([job, port]) => `  - job_name: ${job}\n    static_configs:\n      - targets: ['127.0.0.1:${port}']`,
  );
  return [
    'global:',
    '  scrape_interval: 5s',
    '  evaluation_interval: 5s',
    'rule_files:',
    `  - ${path.join(ROOT, 'ops/prometheus/alerts.yml')}`,
    'scrape_configs:',
    ...jobs,
    '',
  ].join('\n');
}

async function ready(url) {
  try {
    return (await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

/** Starts Prometheus on 127.0.0.1:<port>; resolves to { url, stop() } once it answers. */
async function startPrometheus({ port = Number(process.env.PROMETHEUS_PORT ?? 9090), bin = process.env.PROMETHEUS_BIN ?? 'prometheus' } = {}) {
  const url = `http://127.0.0.1:${port}`;
  if (await ready(url)) throw new Error(`something already answers on ${url}: set PROMETHEUS_PORT, or pass --prometheus ${url} to use it`);
  rmSync(path.join(DIR, 'data'), { recursive: true, force: true });
  mkdirSync(path.join(DIR, 'data'), { recursive: true });
  writeFileSync(path.join(DIR, 'prometheus.yml'), config());
  const log = openSync(path.join(DIR, 'prometheus.log'), 'w');
  const child = spawn(
    bin,
    [`--config.file=${path.join(DIR, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(DIR, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: ['ignore', log, log] },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.once('error', (err) => console.error(`prometheus: ${err.message} (install it with apt-get install prometheus, or set PROMETHEUS_BIN)`));
  for (let i = 0; i < 60 && child.exitCode === null; i++) {
    if (await ready(url)) {
      const stop = async () => {
        child.kill('SIGTERM');
        await exited;
      };
      return { url, stop };
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill('SIGKILL');
  throw new Error(`prometheus did not start: see ${path.relative(ROOT, DIR)}/prometheus.log`);
}

module.exports = { startPrometheus, SERVICE_PORTS };
