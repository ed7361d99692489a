#!/usr/bin/env node
/**
 * Benchmarks of the platform's hot paths, each with its baseline measured in the same run
 * (bench/scenarios/*.js):
 *   node bench/bench.js                         every scenario (full run)
 *   node bench/bench.js --scenario decisions    one of them
 *   node bench/bench.js --smoke                 every scenario briefly, to keep the command working
 *   node bench/bench.js --profile               CPU profiles of the services, summarised at the end
 * Prints a table per scenario and writes bench/results/latest.json (smoke.json, profile.json, or
 * scenario-<name>.json for one scenario).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ROOT, SMOKE, PROFILE, PROFILE_DIR, SEND_RATE_LIMIT_PER_MINUTE, log, round, cleanUp, profiles, smtpSink, startServices } = require('./lib/common');

const SCENARIOS = ['submission', 'deadline-surge', 'decisions', 'propagation', 'replicas'].map((name) => require(`./scenarios/${name}`));

function chosenScenarios() {
  const at = process.argv.indexOf('--scenario');
  if (at === -1) return SCENARIOS;
  const name = process.argv[at + 1];
  const scenario = SCENARIOS.find((s) => s.name === name);
  if (!scenario) {
    console.error(`unknown scenario ${name ?? '(none given)'}; one of: ${SCENARIOS.map((s) => s.name).join(', ')}`);
    process.exit(2);
  }
  return [scenario];
}

async function main() {
  const scenarios = chosenScenarios();
  fs.mkdirSync(path.join(ROOT, '.local'), { recursive: true });
  if (PROFILE) fs.mkdirSync(PROFILE_DIR, { recursive: true });
  const results = {
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: round(os.totalmem() / 2 ** 30), node: process.version },
    mode: SMOKE ? 'smoke' : 'full',
    scenariosRun: scenarios.map((s) => s.name),
    sendRateLimitPerMinute: SEND_RATE_LIMIT_PER_MINUTE,
    startedAt: new Date().toISOString(),
    scenarios: {},
  };
  const sink = await smtpSink();
  // Intake, awards and notifications, started once for the scenarios that share them (each works on a programme of its own).
  let platform;
  const context = {
    sink,
    platform: () => {
      platform ??= (log('starting intake, awards and notifications'), startServices('platform', { services: ['intake', 'awards', 'notifications'], smtpPort: sink.port }));
      return platform;
    },
  };
  const tables = [];
  for (const [i, scenario] of scenarios.entries()) {
    log(`scenario: ${scenario.name}`);
    const figures = await scenario.run(context);
    // The submission pipeline's figures stay at the top level, where earlier results have them; the others go under `scenarios`.
    if (scenario.name === 'submission') Object.assign(results, figures);
    else results.scenarios[scenario.name] = figures;
    tables.push(table(scenario, figures));
    // The shared processes stop once no scenario left needs them, so they take nothing from the others.
    if (platform && !scenarios.slice(i + 1).some((s) => s.sharesPlatform)) {
      await (await platform).stopAll();
      platform = undefined;
    }
  }
  sink.server.close();
  results.emailsReceived = sink.count;
  results.finishedAt = new Date().toISOString();
  await cleanUp();

  const outDir = path.join(__dirname, 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const single = scenarios.length === 1 ? scenarios[0].name : undefined;
  const file = PROFILE ? 'profile.json' : single ? `scenario-${single}${SMOKE ? '.smoke' : ''}.json` : SMOKE ? 'smoke.json' : 'latest.json';
  fs.writeFileSync(path.join(outDir, file), JSON.stringify(results, null, 2) + '\n');
  console.log(`Mutuals benchmark (${results.mode}, ${results.machine.cpus} cores, ${results.machine.cpuModel})\n`);
  console.log(tables.join('\n\n'));
  if (PROFILE) {
    const { summarise } = require('./profile-summary');
    for (const f of profiles) console.log(`\n${summarise(f)}`);
  }
  const missed = scenarios.flatMap((s) => Object.entries((s.name === 'submission' ? results : results.scenarios[s.name]).targets ?? {}).filter(([, ok]) => !ok));
  log(`${missed.length} target(s) missed; figures in bench/results/${file}`);
}

function table(scenario, r) {
  const rows = scenario.rows(r);
  const width = Math.max(...rows.map((x) => x[0].length));
  const lines = rows.map(([k, v, note]) => `${k.padEnd(width)}  ${String(v).padStart(14)}  ${note}`);
  const targets = Object.entries(r.targets ?? {}).map(([k, ok]) => `  [${ok ? 'met' : 'MISSED'}] ${k}`);
  return [`== ${scenario.title} ==`, ...lines, 'Targets:', ...targets].join('\n');
}

main().catch(async (err) => {
  console.error(err);
  await cleanUp();
  process.exit(1);
});
