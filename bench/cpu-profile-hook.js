/**
 * Preloaded into a service by `npm run bench -- --profile` (node -r): samples the CPU from start
 * and writes the profile to $BENCH_PROFILE_DIR when sent SIGUSR2. A signal of its own, because
 * --cpu-prof writes only on a normal exit and Nest re-raises SIGTERM after closing the app.
 */
const fs = require('node:fs');
const path = require('node:path');
const inspector = require('node:inspector');

const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 1000 });
session.post('Profiler.start');

process.on('SIGUSR2', () => {
  // The main-thread session answers synchronously, so the file is complete when this returns.
  session.post('Profiler.stop', (err, result) => {
    if (err) return;
    const file = path.join(process.env.BENCH_PROFILE_DIR, `${process.env.BENCH_PROFILE_NAME}-${process.pid}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(result.profile));
  });
});
