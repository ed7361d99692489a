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
    this.line = `tests: ${results.numPassedTests} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`;

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

module.exports = SummaryReporter;
