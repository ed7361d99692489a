// A Jest reporter that ends the output with the plain line CI reads:
//   tests: N passed, N failed[, N skipped]
// A suite that failed to run (a compile error, a throw at import or in beforeAll/afterAll) counts as
// at least one failed test, so a broken suite can never look green.
// The line is written as the process exits, after anything Jest itself prints once the run is over
// (such as a notice about a worker that did not exit), so that it really is the last line.
const fs = require('node:fs');

class SummaryReporter {
  constructor(globalConfig) {
    this.watching = Boolean(globalConfig && (globalConfig.watch || globalConfig.watchAll));
    this.line = null;
    this.printed = false;
  }

  onRunComplete(_contexts, results) {
    const suites = results.testResults || [];
    const broken = suites.filter((s) => s.testExecError || (s.failureMessage && s.numFailingTests === 0)).length;
    const failed = results.numFailedTests + Math.max(broken, results.numRuntimeErrorTestSuites || 0);
    const skipped = (results.numPendingTests || 0) + (results.numTodoTests || 0);
    const counts = { passed: results.numPassedTests, failed, skipped };
    if (process.env.JEST_SUMMARY_FILE) {
      // One phase of a run in several: scripts/test.sh prints the sum as the last line.
      fs.appendFileSync(process.env.JEST_SUMMARY_FILE, `${JSON.stringify(counts)}\n`);
      this.line = `phase: ${summaryOf(counts).slice('tests: '.length)}`;
    } else {
      this.line = summaryOf(counts);
    }

    if (this.watching) {
      this.print();
    } else if (!this.hooked) {
      this.hooked = true;
      process.once('exit', () => this.print());
    }
  }

  print() {
    if (!this.line || (this.printed && !this.watching)) return;
    this.printed = true;
    // Jest's exit path replaces process.stdout.write with a no-op: write to the descriptor itself
    // (non-blocking when it is a pipe, hence the retries).
    const bytes = Buffer.from(`\n${this.line}`);
    let written = 0;
    for (let tries = 0; written < bytes.length && tries < 200; tries++) {
      try {
        written += fs.writeSync(1, bytes, written);
      } catch (error) {
        if (error.code !== 'EAGAIN') return;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      }
    }
  }
}

function summaryOf({ passed, failed, skipped }) {
  return `tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`;
}

/** `--sum <file> <phases>`: the sum of the phases' counts; a phase that never reported is a failure. */
function printSum(file, phases) {
  const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
  const total = { passed: 0, failed: Math.max(0, phases - lines.length), skipped: 0 };
  for (const line of lines) {
    const counts = JSON.parse(line);
    for (const key of Object.keys(total)) total[key] += counts[key] || 0;
  }
  process.stdout.write(`\n${summaryOf(total)}`);
}

if (require.main === module && process.argv[2] === '--sum') {
  printSum(process.argv[3], Number(process.argv[4] || 1));
}

module.exports = SummaryReporter;
