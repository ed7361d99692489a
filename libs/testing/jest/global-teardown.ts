import { rmSync } from 'node:fs';
import { runLockDirectory } from '../src/one-at-a-time';
import { deleteRunTopics, forgetRun } from '../src/test-run-state';

/** Jest global teardown: deletes the run's topics and consumer groups from the shared broker. */
export default async function globalTeardown(): Promise<void> {
  const runId = process.env.TEST_RUN_ID;
  if (!runId) return;
  rmSync(runLockDirectory(runId), { recursive: true, force: true });
  try {
    await deleteRunTopics(runId);
    forgetRun();
  } catch (err) {
    // Left for the next run's setup to delete.
    console.warn(`test run ${runId}: could not delete its topics: ${String(err)}`);
  }
}
