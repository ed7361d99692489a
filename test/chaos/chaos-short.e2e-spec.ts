import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const SERVICES = ['applications', 'intake', 'awards', 'notifications'];

/**
 * The short chaos run (chaos/run.js --short, about two minutes of a quiet machine): two replicas of
 * each service on their own broker and databases, under kill -9, a broker restart, database cuts,
 * a consumer pause and poisoned messages. Nothing may be lost, duplicated or inconsistent.
 */
describe('chaos: the services under faults (short run)', () => {
  beforeAll(() => {
    // It runs the build, as an operator would; CI builds before testing, a fresh checkout may not have.
    for (const service of SERVICES) {
      if (!existsSync(resolve(ROOT, `dist/apps/${service}/apps/${service}/src/main.js`))) {
        execFileSync('npx', ['--no-install', 'nest', 'build', service], { cwd: ROOT, stdio: 'ignore' });
      }
    }
  }, 300_000);

  it('loses, duplicates and contradicts nothing, and dead-letters only the poisoned messages', () => {
    const resultsFile = join(mkdtempSync(join(tmpdir(), 'chaos-')), 'short.json');
    const run = spawnSync('node', ['chaos/run.js', '--short'], {
      cwd: ROOT,
      env: { ...process.env, CHAOS_RESULTS_FILE: resultsFile },
      encoding: 'utf8',
      // A quiet machine takes about two minutes; a busy one (broker and replicas starting slowly) far longer.
      timeout: 1_500_000,
    });
    // The table (stdout) and the run's progress (stderr) explain any failure below.
    process.stdout.write(`${run.stdout}\n${run.stderr.split('\n').slice(-40).join('\n')}\n`);
    expect(existsSync(resultsFile)).toBe(true);
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));

    // Every kind of fault was actually injected (the names of any that were not are listed).
    const kinds = ['kills', 'brokerRestarts', 'databaseCuts', 'pauses', 'poisonedMessages'];
    expect(kinds.filter((kind) => !(results.faults.summary[kind] > 0))).toEqual([]);
    expect(results.figures.submittedApplications).toBeGreaterThan(0);
    expect(results.figures.decisions).toBeGreaterThan(0);
    expect(results.recovery.settled).toBe(true);
    expect(results.verdict).toEqual({ lost: 0, duplicated: 0, inconsistent: 0, deadLetters: 0 });
    expect(run.status).toBe(0);
  }, 1_600_000);
});
